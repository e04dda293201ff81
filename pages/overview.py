"""Figures and tables built from the whole published data set: overview, comparison, about page.

Each function runs a fixed number of queries, whatever the number of municipalities.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from investments.models import Intervention, Investment, InvestmentStatus, Theme, with_investment_counts
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, Province


def key_figures() -> dict:
    investment_counts = Investment.objects.published().aggregate(
        completed=Count("pk", filter=Q(status=InvestmentStatus.COMPLETED)),
        planned=Count("pk", filter=Q(status=InvestmentStatus.PLANNED)),
    )
    return {
        "municipalities": Municipality.objects.published().count(),
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


def municipalities_by_province() -> list[dict]:
    grouped = defaultdict(list)
    for municipality in Municipality.objects.published().order_by("name"):
        grouped[municipality.province].append(municipality)
    labels = dict(Province.choices)
    return [
        {"province": labels[province], "municipalities": municipalities}
        for province, municipalities in sorted(grouped.items(), key=lambda item: labels[item[0]])
    ]


@dataclass
class ThemeCell:
    theme: Theme
    completed: int
    planned: int


def comparison_matrix(progress=None) -> dict:
    """Municipalities × themes (counts by status) and municipalities × lessons and bottlenecks.

    `progress` (published progress of one research round) compares by that round's statuses
    instead of the current ones.
    """
    municipalities = list(Municipality.objects.published().order_by("name"))
    themes = list(Theme.objects.order_by("position"))
    counts = defaultdict(int)
    rows = (
        Investment.objects.published()
        .filter(themes__isnull=False)
        .values_list("municipality_id", "themes", "status")
        .annotate(number=Count("pk"))
        .order_by()
    )
    if progress is not None:
        rows = (
            progress.filter(investment__themes__isnull=False)
            .values_list("investment__municipality_id", "investment__themes", "status")
            .annotate(number=Count("pk"))
            .order_by()
        )
    for municipality_id, theme_id, status, number in rows:
        counts[municipality_id, theme_id, status] = number

    published_municipalities = Prefetch("municipalities", queryset=Municipality.objects.published())
    findings = [
        *Lesson.objects.published().prefetch_related(published_municipalities),
        *Bottleneck.objects.published().prefetch_related(published_municipalities),
    ]
    named = {(finding._meta.model_name, finding.pk, m.pk) for finding in findings for m in finding.municipalities.all()}

    return {
        "themes": themes,
        "findings": findings,
        "theme_rows": [
            {
                "municipality": municipality,
                "cells": [
                    ThemeCell(
                        theme,
                        counts[municipality.pk, theme.pk, InvestmentStatus.COMPLETED],
                        counts[municipality.pk, theme.pk, InvestmentStatus.PLANNED],
                    )
                    for theme in themes
                ],
            }
            for municipality in municipalities
        ],
        "finding_rows": [
            {
                "municipality": municipality,
                "cells": [
                    (finding, (finding._meta.model_name, finding.pk, municipality.pk) in named) for finding in findings
                ],
            }
            for municipality in municipalities
        ],
    }
