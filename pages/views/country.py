"""The country beside the report: a factsheet per municipality and the map of any indicator."""

from dataclasses import dataclass
from functools import cached_property

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core.forms import use_fast_selects
from core.page_cache import not_stored
from core.reference_data import geometry
from indicators import selectors
from indicators.selectors import AGE_LABELS
from investments.models import Investment
from municipalities.models import Municipality, Province
from municipalities.selectors import published_for_map
from pages.charts import as_text, series_chart
from pages.forms import IndicatorMapForm
from pages.geo import DrawnWhenRead
from pages.indicator_map import indicator_map
from rounds.selectors import rounds_by_municipality

PROVINCE_LABELS = dict(Province.choices)


@dataclass(frozen=True)
class FactRow:
    year: int
    own: str
    national: str
    low: str
    median: str
    high: str
    count: int


@dataclass(frozen=True)
class FactBlock:
    """A Series as the factsheet shows it: its chart (percentages only) and its table's rows."""

    series: object
    chart: str
    rows: list
    has_own: bool


def fact_blocks(series_list) -> list[FactBlock]:
    none = _("geen cijfer")
    blocks = []
    for series in series_list:
        indicator = series.indicator
        rows = [
            FactRow(
                point.year,
                as_text(point.own, indicator) or none,
                as_text(point.national, indicator) or none,
                as_text(point.spread.low, indicator) if point.spread else none,
                as_text(point.spread.median, indicator) if point.spread else none,
                as_text(point.spread.high, indicator) if point.spread else none,
                point.spread.count if point.spread else 0,
            )
            for point in series.points
        ]
        chart = series_chart(series) if indicator.is_percentage and series.has_own else ""
        blocks.append(FactBlock(series, chart, rows, series.has_own))
    return blocks


class _Factsheet:
    """A municipality's figures as the factsheet shows them, read and drawn on first use: the page
    keeps that part as a fragment (per content version and language), and a kept fragment needs none
    of it. Drawing the charts and formatting some hundred figures was half the page's time."""

    def __init__(self, municipality):
        self.municipality = municipality

    @cached_property
    def sheet(self):
        return selectors.factsheet(self.municipality)

    @cached_property
    def loneliness(self) -> list[FactBlock]:
        return fact_blocks(self.sheet.loneliness)

    @cached_property
    def population(self) -> list[FactBlock]:
        return fact_blocks(self.sheet.population)


def municipality_facts(request, slug):
    municipality = get_object_or_404(Municipality.objects.visible_to(request.user), slug=slug)
    investments = list(Investment.objects.visible_to(request.user).filter(municipality=municipality).in_report_order())
    for investment in investments:
        investment.municipality = municipality  # their links need it; saves the join
    return render(
        request,
        "municipalities/municipality_facts.html",
        {
            "municipality": municipality,
            "facts": _Factsheet(municipality),
            "investments": investments,
        },
    )


@dataclass(frozen=True)
class FactsSummary:
    """What a municipality's page says of its figures: the latest loneliness figure against Nederland."""

    series: object
    year: int
    own: str
    national: str
    population: str
    population_year: int | None


def facts_summary(municipality) -> FactsSummary | None:
    sheet = selectors.factsheet(municipality)
    if not sheet.loaded:
        return None
    found = selectors.headline(sheet)
    people = next((s for s in sheet.population if s.indicator.slug == "inwoners"), None)
    latest = next((p for p in reversed(people.points) if p.own is not None), None) if people else None
    if found is None and latest is None:
        return FactsSummary(None, 0, "", "", "", None)
    series, point = found or (None, None)
    return FactsSummary(
        series,
        point.year if point else 0,
        as_text(point.own, series.indicator) if point else "",
        as_text(point.national, series.indicator) if point else "",
        as_text(latest.own, people.indicator) if latest else "",
        latest.year if latest else None,
    )


def drawn_indicator_map(indicator, year: int, age_group: str) -> DrawnWhenRead:
    """The map of `indicator` in `year` for `age_group`, drawn when the page's fragment is not kept."""

    def draw():
        values = selectors.map_values(indicator.slug, year, age_group)
        return indicator_map(published_for_map(), values, indicator, rounds_by_municipality())

    return DrawnWhenRead(draw)


def latest_choice(slug: str):
    """(slug, latest year, age group, True) of an indicator: 18+ where it has age groups."""
    ages = selectors.available().get(slug)
    if not ages:
        return None
    age = "18+" if "18+" in ages else next(iter(ages))
    return slug, ages[age][-1], age, True


def country_map(request):
    known = selectors.indicators()
    form = IndicatorMapForm(request.GET or None, indicators=known.values(), available=selectors.available())
    use_fast_selects(form)
    if form.is_bound and not form.is_valid():
        not_stored()  # a refused choice: answered with the default, not kept
    choice = form.choice()
    drawn = None
    if choice:
        slug, year, age_group, exact = choice
        if not exact:
            not_stored()

        drawn = drawn_indicator_map(known[slug], year, age_group)
    return render(
        request,
        "portal/country_map.html",
        {
            "form": form,
            "choice": choice,
            "indicator": known[choice[0]] if choice else None,
            "age_label": AGE_LABELS.get(choice[2], "") if choice else "",
            "drawn": drawn,
            "boundaries_loaded": geometry().loaded,
        },
    )
