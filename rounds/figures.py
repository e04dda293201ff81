"""A round's progress in figures: what became of what the previous round called planned.

A fixed number of queries, whatever the number of municipalities, investments or rounds.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from investments.models import STATUS_SLUGS, Investment, InvestmentStatus, Theme
from municipalities.models import Municipality

from .models import Progress, Round

# The order in which figures, charts and sentences list the statuses.
STATUS_ORDER = [
    InvestmentStatus.COMPLETED,
    InvestmentStatus.ONGOING,
    InvestmentStatus.PLANNED,
    InvestmentStatus.POSTPONED,
    InvestmentStatus.CANCELLED,
]
NOT_MENTIONED = "not_mentioned"


@dataclass
class Tally:
    """Counts by status for one group (all, one municipality, one theme)."""

    label: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rows(self):
        labels = {**dict(InvestmentStatus.choices), NOT_MENTIONED: _("niet besproken")}
        return [
            {"status": status, "slug": STATUS_SLUGS.get(status, status), "label": labels[status], "count": count}
            for status in [*STATUS_ORDER, NOT_MENTIONED]
            if (count := self.counts.get(status, 0))
        ]

    @property
    def columns(self) -> list[int]:
        """The counts in STATUS_ORDER, then those not mentioned: the columns of the tables."""
        return [self.counts.get(status, 0) for status in [*STATUS_ORDER, NOT_MENTIONED]]

    def bars(self):
        """Segments of a 100-wide stacked bar (the chart); the numbers are in the table beside it."""
        offset, segments = 0.0, []
        for row in self.rows():
            width = round(100 * row["count"] / (self.total or 1), 2)
            segments.append({**row, "x": offset, "width": width})
            offset += width
        return segments


@dataclass
class RoundFigures:
    statuses: Tally  # everything this round recorded
    previous: object = None  # the previous published round, if any
    follow_up: Tally | None = None  # what became of the previous round's planned investments
    by_municipality: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)

    def sentence(self, round_) -> str:
        """The chart's text alternative."""
        if self.follow_up is None or not self.follow_up.total:
            parts = ", ".join(f"{row['count']} {row['label']}" for row in self.statuses.rows())
            return ngettext(
                "In %(round)s is %(total)s investering vastgelegd: %(parts)s.",
                "In %(round)s zijn %(total)s investeringen vastgelegd: %(parts)s.",
                self.statuses.total,
            ) % {
                "round": round_.name,
                "total": self.statuses.total,
                "parts": parts or "0",
            }
        counts = self.follow_up.counts
        # Each count with its own verb through ngettext, so that English reads "1 was cancelled".
        head = ngettext(
            "Van de %(total)s investering die in %(previous)s gepland was, is er in %(round)s ",
            "Van de %(total)s investeringen die in %(previous)s gepland waren, zijn er in %(round)s ",
            self.follow_up.total,
        ) % {"total": self.follow_up.total, "previous": self.previous.name, "round": round_.name}
        done, ongoing, cancelled = (
            counts[InvestmentStatus.COMPLETED],
            counts[InvestmentStatus.ONGOING],
            counts[InvestmentStatus.CANCELLED],
        )
        text = head + ", ".join(
            [
                ngettext("%(count)s gedaan", "%(count)s gedaan", done) % {"count": done},
                ngettext("%(count)s loopt nog", "%(count)s lopen nog", ongoing) % {"count": ongoing},
                ngettext("%(count)s vervallen", "%(count)s vervallen", cancelled) % {"count": cancelled},
            ]
        )
        rest = [
            f"{counts[status]} {label}"
            for status, label in (
                (InvestmentStatus.POSTPONED, _("uitgesteld")),
                (InvestmentStatus.PLANNED, _("nog gepland")),
                (NOT_MENTIONED, _("niet besproken")),
            )
            if counts[status]
        ]
        return text + (f" ({', '.join(rest)})." if rest else ".")


def round_figures(round_, user=None) -> RoundFigures:
    progress = Progress.objects.visible_to(user)
    this_round = dict(progress.filter(interview__round=round_).values_list("investment_id", "status"))
    figures = RoundFigures(statuses=Tally(_("Alle investeringen"), Counter(this_round.values())))
    previous = round_.previous(among=Round.objects.visible_to(user))
    if previous is None:
        return figures
    figures.previous = previous
    planned = dict(
        progress.filter(interview__round=previous, status=InvestmentStatus.PLANNED).values_list(
            "investment_id", "investment__municipality_id"
        )
    )
    outcome = {pk: this_round.get(pk, NOT_MENTIONED) for pk in planned}
    figures.follow_up = Tally(_("Alle gemeenten"), Counter(outcome.values()))

    per_municipality = defaultdict(Counter)
    for pk, municipality_id in planned.items():
        per_municipality[municipality_id][outcome[pk]] += 1
    municipalities = Municipality.objects.filter(pk__in=per_municipality).order_by("name")
    figures.by_municipality = [Tally(m.name, per_municipality[m.pk]) for m in municipalities]

    per_theme = defaultdict(Counter)
    for investment_id, theme_id in Investment.themes.through.objects.filter(investment_id__in=planned).values_list(
        "investment_id", "theme_id"
    ):
        per_theme[theme_id][outcome[investment_id]] += 1
    themes = Theme.objects.filter(pk__in=per_theme).order_by("position")
    figures.by_theme = [Tally(theme.label, per_theme[theme.pk]) for theme in themes]
    return figures
