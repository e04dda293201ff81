from django.contrib import admin

from .models import Intervention, Investment, Partner, TargetGroup, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "publication_status"]
    list_filter = ["publication_status"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Investment)
class InvestmentAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "status", "position", "publication_status"]
    list_filter = ["publication_status", "status", "themes", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "text", "municipality__name"]
    autocomplete_fields = ["municipality", "themes", "target_groups", "interventions", "partners"]
    prepopulated_fields = {"slug": ["title"]}
