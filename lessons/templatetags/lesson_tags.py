"""Quotes and tips as figures with their captions (templates/includes/quote.html and tip.html).

A list of them (up to thirty on a page) is kept as one fragment per content version, language and
list (core/templatetags/fragment_tags.py): rendered through the templates, a caption's translation
tags were most of those pages' time.
"""

from django import template

register = template.Library()


@register.inclusion_tag("includes/quote.html")
def quote_block(quote, show_finding=False, show_municipality=True):
    """A quote with who said it (unless `show_municipality` is off), the lesson or bottleneck it
    illustrates (with `show_finding`) and the round that added it, if not the report."""
    return {"quote": quote, "show_finding": show_finding, "show_municipality": show_municipality}


@register.inclusion_tag("includes/quotes.html", takes_context=True)
def quote_blocks(context, quotes, show_finding=False, show_municipality=True):
    """`quote_block` of each of `quotes`, one after another."""
    return {
        "request": context.get("request"),
        "quotes": quotes,
        "show_finding": show_finding,
        "show_municipality": show_municipality,
    }


@register.inclusion_tag("includes/tip.html")
def tip_block(tip, show_municipality=False, show_bottleneck=False):
    """A tip with the municipality that gives it and the bottleneck it belongs to, as asked."""
    return {"tip": tip, "show_municipality": show_municipality, "show_bottleneck": show_bottleneck}


@register.inclusion_tag("includes/tips.html", takes_context=True)
def tip_blocks(context, tips, show_municipality=False, show_bottleneck=False):
    """`tip_block` of each of `tips`, one after another."""
    return {
        "request": context.get("request"),
        "tips": tips,
        "show_municipality": show_municipality,
        "show_bottleneck": show_bottleneck,
    }
