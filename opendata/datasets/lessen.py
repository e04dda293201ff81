"""`lessen`: the general lessons of chapter 4 of the report."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lessons.models import Lesson
from municipalities.models import Municipality

from .base import TEXT, TEXT_LIST, Dataset, Field, column, published_municipalities


def municipality_names(finding, _context):
    return [municipality.name for municipality in finding.municipalities.all()]


# A finding's fields, shared by the lessons and the bottlenecks.
FINDING_FIELDS = (
    Field("slug", TEXT, _("Korte naam in de adressen van dit portaal."), column("slug")),
    Field(
        "tekst",
        TEXT,
        _("Volledige tekst zoals in het rapport; de citaten staan apart in ‘citaten’."),
        column("text"),
    ),
    Field("gemeenten", TEXT_LIST, _("Namen van de gemeenten die het rapport hierbij noemt."), municipality_names),
)


class LessonDataset(Dataset):
    name = "lessen"
    title = _("Geleerde lessen")
    description = _("De algemene lessen uit hoofdstuk 4 van het rapport.")
    model = Lesson
    models = (Lesson, Municipality)
    fields = (Field("titel", TEXT, _("Titel van de les."), column("title")), *FINDING_FIELDS)
    reads_instances = True

    def queryset(self):
        return self.model.objects.published().prefetch_related(
            Prefetch("municipalities", queryset=published_municipalities())
        )
