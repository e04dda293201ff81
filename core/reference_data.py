"""The public reference data beside the project (settings.PORTAL_REFERENCE_DATA_DIR): CBS boundaries,
municipality list, RIVM and CBS figures.

The files are never copied into the repository, nor anything derived from them: the portal reads them
where the operator put them, and says so plainly where they are missing. Standard library only, so the
command-line tool in tools/ uses the same projection as the site.
"""

import csv
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_noop

BOUNDARIES = Path("geo") / "gemeenten-2023.geojson"
MUNICIPALITY_LIST = Path("geo") / "gemeenten-alfabetisch-2023.csv"
# In the boundaries file, but no municipality (CBS's code for "not assigned to a municipality").
NOT_A_MUNICIPALITY = "GM0998"
# Kept in Dutch; the maps show it in the page's language (pages.geo, pages.indicator_map).
BOUNDARY_SOURCE = gettext_noop("CBS, Wijk- en buurtkaart 2023 (gemeentegrenzen), via PDOK")

VIEW_WIDTH = 600
TOLERANCE = 0.9  # viewBox units: about 0.4 km
MIN_AREA = 6.0  # square viewBox units: drops islets and slivers invisible at this size
COS_LAT = math.cos(math.radians(52.2))


def folder() -> Path:
    return Path(settings.PORTAL_REFERENCE_DATA_DIR)


def path(relative) -> Path:
    return folder() / relative


def available(relative=BOUNDARIES) -> bool:
    return path(relative).is_file()


def read_csv(relative) -> list[dict]:
    with path(relative).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def douglas_peucker(points, tolerance):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length if length else math.hypot(px - x1, py - y1)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring_area(points):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True))) / 2


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def path_data(rings):
    parts = []
    for ring in rings:
        x, y = ring[0]
        steps = [f"M{x} {y}"]
        for nx, ny in ring[1:]:
            if (nx, ny) != (x, y):
                steps.append(f"l{nx - x} {ny - y}")
            x, y = nx, ny
        parts.append("".join(steps) + "z")
    # Relative steps: "l3 -2" ; the space before a minus sign is not needed.
    return "".join(parts).replace(" -", "-")


@dataclass(frozen=True)
class Geometry:
    """Municipality boundaries as SVG path data in a VIEW_WIDTH-wide viewBox, north up.

    `loaded` is false when the boundaries file is missing: the pages then say so instead of a map.
    """

    view_box: str = ""
    source: str = ""
    paths: dict = field(default_factory=dict)  # CBS code -> SVG path data
    names: dict = field(default_factory=dict)  # CBS code -> name in the boundaries file
    loaded: bool = False


def project(features) -> Geometry:
    """Project longitude/latitude to a flat plane (equirectangular, x scaled by cos(52.2°), close to the
    Dutch RD grid at this scale), drop rings under MIN_AREA, simplify with Douglas–Peucker and round to
    integers: one relative SVG path per municipality, the shortest text."""
    features = [f for f in features if f["properties"].get("gemeentecode") != NOT_A_MUNICIPALITY]

    def flat(lon, lat):
        return lon * COS_LAT, -lat

    xs, ys = [], []
    for feature in features:
        for polygon in polygons(feature["geometry"]):
            for lon, lat in polygon[0]:
                x, y = flat(lon, lat)
                xs.append(x)
                ys.append(y)
    if not xs:
        return Geometry(source=BOUNDARY_SOURCE, loaded=True)
    scale = VIEW_WIDTH / ((max(xs) - min(xs)) or 1)
    left, top = min(xs), min(ys)
    height = math.ceil((max(ys) - top) * scale) or 1

    def to_view(lon, lat):
        x, y = flat(lon, lat)
        return (x - left) * scale, (y - top) * scale

    paths, names = {}, {}
    for feature in sorted(features, key=lambda f: f["properties"]["gemeentecode"]):
        rings = []
        for polygon in polygons(feature["geometry"]):
            for ring in polygon:  # outer ring and holes
                points = [to_view(lon, lat) for lon, lat in ring]
                if ring_area(points) < MIN_AREA:
                    continue
                simplified = [(round(x), round(y)) for x, y in douglas_peucker(points, TOLERANCE)]
                if len(set(simplified)) >= 3:
                    rings.append(simplified)
        if not rings:  # never lose a municipality: keep its largest ring, however small
            ring = max((p[0] for p in polygons(feature["geometry"])), key=len)
            rings = [[(round(x), round(y)) for x, y in (to_view(lon, lat) for lon, lat in ring)]]
        code = feature["properties"]["gemeentecode"]
        paths[code] = path_data(rings)
        names[code] = feature["properties"].get("gemeentenaam", "")
    return Geometry(
        view_box=f"0 0 {VIEW_WIDTH} {height}", source=BOUNDARY_SOURCE, paths=paths, names=names, loaded=True
    )


@functools.cache
def _geometry(location: str, modified: float) -> Geometry:
    with open(location, encoding="utf-8") as handle:
        return project(json.load(handle)["features"])


def geometry() -> Geometry:
    """The boundaries of the folder the settings name, projected once per process (and file version)."""
    location = path(BOUNDARIES)
    try:
        modified = location.stat().st_mtime
    except OSError:
        return Geometry()
    return _geometry(str(location), modified)
