"""The reads of pages that need municipalities alone (those that join investments, lessons or rounds
are in the highest of those apps' selectors)."""

from core.derived import kept_for_visitors

from .models import Municipality, Province

PROVINCE_LABELS = dict(Province.choices)


@kept_for_visitors("map-municipalities", in_process=True)
def published_for_map(user=None) -> tuple[tuple, ...]:
    """(pk, name, slug, CBS code, province label) of every published municipality, by name: the
    indicator map's areas. The map shows the public picture to everyone, so it takes no user."""
    rows = Municipality.objects.published().order_by("name").values_list("pk", "name", "slug", "cbs_code", "province")
    return tuple(
        (pk, name, slug, code, PROVINCE_LABELS.get(province, province)) for pk, name, slug, code, province in rows
    )
