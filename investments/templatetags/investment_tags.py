from django import template
from django.urls import reverse

register = template.Library()


def _shows_timeline(investment) -> bool:
    """A card shows its history when there is more than the report's status to tell."""
    timeline = getattr(investment, "timeline", ())
    return len(timeline) > 1 or bool(timeline and not timeline[0].interview.round.is_report)


@register.inclusion_tag("includes/investment.html")
def investment_card(investment, show_municipality=True, heading_level=3):
    # Cards repeat twenty to a page: what is the same for every card or needs Python is worked out
    # here once, so the template reads values and runs no relation manager twice.
    return {
        "investment": investment,
        "show_municipality": show_municipality,
        "heading_tag": f"h{heading_level}",
        "show_timeline": _shows_timeline(investment),
        "list_url": reverse("investments:investment_list"),
        "themes": investment.themes.all(),
        "target_groups": investment.target_groups.all(),
        "interventions": investment.interventions.all(),
        "partners": investment.partners.all(),
    }
