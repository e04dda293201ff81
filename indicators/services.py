"""Writes of indicators and their values, each load one transaction."""

import re
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import content_version

from . import definitions
from .models import AREA_CODE_PATTERN, AgeGroup, Indicator, IndicatorValue

VALUE_KEY = ("indicator_id", "area_code", "area_name", "boundary_year", "year", "age_group", "value")
# What IndicatorValue.value holds (12 digits, 2 after the point): a larger figure would fail in the
# database (a 500 on PostgreSQL) instead of being refused with a reason.
VALUE_PLACES = Decimal("0.01")
VALUE_LIMIT = Decimal(10) ** 10
AREA_NAME_LENGTH = IndicatorValue._meta.get_field("area_name").max_length


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


def checked(row):
    """`row` as it will be stored (its value rounded to the stored cents), or IndicatorLoadError saying
    why it cannot be."""
    if not re.match(AREA_CODE_PATTERN, row.area_code) or row.age_group not in AgeGroup.values:
        raise IndicatorLoadError(
            _("gebied ‘%(area)s’ of leeftijd ‘%(age)s’ onbekend") % {"area": row.area_code, "age": row.age_group}
        )
    if not row.value.is_finite() or abs(row.value) >= VALUE_LIMIT:
        raise IndicatorLoadError(
            _("%(area)s %(year)s: waarde %(value)s is geen bruikbaar getal")
            % {"area": row.area_code, "year": row.year, "value": row.value}
        )
    if len(row.area_name) > AREA_NAME_LENGTH:
        raise IndicatorLoadError(_("%(area)s: de gebiedsnaam is te lang") % {"area": row.area_code})
    return row._replace(value=row.value.quantize(VALUE_PLACES))


@transaction.atomic
def replace_values(rows, indicators: dict[str, Indicator] | None = None) -> int:
    """Store `rows` (indicators.loaders.Row): for each indicator and year in them, the values they hold
    replace the stored ones, so a second load of the same file changes nothing and a corrected file
    leaves no stale value behind. Returns the number of values stored."""
    indicators = indicators or {item.slug: item for item in Indicator.objects.all()}
    seen, values, years = set(), [], defaultdict(set)
    for row in map(checked, rows):
        if row.indicator not in indicators:
            raise IndicatorLoadError(_("onbekende indicator ‘%(slug)s’") % {"slug": row.indicator})
        key = (row.indicator, row.area_code, row.year, row.age_group)
        if key in seen:
            raise IndicatorLoadError(_("dubbele waarde: %(key)s") % {"key": " ".join(map(str, key))})
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


def import_statline(slug: str, rows) -> int:
    """Store a StatLine export's `rows` (indicators.statline.parse) as the indicator `slug`, defined as
    indicators.definitions says: all or nothing, the content version moved if anything changed. The
    command import_statline_csv and the workspace's upload page both import through here."""
    definition = definitions.BY_SLUG[slug]
    with transaction.atomic():
        indicator = define(definition, position=definitions.ALL.index(definition))
        return replace_values(rows, {slug: indicator})
