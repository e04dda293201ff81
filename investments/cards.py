"""The investment card's values, worked out in Python once per card.

A page shows twenty to fifty cards. Rendered from the model, each card reversed a URL per
municipality, intervention and round, ran the relation managers and the status display, and
included the timeline template: at national scale that was most of the page's time. `InvestmentCard`
holds plain values, so the card template only reads them.
"""

from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.text import capfirst


class CardLinks:
    """URLs the cards of one page share, each reversed once (a page repeats the same few)."""

    def __init__(self):
        self.list_url = reverse("investments:investment_list")
        self._urls = {}

    def url_of(self, obj) -> str:
        key = (type(obj), obj.pk)
        if key not in self._urls:
            self._urls[key] = obj.get_absolute_url()
        return self._urls[key]

    def filter_links(self, parameter, terms):
        """`<a>` per term to the list filtered by it, comma-separated, as the card always wrote them."""
        return format_html_join(
            ", ", '<a href="{}?{}={}">{}</a>', ((self.list_url, parameter, term.slug, term.label) for term in terms)
        )

    def page_links(self, objects):
        return format_html_join(", ", '<a href="{}">{}</a>', ((self.url_of(obj), obj.name) for obj in objects))


class TimelineStep:
    def __init__(self, progress, links):
        round_ = progress.interview.round
        self.status = progress.get_status_display()
        self.round_url = links.url_of(round_)
        self.round_slug = round_.slug


class InvestmentCard:
    """Everything one card shows; `investment` has its relations prefetched (`for_listing()`)."""

    def __init__(self, investment, links, show_municipality=True, heading_level=3):
        self.anchor = investment.anchor
        self.heading_tag = f"h{heading_level}"
        self.title = investment.title
        self.is_published = investment.is_published
        self.status = investment.status
        self.status_label = capfirst(investment.get_status_display())
        if show_municipality:
            self.municipality_url = links.url_of(investment.municipality)
            self.municipality_name = investment.municipality.name
        self.show_municipality = show_municipality
        self.text = investment.text
        self.reach = investment.reach
        self.themes = links.filter_links("thema", investment.themes.all())
        self.target_groups = links.filter_links("doelgroep", investment.target_groups.all())
        self.interventions = links.page_links(investment.interventions.all())
        self.partners = format_html_join(", ", "{}", ((partner,) for partner in investment.partners.all()))
        self._set_timeline(investment, links)

    def _set_timeline(self, investment, links):
        # A card shows its history when there is more than the report's status to tell.
        timeline = getattr(investment, "timeline", ())
        origin = timeline[0].interview.round if timeline else None
        self.show_timeline = len(timeline) > 1 or bool(origin and not origin.is_report)
        self.timeline = [TimelineStep(step, links) for step in timeline] if self.show_timeline else []
        # Added after the report: the round that first names it, and when it was entered.
        self.added_in = origin.name if self.show_timeline and not origin.is_report else ""
        self.added_on = format_date(investment.created_at, "j F Y") if self.added_in else ""
