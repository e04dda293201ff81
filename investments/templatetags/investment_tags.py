from django import template

from investments.cards import CardLinks, InvestmentCard

register = template.Library()


def _links(context):
    # The cards of one page share their links (the list's URL, a municipality's, an intervention's):
    # kept for the whole render, so each is reversed once per page.
    links = context.render_context.get(CardLinks)
    if links is None:
        links = context.render_context[CardLinks] = CardLinks()
    return links


@register.inclusion_tag("includes/investment.html", takes_context=True)
def investment_card(context, investment, show_municipality=True, heading_level=3):
    return {"cards": [InvestmentCard(investment, _links(context), show_municipality, heading_level)]}


@register.inclusion_tag("includes/investment.html", takes_context=True)
def investment_cards(context, investments, show_municipality=True, heading_level=3):
    """The cards of a whole list in one render of the card template, not one render per card."""
    links = _links(context)
    return {
        "cards": [InvestmentCard(investment, links, show_municipality, heading_level) for investment in investments]
    }
