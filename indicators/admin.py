"""The indicators in the workspace.

The pages of indicators and values are the superuser's: the figures come from the reference data
and StatLine, never typed in. A researcher (the role `import_indicatorvalue` is given to, see
migrations/0002_statline_import_role.py) uploads a StatLine CSV export on its own page, linked
from the workspace's start page: a preview of what it would change, then the import on confirmation.
"""

import secrets
from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors, services
from .forms import StatLineUploadForm
from .loaders import Row
from .models import IMPORT_PERMISSION, Indicator, IndicatorValue

# The preview's checked values until the researcher confirms them: one pending upload per session,
# so a confirmation imports exactly what its preview showed, once.
PENDING_KEY = "portal_statline_pending"


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit", "source"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """The values come from the reference data and StatLine imports: read here, never typed in."""

    list_display = ["indicator", "area_code", "year", "age_group", "value", "boundary_year"]
    list_filter = ["indicator", "year", "age_group"]
    search_fields = ["area_code"]
    list_select_related = ["indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.statline_view)
        return [path("statline/", view, name="indicators_indicatorvalue_statline"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        may_import = request.user.has_perm(IMPORT_PERMISSION)
        extra = {"statline_url": reverse("admin:indicators_indicatorvalue_statline")} if may_import else {}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def statline_view(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_statline(request)
        form = StatLineUploadForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("StatLine-CSV inlezen"),
            "form": form,
            "changelist_url": reverse("admin:indicators_indicatorvalue_changelist")
            if self.has_view_permission(request)
            else None,
        }
        if request.method == "POST" and form.is_valid():
            slug, rows = form.cleaned_data["indicator"], form.cleaned_data["rows"]
            token = secrets.token_urlsafe(16)
            request.session[PENDING_KEY] = {
                "token": token,
                "indicator": slug,
                "file_name": request.FILES["file"].name,
                "rows": [[*row[:5], str(row.value), row.area_name] for row in rows],
            }
            context.update(
                preview=selectors.import_preview(slug, rows),
                token=token,
                file_name=request.FILES["file"].name,
                skipped=form.cleaned_data["skipped"],
            )
        return TemplateResponse(request, "admin/indicators/statline_import.html", context)

    def _confirm_statline(self, request):
        here = HttpResponseRedirect(request.path)
        pending = request.session.get(PENDING_KEY)
        if not pending or not secrets.compare_digest(pending["token"], request.POST["token"]):
            self.message_user(
                request,
                _(
                    "Dit voorbeeld hoort niet bij het bestand dat u het laatst hebt gekozen, of het is al "
                    "ingelezen; er is niets gewijzigd. Kies het bestand opnieuw."
                ),
                messages.ERROR,
            )
            return here
        del request.session[PENDING_KEY]
        rows = [Row(*values[:5], Decimal(values[5]), values[6]) for values in pending["rows"]]
        try:
            stored = services.import_statline(pending["indicator"], rows)
        except services.IndicatorLoadError as error:
            self.message_user(request, _("Niets ingelezen: %(problem)s.") % {"problem": error}, messages.ERROR)
            return here
        if not stored:
            self.message_user(
                request,
                _("Er is niets gewijzigd: alle waarden van dit bestand staan al zo in de portal."),
                messages.WARNING,
            )
            return here
        indicator = Indicator.objects.get(slug=pending["indicator"])
        message = ngettext(
            "%(count)d waarde van %(indicator)s ingelezen uit %(file)s.",
            "%(count)d waarden van %(indicator)s ingelezen uit %(file)s.",
            stored,
        ) % {"count": stored, "indicator": indicator.label, "file": pending["file_name"]}
        self.message_user(request, message, messages.SUCCESS)
        return here
