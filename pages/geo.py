"""The map of the Netherlands: municipality boundaries from CBS, drawn server-side as inline SVG.

The geometry comes from the reference data folder (core.reference_data), projected and simplified once
per process; without that folder the pages say the map is not loaded. A municipality in the data is
matched to its boundary by CBS code and becomes a link, coloured by its number of investments; every
other boundary is drawn as one grey background path.
"""

import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from core.reference_data import geometry

LEVELS = 4  # colour classes above zero; the legend names their ranges


@dataclass
class MapArea:
    municipality: object
    completed: int
    planned: int
    level: int
    path: str  # "" when the code has no boundary (listed in the table, not drawn)

    @property
    def total(self) -> int:
        return self.completed + self.planned


def _level(count: int, largest: int) -> int:
    return 0 if count == 0 else min(LEVELS, math.ceil(LEVELS * count / largest))


def _legend(largest: int) -> list[dict]:
    entries = [{"level": 0, "low": 0, "high": 0}]
    for level in range(1, LEVELS + 1):
        # The counts that _level() puts in this class.
        low = math.floor((level - 1) * largest / LEVELS) + 1
        high = math.floor(level * largest / LEVELS)
        if low <= high:
            entries.append({"level": level, "low": low, "high": high})
    return entries


def municipality_url():
    """A function slug -> the municipality page's address in the current language.

    One reverse() instead of one per municipality: at 342 municipalities (map, table and lists)
    resolving each address costs more than the rest of the map together.
    """
    marker = "slug-placeholder"
    before, after = reverse("municipalities:detail", kwargs={"slug": marker}).rsplit(marker, 1)
    return lambda slug: f"{before}{slug}{after}"


def _area_links(areas, url) -> SafeString:
    """The coloured municipalities as SVG links, each named by its numbers for screen readers."""
    done, planned = gettext("gedaan"), gettext("gepland")
    return mark_safe(  # noqa: S308 - joined from format_html's escaped parts
        "".join(
            format_html(
                '<a href="{}" class="portal-map__link portal-map__level-{}" aria-label="{}"><title>{}: {} {}, {} {}'
                '</title><path d="{}"/></a>',
                url(area.municipality.slug),
                area.level,
                ngettext("%(name)s: %(counter)s investering", "%(name)s: %(counter)s investeringen", area.total)
                % {"name": area.municipality.name, "counter": area.total},
                area.municipality.name,
                area.completed,
                done,
                area.planned,
                planned,
                area.path,
            )
            for area in areas
            if area.path
        )
    )


def _table_rows(areas, url) -> SafeString:
    """The map's text alternative: a table row per municipality with the same numbers."""
    missing = format_html(" {}", gettext("(niet op de kaart)"))
    return mark_safe(  # noqa: S308 - joined from format_html's escaped parts
        "".join(
            format_html(
                '<tr><th scope="row"><a href="{}">{}</a>{}</th><td class="portal-number">{}</td>'
                '<td class="portal-number">{}</td><td class="portal-number">{}</td></tr>',
                url(area.municipality.slug),
                area.municipality.name,
                "" if area.path else missing,
                area.completed,
                area.planned,
                area.total,
            )
            for area in areas
        )
    )


class DrawnWhenRead(dict):
    """A map's parts, drawn by `draw()` when the template first reads one: a page keeps a map as a
    fragment (`{% fragment %}`), and a kept fragment needs none of it. Always true, as a drawn map is."""

    def __init__(self, draw):
        super().__init__()
        self._draw = draw

    def __missing__(self, key):
        self.update(self._draw())
        return self[key]

    def __bool__(self):
        return True


def municipality_map(municipalities, table=True) -> dict:
    """The map of `municipalities`, each annotated with completed_count and planned_count.

    No queries: the caller's list (already counted, possibly for one theme) is all it needs.
    `table=False` leaves out the text alternative's rows, for a page whose own table gives the numbers.
    """
    shapes = geometry()
    municipalities = list(municipalities)
    largest = max((m.completed_count + m.planned_count for m in municipalities), default=0) or 1
    areas = [
        MapArea(
            municipality=m,
            completed=m.completed_count,
            planned=m.planned_count,
            level=_level(m.completed_count + m.planned_count, largest),
            path=shapes.paths.get(m.cbs_code, ""),
        )
        for m in municipalities
    ]
    linked = {m.cbs_code for m in municipalities}
    url = municipality_url()
    return {
        "loaded": shapes.loaded,
        "view_box": shapes.view_box,
        "source": gettext(shapes.source),  # core.reference_data.BOUNDARY_SOURCE, in Dutch
        "background": "".join(path for code, path in shapes.paths.items() if code not in linked),
        "areas": areas,
        "legend": _legend(largest),
        # The 342 links and table rows, built in Python: through the template engine they took most of
        # the page's time.
        "links": _area_links(areas, url),
        "table_rows": _table_rows(areas, url) if table else "",
    }


def locator_map(code: str) -> dict:
    """The country in grey with one municipality drawn over it: where a municipality lies."""
    shapes = geometry()
    return {
        "loaded": shapes.loaded and code in shapes.paths,
        "view_box": shapes.view_box,
        "background": "".join(shapes.paths.values()),
        "own": shapes.paths.get(code, ""),
    }
