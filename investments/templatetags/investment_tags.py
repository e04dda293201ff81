from django import template

from investments.cards import card_history

register = template.Library()

register.filter("card_history", card_history)


@register.inclusion_tag("includes/investment_cards.html", takes_context=True)
def investment_cards(context, investments, show_municipality=True, heading_level=3):
    """The cards of a list, kept as one fragment per content version, language and list: a list that
    is read lazily (investments.selectors.CardList) is read from the database only when the fragment is not kept."""
    return {
        "request": context.get("request"),
        "cards": investments,
        "show_municipality": show_municipality,
        "heading_level": heading_level,
    }
