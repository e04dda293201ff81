"""`interviews`: per round, the interviews with the municipalities: when, how and with whom."""

from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from rounds.models import MODE_SLUGS, Interview, Round

from .base import SOURCE_KIND, TEXT, Dataset, Field, column, municipality_filter, round_filter


class InterviewDataset(Dataset):
    name = "interviews"
    title = _("Interviews")
    description = _("Per ronde de interviews met de gemeenten: wanneer, hoe en met wie.")
    models = (Interview, Round, Municipality)
    fields = (
        Field("gemeente", TEXT, _("Naam van de gemeente."), column("municipality__name")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente."), column("municipality__cbs_code")),
        Field("ronde", TEXT, _("Slug van de ronde."), column("round__slug")),
        Field(
            "datum",
            TEXT,
            _("Datum van het interview (JJJJ-MM-DD), of leeg als alleen de periode bekend is."),
            column("held_on", lambda day: day.isoformat() if day else ""),
        ),
        Field("periode", TEXT, _("Periode van het interview, bijvoorbeeld ‘november 2019’."), column("period")),
        Field(
            "vorm",
            TEXT,
            _(
                "‘telefonisch’, ‘op locatie’, ‘online’, ‘niet telefonisch’ (alles wat het rapport zegt over "
                "Amsterdam, Rotterdam en Den Haag) of ‘onbekend’."
            ),
            column("mode", lambda mode: MODE_SLUGS.get(mode, mode)),
        ),
        Field(
            "geinterviewden",
            TEXT,
            _("Rollen van de geïnterviewden; leeg als het rapport ze niet noemt (de pagina’s zeggen dan ‘onbekend’)."),
            column("interviewee_role"),
        ),
        # Added for self-reporting; `bron` elsewhere already means the round and date of entry.
        Field("bron_soort", TEXT, SOURCE_KIND, column("source")),
    )
    filters = {
        "ronde": lambda queryset, value: round_filter(queryset, value, "round"),
        "gemeente": lambda queryset, value: municipality_filter(queryset, value, "municipality"),
    }

    def queryset(self):
        return (
            Interview.objects.published()
            .select_related("municipality", "round")
            .order_by("round__starts_on", "round__slug", "municipality__name")
        )
