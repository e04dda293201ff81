from django import template

register = template.Library()


@register.inclusion_tag("includes/quote.html")
def quote_block(quote, show_finding=False, show_municipality=True):
    return {
        "quote": quote,
        "finding": (quote.lesson or quote.bottleneck) if show_finding else None,
        "show_municipality": show_municipality,
    }
