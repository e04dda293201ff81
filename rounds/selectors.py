"""Reads of rounds that other pages need, kept per content version."""

from core.derived import per_content_version

from .models import ROUND_ORDER, Interview, public_interview_q


def _rounds_by_municipality() -> dict[int, tuple[tuple[str, str], ...]]:
    taken = {}
    rows = (
        Interview.objects.filter(public_interview_q())
        .order_by(*(f"round__{field}" for field in ROUND_ORDER))
        .values_list("municipality", "round__slug", "round__name")
    )
    for municipality_id, slug, name in rows:
        taken.setdefault(municipality_id, []).append((slug, name))
    return {pk: tuple(rounds) for pk, rounds in taken.items()}


def rounds_by_municipality() -> dict[int, tuple[tuple[str, str], ...]]:
    """{municipality id: (round slug, round name) of each published round it has a public interview in,
    oldest first}. A municipality absent here took part in no round: the report's 2019 study is the
    first round, so "in the 2019 study" is derived from its interviews, not kept as a flag."""
    return per_content_version("rounds-by-municipality", _rounds_by_municipality, in_process=True)
