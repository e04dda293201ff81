"""`knelpunten`: the bottlenecks of chapter 5 of the report, each with the municipalities' tips."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lessons.models import Bottleneck, Tip
from municipalities.models import Municipality

from .base import TEXT, Field, column
from .lessen import FINDING_FIELDS, LessonDataset


class BottleneckDataset(LessonDataset):
    name = "knelpunten"
    title = _("Knelpunten en tips")
    description = _("De knelpunten uit hoofdstuk 5 van het rapport, met de tips van gemeenten.")
    model = Bottleneck
    models = (Bottleneck, Tip, Municipality)
    fields = (
        Field("titel", TEXT, _("Titel van het knelpunt."), column("title")),
        *FINDING_FIELDS,
        Field(
            "tips",
            _("lijst van {gemeente, tekst}"),
            _("Tips van gemeenten voor dit knelpunt."),
            lambda bottleneck, _context: [
                {"gemeente": tip.municipality.name, "tekst": tip.text} for tip in bottleneck.tips.all()
            ],
        ),
    )

    def queryset(self):
        return (
            super()
            .queryset()
            .prefetch_related(
                Prefetch("tips", queryset=Tip.objects.published().select_related("municipality").order_by("position"))
            )
        )
