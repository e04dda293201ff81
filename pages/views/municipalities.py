from django.core.paginator import Paginator
from django.db.models import CharField, Value
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from core.models import PublicationStatus, previews_drafts
from core.sorting import Column, TableSort
from investments.models import Intervention, Investment, InvestmentStatus, with_investment_counts
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink
from pages.cards import attach_card_relations
from pages.downloads import selection_downloads
from pages.forms import MunicipalityFilterForm
from pages.geo import municipality_map
from pages.similarity import similar_municipalities
from rounds.models import Interview

from .rounds import interviews_with_answers, with_timeline

FIRST_STATUSES = (InvestmentStatus.COMPLETED, InvestmentStatus.PLANNED)

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
# What the table and the map show of a municipality: its long texts stay in the database.
LISTED_FIELDS = ("publication_status", "name", "slug", "cbs_code", "province", "approach_name", "programme")


def _investment_counts(theme=None) -> dict[int, tuple[int, int]]:
    """{municipality id: (completed, planned)}: its public investments (in `theme`, if given)."""
    rows = with_investment_counts(Municipality.objects.all(), theme=theme).values_list("pk", *COUNTS)
    return {pk: (completed, planned) for pk, completed, planned in rows}


def municipality_list(request):
    form = MunicipalityFilterForm(request.GET or None)
    municipalities = Municipality.objects.visible_to(request.user)
    theme = None
    if form.is_bound:
        form.is_valid()
        municipalities = form.filter(municipalities)
        theme = form.cleaned_data.get("thema")
    # Filtered by theme, the counts are those of that theme, not each municipality's total.
    sort = TableSort(request.GET, municipality_columns(theme), default="naam")
    # Counts of public investments, the same for every visitor: counted once per content version
    # instead of over all 10,000 investments on every request.
    counts = per_content_version(
        f"municipality-investment-counts:{theme.slug if theme else ''}", lambda: _investment_counts(theme)
    )
    by_count = sort.ordering[0].lstrip("-") in COUNTS
    # The database orders by the text columns (its collation); a count column is sorted here, stably,
    # so equal counts keep the name order, as the database's tie-breaker would.
    ordering = ["name"] if by_count else sort.ordering
    municipalities = list(municipalities.only(*LISTED_FIELDS).order_by(*ordering))
    for municipality in municipalities:
        municipality.completed_count, municipality.planned_count = counts.get(municipality.pk, (0, 0))
    if by_count:
        field = sort.ordering[0].lstrip("-")
        sign = -1 if sort.descending else 1
        municipalities.sort(key=lambda municipality: sign * getattr(municipality, field))
    # The map shows every municipality; the table a page of them (342 at national scale).
    page = Paginator(municipalities, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "form": form,
            "municipalities": municipalities,
            "page": page,
            "page_query": sort.page_query(),
            "sort_headers": sort.headers(),
            "theme": theme,
            "map": municipality_map(municipalities, table=False),
            "map_theme": theme,
            "downloads": selection_downloads("gemeenten", form, form.fields),
        },
    )


# An intervention used by hundreds of municipalities would list them all on every user's page: the
# page names this many (every one of the report's sixteen) and links to the intervention for the rest.
NAMED_USERS = 16


def _intervention_users(user=None) -> dict[int, list[tuple[str, str]]]:
    """{intervention id: [(address, name) of each municipality with a visible investment in it, by name]}.

    The address depends on the language (/en/...), so a precomputed value is kept per language.
    """
    users = {}
    rows = (
        Investment.objects.visible_to(user)
        .filter(interventions__in=Intervention.objects.visible_to(user))
        .values_list("interventions", "municipality__name", "municipality__slug")
        .distinct()
        .order_by("interventions", "municipality__name")
    )
    for intervention_id, name, slug in rows:
        users.setdefault(intervention_id, []).append((reverse("municipalities:detail", args=[slug]), name))
    return users


def interventions_used(municipality, investments, user):
    """The interventions of `investments` (their card relations attached) with the municipalities that
    use them: `named_users` (at most NAMED_USERS) and `other_users` (how many more).

    The users of every intervention are precomputed per content version for the public; staff, who
    may see drafts, get them from a query.
    """
    used = {
        intervention.pk: intervention
        for investment in investments
        if municipality.publication_status == PublicationStatus.PUBLISHED
        and investment.publication_status == PublicationStatus.PUBLISHED
        for intervention in investment.interventions.all()
    }
    if not used:
        return []
    if previews_drafts(user):
        users = _intervention_users(user)
    else:
        users = per_content_version(f"intervention-users:{get_language()}", _intervention_users)
    interventions = sorted(used.values(), key=lambda intervention: intervention.name)
    for intervention in interventions:
        everyone = users.get(intervention.pk, [])
        # Up to 16 × 16 links: built here (escaped) rather than through a template tag per link.
        intervention.named_users = format_html_join(", ", '<a href="{}">{}</a>', everyone[:NAMED_USERS])
        intervention.other_users = max(0, len(everyone) - NAMED_USERS)
    return interventions


def _named_in(municipality, user) -> dict[str, list]:
    """The lessons and bottlenecks that name `municipality` and its links, as one query (a UNION).

    The page shows a title and a link for each, so title, slug (or address) and order are enough.
    """

    def part(queryset, kind, address):
        return (
            queryset.annotate(kind=Value(kind, output_field=CharField()))
            .values_list("kind", "pk", "title", address, "position")
            .order_by()
        )

    rows = part(Lesson.objects.visible_to(user).filter(municipalities=municipality), "lessons", "slug").union(
        part(Bottleneck.objects.visible_to(user).filter(municipalities=municipality), "bottlenecks", "slug"),
        part(MunicipalityLink.objects.filter(municipality=municipality), "links", "url"),
        all=True,
    )
    named = {"lessons": [], "bottlenecks": [], "links": []}
    # Each kind in its model's own order: position, then primary key.
    for kind, pk, title, address, _position in sorted(rows, key=lambda row: (row[4], row[1])):
        if kind == "links":
            named[kind].append(MunicipalityLink(pk=pk, title=title, url=address))
        else:
            model = Lesson if kind == "lessons" else Bottleneck
            named[kind].append(model(pk=pk, title=title, slug=address))
    return named


def _interviews(municipality, user):
    """The municipality's interviews with their answers; no answer query when it has no interviews."""
    return list(interviews_with_answers(Interview.objects.filter(municipality=municipality), user))


def municipality_detail(request, slug):
    user = request.user
    municipality = get_object_or_404(Municipality.objects.visible_to(user), slug=slug)
    investments = list(
        with_timeline(
            Investment.objects.visible_to(user).filter(municipality=municipality).in_report_order(),
            user,
        )
    )
    for investment in investments:
        # Saves the join: every card here is of this municipality.
        investment.municipality = municipality
    attach_card_relations(investments, user)
    named = _named_in(municipality, user)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "completed": [item for item in investments if item.status == InvestmentStatus.COMPLETED],
            "planned": [item for item in investments if item.status == InvestmentStatus.PLANNED],
            # Statuses that later rounds add: under way, postponed, cancelled.
            "followed_up": [item for item in investments if item.status not in FIRST_STATUSES],
            "interviews": _interviews(municipality, user),
            "interventions": interventions_used(municipality, investments, user),
            "lessons": named["lessons"],
            "bottlenecks": named["bottlenecks"],
            "links": named["links"],
            "quotes": Quote.objects.visible_to(user)
            .filter(municipality=municipality)
            .select_related("lesson", "bottleneck", "round"),
            "tips": Tip.objects.visible_to(user).filter(municipality=municipality).select_related("bottleneck"),
            "similar": similar_municipalities(municipality),
        },
    )
