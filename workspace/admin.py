"""Admin pages that combine domains: a municipality with its investments and quotes on one page.

The domain apps register their own admins; the workspace, above them, composes the municipality
page from their inlines, so `municipalities` never imports another domain.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from investments.admin import InvestmentInline
from lessons.admin import MunicipalityQuoteInline
from municipalities.admin import MunicipalityAdmin, MunicipalityLinkInline
from municipalities.models import Municipality
from rounds.admin import InterviewInline

# Each investment on the municipality page is a whole form (about nine queries): a municipality with
# thousands would take minutes. Beyond this many, the page links to its investments in the list.
INLINE_INVESTMENTS_MAX = 100


def _too_many_to_inline(municipality) -> bool:
    return municipality.investments.all()[: INLINE_INVESTMENTS_MAX + 1].count() > INLINE_INVESTMENTS_MAX


class MunicipalityWorkspaceAdmin(MunicipalityAdmin):
    inlines = [InterviewInline, InvestmentInline, MunicipalityQuoteInline, MunicipalityLinkInline]

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is not None and _too_many_to_inline(obj):
            return [inline for inline in inlines if inline is not InvestmentInline]
        return inlines

    def change_view(self, request, object_id, form_url="", extra_context=None):
        municipality = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if municipality is not None and _too_many_to_inline(municipality):
            url = reverse("admin:investments_investment_changelist") + f"?municipality__id__exact={municipality.pk}"
            self.message_user(
                request,
                format_html(
                    _("Deze gemeente heeft meer dan {count} investeringen; die staan niet hier maar in de {link}."),
                    count=INLINE_INVESTMENTS_MAX,
                    link=format_html('<a href="{}">{}</a>', url, _("lijst met investeringen")),
                ),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)


admin.site.unregister(Municipality)
admin.site.register(Municipality, MunicipalityWorkspaceAdmin)

# The worker's task table is machinery, not workspace content: a researcher follows an import on its
# own page (ContentAdmin.import_job_view), and `manage.py prune_db_task_results` tidies the table.
admin.site.unregister(DBTaskResult)


# Permission names are stored in English when a model is migrated ("Can add gemeente"); the
# workspace names the common actions in Dutch from the permission's code instead.
PERMISSION_ACTIONS = {
    "add": _("toevoegen"),
    "change": _("wijzigen"),
    "delete": _("verwijderen"),
    "view": _("bekijken"),
    "import": _("importeren"),
    "export": _("exporteren"),
    "publish": _("publiceren"),
}


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, permission):
        action, _separator, model_name = permission.codename.partition("_")
        known = model_name == permission.content_type.model and action in PERMISSION_ACTIONS
        return f"{permission.content_type} | {PERMISSION_ACTIONS[action] if known else permission.name}"


class DutchPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PasswordChangeForm(AdminPasswordChangeForm):
    # Django appends its warning as an untranslated string, fixed in the language of start-up.
    usable_password_help_text = format_lazy(
        "{}{}",
        SetUnusablePasswordMixin.usable_password_help_text,
        format_lazy(
            '<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            _("Als u dit uitzet, gaat het huidige wachtwoord van deze gebruiker verloren."),
        ),
    )


class WorkspaceUserAdmin(DutchPermissionsMixin, UserAdmin):
    change_password_form = PasswordChangeForm


class WorkspaceGroupAdmin(DutchPermissionsMixin, GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.register(User, WorkspaceUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, WorkspaceGroupAdmin)
