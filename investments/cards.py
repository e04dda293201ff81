"""What an investment card shows of its history, as plain values for the card template
(templates/includes/investment_card.html)."""

from typing import NamedTuple

from django.template.defaultfilters import date as format_date


class CardHistory(NamedTuple):
    steps: list  # the investment's progress, round by round
    added_in: str  # the round after the report that first names it, or ""
    added_on: str  # when it was entered, when `added_in` is set


def card_history(investment) -> CardHistory | None:
    """The history a card shows when there is more than the report's status to tell, else None.

    Reads `timeline`, which the page attaches only when a card among its cards has one."""
    timeline = getattr(investment, "timeline", ())
    origin = timeline[0].interview.round if timeline else None
    if not (len(timeline) > 1 or (origin and not origin.is_report)):
        return None
    if origin.is_report:
        return CardHistory(timeline, "", "")
    return CardHistory(timeline, origin.name, format_date(investment.created_at, "j F Y"))
