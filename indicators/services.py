"""Writes of indicators and their values, each load one transaction."""

import re
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from core import content_version

from . import definitions
from .models import AREA_CODE_PATTERN, AgeGroup, Indicator, IndicatorValue

VALUE_KEY = ("indicator_id", "area_code", "area_name", "boundary_year", "year", "age_group", "value")


class IndicatorLoadError(ValueError):
    """Values that cannot be stored; nothing was written."""


def define(definition: definitions.Definition, position: int = 0) -> Indicator:
    """The indicator of `definition`, created or brought up to date."""
    fields = {
        "name": definition.name,
        "name_en": definition.name_en,
        "definition": definition.definition,
        "unit": definition.unit,
        "source": definition.source,
        "licence": definitions.LICENCE,
        "method_note": definition.method_note,
        "position": position,
    }
    indicator, created = Indicator.objects.get_or_create(slug=definition.slug, defaults=fields)
    if not created and any(getattr(indicator, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.full_clean()
        indicator.save()
    return indicator


def define_all() -> dict[str, Indicator]:
    return {item.slug: define(item, position) for position, item in enumerate(definitions.ALL)}


@transaction.atomic
def replace_values(rows, indicators: dict[str, Indicator] | None = None) -> int:
    """Store `rows` (indicators.loaders.Row): for each indicator and year in them, the values they hold
    replace the stored ones, so a second load of the same file changes nothing and a corrected file
    leaves no stale value behind. Returns the number of values stored."""
    indicators = indicators or {item.slug: item for item in Indicator.objects.all()}
    seen, values, years = set(), [], defaultdict(set)
    for row in rows:
        if row.indicator not in indicators:
            raise IndicatorLoadError(f"onbekende indicator {row.indicator!r}")
        if not re.match(AREA_CODE_PATTERN, row.area_code) or row.age_group not in AgeGroup.values:
            raise IndicatorLoadError(f"gebied {row.area_code!r} of leeftijd {row.age_group!r} onbekend")
        key = (row.indicator, row.area_code, row.year, row.age_group)
        if key in seen:
            raise IndicatorLoadError(f"dubbele waarde: {' '.join(map(str, key))}")
        seen.add(key)
        years[row.indicator].add(row.year)
        values.append(
            IndicatorValue(
                indicator=indicators[row.indicator],
                area_code=row.area_code,
                area_name=row.area_name,
                boundary_year=row.boundary_year,
                year=row.year,
                age_group=row.age_group,
                value=row.value,
            )
        )
    stored = IndicatorValue.objects.none()
    for slug, in_rows in years.items():
        stored = stored | IndicatorValue.objects.filter(indicator=indicators[slug], year__in=in_rows)
    if set(stored.values_list(*VALUE_KEY)) == {tuple(getattr(value, name) for name in VALUE_KEY) for value in values}:
        return 0  # the same values again: nothing moves, cached pages stay valid
    stored.delete()
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    Indicator.objects.filter(slug__in=years).update(updated_at=timezone.now())
    content_version.bump()
    return len(values)
