"""The researcher workspace's shared admin behaviour.

ContentAdmin combines history with revert (django-simple-history), import and export with a
preview (django-import-export), optimistic locking and the publication workflow, so each model's
admin only says what is particular to it.
"""

import dataclasses
import os

import tablib
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ImportForm
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import is_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from . import imports
from .locking import OptimisticLockingForm
from .models import ImportJob, PublicationStatus
from .publication import set_publication_status
from .spreadsheets import UnreasonableSpreadsheet, xlsx_rows
from .widgets import AdminDateWidget

PUBLICATION_ACTIONS = {"publish_selected", "unpublish_selected"}
PUBLICATION_FIELD = "publication_status"


def may_publish(user, opts) -> bool:
    """Whether `user` may publish (or put back to draft) records of the model `opts` describes."""
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def publication_read_only(request, opts, readonly_fields) -> list:
    """The read-only fields of a form, plus the publication status for a user who may not publish.

    Read-only, so the form has no such field: a posted value cannot publish, on a change, an add or
    an inline form. The shipped roles pair change and publish, but a role made in the admin need not.
    """
    readonly_fields = list(readonly_fields)
    if not may_publish(request.user, opts) and PUBLICATION_FIELD not in readonly_fields:
        readonly_fields.append(PUBLICATION_FIELD)
    return readonly_fields


class SizeLimitedImportForm(ImportForm):
    def clean_import_file(self):
        import_file = self.cleaned_data["import_file"]
        if import_file.size > settings.IMPORT_MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("Het bestand is te groot (%(size)s). Het maximum is %(max)s; splits het bestand op.")
                % {
                    "size": filesizeformat(import_file.size),
                    "max": filesizeformat(settings.IMPORT_MAX_FILE_SIZE),
                }
            )
        return import_file


class FormulaAwareXLSX(XLSX):
    """Reads formulas as formulas, so the import refuses them instead of importing their result.

    The library reads cached values (data_only), which hides a formula Excel saved with a result.
    The rows come from core.spreadsheets.xlsx_rows, which keeps memory bounded.
    """

    def create_dataset(self, in_stream):
        rows = xlsx_rows(in_stream)
        dataset = tablib.Dataset()
        dataset.headers = next(rows)
        for row in rows:
            dataset.append(row)
        return dataset


# Django 6 assumes https for a URL typed without a scheme; say so now instead of relying on the
# deprecated default, which also warns on every admin page with a URL field.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}
# What every workspace form shares: URL fields assume https, dates use a picker without a time-zone warning.
WORKSPACE_FIELDS = {**URL_FIELDS_ASSUME_HTTPS, models.DateField: {"widget": AdminDateWidget}}


# Stored as they are, in every language, like core.resources.IMPORT_CHANGE_REASON.
ADMIN_ADD_REASON = "Aangemaakt via beheer"
ADMIN_CHANGE_REASON = "Gewijzigd via beheer"
ADMIN_REVERT_REASON = "Teruggezet naar een eerdere versie via beheer"


# The optimistic-locking counter (core.locking) is machinery: a researcher never needs to read it.
# The forms carry it as the hidden `version_seen`; no page shows `version` itself.
LOCKING_COUNTER = "version"


def without_locking_fields(fieldsets):
    """The fieldsets as declared, minus the locking counter (also inside a row of several fields)."""
    cleaned = []
    for name, options in fieldsets:
        fields = []
        for field in options.get("fields", ()):
            if isinstance(field, list | tuple):
                row = tuple(part for part in field if part != LOCKING_COUNTER)
                if row:
                    fields.append(row if len(row) > 1 else row[0])
            elif field != LOCKING_COUNTER:
                fields.append(field)
        if fields:
            cleaned.append((name, {**options, "fields": fields}))
    return cleaned


class HistoryChangesHelper(HistoricalRecordContextHelper):
    """The history list's "changes" column in the researcher's words.

    The library shows a choice's stored value ("draft → published") and every raise of the
    locking counter; this shows the choice's label and leaves the counter out.
    """

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field != LOCKING_COUNTER]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.many_to_many:
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


class HistoryPagesMixin:
    """The history list in the researcher's words, and a 404 for an id that cannot exist.

    The library raises ValueError (a 500) for such an id, and links every name in the "changed by"
    column to that user's admin page, which a researcher may not open (a 403): a name links only
    for a viewer who may see users.
    """

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        user_model = get_user_model()
        may_open_users = self.admin_site.is_registered(user_model) and self.admin_site.get_model_admin(
            user_model
        ).has_view_or_change_permission(request)
        extra_context = {**(extra_context or {}), "history_user_links": may_open_users}
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryChangesHelper(self.model, historical_record)


class RevertRequiresChangePermissionMixin(HistoryPagesMixin):
    """Opening an old version needs the view permission; saving it (a revert) needs change.

    django-simple-history's history form checks only the view permission and merely hides the
    revert button from a view-only role, so its POST would save the old version anyway. Any
    request that could write is refused here, before the library builds a form. Recovering a
    deleted record creates it again, so that also needs the add permission.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The library looks both ids up as they are: one that cannot be an id was a 500.
        pk = self._valid_id(self.model, unquote(object_id))
        self._valid_id(self.model.history.model, version_id)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not self._may_revert(request, pk):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _valid_id(model, value):
        try:
            return model._meta.pk.to_python(value)
        except ValidationError:
            raise Http404 from None

    def _may_revert(self, request, pk):
        current = self.model._default_manager.filter(pk=pk).first()
        if current is None:
            return self.has_add_permission(request) and self.has_change_permission(request)
        return self.has_change_permission(request, current)


class LockedInlineMixin:
    form = OptimisticLockingForm
    formfield_overrides = WORKSPACE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return publication_read_only(request, self.opts, super().get_readonly_fields(request, obj))


class ContentAdmin(RevertRequiresChangePermissionMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    form = OptimisticLockingForm
    formats = [CSV, FormulaAwareXLSX, JSON]
    import_form_class = SizeLimitedImportForm
    import_template_name = "admin/portal/import.html"
    export_template_name = "admin/portal/export.html"
    formfield_overrides = WORKSPACE_FIELDS
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["created_at", "updated_at"]

    def get_fieldsets(self, request, obj=None):
        return without_locking_fields(super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        return publication_read_only(request, self.opts, super().get_readonly_fields(request, obj))

    # --- Saving: a reason in the history, and an unchanged save writes nothing ----------------------

    def save_model(self, request, obj, form, change):
        # A revert's form starts from the old version, so "unchanged" there still means a change.
        if change and not form.has_changed() and not is_historic(obj):
            # Saving again would raise the version and refuse another editor's save for nothing.
            obj._portal_unchanged = True
            self.message_user(request, _("Er was niets gewijzigd; er is niets opgeslagen."), messages.INFO)
            return
        obj._change_reason = self.change_reason(obj, form, change)
        super().save_model(request, obj, form, change)

    @staticmethod
    def change_reason(obj, form, change) -> str:
        if not change:
            return ADMIN_ADD_REASON
        if is_historic(obj):
            return ADMIN_REVERT_REASON
        names = [str(form.fields[name].label or name) for name in form.changed_data if name != "version_seen"]
        return f"{ADMIN_CHANGE_REASON}: {', '.join(names)}" if names else ADMIN_CHANGE_REASON

    def save_related(self, request, form, formsets, change):
        if getattr(form.instance, "_portal_unchanged", False):
            # The inlines are records of their own, each with its own version and history.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        # Records edited in an inline (investments on the municipality page) say why, like the page's own.
        for inline_form in formset.forms:
            if inline_form.has_changed() and inline_form.instance is not None:
                is_change = inline_form.instance.pk is not None
                inline_form.instance._change_reason = self.change_reason(inline_form.instance, inline_form, is_change)
        super().save_formset(request, form, formset, change)

    def log_change(self, request, obj, message):
        if getattr(obj, "_portal_unchanged", False) and not message:
            return None
        return super().log_change(request, obj, message)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # A refused save (a stale version, or any invalid value) must not show its unsaved title as if
        # it were stored: the heading and breadcrumb show the record as it is in the database.
        form = context.get("adminform") and context["adminform"].form
        if change and obj is not None and obj.pk and form is not None and form.is_bound and form.errors:
            stored = self.model._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                context.update(original=stored, subtitle=str(stored))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Export: a Dutch file name --------------------------------------------------------------

    def get_export_filename(self, request, queryset, file_format):
        """`investeringen-2026-12-06.xlsx`: the dataset's Dutch name, as open data names it, and the date."""
        resource_class = self.get_export_resource_classes(request)[0]
        name = getattr(resource_class, "dataset_name", "") or slugify(str(self.opts.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    # --- Large imports run in the background (core.imports) -------------------------------------

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _admin_url(self, view, *args):
        return reverse(f"admin:{self._url_name(view)}", args=args, current_app=self.admin_site.name)

    def get_urls(self):
        return [
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name=self._url_name("import_job"),
            ),
            path(
                "import/<int:job_id>/bevestigen/",
                self.admin_site.admin_view(require_POST(self.confirm_import_job)),
                name=self._url_name("import_job_confirm"),
            ),
            *super().get_urls(),
        ]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnreasonableSpreadsheet):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        """A file above IMPORT_BACKGROUND_ROWS rows is previewed and imported by the worker.

        Smaller files keep the library's preview-and-confirm in the request.
        """
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                job = self._background_job(request, form)
                if job is not None:
                    imports.enqueue(job)
                    return HttpResponseRedirect(self._job_url(job))
        return super().import_action(request, **kwargs)

    def _background_job(self, request, form):
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        if not input_format.is_binary():
            input_format.encoding = self.from_encoding
        upload = form.cleaned_data["import_file"]
        content = b"".join(upload.chunks())
        try:
            dataset = input_format.create_dataset(content)
        except Exception:
            return None
        if len(dataset) <= settings.IMPORT_BACKGROUND_ROWS:
            return None
        resource_class = self.choose_import_resource_class(form, request)
        return ImportJob.objects.create(
            user=request.user,
            resource=self._resource_path(resource_class),
            file_format=f"{type(input_format).__module__}.{type(input_format).__qualname__}",
            file_name=upload.name,
            content=content,
            rows_total=len(dataset),
        )

    # --- The confirm step reads only the upload this session's preview stored --------------------
    #
    # The library's confirm form names the stored upload in a hidden field and reads, imports and
    # deletes whatever file of the temporary folder that names: a posted "../../tmp/<name>" reached any
    # file there. The names this session's previews stored are kept in the session; only those are read.

    PENDING_IMPORTS_KEY = "portal_pending_imports"
    # Previews a researcher may have open in other tabs, per model; older ones must be uploaded again.
    PENDING_IMPORTS_KEPT = 10

    def _pending_key(self):
        return self.opts.label_lower

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            pending = request.session.get(self.PENDING_IMPORTS_KEY, {})
            names = pending.setdefault(self._pending_key(), [])
            names.append(os.path.basename(initial["import_file_name"]))
            del names[: -self.PENDING_IMPORTS_KEPT]
            request.session[self.PENDING_IMPORTS_KEY] = pending
        return initial

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        name = os.path.basename(request.POST.get("import_file_name", ""))
        pending = request.session.get(self.PENDING_IMPORTS_KEY, {})
        names = pending.get(self._pending_key(), [])
        if not name or name not in names:
            return self._upload_again(request)
        # Once only: the library reads the file and removes it.
        names.remove(name)
        request.session[self.PENDING_IMPORTS_KEY] = pending
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:  # the temporary folder was emptied in between
            return self._upload_again(request)

    def add_success_message(self, result, request):
        # Two researchers confirming the same file: the second finds every row already there. The
        # library's "Import voltooid: 0 nieuw, 0 bijgewerkt" read as success; it is not.
        written = (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_DELETE)
        if result.total_rows and not any(result.totals[kind] for kind in written):
            self.message_user(
                request,
                _(
                    "Er is niets gewijzigd: alle regels van dit bestand staan al zo in de portal. Liet het "
                    "voorbeeld wijzigingen zien, dan heeft iemand anders hetzelfde bestand intussen ingelezen."
                ),
                messages.ERROR,
            )
            return
        super().add_success_message(result, request)

    def _upload_again(self, request):
        self.message_user(
            request,
            _(
                "Dit importbestand hoort niet bij een voorbeeld dat u net hebt bekeken (of het is al "
                "ingelezen); er is niets gewijzigd. Lees het bestand opnieuw in."
            ),
            messages.ERROR,
        )
        return HttpResponseRedirect(self._admin_url("import"))

    def _job_url(self, job):
        return self._admin_url("import_job", job.pk)

    def _resource_path(self, resource_class) -> str:
        return f"{resource_class.__module__}.{resource_class.__qualname__}"

    def _get_job(self, request, job_id):
        """The requester's own job of this model; any other id is a 404, so ids reveal nothing."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resources = [self._resource_path(resource) for resource in self.get_import_resource_classes(request)]
        return get_object_or_404(ImportJob, pk=job_id, user=request.user, resource__in=resources)

    def import_job_view(self, request, job_id):
        job = self._get_job(request, job_id)
        imports.fail_if_interrupted(job)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import van %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "rows_done": imports.rows_done(job),
            "refresh_seconds": settings.IMPORT_PROGRESS_REFRESH_SECONDS,
            "confirm_url": self._admin_url("import_job_confirm", job.pk),
            "changelist_url": self._admin_url("changelist"),
        }
        return TemplateResponse(request, "admin/portal/import_job.html", context)

    def confirm_import_job(self, request, job_id):
        job = self._get_job(request, job_id)
        # Only a preview that found nothing wrong can be imported, and only once.
        confirmable = job.stage == ImportJob.Stage.PREVIEW and job.status == ImportJob.Status.DONE
        if confirmable and ImportJob.objects.filter(pk=job.pk, stage=ImportJob.Stage.PREVIEW).update(
            stage=ImportJob.Stage.IMPORT, status=ImportJob.Status.QUEUED, finished_at=None
        ):
            imports.enqueue(job)
        return HttpResponseRedirect(self._job_url(job))

    def has_publish_permission(self, request):
        return may_publish(request.user, self.opts)

    def changelist_view(self, request, extra_context=None):
        # Django hides actions a user may not run; asking for one anyway is refused outright.
        asks_to_publish = request.method == "POST" and request.POST.get("action") in PUBLICATION_ACTIONS
        if asks_to_publish and not self.has_publish_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def _report_publication(self, request, count, status):
        if status == PublicationStatus.PUBLISHED:
            message = ngettext("%(count)d item gepubliceerd.", "%(count)d items gepubliceerd.", count)
        else:
            message = ngettext(
                "%(count)d item teruggezet naar concept.", "%(count)d items teruggezet naar concept.", count
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(permissions=["publish"], description=gettext_lazy("Geselecteerde items publiceren"))
    def publish_selected(self, request, queryset):
        count = set_publication_status(queryset, PublicationStatus.PUBLISHED)
        self._report_publication(request, count, PublicationStatus.PUBLISHED)

    @admin.action(permissions=["publish"], description=gettext_lazy("Geselecteerde items terugzetten naar concept"))
    def unpublish_selected(self, request, queryset):
        count = set_publication_status(queryset, PublicationStatus.DRAFT)
        self._report_publication(request, count, PublicationStatus.DRAFT)


class SupportingAdmin(RevertRequiresChangePermissionMixin, SimpleHistoryAdmin):
    """Themes, target groups, partners and the like: history and revert, no publication state."""

    formfield_overrides = WORKSPACE_FIELDS
