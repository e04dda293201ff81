"""`voortgang`: per investment per round, the status: what became of the plans."""

from django.utils.translation import gettext_lazy as _

from investments.filters import unknown_status
from investments.models import STATUS_BY_SLUG, STATUS_SLUGS, Investment
from municipalities.models import Municipality
from rounds.models import Interview, Progress, Round

from .base import INTEGER, SOURCE_KIND, TEXT, Dataset, Field, column, municipality_filter, round_filter


def _status(queryset, value):
    if value not in STATUS_BY_SLUG:
        raise unknown_status(value)
    return queryset.filter(status=STATUS_BY_SLUG[value])


class ProgressDataset(Dataset):
    name = "voortgang"
    title = _("Voortgang")
    description = _("Per investering per ronde de status: wat er van de plannen is geworden.")
    models = (Progress, Investment, Interview, Round, Municipality)
    fields = (
        Field("gemeente", TEXT, _("Naam van de gemeente."), column("interview__municipality__name")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente."), column("interview__municipality__cbs_code")),
        Field(
            "investering",
            INTEGER,
            _("Vast nummer (id) van de investering, als in ‘investeringen’."),
            column("investment_id"),
        ),
        Field(
            "investering_slug", TEXT, _("Korte naam van de investering binnen de gemeente."), column("investment__slug")
        ),
        Field("ronde", TEXT, _("Slug van de ronde."), column("interview__round__slug")),
        Field(
            "status",
            TEXT,
            _("‘gepland’, ‘loopt’, ‘gedaan’, ‘vervallen’ of ‘uitgesteld’."),
            column("status", STATUS_SLUGS.__getitem__),
        ),
        Field("toelichting", TEXT, _("Toelichting bij de status, of leeg."), column("explanation")),
        Field("bron_soort", TEXT, SOURCE_KIND, column("interview__source")),
    )
    filters = {"ronde": round_filter, "gemeente": municipality_filter, "status": _status}

    def queryset(self):
        return (
            Progress.objects.published()
            .select_related("interview__municipality", "interview__round", "investment")
            .order_by(
                "interview__round__starts_on",
                "interview__municipality__name",
                "investment__status",
                "investment__position",
                "investment__pk",
            )
        )
