"""The body of a lesson or bottleneck page: its paragraphs with each quote where the report puts it.

The text stays one plain field and every quote knows the paragraph it follows (`Quote.paragraph`);
this module interleaves the two in Python, so the template only loops and no block costs a query.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.templatetags.portal_tags import report_text

# The report's only cross-reference between findings; the page turns it into a link.
REFERENCE_PHRASE = "zoals hierboven beschreven"


@dataclass
class Block:
    html: SafeString | None = None  # a paragraph, already rendered
    quote: object = None  # or a Quote


@dataclass
class Body:
    blocks: list[Block]
    other_quotes: list  # quotes without a place in the text, shown under it


def finding_body(finding, quotes) -> Body:
    """`quotes` are the finding's quotes the visitor may see, in order, fetched once by the view."""
    paragraphs = [paragraph for paragraph in (finding.text or "").split("\n\n") if paragraph.strip()]
    placed, other_quotes = {}, []
    for quote in quotes:
        if quote.in_text:
            continue  # part of a sentence of the text: showing it again would say it twice
        if quote.paragraph and 1 <= quote.paragraph <= len(paragraphs):
            placed.setdefault(quote.paragraph, []).append(quote)
        else:
            other_quotes.append(quote)  # no place, or a place the edited text no longer has
    target = finding.refers_to  # select_related by the view
    # Only a published target is linked: a draft's page would answer 404 to a visitor.
    link = None
    if target is not None and target.is_published:
        link = format_html('<a href="{}">{}</a>', target.get_absolute_url(), REFERENCE_PHRASE)
    blocks = []
    for number, paragraph in enumerate(paragraphs, start=1):
        html = report_text(paragraph)
        if link:
            # report_text escapes the text; the phrase has no characters that escaping changes.
            html = mark_safe(html.replace(REFERENCE_PHRASE, link, 1))  # noqa: S308 - escaped text, built link
        blocks.append(Block(html=html))
        blocks += [Block(quote=quote) for quote in placed.get(number, [])]
    return Body(blocks=blocks, other_quotes=other_quotes)
