"""Turn CBS municipality boundaries (GeoJSON, WGS84) into the portal's compact SVG map geometry.

Usage: python tools/build_municipality_map.py SOURCE.geojson fixtures/geo/gemeenten-2023.json

Run once by hand when the boundaries change (a municipal merger); the output is committed, so the
portal never fetches or re-projects anything at run time. Standard library only.

Steps: project longitude/latitude to a flat plane (equirectangular, x scaled by cos(52.2°), which
is close to the Dutch RD grid at this scale), scale to a VIEW_WIDTH-wide viewBox, drop rings smaller
than MIN_AREA, simplify each ring with Douglas–Peucker at TOLERANCE, round to integers and write
each municipality as one SVG path in relative coordinates (the shortest text).
"""

import json
import math
import sys

VIEW_WIDTH = 600
TOLERANCE = 0.9  # viewBox units: about 0.4 km
MIN_AREA = 6.0  # square viewBox units: drops islets and slivers invisible at this size
COS_LAT = math.cos(math.radians(52.2))


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


def main(source, target):
    with open(source, encoding="utf-8") as handle:
        features = json.load(handle)["features"]

    def flat(lon, lat):
        return lon * COS_LAT, -lat  # north up

    xs, ys = [], []
    for feature in features:
        for polygon in polygons(feature["geometry"]):
            for lon, lat in polygon[0]:
                x, y = flat(lon, lat)
                xs.append(x)
                ys.append(y)
    scale = VIEW_WIDTH / (max(xs) - min(xs))
    left, top = min(xs), min(ys)
    height = math.ceil((max(ys) - top) * scale)

    def to_view(lon, lat):
        x, y = flat(lon, lat)
        return (x - left) * scale, (y - top) * scale

    municipalities = []
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
        municipalities.append(
            {
                "code": feature["properties"]["gemeentecode"],
                "name": feature["properties"]["gemeentenaam"],
                "d": path_data(rings),
            }
        )
    output = {
        "source": "CBS Wijk- en buurtkaart 2023, gemeentegrenzen (via PDOK)",
        "licence": "CC BY 4.0",
        "year": 2023,
        "view_box": [0, 0, VIEW_WIDTH, height],
        "municipalities": municipalities,
    }
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(output, handle, ensure_ascii=False, separators=(",", ":"))
        handle.write("\n")
    print(f"{len(municipalities)} municipalities, viewBox 0 0 {VIEW_WIDTH} {height}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
