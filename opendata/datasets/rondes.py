"""`rondes`: the research rounds, with their questionnaires."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from rounds.models import Round, Topic

from .base import TEXT, URL, Dataset, Field, column, source_of


def _question_row(question):
    topics = list(question.topics.all())

    def children(parent_id):
        return [
            {"slug": topic.slug, "tekst": topic.text, "onderwerpen": children(topic.pk)}
            for topic in topics
            if topic.parent_id == parent_id
        ]

    return {
        "nummer": question.number,
        "vraag": question.text,
        "toelichting": question.guidance,
        "onderwerpen": children(None),
    }


class RoundDataset(Dataset):
    name = "rondes"
    title = _("Onderzoeksrondes")
    description = _("De onderzoeksrondes: wanneer en hoe de gemeenten zijn geïnterviewd, met de vragenlijst.")
    models = (Round,)
    fields = (
        Field("slug", TEXT, _("Korte naam van de ronde, bijvoorbeeld ‘2019’."), column("slug")),
        Field("naam", TEXT, _("Naam van de ronde."), column("name")),
        Field(
            "begin", TEXT, _("Eerste dag van de ronde (JJJJ-MM-DD)."), column("starts_on", lambda day: day.isoformat())
        ),
        Field(
            "einde",
            TEXT,
            _("Laatste dag van de ronde (JJJJ-MM-DD), of leeg."),
            column("ends_on", lambda day: day.isoformat() if day else ""),
        ),
        Field("omschrijving", TEXT, _("De methode: wie is geïnterviewd, hoe en wanneer."), column("description")),
        Field(
            "vragen",
            _("lijst van {nummer, vraag, onderwerpen}"),
            _("De vragenlijst; elk onderwerp met zijn code (slug), tekst en eventuele deelonderwerpen."),
            lambda round_, _context: [_question_row(question) for question in round_.questions.all()],
        ),
        Field(
            "bron",
            TEXT,
            _("‘rapport 2019’, of de datum waarop de ronde is ingevoerd."),
            lambda round_, _context: source_of(None, round_.is_report, round_.created_at),
        ),
        Field(
            "url",
            URL,
            _("Pagina van de ronde op dit portaal."),
            lambda round_, absolute_url: absolute_url(round_.get_absolute_url()),
        ),
        Field(
            "periode",
            TEXT,
            _(
                "De periode zoals de bron die noemt, bijvoorbeeld ‘november 2019’; leeg als alleen begin en einde "
                "gelden. Het rapport noemt alleen de maand: begin en einde zijn dan de eerste en laatste dag ervan."
            ),
            column("period"),
        ),
    )
    reads_instances = True

    def queryset(self):
        topics = Topic.objects.order_by("position", "pk")
        return (
            Round.objects.published()
            .chronological()
            .prefetch_related("questions", Prefetch("questions__topics", queryset=topics))
        )
