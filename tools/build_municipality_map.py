"""Draw the portal's map from the CBS boundaries (GeoJSON, WGS84) as a stand-alone SVG, to check it.

Usage: python tools/build_municipality_map.py [SOURCE.geojson] OUTPUT.svg

SOURCE defaults to geo/gemeenten-2023.geojson in PORTAL_REFERENCE_DATA_DIR (../shared/data). The site
itself projects the same file at run time (core.reference_data.project, once per process): neither the
boundaries nor anything made from them is committed. Write OUTPUT outside the repository.
"""

import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main(arguments):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from core import reference_data

    *source, target = arguments
    location = Path(source[0]) if source else reference_data.path(reference_data.BOUNDARIES)
    geometry = reference_data.project(json.loads(location.read_text(encoding="utf-8"))["features"])
    paths = "".join(f'<path d="{d}"><title>{code}</title></path>' for code, d in geometry.paths.items())
    Path(target).write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{geometry.view_box}" fill="#ddd" stroke="#fff">'
        f"{paths}</svg>\n",
        encoding="utf-8",
    )
    print(f"{len(geometry.paths)} municipalities, viewBox {geometry.view_box}")


if __name__ == "__main__":
    main(sys.argv[1:])
