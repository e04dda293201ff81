"""A quote and a tip as a figure with its caption, written in Python.

Pages list up to thirty quotes and thirty tips (a bottleneck, a municipality, the lists): through a
template each, with a translation tag per caption part, they took most of those pages' time. The
markup is what the templates wrote, byte for byte, and escaped the same way: a translated phrase as
{% translate %} does, the values inside a sentence as {% blocktranslate %} does.
"""

from django import template
from django.template.defaultfilters import capfirst
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _translated(message) -> SafeString:
    """What {% translate message %} writes."""
    return conditional_escape(gettext(message))


def _sentence(message, **values) -> SafeString:
    """What {% blocktranslate with name=value %}...{% endblocktranslate %} writes: the translation as
    it stands, the values escaped."""
    return mark_safe(gettext(message) % {key: conditional_escape(value) for key, value in values.items()})  # noqa: S308


def _figure(css_class, item, caption) -> SafeString:
    badge = (
        ""
        if item.is_published
        else format_html('<strong class="portal-draft-badge">{}</strong>', _translated("Concept, niet openbaar"))
    )
    return format_html(
        '<figure class="{}">\n  {}\n  <blockquote lang="nl"><p>“{}”</p></blockquote>\n'
        "  <figcaption>{}</figcaption>\n</figure>\n",
        css_class,
        badge,
        item.text,
        caption,
    )


def _joined(parts) -> SafeString:
    return mark_safe("".join(conditional_escape(part) for part in parts))  # noqa: S308 - each part escaped


class _Urls:
    """Each record's address reversed once for the blocks of one call: a page lists up to thirty
    quotes or tips of a few findings and municipalities."""

    def __init__(self):
        self._known = {}

    def of(self, obj) -> str:
        key = (type(obj), obj.pk)
        if key not in self._known:
            self._known[key] = obj.get_absolute_url()
        return self._known[key]


def _quote_html(quote, show_finding, show_municipality, urls) -> SafeString:
    caption = []
    if show_municipality:
        if quote.municipality:
            if quote.speaker_role:
                caption.append(format_html('<span lang="nl">{}</span>, ', capfirst(quote.speaker_role)))
            caption.append(_sentence("gemeente %(name)s", name=quote.municipality.name))
        else:
            caption.append(_translated("Geïnterviewde gemeenten (geen gemeente genoemd)"))
    finding = (quote.lesson or quote.bottleneck) if show_finding else None
    if finding:
        if show_municipality:
            caption.append(" · ")
        caption.append(format_html('<a href="{}">{}</a>', urls.of(finding), finding.title))
    if quote.round_id and not quote.round.is_report:
        caption.append(" · ")
        caption.append(_sentence("uit %(round)s, na het rapport toegevoegd", round=quote.round.name))
    return _figure("portal-quote", quote, _joined(caption))


def _tip_html(tip, show_municipality, show_bottleneck, urls) -> SafeString:
    caption = []
    if show_municipality:
        caption.append(
            format_html(
                '{} <a href="{}">{}</a>',
                _translated("Tip van"),
                urls.of(tip.municipality),
                _sentence("gemeente %(name)s", name=tip.municipality.name),
            )
        )
    if show_municipality and show_bottleneck:
        caption.append(" · ")
    if show_bottleneck:
        caption.append(
            format_html('{} <a href="{}">{}</a>', _translated("Tip bij"), urls.of(tip.bottleneck), tip.bottleneck.title)
        )
    return _figure("portal-quote portal-tip", tip, _joined(caption))


@register.simple_tag
def quote_block(quote, show_finding=False, show_municipality=True):
    """A quote with who said it (unless `show_municipality` is off), the lesson or bottleneck it
    illustrates (with `show_finding`) and the round that added it, if not the report."""
    return _quote_html(quote, show_finding, show_municipality, _Urls())


@register.simple_tag
def quote_blocks(quotes, show_finding=False, show_municipality=True):
    """`quote_block` of each of `quotes`, one after another."""
    urls = _Urls()
    return mark_safe("".join(_quote_html(quote, show_finding, show_municipality, urls) for quote in quotes))  # noqa: S308


@register.simple_tag
def tip_block(tip, show_municipality=False, show_bottleneck=False):
    """A tip with the municipality that gives it and the bottleneck it belongs to, as asked."""
    return _tip_html(tip, show_municipality, show_bottleneck, _Urls())


@register.simple_tag
def tip_blocks(tips, show_municipality=False, show_bottleneck=False):
    """`tip_block` of each of `tips`, one after another."""
    urls = _Urls()
    return mark_safe("".join(_tip_html(tip, show_municipality, show_bottleneck, urls) for tip in tips))  # noqa: S308
