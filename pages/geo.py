"""The map of the Netherlands: municipality boundaries from CBS, drawn server-side as inline SVG.

The geometry (fixtures/geo/, made by tools/build_municipality_map.py) is already projected and
simplified; it is read once per process. A municipality in the data is matched to its boundary by
CBS code and becomes a link, coloured by its number of investments; every other boundary is drawn
as one grey background path.
"""

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

GEOMETRY_FILE = Path(settings.BASE_DIR) / "fixtures" / "geo" / "gemeenten-2023.json"
LEVELS = 4  # colour classes above zero; the legend names their ranges


@dataclass(frozen=True)
class Geometry:
    view_box: str
    source: str
    paths: dict  # CBS code -> SVG path data


@functools.cache
def geometry() -> Geometry:
    data = json.loads(GEOMETRY_FILE.read_text(encoding="utf-8"))
    return Geometry(
        view_box=" ".join(str(number) for number in data["view_box"]),
        source=data["source"],
        paths={item["code"]: item["d"] for item in data["municipalities"]},
    )


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


def municipality_map(municipalities) -> dict:
    """The map of `municipalities`, each annotated with completed_count and planned_count.

    No queries: the caller's list (already counted, possibly for one theme) is all it needs.
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
    return {
        "view_box": shapes.view_box,
        "source": shapes.source,
        "background": "".join(path for code, path in shapes.paths.items() if code not in linked),
        "areas": areas,
        "legend": _legend(largest),
    }
