"""`antwoorden`: per interview, the summary of the answer to each question, with its topics."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from rounds.models import Answer, Interview, Round, Topic

from .base import (
    INTEGER,
    SOURCE_KIND,
    TEXT,
    TEXT_LIST,
    URL,
    Dataset,
    Field,
    column,
    municipality_filter,
    round_filter,
    source_of,
)


def _source(answer, _context):
    round_ = answer.interview.round
    return source_of(round_.slug, round_.is_report, answer.created_at)


class AnswerDataset(Dataset):
    name = "antwoorden"
    title = _("Antwoorden")
    description = _("Per interview de samenvatting van het antwoord op elke vraag, met de onderwerpen.")
    models = (Answer, Interview, Round, Municipality)
    fields = (
        Field("gemeente", TEXT, _("Naam van de gemeente."), column("interview__municipality__name")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente."), column("interview__municipality__cbs_code")),
        Field("ronde", TEXT, _("Slug van de ronde."), column("interview__round__slug")),
        Field("vraag", INTEGER, _("Nummer van de vraag in de vragenlijst van die ronde."), column("question__number")),
        Field("vraagtekst", TEXT, _("De vraag."), column("question__text")),
        Field("antwoord", TEXT, _("Samenvatting van het antwoord."), column("text")),
        Field(
            "onderwerpen",
            TEXT_LIST,
            _("Codes (slugs) van de onderwerpen die het antwoord raakt."),
            lambda answer, _context: [topic.slug for topic in answer.topics.all()],
        ),
        Field("bron", TEXT, _("De ronde en de datum waarop het antwoord is ingevoerd."), _source),
        Field(
            "url",
            URL,
            _("Het antwoord op de pagina van de gemeente."),
            lambda answer, absolute_url: absolute_url(answer.get_absolute_url()),
        ),
        Field("bron_soort", TEXT, SOURCE_KIND, column("interview__source")),
    )
    reads_instances = True
    filters = {"ronde": round_filter, "gemeente": municipality_filter}

    def queryset(self):
        return (
            Answer.objects.published()
            .select_related("interview__municipality", "interview__round", "question")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "pk")))
            .order_by("interview__round__starts_on", "interview__municipality__name", "question__number")
        )
