"""The reads of the findings' pages (lessons, bottlenecks, tips, quotes).

Values the public shares per content version are declared here by name (core.derived.kept_for_visitors);
a researcher previewing drafts gets the same call read fresh, drafts included.
"""

import re
from typing import NamedTuple

from django.db.models import CharField, Count, F, Q, Value
from django.urls import reverse

from core.derived import kept_for_visitors
from municipalities.models import Municipality, MunicipalityLink

from .models import Bottleneck, Lesson, Quote, Tip, named_municipalities

FINDINGS = {"lesson": Lesson, "bottleneck": Bottleneck}
# Quotes placed in a finding's text come first, so a selection never leaves a gap in the text; within
# each group the order stays the report's.
FINDING_QUOTE_ORDER = (F("paragraph").asc(nulls_last=True), "position", "pk")


@kept_for_visitors("named-municipalities", in_process=True)
def municipalities_named(kind: str, pk=None, sample=None, user=None) -> dict[int, tuple[int, tuple]]:
    """{finding pk: (count, ((slug, name), …))}: the municipalities that the lessons or bottlenecks
    (`kind`), or the one with `pk`, name; the first `sample` of them by name, or all with None."""
    findings = FINDINGS[kind].objects.visible_to(user)
    if pk is not None:
        findings = findings.filter(pk=pk)
    named = named_municipalities(findings, user, sample)
    return {key: (count, tuple(selection)) for key, (count, selection) in named.items()}


def bottlenecks_with_tip_counts(user=None):
    """The bottlenecks visible to `user`, each with `tip_count`: how many of its tips `user` may see."""
    return Bottleneck.objects.visible_to(user).annotate(
        tip_count=Count("tips", filter=Q(tips__in=Tip.objects.visible_to(user)))
    )


@kept_for_visitors("finding-quotes", in_process=True)
def finding_quote_ids(finding, user=None) -> tuple[int, ...]:
    """The ids of the quotes of `finding` (a lesson or bottleneck), in the order its page shows them.

    Kept per content version for the public: the publication rules join each quote to its
    municipality, finding, round and answer, and counting thousands at national scale was most of a
    finding's page. A page reads only the rows it shows (`first_rows`)."""
    quotes = Quote.objects.visible_to(user).filter(**{finding._meta.model_name: finding})
    return tuple(quotes.order_by(*FINDING_QUOTE_ORDER).values_list("pk", flat=True))


@kept_for_visitors("bottleneck-tips", in_process=True)
def bottleneck_tip_ids(bottleneck, user=None) -> tuple[int, ...]:
    """The ids of the tips of `bottleneck`, in their order (see `finding_quote_ids`)."""
    return tuple(Tip.objects.visible_to(user).filter(bottleneck=bottleneck).values_list("pk", flat=True))


def first_rows(model, ids, number) -> tuple[list, int]:
    """The first `number` of `model`'s rows with these ids, in this order, with their
    municipality, and how many ids there are in all."""
    shown = ids[:number]
    by_pk = model._default_manager.select_related("municipality").in_bulk(shown)
    return [by_pk[pk] for pk in shown if pk in by_pk], len(ids)


@kept_for_visitors("finding-list-count")
def count_of(kind: str, user=None) -> int:
    """How many tips or quotes (`kind`) `user` may see: the unfiltered list's length."""
    return {"tips": Tip, "quotes": Quote}[kind].objects.visible_to(user).count()


def tips_in_order(user=None):
    return (
        Tip.objects.visible_to(user)
        .select_related("municipality", "bottleneck")
        .order_by("bottleneck__position", "position", "pk")
    )


def quotes_in_report_order(user=None):
    return Quote.objects.visible_to(user).select_related("municipality", "lesson", "bottleneck").in_report_order()


class NamedIn(NamedTuple):
    """A lesson or bottleneck (`kind`) that names a municipality, as its page links to it."""

    kind: str
    title: str
    slug: str

    def get_absolute_url(self):
        return reverse(f"lessons:{self.kind}_detail", kwargs={"slug": self.slug})


class OwnLink(NamedTuple):
    title: str
    url: str


@kept_for_visitors("municipality-findings")
def municipality_findings(municipality, user=None) -> dict[str, list]:
    """What a municipality's page shows of the findings: the lessons and bottlenecks that name it and
    its links (one query, a UNION: a title and an address each), its quotes (the report's order, with
    the finding and round each illustrates) and its tips (with their bottleneck). Kept per content
    version for the public, so a visitor's request reads none of them (the publication rules join
    every row); each request gets its own copies."""

    def part(queryset, kind, address):
        return (
            queryset.annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", "pk", "title", address, "position")
            .order_by()
        )

    rows = part(Lesson.objects.visible_to(user).filter(municipalities=municipality), "lesson", "slug").union(
        part(Bottleneck.objects.visible_to(user).filter(municipalities=municipality), "bottleneck", "slug"),
        part(MunicipalityLink.objects.filter(municipality=municipality), "link", "url"),
        all=True,
    )
    named = {"lesson": [], "bottleneck": [], "link": []}
    # Each kind in its model's own order: position, then primary key.
    for kind, _pk, title, address, _position in sorted(rows, key=lambda row: (row[4], row[1])):
        named[kind].append(OwnLink(title, address) if kind == "link" else NamedIn(kind, title, address))
    return {
        "lessons": named["lesson"],
        "bottlenecks": named["bottleneck"],
        "links": named["link"],
        "quotes": list(
            Quote.objects.visible_to(user)
            .filter(municipality=municipality)
            .in_report_order()
            .select_related("lesson", "bottleneck", "round")
        ),
        "tips": list(Tip.objects.visible_to(user).filter(municipality=municipality).select_related("bottleneck")),
    }


def mentioned_as(name: str) -> str:
    """The name a text uses for an intervention: without the explanation in brackets that the
    catalogue adds ("Compaan (seniorentablet)" is "de Compaan (tablet voor ouderen)" in a tip)."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name) or name


# Where the portal mentions an intervention beyond the investments that use it: by name, in these
# texts. Kind -> (model, field whose text may name it, the rows as a page shows them).
MENTIONS = {
    "tips": (Tip, "text", lambda rows: rows.select_related("municipality", "bottleneck")),
    "quotes": (Quote, "text", lambda rows: rows.select_related("municipality", "lesson", "bottleneck")),
    "situations": (Municipality, "context", lambda rows: rows.order_by("name")),
}


@kept_for_visitors("texts-naming")
def texts_naming(name: str, user=None) -> dict[str, tuple[int, ...]]:
    """{kind: ids} of the tips, quotes and municipalities' situations visible to `user` whose text
    names `name` (case-insensitive): one query for the three kinds (a UNION), since each kind's
    search is a scan of its texts. Most interventions are named nowhere else."""
    rows = [
        model.objects.visible_to(user)
        .filter(**{f"{field}__icontains": mentioned_as(name)})
        .order_by()
        .annotate(kind=Value(kind))
        .values_list("kind", "pk")
        for kind, (model, field, _shape) in MENTIONS.items()
    ]
    found = {kind: [] for kind in MENTIONS}
    for kind, pk in rows[0].union(*rows[1:], all=True):
        found[kind].append(pk)
    return {kind: tuple(pks) for kind, pks in found.items()}


def texts_naming_rows(name: str, user=None) -> dict[str, list]:
    """The tips, quotes and municipalities whose text names `name`, as a page shows them (a query
    only for a kind that names it)."""
    found = texts_naming(name, user=user)
    rows = {}
    for kind, (model, _field, shape) in MENTIONS.items():
        rows[kind] = list(shape(model.objects.filter(pk__in=found[kind]))) if found[kind] else []
    return rows
