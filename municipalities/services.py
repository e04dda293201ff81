"""Writes to municipalities that take more than one step."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from core import content_version, search
from core.models import PublicationStatus

from .models import CBS_CODE_PATTERN, Municipality, Province

# The province as CBS names it (Gemeenten alfabetisch) -> Province; CBS writes Fryslân, as the portal shows it.
PROVINCE_BY_NAME = {label.lower(): value for value, label in Province.choices} | {"friesland": Province.FRIESLAND}


class CountryListError(ValueError):
    """A row of the municipality list that cannot be loaded; nothing is written."""


@dataclass(frozen=True)
class CountryRow:
    cbs_code: str
    name: str
    province: str


@dataclass
class CountryLoad:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def country_rows(records, skip=("GM0998",)) -> list[CountryRow]:
    """The municipalities of CBS's "Gemeenten alfabetisch" (dicts with GemeentecodeGM, Gemeentenaam,
    Provincienaam); a code that is no municipality (GM0998) is left out. Refuses the whole list on a bad row."""
    rows = []
    for number, record in enumerate(records, start=2):
        code = (record.get("GemeentecodeGM") or "").strip()
        name = (record.get("Gemeentenaam") or "").strip()
        province = PROVINCE_BY_NAME.get((record.get("Provincienaam") or "").strip().lower())
        if code in skip:
            continue
        if not re.fullmatch(CBS_CODE_PATTERN, code) or not name or not province:
            raise CountryListError(f"regel {number}: code {code!r}, naam {name!r} of provincie onbekend")
        rows.append(CountryRow(code, name, province))
    return rows


def _free_slug(name: str, code: str, taken: set[str]) -> str:
    slug = slugify(name) or code.lower()
    if slug in taken:
        slug = f"{slug}-{code.lower()}"
    taken.add(slug)
    return slug


@transaction.atomic
def load_country(rows: list[CountryRow]) -> CountryLoad:
    """Every municipality of `rows`, matched on CBS code, published (public figures need no review).

    The report's municipalities keep what they have (name, slug, texts, publication state); of the
    others, name and province follow the list. A second run changes nothing.
    """
    load = CountryLoad()
    existing = {m.cbs_code: m for m in Municipality.objects.all()}
    taken = set(Municipality.objects.values_list("slug", flat=True))
    new, changed = [], []
    for row in rows:
        municipality = existing.get(row.cbs_code)
        if municipality is None:
            new.append(
                Municipality(
                    cbs_code=row.cbs_code,
                    name=row.name,
                    slug=_free_slug(row.name, row.cbs_code, taken),
                    province=row.province,
                    publication_status=PublicationStatus.PUBLISHED,
                )
            )
        elif not municipality.report_section and (municipality.name, municipality.province) != (
            row.name,
            row.province,
        ):
            municipality.name, municipality.province = row.name, row.province
            changed.append(municipality)
        else:
            load.unchanged += 1
    for municipality in new + changed:
        municipality.full_clean(exclude=["slug"] if municipality.pk else None, validate_unique=False)
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(changed, ["name", "province"])
    load.created, load.updated = len(new), len(changed)
    if new or changed:
        # Bulk writes send no signals: the search index and the content version are told here.
        created = Municipality.objects.filter(cbs_code__in=[m.cbs_code for m in new + changed])
        search.reindex_records(Municipality, created.values_list("pk", flat=True))
        content_version.bump()
    return load
