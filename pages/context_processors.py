from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _


def languages(request):
    """Links to this same page in each language, for the language switch and hreflang.

    Built from the resolved route, never from the raw path: a path such as `//evil.example/` must
    not come back as a link. A request that resolved to nothing (a 404) links to each language's
    home page and announces no alternates.
    """
    current = get_language()
    match = getattr(request, "resolver_match", None)
    query = request.GET.urlencode()
    alternates = []
    for code, name in settings.LANGUAGES:
        with override(code):
            if match is None or not match.view_name:
                url = reverse("home")
            else:
                url = reverse(match.view_name, args=match.args, kwargs=match.captured_kwargs)
                url = f"{url}?{query}" if query else url
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": url,
                # Search engines want full addresses in hreflang links.
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    # The address printed and cited for this page, from the same route: none for a 404.
    page_url = next((item["absolute_url"] for item in alternates if item["is_current"]), "") if match else ""
    return {
        "alternate_languages": alternates,
        "hreflang_alternates": alternates if match else [],
        "page_url": page_url,
    }


# (url name, label, URL names that count as being inside this section)
_NAVIGATION = (
    ("home", _("Overzicht"), {"home"}),
    ("municipalities:list", _("Gemeenten"), {"municipalities:list", "municipalities:detail"}),
    ("investments:investment_list", _("Investeringen"), {"investments:investment_list"}),
    (
        "investments:intervention_list",
        _("Interventies"),
        {"investments:intervention_list", "investments:intervention_detail"},
    ),
    ("lessons:lesson_list", _("Lessen"), {"lessons:lesson_list", "lessons:lesson_detail"}),
    ("lessons:bottleneck_list", _("Knelpunten"), {"lessons:bottleneck_list", "lessons:bottleneck_detail"}),
    ("compare", _("Vergelijken"), {"compare"}),
    ("rounds:list", _("Rondes"), {"rounds:list", "rounds:detail"}),
    # Open data is one of the portal's products, not a footnote: in the menu as well as the footer.
    ("open_data", _("Open data"), {"open_data"}),
)


def navigation(request):
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {
        "navigation": [
            {"url": reverse(name), "label": label, "is_current": current in section}
            for name, label, section in _NAVIGATION
        ]
    }
