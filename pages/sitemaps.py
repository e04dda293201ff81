"""/sitemap.xml: every public page in Dutch and English, with hreflang alternates.

The sections below say what is in the sitemap (Django's sitemap classes). Django's own view renders
them through the template engine and reverses every URL once per language per alternate: at national
scale that is 800 entries, 3,000 reverses and a template loop of 6,000 values on every request,
for a list that changes only when published content does. So `sitemap` works out the entries'
paths and dates once per content version (core.derived; the sitemap holds only published content,
whoever asks) and writes the XML in Python per request, with the request's own origin. The XML is
the same as Django's template gives, byte for byte.
"""

from html import escape

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from core.derived import per_content_version
from core.sitemaps import PortalSitemap
from investments.sitemaps import InterventionSitemap
from lessons.sitemaps import BottleneckSitemap, LessonSitemap
from municipalities.sitemaps import MunicipalitySitemap


class StaticPageSitemap(PortalSitemap):
    def items(self):
        return [
            "home",
            "municipalities:list",
            "investments:investment_list",
            "investments:intervention_list",
            "lessons:lesson_list",
            "lessons:bottleneck_list",
            "lessons:tip_list",
            "lessons:quote_list",
            "compare",
            "map",
            "about",
            "open_data",
            "accessibility",
            "privacy",
            "contact",
            "recent",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "gemeenten": MunicipalitySitemap,
    "interventies": InterventionSitemap,
    "lessen": LessonSitemap,
    "knelpunten": BottleneckSitemap,
}

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
TAIL = "\n</urlset>\n"


def _entries() -> list[tuple]:
    """[(path, lastmod 'YYYY-MM-DD' or '', ((language, path), ...))]: one entry per page per language.

    Each item's path is reversed once per language (Django reverses it again for every alternate).
    The paths are escaped here, once per version (as the template would: the standard library's
    escape gives plain strings, which join faster than Django's SafeStrings); the origin is added
    per request.
    """
    languages = [code for code, _name in settings.LANGUAGES]
    entries = []
    for section in SITEMAPS.values():
        sitemap = section()
        lastmod = getattr(sitemap, "lastmod", None)
        for item in sitemap.items():
            paths = {}
            for language in languages:
                with translation.override(language):
                    paths[language] = escape(sitemap.location(item))
            modified = lastmod(item) if lastmod else None
            day = timezone.localdate(modified).isoformat() if modified else ""
            # x-default is the site's default language, whose paths have no language prefix.
            default = paths[settings.LANGUAGE_CODE].replace(f"/{settings.LANGUAGE_CODE}/", "/", 1)
            alternates = (*paths.items(), ("x-default", default))
            entries.extend((paths[language], day, alternates) for language in languages)
    return entries


def _xml(origin: str, entries) -> str:
    parts = [HEAD]
    for path, day, alternates in entries:
        parts.append(f"<url><loc>{origin}{path}</loc>")
        if day:
            parts.append(f"<lastmod>{day}</lastmod>")
        parts.extend(
            f'<xhtml:link rel="alternate" hreflang="{language}" href="{origin}{href}"/>'
            for language, href in alternates
        )
        parts.append("</url>")
    parts.append(TAIL)
    return "".join(parts)


@require_GET
def sitemap(request):
    # Django's view pages at 50,000 URLs (`?p=`); this sitemap is far below that: one page.
    if request.GET.get("p", "1") != "1":
        raise Http404
    entries = per_content_version("sitemap:entries", _entries)
    origin = escape(f"{request.scheme}://{request.get_host()}")
    return HttpResponse(_xml(origin, entries), content_type="application/xml")
