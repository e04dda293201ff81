from dataclasses import dataclass, replace

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus
from core.sorting import Column, TableSort
from investments.selectors import attach_card_relations, municipality_sections
from lessons.selectors import municipality_findings
from municipalities.models import Municipality
from pages.downloads import selection_downloads
from pages.forms import MunicipalityFilterForm, use_fast_selects
from pages.geo import DrawnWhenRead, locator_map, municipality_map, municipality_url
from pages.similarity import similar_municipalities
from rounds.models import InterventionStage
from rounds.selectors import (
    attach_history,
    intervention_users,
    listed_municipalities,
    municipality_interviews,
    municipality_places,
)

from .country import facts_summary

PAGE_SIZE = 50


def municipality_columns(theme):
    """The table's sortable columns (?sorteer=...); the name breaks ties, so every order is stable."""
    return [
        Column("naam", _("Gemeente"), ("name",)),
        Column("provincie", _("Provincie"), ("province", "name")),
        Column("aanpak", _("Aanpak of programma"), ("approach_name", "programme", "name")),
        Column("gedaan", _("Gedaan in dit thema") if theme else _("Gedaan"), ("completed_count", "name"), True),
        Column("gepland", _("Gepland in dit thema") if theme else _("Gepland"), ("planned_count", "name"), True),
    ]


COUNTS = ("completed_count", "planned_count")


def _in_table_order(municipalities, sort, user) -> list:
    """`municipalities` (by name) in the table's order, stable: equal values keep the name order."""
    field = sort.ordering[0].lstrip("-")
    if field in COUNTS:
        sign = -1 if sort.descending else 1
        return sorted(municipalities, key=lambda municipality: sign * getattr(municipality, field))
    if sort.ordering == ["name"]:
        return list(municipalities)
    places = municipality_places(tuple(sort.ordering), user=user)
    return sorted(municipalities, key=lambda municipality: places.get(municipality.pk, len(places)))


def municipality_list(request):
    user = request.user
    form = MunicipalityFilterForm(request.GET or None)
    use_fast_selects(form)
    if form.is_bound:
        form.is_valid()  # an invalid filter is shown to the visitor and ignored
    selection = form.selection()
    theme = selection[1]
    # Filtered by theme, the counts are those of that theme, not each municipality's total.
    sort = TableSort(request.GET, municipality_columns(theme), default="naam")
    municipalities = listed_municipalities(*selection, user=user)
    # The map shows every municipality of the selection; the table a page of them (342 at national scale).
    page = Paginator(_in_table_order(municipalities, sort, user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    url = municipality_url()
    # This request's rows with their addresses in its language: the selection is shared by requests.
    page.object_list = [replace(municipality, url=url(municipality.slug)) for municipality in page.object_list]
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "form": form,
            "selection": selection,
            "municipalities": municipalities,
            "page": page,
            "page_query": sort.page_query(),
            "sort_headers": sort.headers(),
            "theme": theme,
            "map": DrawnWhenRead(lambda: municipality_map(municipalities, table=False)),
            "map_theme": theme,
            "downloads": selection_downloads("gemeenten", form, form.fields),
        },
    )


# An intervention used by hundreds of municipalities would list them all on every user's page: the
# page names this many (every one of the report's sixteen) and links to the intervention for the rest.
NAMED_USERS = 16


@dataclass(frozen=True)
class UserLink:
    url: str
    name: str


@dataclass(frozen=True)
class UsedIntervention:
    """An intervention as the municipality page lists it, made per request: the intervention
    instances come from values kept in process memory and shared by every request (and thread) of the
    process, so writing this request's language-dependent address onto them would leak it into others."""

    name: str
    url: str
    # Links to the first NAMED_USERS municipalities that have it in use, and how many more do.
    users: tuple[UserLink, ...]
    others: int
    # The municipality's own stage where it is not (yet) using it: "gepland", "verkend"; else empty.
    stage: str


def used_interventions(municipality, investments) -> dict:
    """{id: intervention} of the published `investments` (their card relations attached)."""
    return {
        intervention.pk: intervention
        for investment in investments
        if municipality.publication_status == PublicationStatus.PUBLISHED
        and investment.publication_status == PublicationStatus.PUBLISHED
        for intervention in investment.card_terms["interventions"]
    }


def interventions_used(municipality, used, user) -> list[UsedIntervention]:
    """The interventions `used` (used_interventions), each with links to the municipalities that
    have them in use (at most NAMED_USERS, then how many more), and the municipality's own stage
    where that is not "in use"."""
    if not used:
        return []
    users, stages = intervention_users(NAMED_USERS, user=user)
    municipality_address = municipality_url()
    listed = []
    for intervention in sorted(used.values(), key=lambda intervention: intervention.name):
        slug, named, others = users[intervention.pk]
        own = stages.get((intervention.pk, municipality.pk), frozenset())
        stage = (
            ""
            if InterventionStage.IN_USE in own
            else ", ".join(str(InterventionStage(value).label) for value in InterventionStage.values if value in own)
        )
        url = reverse("investments:intervention_detail", kwargs={"slug": slug})
        links = tuple(UserLink(municipality_address(slug), name) for slug, name in named)
        listed.append(UsedIntervention(intervention.name, url, links, others, stage))
    return listed


def _investment_list_url(municipality) -> str:
    """Where all of a municipality's investments are, for a section of its page cut at CARDS_PER_SECTION."""
    return f"{reverse('investments:investment_list')}?{urlencode({'gemeente': municipality.slug})}"


def municipality_detail(request, slug):
    user = request.user
    municipality = get_object_or_404(Municipality.objects.visible_to(user), slug=slug)
    sections = municipality_sections(municipality, user)
    investments = [card for section in sections.values() for card in section.cards]
    attach_card_relations(investments, user)
    # Progress is read only when one of these cards shows its history (known per content version).
    attach_history(investments, user)
    interviews = municipality_interviews(municipality, user=user)
    # A municipality of the country that no round has visited: its figures, where it lies, nothing more.
    has_findings = bool(investments or interviews or municipality.report_section)
    findings = municipality_findings(municipality, user=user) if has_findings else {}
    used = used_interventions(municipality, investments)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "completed": sections["completed"],
            "planned": sections["planned"],
            "followed_up": sections["followed_up"],
            "all_investments_url": _investment_list_url(municipality),
            "interviews": interviews,
            "has_findings": has_findings,
            "facts": facts_summary(municipality),
            "locator": None if has_findings else locator_map(municipality.cbs_code),
            "has_interventions": bool(used),
            # Hundreds of links at national scale: made only when the page's kept list (a fragment) is not there.
            "interventions": SimpleLazyObject(lambda: interventions_used(municipality, used, user)),
            **findings,
            "similar": similar_municipalities(municipality),
        },
    )
