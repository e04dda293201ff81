"""Figures and tables built from the whole published data set: overview, comparison, about page.

Each function runs a fixed number of queries, whatever the number of municipalities.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from investments.models import Intervention, Investment, InvestmentStatus, Theme, with_investment_counts
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, Province


def key_figures(municipality_count: int | None = None) -> dict:
    """`municipality_count` saves a query when the caller already holds the published municipalities."""
    investment_counts = Investment.objects.published().aggregate(
        completed=Count("pk", filter=Q(status=InvestmentStatus.COMPLETED)),
        planned=Count("pk", filter=Q(status=InvestmentStatus.PLANNED)),
    )
    return {
        "municipalities": Municipality.objects.published().count()
        if municipality_count is None
        else municipality_count,
        "completed": investment_counts["completed"],
        "planned": investment_counts["planned"],
        "interventions": Intervention.objects.published()
        .filter(investments__in=Investment.objects.published())
        .distinct()
        .count(),
        "lessons": Lesson.objects.published().count(),
        "bottlenecks": Bottleneck.objects.published().count(),
        "tips": Tip.objects.published().count(),
        "quotes": Quote.objects.published().count(),
    }


@dataclass
class ThemeBar:
    theme: Theme
    completed: int
    planned: int
    # Widths on a 0–100 scale for the SVG chart; the numbers themselves are in the table next to it.
    completed_width: float
    planned_width: float

    @property
    def total(self) -> int:
        return self.completed + self.planned

    @property
    def label_x(self) -> int:
        # The chart's bars start at x=290 and are 400 wide; the count stands just after the bar.
        return round(290 + 4 * (self.completed_width + self.planned_width) + 8)


def investments_per_theme() -> list[ThemeBar]:
    themes = list(with_investment_counts(Theme.objects.order_by("position")))
    largest = max((theme.completed_count + theme.planned_count for theme in themes), default=0) or 1
    bars = [
        ThemeBar(
            theme=theme,
            completed=theme.completed_count,
            planned=theme.planned_count,
            completed_width=round(100 * theme.completed_count / largest, 1),
            planned_width=round(100 * theme.planned_count / largest, 1),
        )
        for theme in themes
    ]
    return sorted(bars, key=lambda bar: (-bar.total, bar.theme.position))


@dataclass
class MappedMunicipality:
    """What the home page shows of a published municipality: plain data, precomputed per content version."""

    pk: int
    name: str
    slug: str
    cbs_code: str
    province: str
    completed_count: int
    planned_count: int


def mapped_municipalities(theme=None) -> list[MappedMunicipality]:
    """The published municipalities by name with their public investments (in `theme`, if given), one query."""
    rows = (
        with_investment_counts(Municipality.objects.published(), theme=theme)
        .order_by("name")
        .values_list("pk", "name", "slug", "cbs_code", "province", "completed_count", "planned_count")
    )
    return [MappedMunicipality(*row) for row in rows]


def municipalities_by_province(municipalities=None, url=None) -> list[dict]:
    """Published municipalities by province; pass them in (ordered by name) to save the query.

    With `url` (slug -> address, see geo.municipality_url) each gets its `url` without a reverse() each.
    """
    if municipalities is None:
        municipalities = Municipality.objects.published().order_by("name")
    grouped = defaultdict(list)
    for municipality in municipalities:
        grouped[municipality.province].append(municipality)
    labels = dict(Province.choices)
    return [
        {
            "province": labels[province],
            "municipalities": members,
            # A list item with a link per municipality, escaped: 342 of them cost too much through the
            # template engine.
            "links": format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((url(m.slug) if url else m.get_absolute_url(), m.name) for m in members),
            ),
        }
        for province, members in sorted(grouped.items(), key=lambda item: labels[item[0]])
    ]


# A comparison shows at most this many municipalities: beyond it a matrix is a wall of numbers.
MAX_COLUMNS = 40
# Without a selection: every municipality up to this number, else those with the most investments.
DEFAULT_COLUMNS = 16
HEAT_LEVELS = 4


@dataclass
class ThemeCell:
    theme: Theme
    municipality: Municipality
    completed: int
    planned: int
    value: int = 0  # what the selection counts: completed, planned or both
    level: int = 0  # heat class 0..HEAT_LEVELS, always shown together with the number


def comparison_options():
    """Everything the selection form offers, in two queries whatever the number of municipalities.

    Municipalities carry `completed_count`/`planned_count`, so the default selection needs no query.
    """
    municipalities = list(
        with_investment_counts(Municipality.objects.published().only("name", "slug", "province", "cbs_code")).order_by(
            "name"
        )
    )
    labels = dict(Province.choices)
    present = sorted({m.province for m in municipalities}, key=lambda value: labels[value])
    return {
        "municipalities": municipalities,
        "themes": list(Theme.objects.order_by("position")),
        "provinces": [(value, labels[value]) for value in present],
    }


def choose_municipalities(municipalities, slugs=(), province=""):
    """The columns of the comparison and whether the choice was cut at MAX_COLUMNS or defaulted."""
    if slugs:
        chosen = [m for m in municipalities if m.slug in set(slugs)]
    elif province:
        chosen = [m for m in municipalities if m.province == province]
    elif len(municipalities) <= DEFAULT_COLUMNS:
        return municipalities, {"default": False, "cut": False}
    else:
        busiest = sorted(municipalities, key=lambda m: -(m.completed_count + m.planned_count))[:DEFAULT_COLUMNS]
        return sorted(busiest, key=lambda m: m.name), {"default": True, "cut": False}
    return chosen[:MAX_COLUMNS], {"default": False, "cut": len(chosen) > MAX_COLUMNS}


def _heat(cells):
    largest = max((cell.value for cell in cells), default=0) or 1
    for cell in cells:
        cell.level = 0 if not cell.value else min(HEAT_LEVELS, -(-HEAT_LEVELS * cell.value // largest))


def comparison_matrix(municipalities, themes, status: str | None = None, progress=None) -> dict:
    """Themes × municipalities with row and column totals, and the lessons and bottlenecks named.

    `status` (an InvestmentStatus or None for both) decides what a cell counts. `progress` (the
    published progress of one research round) compares by that round's statuses instead. Three queries for
    the investments and four for the findings, whatever the number of municipalities.
    """
    ids = [m.pk for m in municipalities]
    counts = defaultdict(int)
    rows = (
        Investment.objects.published()
        .filter(municipality__in=ids, themes__in=[theme.pk for theme in themes])
        .values_list("municipality_id", "themes", "status")
        .annotate(number=Count("pk"))
        .order_by()
    )
    if progress is not None:
        # By round: the statuses that round recorded, instead of the current ones.
        rows = (
            progress.filter(investment__themes__isnull=False, investment__municipality_id__in=ids)
            .values_list("investment__municipality_id", "investment__themes", "status")
            .annotate(number=Count("pk"))
            .order_by()
        )
    for municipality_id, theme_id, row_status, number in rows:
        counts[municipality_id, theme_id, row_status] = number

    def cell(theme, municipality):
        completed = counts[municipality.pk, theme.pk, InvestmentStatus.COMPLETED]
        planned = counts[municipality.pk, theme.pk, InvestmentStatus.PLANNED]
        value = {InvestmentStatus.COMPLETED: completed, InvestmentStatus.PLANNED: planned}.get(
            status, completed + planned
        )
        return ThemeCell(theme, municipality, completed, planned, value)

    grid = [[cell(theme, municipality) for municipality in municipalities] for theme in themes]
    _heat([c for row in grid for c in row])
    theme_rows = [
        {"theme": theme, "cells": row, "total": sum(c.value for c in row)}
        for theme, row in zip(themes, grid, strict=True)
    ]
    column_totals = [sum(row[index].value for row in grid) for index in range(len(municipalities))]
    municipality_rows = [
        {"municipality": municipality, "cells": [row[index] for row in grid], "total": column_totals[index]}
        for index, municipality in enumerate(municipalities)
    ]

    published_municipalities = Prefetch("municipalities", queryset=Municipality.objects.published())
    findings = [
        *Lesson.objects.published().prefetch_related(published_municipalities),
        *Bottleneck.objects.published().prefetch_related(published_municipalities),
    ]
    named = {(finding._meta.model_name, finding.pk, m.pk) for finding in findings for m in finding.municipalities.all()}

    return {
        "municipalities": municipalities,
        "themes": themes,
        "theme_rows": theme_rows,
        "municipality_rows": municipality_rows,
        "column_totals": column_totals,
        "grand_total": sum(column_totals),
        "findings": findings,
        "finding_rows": [
            {
                "finding": finding,
                "cells": [(finding._meta.model_name, finding.pk, m.pk) in named for m in municipalities],
            }
            for finding in findings
        ],
    }


def comparison_table(matrix) -> tuple[list[str], list[list]]:
    """The shown matrix as a header and rows of plain values, for CSV and XLSX."""
    header = [str(_("Thema")), *(m.name for m in matrix["municipalities"]), str(_("Totaal"))]
    rows = [[row["theme"].label, *(c.value for c in row["cells"]), row["total"]] for row in matrix["theme_rows"]]
    rows.append([str(_("Totaal")), *matrix["column_totals"], matrix["grand_total"]])
    return header, rows
