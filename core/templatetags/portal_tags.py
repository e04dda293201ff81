import re
from html import escape as _escape

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

_BULLET = re.compile(r"^( *)- (.*)$")


@register.filter
def report_text(text: str) -> str:
    """Render the fixtures' light markup: blank-line paragraphs, `- ` bullets, `  - ` nested bullets.

    Everything is escaped first; the only markup in the result is what this function writes.
    """
    blocks = []
    for block in (text or "").split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        html, depth, lead = [], 0, []
        # Levels count from the block's shallowest bullet, so a list under a lead sentence starts at 1.
        indents = [len(m.group(1)) for m in map(_BULLET.match, lines) if m]
        base_indent = min(indents, default=0)
        for line in lines:
            match = _BULLET.match(line)
            if not match:
                if depth:
                    html.append("</li></ul>" * depth)
                    depth = 0
                lead.append(escape(line.strip()))
                continue
            if lead:
                html.append(f"<p>{' '.join(lead)}</p>")
                lead = []
            level = 1 + (len(match.group(1)) - base_indent) // 2
            if level > depth:
                html.append("<ul><li>" * (level - depth))
            else:
                html.append("</li></ul>" * (depth - level) + "</li><li>")
            depth = level
            html.append(escape(match.group(2)))
        html.append("</li></ul>" * depth)
        if lead:
            html.append(f"<p>{' '.join(lead)}</p>")
        blocks.append("".join(html))
    return mark_safe("\n".join(blocks))  # noqa: S308 - built from escaped parts only


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page):
    return {"page": page, "page_query": context.get("page_query", "")}


@register.simple_tag
def municipality_links(municipalities):
    """Links to `municipalities` (each with `get_absolute_url()` and `name`), separated by commas.

    A list of interventions, lessons or bottlenecks names up to sixteen municipalities per item, a
    few hundred links a page: escaped with the standard library's `html.escape` (what Django's
    `escape` does, without its lazy-string wrapper) instead of a `format_html` per link, which took
    a third of such a page's time.
    """
    links = (f'<a href="{_escape(m.get_absolute_url())}">{_escape(m.name)}</a>' for m in municipalities)
    return mark_safe(", ".join(links))  # noqa: S308 - every value escaped


class CaptureNode(template.Node):
    # Blocks inside still take part in template inheritance: Django finds them through `nodelist`.
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output is already rendered (and escaped) template text, so it is safe as it is.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: render once, use as `{{ name }}` more than once.

    base.html captures the page's title block, which the <title> and the citation both need.
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one argument: the variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
