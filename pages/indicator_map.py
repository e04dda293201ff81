"""The map of one indicator (`/kaart/`): every municipality coloured by its value in a chosen year and
age group, in classes of equal counts (quintiles), white where there is no figure.

Built in Python like pages.geo (342 links and rows through the template engine cost most of a page's
time) and kept per content version, choice and language in this process.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.reference_data import geometry
from indicators.models import NETHERLANDS
from pages.charts import as_text

from .geo import municipality_url

CLASSES = 5


@dataclass(frozen=True)
class LegendClass:
    number: int
    low: str
    high: str
    count: int


def class_bounds(values: list[Decimal]) -> list[Decimal]:
    """The upper bound of each class but the last: quintiles of the values, so each colour holds about
    as many municipalities; fewer classes when the values repeat."""
    ordered = sorted(values)
    if not ordered:
        return []
    bounds = []
    for index in range(1, CLASSES):
        bound = ordered[min(len(ordered) - 1, (index * len(ordered)) // CLASSES)]
        if (not bounds or bound > bounds[-1]) and bound < ordered[-1]:
            bounds.append(bound)
    return bounds


def class_of(value, bounds) -> int:
    return next((index for index, bound in enumerate(bounds) if value < bound), len(bounds))


def indicator_map(municipalities, values: dict[str, Decimal], indicator, rounds: dict) -> dict:
    """`municipalities`: (pk, name, slug, cbs_code, province label) of every published municipality;
    `values`: {CBS code: value} of the chosen year and age group, NL01 included; `rounds`: {pk: rounds}."""
    shapes = geometry()
    url = municipality_url()
    own = [values[m[3]] for m in municipalities if m[3] in values]
    bounds = class_bounds(own)
    classes = {}
    for number in range(len(bounds) + 1):
        members = [v for v in own if class_of(v, bounds) == number]
        if members:
            classes[number] = LegendClass(
                number, as_text(min(members), indicator), as_text(max(members), indicator), len(members)
            )
    none, took_part = gettext("geen cijfer"), gettext("deed mee aan")
    links, rows = [], []
    for pk, name, slug, code, province in municipalities:
        value = values.get(code)
        css = "none" if value is None else f"class-{class_of(value, bounds)}"
        shown = none if value is None else as_text(value, indicator)
        joined = ", ".join(round_name for _slug, round_name in rounds.get(pk, ()))
        label = f"{name}: {shown}" + (f"; {took_part} {joined}" if joined else "")
        if code in shapes.paths:
            links.append(
                format_html(
                    '<a href="{}" class="portal-indicator-map__link portal-indicator-map__{}{}" aria-label="{}">'
                    '<title>{}</title><path d="{}"/></a>',
                    url(slug),
                    css,
                    " portal-indicator-map__study" if joined else "",
                    label,
                    label,
                    shapes.paths[code],
                )
            )
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td>'
                '<td class="portal-number">{}</td><td>{}</td></tr>',
                url(slug),
                name,
                province,
                shown,
                joined,
            )
        )
    return {
        "loaded": shapes.loaded,
        "view_box": shapes.view_box,
        "source": gettext(shapes.source),  # core.reference_data.BOUNDARY_SOURCE, in Dutch
        "legend": list(classes.values()),
        "missing": sum(1 for m in municipalities if m[3] not in values),
        "national": as_text(values.get(NETHERLANDS), indicator),
        "links": mark_safe("".join(links)),  # noqa: S308 - joined from format_html's escaped parts
        "rows": mark_safe("".join(rows)),  # noqa: S308 - joined from format_html's escaped parts
    }
