from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def languages(request):
    """Links to this same page in each language, for the language switch and hreflang."""
    current = get_language()
    path = request.get_full_path()
    alternates = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
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
    return {"alternate_languages": alternates}


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
