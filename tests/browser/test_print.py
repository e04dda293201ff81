import re

import pytest

from municipalities.models import Municipality

pytestmark = pytest.mark.browser

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?!s)")


def test_every_municipality_prints_on_at_most_two_a4_pages(page, site):
    # The issue asks for a clean one- or two-page summary; Chromium's PDF output is what a
    # visitor's "print" produces, so count its pages.
    page_counts = {}
    for municipality in Municipality.objects.published().order_by("name"):
        page.goto(f"{site}{municipality.get_absolute_url()}")
        pdf = page.pdf(prefer_css_page_size=True)
        page_counts[municipality.name] = len(PAGE_OBJECT.findall(pdf))

    assert len(page_counts) == 16
    assert all(1 <= count <= 2 for count in page_counts.values()), page_counts
