"""Lists that grow with the number of municipalities show a selection of them, by name.

Sixteen is the report's number of municipalities: a visitor of the report's data sees every name,
as before; at national scale a list names the first sixteen and links to the page that has them all.
"""

from typing import NamedTuple

from pages.geo import municipality_url

MUNICIPALITY_SAMPLE = 16


class Link(NamedTuple):
    """A municipality as `municipality_links` shows it, built from plain data."""

    url: str
    name: str

    def get_absolute_url(self):
        return self.url


def links(pairs) -> list[Link]:
    """(slug, name) pairs as links in the current language, made for this request."""
    url = municipality_url()
    return [Link(url(slug), name) for slug, name in pairs]
