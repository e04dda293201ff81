import datetime
from collections import defaultdict

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.page_cache import not_stored
from core.search import MAX_QUERY_LENGTH
from indicators import selectors
from indicators.selectors import AGE_LABELS
from investments.models import STATUS_BY_SLUG, Theme
from pages.downloads import table_download
from pages.feeds import recent_changes
from pages.forms import ComparisonForm, MapThemeForm, use_fast_selects
from pages.geo import DrawnWhenRead, municipality_map, municipality_url
from pages.overview import (
    CHECKBOX_CHOICE_MAX,
    choose_municipalities,
    comparison_figures,
    comparison_findings,
    comparison_matrix,
    comparison_options,
    comparison_table,
    investments_per_theme,
    key_figures,
    mapped_municipalities,
    municipalities_by_province,
    municipality_select_html,
    single_view,
)
from pages.search import FacetError, SearchOutcome, search_site
from report.models import ReportSection
from rounds.models import Progress, Round
from rounds.selectors import published_rounds

from .country import drawn_indicator_map, latest_choice


def _home_indicator(request):
    """The home map coloured by a figure (?kaartindicator=eenzaam) in its latest year, instead of by
    investments; an unknown one is ignored (and the page not kept)."""
    slug = request.GET.get("kaartindicator", "")
    known = selectors.indicators()
    choice = latest_choice(slug) if slug in known else None
    if slug and choice is None:
        not_stored()
    options = [
        (indicator, indicator.slug == slug) for indicator in known.values() if indicator.slug in selectors.available()
    ]
    if choice is None:
        return {"indicator_options": options}
    indicator = known[slug]
    return {
        "indicator_options": options,
        "indicator": indicator,
        "choice": choice,
        "age_label": AGE_LABELS.get(choice[2], ""),
        "drawn": drawn_indicator_map(indicator, choice[1], choice[2]),
    }


def home(request):
    user = request.user
    map_form = MapThemeForm(request.GET or None)
    map_theme = map_form.theme()

    def municipalities():
        return mapped_municipalities(map_theme, user=user)

    return render(
        request,
        "portal/home.html",
        {
            "figures": key_figures(user=user),
            "theme_bars": investments_per_theme(user=user),
            # The map's 342 areas and the lists by province are drawn only when the page's fragments
            # of them are not kept.
            "map": DrawnWhenRead(lambda: municipality_map(municipalities())),
            "provinces": SimpleLazyObject(lambda: municipalities_by_province(municipalities(), url=municipality_url())),
            "map_form": map_form,
            "map_theme": map_theme,
            **_home_indicator(request),
        },
    )


MAX_UNKNOWN_SHOWN = 5


# What the forms that switch the comparison's view carry along of the current choice.
COMPARISON_CHOICE = ("gemeente", "thema", "provincie", "status", "ronde", "indicator", "jaar")


def compare(request):
    options = comparison_options()
    # ?ronde=<slug> compares by what that research round recorded; an unknown round is ignored.
    # The published rounds are an option list, the same for every visitor: read once per content version.
    rounds = published_rounds(user=request.user)
    # The indicators with figures (none without the reference data) and their years.
    choices = selectors.comparison_choices()
    form = ComparisonForm(request.GET, **options, rounds=rounds, indicators=choices.indicators, years=choices.all_years)
    use_fast_selects(form)  # its selects without a template per option
    if form.errors:
        not_stored()  # a refused choice: answered without it, not kept
    chosen_round = next((item for item in rounds if item.slug == form.value("ronde")), None)
    progress = Progress.objects.published().filter(interview__round=chosen_round) if chosen_round else None
    # One unknown name makes the whole field invalid; the known ones are still compared, and the
    # unknown ones are named on the page (above the choice, which may be folded away).
    asked = [slug.strip() for slug in request.GET.getlist("gemeente") if slug.strip()]
    allowed = form.fields["gemeente"].allowed
    unknown = [slug for slug in asked if slug not in allowed][:MAX_UNKNOWN_SHOWN]
    slugs = form.value("gemeente", ()) or [slug for slug in asked if slug in allowed]
    municipalities, selection = choose_municipalities(options["municipalities"], slugs, form.value("provincie", ""))
    chosen_themes = set(form.value("thema", ()))
    themes = [theme for theme in options["themes"] if theme.slug in chosen_themes] or options["themes"]
    status = STATUS_BY_SLUG.get(form.value("status", ""))
    columns = selectors.comparison_columns(choices, set(form.value("indicator", ())), form.value("jaar"))
    if extension := form.value("formaat"):
        matrix = comparison_matrix(municipalities, themes, status, progress, for_page=False)
        figures = comparison_figures(municipalities, columns)
        source = _(
            "Bron: %(url)s, op basis van Movisie (2019), onderzoek naar de decentralisatie-uitkering eenzaamheid."
        ) % {"url": request.build_absolute_uri(reverse("compare"))}
        for indicator in figures.get("sources", ()):
            source += " " + _("Cijfers: %(source)s, %(licence)s.") % {
                "source": indicator.source_text,
                "licence": indicator.licence,
            }
        return table_download("vergelijking", extension, *comparison_table(matrix, figures), source=source)
    round_slug = chosen_round.slug if chosen_round else ""
    matrix = comparison_matrix(municipalities, themes, status, progress, round_slug=round_slug)
    single = single_view(matrix, form.value("weergave", ""), form.value("toon", ""), status, round_slug)
    if single and not single["found"]:
        not_stored()
    shown = municipalities
    if single.get("kind") == "gemeente":
        # One municipality: its findings and figures only.
        shown = [m for m in municipalities if m.slug == single["slug"]]
        matrix.update(comparison_findings(shown))
    query = request.GET.copy()
    query.pop("formaat", None)
    chosen = {m.pk for m in municipalities} if slugs else set()
    by_province = defaultdict(list)
    for m in options["municipalities"]:
        by_province[m.province].append((m, m.pk in chosen))
    groups = [
        {"label": label, "municipalities": by_province[value], "open": any(c for _m, c in by_province[value])}
        for value, label in options["provinces"]
    ]
    # Up to CHECKBOX_CHOICE_MAX municipalities (the report's sixteen) a checkbox each; beyond, one select.
    select = municipality_select_html(groups) if len(options["municipalities"]) > CHECKBOX_CHOICE_MAX else ""
    # The valid choice only: a refused value is not carried on.
    kept = [("gemeente", slug) for slug in slugs]
    for name in COMPARISON_CHOICE[1:]:
        value = form.value(name)
        kept += [(name, item) for item in value] if isinstance(value, list) else [(name, value)] if value else []
    return render(
        request,
        "portal/compare.html",
        {
            **matrix,
            "form": form,
            "selection": selection,
            "groups": groups,
            "municipality_select": select,
            "chosen_themes": chosen_themes,
            "download_query": query.urlencode(),
            "rounds": rounds,
            "chosen_round": chosen_round,
            "unknown_municipalities": [slug[:MAX_QUERY_LENGTH] for slug in unknown],
            "indicator_choices": choices.indicators,
            "chosen_indicators": set(form.value("indicator", ())),
            "figures": comparison_figures(shown, columns),
            "single": single,
            "shown_municipalities": shown,
            "kept_choice": kept,
            "full_view_query": urlencode(kept),
        },
    )


def search(request):
    query = request.GET.get("q", "").strip()
    facets = {name: request.GET.get(name, "").strip() for name in ("soort", "gemeente", "thema")}
    error = ""
    outcome = SearchOutcome()
    if "\x00" in query or any("\x00" in value for value in facets.values()):
        # PostgreSQL cannot hold a NUL character in a text value, so such a query is refused.
        error = _("Uw zoekopdracht bevat een ongeldig teken.")
    elif len(query) > MAX_QUERY_LENGTH or any(len(value) > MAX_QUERY_LENGTH for value in facets.values()):
        error = _("Uw zoekopdracht is te lang. Gebruik hooguit %(max)s tekens.") % {"max": MAX_QUERY_LENGTH}
    elif query:
        try:
            outcome = search_site(query, **facets, letterlijk=request.GET.get("letterlijk", "").strip())
        except FacetError as facet_error:
            error = str(facet_error)
    status = 400 if error else 200
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "outcome": outcome,
            "groups": outcome.groups,
            "error": error,
            "result_count": outcome.total,
            "active_facets": {name: value for name, value in facets.items() if value},
        },
        status=status,
    )


# Where the original report can be found: the minister's letter to parliament it was sent with.
REPORT_URL = "https://zoek.officielebekendmakingen.nl/kst-29538-311.html"


def _contact() -> dict:
    return {"contact_email": settings.CONTACT_EMAIL, "contact_url": settings.CONTACT_URL}


def about(request):
    sections = {section.slug: section for section in ReportSection.objects.all()}
    return render(
        request,
        "portal/about.html",
        {"sections": sections, "all_sections": sections.values(), "report_url": REPORT_URL, **_contact()},
    )


def accessibility(request):
    return render(request, "portal/accessibility.html", _contact())


def contact(request):
    return render(request, "portal/contact.html", _contact())


def recent(request):
    """Recent gewijzigd: the findings the feeds carry, with the feeds to follow them."""
    return render(
        request,
        "portal/recent.html",
        {
            "changes": recent_changes(),
            "themes": Theme.objects.all(),
            "rounds": Round.objects.published(),
        },
    )


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
    # A path that exists in no language gets no language link to itself, only to each home page
    # (the route may have resolved, as for an unknown slug, so the context processor cannot tell).
    request.resolver_match = None
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
