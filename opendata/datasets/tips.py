"""`tips`: each tip as its own row (`knelpunten` nests them, which a spreadsheet cannot filter)."""

from django.utils.translation import gettext_lazy as _

from lessons.models import Bottleneck, Tip
from municipalities.models import Municipality

from .base import TEXT, URL, Dataset, Field, by_theme_of_municipality, column, lookup, municipality_named


class TipDataset(Dataset):
    name = "tips"
    title = _("Tips")
    description = _("Tips van gemeenten voor andere gemeenten, bij het knelpunt uit hoofdstuk 5 waar ze bij horen.")
    models = (Tip, Municipality, Bottleneck)
    fields = (
        Field("tekst", TEXT, _("De tip."), column("text")),
        Field("gemeente", TEXT, _("Naam van de gemeente die de tip geeft."), column("municipality__name")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente."), column("municipality__cbs_code")),
        Field("knelpunt", TEXT, _("Slug van het knelpunt waar de tip bij hoort."), column("bottleneck__slug")),
        Field(
            "url",
            URL,
            _("Pagina van het knelpunt op dit portaal."),
            lambda tip, absolute_url: absolute_url(tip.bottleneck.get_absolute_url()),
        ),
    )
    reads_instances = True
    filters = {
        "gemeente": lambda queryset, value: queryset.filter(municipality=municipality_named(value)),
        "knelpunt": lambda queryset, value: queryset.filter(
            bottleneck=lookup(Bottleneck.objects.published(), value, "knelpunt")
        ),
        "thema": by_theme_of_municipality,
    }

    def queryset(self):
        return (
            Tip.objects.published()
            .select_related("municipality", "bottleneck")
            .order_by("bottleneck__position", "position", "pk")
        )
