"""Admin pages that combine domains: a municipality with its investments and quotes on one page.

The domain apps register their own admins; the workspace, above them, composes the municipality
page from their inlines, so `municipalities` never imports another domain.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, User
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from investments.admin import InvestmentInline
from lessons.admin import MunicipalityQuoteInline
from municipalities.admin import MunicipalityAdmin, MunicipalityLinkInline
from municipalities.models import Municipality
from rounds.admin import InterviewInline


class MunicipalityWorkspaceAdmin(MunicipalityAdmin):
    inlines = [InterviewInline, InvestmentInline, MunicipalityQuoteInline, MunicipalityLinkInline]


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
