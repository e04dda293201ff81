from django.contrib import admin

from core.admin_base import ContentAdmin, LockedInlineMixin, SupportingAdmin

from .models import Intervention, Investment, Partner, TargetGroup, Theme
from .resources import InterventionResource, InvestmentResource


class InvestmentInline(LockedInlineMixin, admin.StackedInline):
    model = Investment
    extra = 0
    fields = [
        ("status", "position", "publication_status"),
        ("title", "slug"),
        "text",
        ("themes", "target_groups"),
        ("interventions", "partners"),
        "reach",
        "version_seen",
    ]
    autocomplete_fields = ["themes", "target_groups", "interventions", "partners"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


@admin.register(Theme)
class ThemeAdmin(SupportingAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(SupportingAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(SupportingAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Intervention)
class InterventionAdmin(ContentAdmin):
    resource_classes = [InterventionResource]
    list_display = ["name", "website", "publication_status", "updated_at"]
    list_filter = ["publication_status"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Investment)
class InvestmentAdmin(ContentAdmin):
    resource_classes = [InvestmentResource]
    list_display = ["title", "municipality", "status", "position", "publication_status", "updated_at"]
    list_filter = ["publication_status", "status", "themes", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "text", "municipality__name"]
    autocomplete_fields = ["municipality", "themes", "target_groups", "interventions", "partners"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["municipality", ("status", "position"), "publication_status", "version_seen"]}),
        (None, {"fields": [("title", "slug"), "text", "reach"]}),
        (None, {"fields": ["themes", "target_groups", "interventions", "partners"]}),
        (None, {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
