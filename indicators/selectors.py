"""Reads of indicators for the pages: a municipality's factsheet, the map's classes, open data.

Values are public reference figures, the same for every visitor: each read is kept per content
version (core.derived), so a page asks the database for them once per version, not per request;
only the comparison's figures, which follow each visitor's choice, are one query per page.
Objects returned are shared between requests: callers only read them.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from core.derived import per_content_version
from municipalities.models import Municipality

from . import definitions
from .models import NETHERLANDS, AgeGroup, Indicator, IndicatorValue

# The measures of loneliness, in the factsheet's order; "sterk eenzaam" (from 2022) is its own line.
LONELINESS = ("eenzaam", "ernstig-eenzaam", "sterk-eenzaam", "emotioneel-eenzaam", "sociaal-eenzaam")
POPULATION = ("inwoners", "65-plus", "80-plus", "eenpersoonshuishoudens")
AGE_LABELS = dict(AgeGroup.choices)


@dataclass(frozen=True)
class Spread:
    """The municipalities of a province in one year: the table holds no province figure, so the
    factsheet shows their range and median instead of inventing one."""

    low: Decimal
    median: Decimal
    high: Decimal
    count: int


@dataclass(frozen=True)
class Point:
    year: int
    own: Decimal | None
    national: Decimal | None
    spread: Spread | None


@dataclass(frozen=True)
class Series:
    indicator: Indicator
    age_group: str
    points: tuple[Point, ...]

    @property
    def age_label(self) -> str:
        return AGE_LABELS.get(self.age_group, self.age_group)

    @property
    def has_own(self) -> bool:
        return any(point.own is not None for point in self.points)

    @property
    def key(self) -> str:
        return f"{self.indicator.slug}{self.age_group.replace('+', 'plus')}"


@dataclass(frozen=True)
class Factsheet:
    loneliness: tuple[Series, ...] = ()
    population: tuple[Series, ...] = ()
    loaded: bool = False
    sources: tuple[Indicator, ...] = field(default=())


def indicators() -> dict[str, Indicator]:
    return per_content_version("indicators", lambda: {i.slug: i for i in Indicator.objects.all()}, in_process=True)


def province_codes() -> dict[str, tuple[str, ...]]:
    """{province: CBS codes of its published municipalities}."""

    def build():
        codes = {}
        for province, code in Municipality.objects.published().values_list("province", "cbs_code"):
            codes.setdefault(province, []).append(code)
        return {province: tuple(sorted(items)) for province, items in codes.items()}

    return per_content_version("province-codes", build, in_process=True)


def _values(codes) -> dict[tuple, Decimal]:
    """{(indicator slug, area code, year, age group): value} of the areas `codes`."""
    rows = IndicatorValue.objects.filter(area_code__in=codes).values_list(
        "indicator__slug", "area_code", "year", "age_group", "value"
    )
    return {tuple(row[:4]): row[4] for row in rows}


def province_values(province: str) -> dict[tuple, Decimal]:
    """The values of the province's municipalities and of Nederland."""
    codes = (*province_codes().get(province, ()), NETHERLANDS)
    return per_content_version(f"province-values:{province}", lambda: _values(codes), in_process=True)


def _spread(values) -> Spread | None:
    if not values:
        return None
    return Spread(min(values), Decimal(statistics.median(values)).quantize(Decimal("0.1")), max(values), len(values))


def _series(indicator, age_group, own_code, codes, values) -> Series:
    slug = indicator.slug
    years = sorted({key[2] for key in values if key[0] == slug and key[3] == age_group})
    points = []
    for year in years:
        around = [values[(slug, code, year, age_group)] for code in codes if (slug, code, year, age_group) in values]
        points.append(
            Point(
                year,
                values.get((slug, own_code, year, age_group)),
                values.get((slug, NETHERLANDS, year, age_group)),
                _spread(around),
            )
        )
    return Series(indicator, age_group, tuple(points))


def factsheet(municipality) -> Factsheet:
    """The figures of `municipality` beside Nederland and the spread in its province, per indicator
    and age group over the years; empty (not `loaded`) when no figures were loaded at all."""
    known = indicators()
    values = province_values(municipality.province)
    if not values:
        return Factsheet()
    codes = province_codes().get(municipality.province, ())

    def group(slugs):
        found = []
        for slug in slugs:
            if slug not in known:
                continue
            for age_group in sorted({key[3] for key in values if key[0] == slug}):
                found.append(_series(known[slug], age_group, municipality.cbs_code, codes, values))
        return tuple(found)

    loneliness, population = group(LONELINESS), group(POPULATION)
    used = {series.indicator.slug for series in loneliness + population}
    return Factsheet(loneliness, population, True, tuple(i for i in known.values() if i.slug in used))


def headline(sheet: Factsheet):
    """The first loneliness series (eenzaam, 18+) at its latest year with a figure: the summary on the
    municipality's page. None without figures."""
    for series in sheet.loneliness:
        points = [point for point in series.points if point.own is not None]
        if points:
            return series, points[-1]
    return None


def available() -> dict[str, dict[str, tuple[int, ...]]]:
    """{indicator slug: {age group: years with values}}: what the map can show."""

    def build():
        found = {}
        rows = IndicatorValue.objects.values_list("indicator__slug", "age_group", "year").distinct().order_by()
        for slug, age_group, year in rows:
            found.setdefault(slug, {}).setdefault(age_group, set()).add(year)
        return {slug: {age: tuple(sorted(years)) for age, years in ages.items()} for slug, ages in found.items()}

    return per_content_version("indicator-choices", build, in_process=True)


def map_values(slug: str, year: int, age_group: str) -> dict[str, Decimal]:
    """{area code: value} of one indicator, year and age group, Nederland included."""

    def build():
        rows = IndicatorValue.objects.filter(indicator__slug=slug, year=year, age_group=age_group)
        return dict(rows.values_list("area_code", "value"))

    return per_content_version(f"indicator-map-values:{slug}:{year}:{age_group}", build, in_process=True)


@dataclass(frozen=True)
class ImportPreview:
    """What importing a StatLine export would do (indicators.services.import_statline), for the
    researcher to confirm: counts against the stored values of the same indicator and years, and
    the areas that no municipality of the portal's list takes up."""

    indicator_label: str
    years: tuple[int, ...]
    age_labels: tuple[str, ...]
    areas: int
    new: int
    changed: int
    unchanged: int
    removed: int
    # (code, name) of areas no longer a municipality that earlier figures knew by name: merged since.
    merged: tuple[tuple[str, str], ...]
    # (code, name as the file gives it) of areas that are neither a municipality nor known from before.
    unknown: tuple[tuple[str, str], ...]

    @property
    def changes_anything(self) -> bool:
        return bool(self.new or self.changed or self.removed)


def import_preview(slug: str, rows) -> ImportPreview:
    """`rows` as checked by indicators.services.checked (one indicator, `slug`) against what is stored."""
    years = sorted({row.year for row in rows})
    stored = {
        (area, year, age): (name, boundary, value)
        for area, year, age, name, boundary, value in IndicatorValue.objects.filter(
            indicator__slug=slug, year__in=years
        ).values_list("area_code", "year", "age_group", "area_name", "boundary_year", "value")
    }
    new = changed = 0
    for row in rows:
        before = stored.get((row.area_code, row.year, row.age_group))
        if before is None:
            new += 1
        elif before != (row.area_name, row.boundary_year, row.value):
            changed += 1
    in_file = {(row.area_code, row.year, row.age_group) for row in rows}
    names = {row.area_code: row.area_name for row in rows}
    outside = sorted(set(names) - set(Municipality.objects.values_list("cbs_code", flat=True)) - {NETHERLANDS})
    known_before = dict(
        IndicatorValue.objects.filter(area_code__in=outside)
        .exclude(area_name="")
        .values_list("area_code", "area_name")
        .order_by()
        .distinct()
    )
    definition = definitions.BY_SLUG[slug]
    return ImportPreview(
        indicator_label=Indicator(name=definition.name, name_en=definition.name_en).label,
        years=tuple(years),
        age_labels=tuple(AGE_LABELS[age] for age in sorted({row.age_group for row in rows})),
        areas=len(names),
        new=new,
        changed=changed,
        unchanged=len(rows) - new - changed,
        removed=len(stored.keys() - in_file),
        merged=tuple((code, known_before[code]) for code in outside if code in known_before),
        unknown=tuple((code, names[code]) for code in outside if code not in known_before),
    )


@dataclass(frozen=True)
class Column:
    """One figure beside the compared municipalities: an indicator for one age group in one year."""

    indicator: Indicator
    age_group: str
    year: int

    @property
    def age_label(self) -> str:
        return AGE_LABELS.get(self.age_group, self.age_group) if self.age_group else ""


@dataclass(frozen=True)
class ComparisonChoices:
    """What the comparison offers: the indicators with figures (in the portal's order) and per
    indicator slug {age group: years with figures}."""

    indicators: tuple[Indicator, ...] = ()
    years: dict = field(default_factory=dict)

    @property
    def all_years(self) -> list[int]:
        return sorted({year for ages in self.years.values() for years in ages.values() for year in years})


_INDICATOR_FIELDS = ("id", "slug", "name", "name_en", "unit", "source", "licence", "method_note", "position")


def comparison_choices() -> ComparisonChoices:
    """The comparison's indicator options in one query (the comparison page stays within ten even
    where nothing is kept), kept per content version; empty when no figures are loaded."""

    def build():
        rows = (
            IndicatorValue.objects.values_list(
                *(f"indicator__{name}" for name in _INDICATOR_FIELDS), "age_group", "year"
            )
            .distinct()
            .order_by()
        )
        known, years = {}, {}
        for row in rows:
            fields, (age_group, year) = row[: len(_INDICATOR_FIELDS)], row[len(_INDICATOR_FIELDS) :]
            known.setdefault(fields[1], Indicator(**dict(zip(_INDICATOR_FIELDS, fields, strict=True))))
            years.setdefault(fields[1], {}).setdefault(age_group, set()).add(year)
        return ComparisonChoices(
            tuple(sorted(known.values(), key=lambda i: (i.position, i.slug))),
            {slug: {age: tuple(sorted(found)) for age, found in ages.items()} for slug, ages in years.items()},
        )

    return per_content_version("comparison-indicator-choices", build, in_process=True)


def comparison_columns(choices: ComparisonChoices, slugs, year: int | None = None) -> tuple[Column, ...]:
    """The columns for the indicators `slugs` (in the portal's order of indicators): one per age group
    the indicator has, in `year` where it has figures for it, else in the nearest year it has (the
    column names its year, so another year is never passed off as the one asked); without `year`,
    in its latest. No query."""
    columns = []
    for indicator in choices.indicators:
        if indicator.slug not in slugs:
            continue
        ages = choices.years[indicator.slug]
        for age_group in sorted(ages):
            found = ages[age_group]
            columns.append(Column(indicator, age_group, _nearest(found, year)))
    return tuple(columns)


def _nearest(years: tuple[int, ...], year: int | None) -> int:
    """The year of `years` nearest to `year` (the earlier of two as near), or the latest without one."""
    if year is None:
        return years[-1]
    return min(years, key=lambda found: (abs(found - year), found))


def comparison_values(columns, codes) -> dict[tuple[int, str], Decimal]:
    """{(column index, area code): value} of the areas `codes` and of Nederland: one query for every
    municipality and column. A code without a figure (a municipality merged after 2020) is absent."""
    if not columns:
        return {}
    wanted = Q()
    for column in columns:
        wanted |= Q(indicator_id=column.indicator.pk, year=column.year, age_group=column.age_group)
    index = {(c.indicator.pk, c.year, c.age_group): number for number, c in enumerate(columns)}
    rows = (
        IndicatorValue.objects.filter(wanted, area_code__in=[*codes, NETHERLANDS])
        .values_list("indicator_id", "year", "age_group", "area_code", "value")
        .order_by()
    )
    return {(index[row[:3]], row[3]): row[4] for row in rows}
