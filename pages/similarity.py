"""Which municipalities resemble each other, judged by the themes and interventions they share."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Value

from core.derived import per_content_version
from investments.models import Intervention, Investment
from municipalities.models import Municipality


@dataclass
class SimilarMunicipality:
    municipality: Municipality
    shared_themes: int
    shared_interventions: int


def _pairs(field: str, **conditions):
    return (
        Investment.objects.published()
        .filter(**{f"{field}__isnull": False}, **conditions)
        .annotate(kind=Value(field, output_field=CharField()))
        .values_list("kind", "municipality_id", field)
        .order_by()
    )


def _profiles() -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """(themes, interventions) per municipality id, from one query (a UNION of both kinds of pairs)."""
    profiles = {"themes": defaultdict(set), "interventions": defaultdict(set)}
    pairs = _pairs("themes").union(
        _pairs("interventions", interventions__in=Intervention.objects.published()), all=True
    )
    for kind, municipality_id, value in pairs:
        profiles[kind][municipality_id].add(value)
    return profiles["themes"], profiles["interventions"]


def _published_names() -> dict[int, tuple[str, str]]:
    """(name, slug) per published municipality id: all a link to a similar municipality needs."""
    return {pk: (name, slug) for pk, name, slug in Municipality.objects.published().values_list("pk", "name", "slug")}


def similar_municipality_ids(municipality_id: int, limit: int = 3) -> list[tuple[int, int, int]]:
    """(id, shared themes, shared interventions) of the closest municipalities, closest first.

    A shared intervention weighs more than a shared theme: it is the stronger peer example.
    The profiles cover all published investments, so they are computed once per content version
    (one query then); comparing one municipality with the 342 others is cheap set arithmetic.
    """
    themes, interventions = per_content_version("similarity-profiles", _profiles)
    own_themes = themes.get(municipality_id, set())
    own_interventions = interventions.get(municipality_id, set())
    scored = []
    for other_id in set(themes) | set(interventions):
        if other_id == municipality_id:
            continue
        shared_themes = len(own_themes & themes.get(other_id, set()))
        shared_interventions = len(own_interventions & interventions.get(other_id, set()))
        score = shared_themes + 2 * shared_interventions
        if score:
            scored.append((score, other_id, shared_themes, shared_interventions))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        (other_id, shared_themes, shared_interventions)
        for _, other_id, shared_themes, shared_interventions in scored[:limit]
    ]


def _closest(municipality_id: int, limit: int) -> list[tuple[int, str, str, int, int]]:
    """(id, name, slug, shared themes, shared interventions) of the closest published municipalities."""
    names = per_content_version("published-municipality-names", _published_names)
    return [
        (pk, *names[pk], shared_themes, shared_interventions)
        for pk, shared_themes, shared_interventions in similar_municipality_ids(municipality_id, limit)
        if pk in names
    ]


def similar_municipalities(municipality: Municipality, limit: int = 3) -> list[SimilarMunicipality]:
    """The closest published municipalities, closest first.

    Only published content counts, whoever asks, so the answer is the same for every visitor and
    kept per municipality and content version: a page then reads three short rows, not the profiles
    and names of all 342 municipalities (a millisecond to read back and compare on every request).
    """
    closest = per_content_version(
        f"similar-municipalities:{municipality.pk}:{limit}", lambda: _closest(municipality.pk, limit), in_process=True
    )
    return [
        # Name and slug are all the page shows of it (a link), so no need to load the whole row.
        SimilarMunicipality(Municipality(pk=pk, name=name, slug=slug), shared_themes, shared_interventions)
        for pk, name, slug, shared_themes, shared_interventions in closest
    ]
