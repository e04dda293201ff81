"""/zoeken/: one query across every kind of public content, grouped by kind."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.search import filter_by_text, highlight, with_headline
from investments.models import Intervention, Investment
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from rounds.models import Answer

RESULTS_PER_GROUP = 25


@dataclass
class SearchResult:
    title: str
    url: str
    excerpt: str
    context: str = ""


@dataclass
class ResultGroup:
    key: str
    label: str
    results: list[SearchResult]

    @property
    def is_truncated(self) -> bool:
        return len(self.results) >= RESULTS_PER_GROUP


def _municipality(obj, query):
    return SearchResult(obj.name, obj.get_absolute_url(), highlight(obj.headline_source, query))


def _investment(obj, query):
    return SearchResult(
        obj.title, obj.get_absolute_url(), highlight(obj.headline_source, query), context=obj.municipality.name
    )


def _titled(obj, query):
    return SearchResult(
        getattr(obj, "title", None) or obj.name, obj.get_absolute_url(), highlight(obj.headline_source, query)
    )


def _quote(obj, query):
    finding = obj.lesson or obj.bottleneck
    url = finding.get_absolute_url() if finding else obj.municipality.get_absolute_url()
    source = obj.municipality.name if obj.municipality else _("geen gemeente genoemd")
    return SearchResult(
        str(source), url, highlight(obj.headline_source, query), context=finding.title if finding else ""
    )


def _tip(obj, query):
    return SearchResult(
        str(obj.municipality.name),
        obj.bottleneck.get_absolute_url(),
        highlight(obj.headline_source, query),
        context=obj.bottleneck.title,
    )


def _answer(obj, query):
    return SearchResult(
        f"{obj.interview.municipality.name}, {obj.interview.round.name}",
        obj.get_absolute_url(),
        highlight(obj.headline_source, query),
        context=f"{obj.question.number}. {obj.question.text}",
    )


# (key, label, queryset factory, searched fields, excerpt field, result builder)
_SOURCES = (
    (
        "gemeenten",
        _("Gemeenten"),
        lambda: Municipality.objects.published(),
        ("name", "context", "approach_name", "programme"),
        "context",
        _municipality,
    ),
    (
        "investeringen",
        _("Investeringen"),
        lambda: Investment.objects.published().select_related("municipality"),
        ("title", "text"),
        "text",
        _investment,
    ),
    (
        "interventies",
        _("Interventies"),
        lambda: Intervention.objects.published(),
        ("name", "description"),
        "description",
        _titled,
    ),
    ("lessen", _("Lessen"), lambda: Lesson.objects.published(), ("title", "text"), "text", _titled),
    ("knelpunten", _("Knelpunten"), lambda: Bottleneck.objects.published(), ("title", "text"), "text", _titled),
    (
        "tips",
        _("Tips"),
        lambda: Tip.objects.published().select_related("municipality", "bottleneck"),
        ("text",),
        "text",
        _tip,
    ),
    (
        "citaten",
        _("Citaten"),
        lambda: Quote.objects.published().select_related("municipality", "lesson", "bottleneck"),
        ("text",),
        "text",
        _quote,
    ),
    (
        "antwoorden",
        _("Antwoorden uit interviews"),
        lambda: Answer.objects.published().select_related("interview__municipality", "interview__round", "question"),
        ("text",),
        "text",
        _answer,
    ),
)


def search_site(query: str) -> list[ResultGroup]:
    groups = []
    for key, label, queryset, fields, excerpt_field, build in _SOURCES:
        matches = with_headline(filter_by_text(queryset(), fields, query), excerpt_field, query)[:RESULTS_PER_GROUP]
        results = [build(obj, query) for obj in matches]
        if results:
            groups.append(ResultGroup(key, label, results))
    return groups
