"""Small bar charts of an indicator over the years, drawn server-side as SVG (no script, no style
attributes: the content security policy allows neither inline). Each chart sits beside a table with
the same numbers, which is what a screen reader reads; the chart itself is hidden from it.

Per year three bars: the municipality, the median of its province (with a line from the lowest to the
highest municipality) and Nederland. Colours from the Okabe–Ito palette (colour-blind safe), and the
bars are in the same order every year and labelled in the legend, so colour is never the only cue.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 220
TOP, BOTTOM, LEFT = 18, 26, 8
BAR, GAP = 26, 4


def number(value, decimals=1) -> str:
    return "" if value is None else number_format(value, decimals, use_l10n=True, force_grouping=decimals == 0)


def _bar(kind, x, value, scale, label) -> SafeString:
    if value is None:
        return format_html(
            '<text class="portal-chart__none" x="{}" y="{}" text-anchor="middle">–</text>',
            x + BAR / 2,
            HEIGHT - BOTTOM - 4,
        )
    height = float(value) * scale
    y = HEIGHT - BOTTOM - height
    return format_html(
        '<rect class="portal-chart__{}" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="portal-chart__value" x="{}" y="{}" text-anchor="middle">{}</text>',
        kind,
        x,
        f"{y:.1f}",
        BAR,
        f"{height:.1f}",
        x + BAR / 2,
        f"{y - 3:.1f}",
        label,
    )


def series_chart(series) -> SafeString:
    """The SVG of a Series (indicators.selectors) of percentages."""
    points = series.points
    if not points:
        return mark_safe("")
    highest = max(
        [float(v) for p in points for v in (p.own, p.national, p.spread.high if p.spread else None) if v is not None]
        or [1.0]
    )
    scale = (HEIGHT - TOP - BOTTOM) / (highest or 1)
    group = 3 * BAR + 2 * GAP
    spacing = max(group + 24, (WIDTH - LEFT) // len(points))
    parts = []
    for index, point in enumerate(points):
        x = LEFT + index * spacing
        parts.append(_bar("own", x, point.own, scale, number(point.own)))
        median = point.spread.median if point.spread else None
        parts.append(_bar("province", x + BAR + GAP, median, scale, ""))
        if point.spread:
            middle = x + BAR + GAP + BAR / 2
            parts.append(
                format_html(
                    '<line class="portal-chart__range" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                    middle,
                    middle,
                    f"{HEIGHT - BOTTOM - float(point.spread.low) * scale:.1f}",
                    f"{HEIGHT - BOTTOM - float(point.spread.high) * scale:.1f}",
                )
            )
        parts.append(_bar("national", x + 2 * (BAR + GAP), point.national, scale, number(point.national)))
        parts.append(
            format_html(
                '<text class="portal-chart__year" x="{}" y="{}" text-anchor="middle">{}</text>',
                x + group / 2,
                HEIGHT - 6,
                point.year,
            )
        )
    width = max(WIDTH, LEFT + len(points) * spacing)
    return format_html(
        '<svg class="portal-chart__svg" viewBox="0 0 {} {}" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg"><line class="portal-chart__axis" x1="0" x2="{}" y1="{}" y2="{}"/>{}</svg>',
        width,
        HEIGHT,
        width,
        HEIGHT - BOTTOM,
        HEIGHT - BOTTOM,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def decimal_places(indicator) -> int:
    return 1 if indicator.is_percentage else 0


def as_text(value: Decimal | None, indicator) -> str:
    return number(value, decimal_places(indicator))
