"""`indicatoren`: the public figures per municipality (RIVM loneliness, CBS population), each value
with its source, licence and method, so whoever reuses one row can cite it."""

import hashlib

from django.db.models import Count, Max, Sum
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, IndicatorValue

from .base import INTEGER, TEXT, Dataset, Field, FilterError, column

NUMBER = _("getal (punt als decimaalteken)")


def _indicator(queryset, value):
    if not Indicator.objects.filter(slug=value).exists():
        raise FilterError(_("Onbekende indicator: %(value)s."), value=value)
    return queryset.filter(indicator__slug=value)


def _year(queryset, value):
    if not value.isdigit():
        raise FilterError(_("Onbekend jaar: %(value)s."), value=value)
    return queryset.filter(year=int(value))


def _age(queryset, value):
    if value not in {"18+", "65+", "alle"}:
        raise FilterError(_("Onbekende leeftijd: %(value)s (18+, 65+ of alle)."), value=value)
    return queryset.filter(age_group="" if value == "alle" else value)


class IndicatorDataset(Dataset):
    name = "indicatoren"
    title = _("Indicatoren")
    description = _(
        "Eenzaamheid (RIVM, modelmatige schattingen) en bevolking en huishoudens (CBS) per gemeente en voor "
        "Nederland (NL01), per jaar en leeftijdsgroep; elke waarde met bron, licentie en methode."
    )
    source = "RIVM/CBS StatLine (50090NED, 50120NED/50150NED), CBS 70072NED en Kerncijfers wijken en buurten"
    fields = (
        Field("indicator", TEXT, _("Korte naam van de indicator, bijvoorbeeld ‘eenzaam’."), column("indicator__slug")),
        Field("indicator_naam", TEXT, _("Naam van de indicator."), column("indicator__name")),
        Field("gebied_code", TEXT, _("CBS-code van de gemeente (GM0363) of NL01 voor Nederland."), column("area_code")),
        Field("gebied_naam", TEXT, _("Naam van het gebied zoals de bron het noemt."), column("area_name")),
        Field("jaar", INTEGER, _("Jaar van de waarde."), column("year")),
        Field(
            "leeftijd",
            TEXT,
            _("Leeftijdsgroep: 18+, 65+ of leeg (alle leeftijden)."),
            column("age_group"),
        ),
        Field("waarde", NUMBER, _("De waarde, in de eenheid van de indicator."), column("value", float)),
        Field("eenheid", TEXT, _("Eenheid: % of inwoners."), column("indicator__unit")),
        Field(
            "gemeentegrenzen", INTEGER, _("Jaar van de gemeentegrenzen waarin de bron telt."), column("boundary_year")
        ),
        Field("bron", TEXT, _("Bron van de waarde (uitgever en tabel)."), column("indicator__source")),
        Field("licentie", TEXT, _("Licentie van de waarde."), column("indicator__licence")),
        Field(
            "methode",
            TEXT,
            _("Hoe de waarde tot stand kwam, bijvoorbeeld ‘modelmatige schatting’."),
            column("indicator__method_note"),
        ),
    )
    filters = {
        "indicator": _indicator,
        "jaar": _year,
        "leeftijd": _age,
        "gebied": lambda queryset, value: queryset.filter(area_code=value.upper()),
    }

    def queryset(self):
        return IndicatorValue.objects.order_by(
            "indicator__position", "indicator__slug", "area_code", "year", "age_group"
        )

    def fingerprint(self, model_states=None) -> tuple:
        """Reference figures are neither published nor kept in history: their state is the latest
        load (each indicator's `updated_at`) and which values there are."""
        state = Indicator.objects.aggregate(
            latest=Max("updated_at"),
            indicator_count=Count("pk", distinct=True),
            value_count=Count("values"),
            value_ids=Sum("values__pk"),
        )
        version = hashlib.sha256(repr(sorted(state.items())).encode()).hexdigest()[:32]
        return state["latest"], version
