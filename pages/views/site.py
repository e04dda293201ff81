import datetime

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.search import MAX_QUERY_LENGTH
from pages.overview import comparison_matrix, investments_per_theme, key_figures, municipalities_by_province
from pages.search import search_site
from report.models import ReportSection
from rounds.models import Progress, Round


def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "figures": key_figures(),
            "theme_bars": investments_per_theme(),
            "provinces": municipalities_by_province(),
        },
    )


def compare(request):
    # ?ronde=<slug> compares by what that research round recorded; an unknown round is ignored.
    rounds = list(Round.objects.published().chronological())
    chosen = next((item for item in rounds if item.slug == request.GET.get("ronde")), None)
    progress = Progress.objects.published().filter(interview__round=chosen) if chosen else None
    return render(
        request, "portal/compare.html", {**comparison_matrix(progress), "rounds": rounds, "chosen_round": chosen}
    )


def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    groups = []
    if "\x00" in query:
        # PostgreSQL cannot hold a NUL character in a text value, so such a query is refused.
        error = _("Uw zoekopdracht bevat een ongeldig teken.")
    elif len(query) > MAX_QUERY_LENGTH:
        error = _("Uw zoekopdracht is te lang. Gebruik hooguit %(max)s tekens.") % {"max": MAX_QUERY_LENGTH}
    elif query:
        groups = search_site(query)
    status = 400 if error else 200
    return render(
        request,
        "portal/search.html",
        {"query": query, "groups": groups, "error": error, "result_count": sum(len(g.results) for g in groups)},
        status=status,
    )


def about(request):
    sections = {section.slug: section for section in ReportSection.objects.all()}
    return render(request, "portal/about.html", {"sections": sections, "all_sections": sections.values()})


def accessibility(request):
    return render(request, "portal/accessibility.html")


def privacy(request):
    return render(request, "portal/privacy.html")


@require_GET
def security_txt(request):
    expires = (timezone.now() + datetime.timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: nl, en",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
        f"Policy: {settings.SECURITY_POLICY_URL}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /beheer/",
        "Disallow: /zoeken/",
        "Disallow: /en/zoeken/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on every page, also in the admin, which has no icon link.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
