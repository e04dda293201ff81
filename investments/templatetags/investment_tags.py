from django import template

from investments.cards import CardLinks, cards_html, intervention_cards_html

register = template.Library()


def _links(context):
    # The cards of one page share their links (the list's URL, a municipality's, an intervention's):
    # kept for the whole render, so each is reversed once per page.
    links = context.render_context.get(CardLinks)
    if links is None:
        links = context.render_context[CardLinks] = CardLinks()
    return links


@register.simple_tag(takes_context=True)
def investment_card(context, investment, show_municipality=True, heading_level=3):
    return cards_html([investment], _links(context), show_municipality, heading_level)


@register.simple_tag(takes_context=True)
def investment_cards(context, investments, show_municipality=True, heading_level=3):
    """The cards of a whole list, written in Python (see `investments.cards`), not a template per card."""
    return cards_html(investments, _links(context), show_municipality, heading_level)


@register.simple_tag
def intervention_cards(interventions, sample_size):
    """The list of interventions' cards, written in Python (see `investments.cards`)."""
    return intervention_cards_html(interventions, sample_size)
