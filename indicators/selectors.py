"""Reads of indicators for the pages: a municipality's factsheet, the map's classes, open data.

Values are public reference figures, the same for every visitor: each read is kept per content
version (core.derived), so a page asks the database for them once per version, not per request.
Objects returned are shared between requests: callers only read them.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

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
