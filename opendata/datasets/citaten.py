"""`citaten`: the quotes of interviewed municipalities, with the lesson or bottleneck they illustrate."""

from django.utils.translation import gettext_lazy as _

from lessons.models import Bottleneck, Lesson, Quote
from municipalities.models import Municipality

from .base import BOOLEAN, INTEGER, TEXT, Dataset, Field, by_theme_of_municipality, column, lookup, municipality_named


class QuoteDataset(Dataset):
    name = "citaten"
    title = _("Citaten")
    description = _("Uitspraken van geïnterviewde gemeenten, bij de les of het knelpunt dat ze illustreren.")
    models = (Quote, Municipality, Lesson, Bottleneck)
    fields = (
        Field("tekst", TEXT, _("Het citaat."), column("text")),
        Field(
            "gemeente",
            TEXT,
            _("Naam van de gemeente; leeg als het rapport geen gemeente noemt."),
            column("municipality__name"),
        ),
        Field("les", TEXT, _("Slug van de les die het citaat illustreert, of leeg."), column("lesson__slug")),
        Field(
            "knelpunt",
            TEXT,
            _("Slug van het knelpunt dat het citaat illustreert, of leeg."),
            column("bottleneck__slug"),
        ),
        Field(
            "alinea",
            INTEGER,
            _("Na welke alinea van de les of het knelpunt het rapport het citaat zet (vanaf 1), of leeg."),
            column("paragraph"),
        ),
        Field(
            "in_tekst",
            BOOLEAN,
            _("Waar als het citaat in de lopende tekst staat in plaats van als los blok na de alinea."),
            column("in_text"),
        ),
    )
    filters = {
        "gemeente": lambda queryset, value: queryset.filter(municipality=municipality_named(value)),
        "les": lambda queryset, value: queryset.filter(lesson=lookup(Lesson.objects.published(), value, "les")),
        "knelpunt": lambda queryset, value: queryset.filter(
            bottleneck=lookup(Bottleneck.objects.published(), value, "knelpunt")
        ),
        "thema": by_theme_of_municipality,
    }

    def queryset(self):
        return Quote.objects.published().select_related("municipality", "lesson", "bottleneck").in_report_order()
