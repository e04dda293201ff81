from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_base import ContentAdmin, LockedInlineMixin, SupportingAdmin
from core.locking import OptimisticLockingForm

from .models import Intervention, Investment, Partner, TargetGroup, Theme
from .resources import InterventionResource, InvestmentResource


class InvestmentForm(OptimisticLockingForm):
    """An investment's status follows from the research rounds once a published round mentions it
    (rounds/services.py), and a save would quietly put the derived status back: such a change is
    refused with what to do instead, like the import's `status` column."""

    def clean_status(self):
        status = self.cleaned_data.get("status")
        investment = self.instance
        # `progress` is the rounds app's relation to this investment, reached without importing it.
        if investment.pk is not None and status != investment.status and investment.progress.published().exists():
            raise forms.ValidationError(
                _(
                    "De status volgt uit de onderzoeksrondes en kan hier niet worden gewijzigd. Leg de "
                    "nieuwe status vast als voortgang in het interview van een latere ronde."
                )
            )
        return status


class InvestmentInline(LockedInlineMixin, admin.StackedInline):
    model = Investment
    form = InvestmentForm
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
    form = InvestmentForm
    resource_classes = [InvestmentResource]
    list_display = ["title", "municipality", "status", "position", "publication_status", "updated_at"]
    list_filter = ["publication_status", "status", "themes", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["title", "text", "municipality__name"]
    autocomplete_fields = ["municipality", "themes", "target_groups", "interventions", "partners"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["municipality", ("status", "position"), "publication_status", "version_seen"]}),
        (None, {"fields": [("title", "slug"), "text", "reach", "budget_eur"]}),
        (None, {"fields": ["themes", "target_groups", "interventions", "partners"]}),
        (None, {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
