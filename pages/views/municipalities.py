from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus
from core.sorting import Column, TableSort
from investments.models import Investment, InvestmentStatus, public_investments_prefetch, with_investment_counts
from lessons.models import Quote, Tip
from municipalities.models import Municipality
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
    municipalities = list(with_investment_counts(municipalities, theme=theme).order_by(*sort.ordering))
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
            "map": municipality_map(municipalities),
            "map_theme": theme,
            "downloads": selection_downloads("gemeenten", form, form.fields),
        },
    )


def interventions_used(municipality, investments, user):
    """What `Intervention.objects.used_by(municipality)` gives, visible to `user`, with their
    municipalities: taken from the investments' prefetched interventions, so one query (the
    municipalities) instead of two."""
    public = municipality.publication_status == PublicationStatus.PUBLISHED
    used = {
        intervention.pk: intervention
        for investment in investments
        if public and investment.publication_status == PublicationStatus.PUBLISHED
        for intervention in investment.interventions.all()
    }
    interventions = sorted(used.values(), key=lambda intervention: intervention.name)
    prefetch_related_objects(interventions, public_investments_prefetch(user))
    return interventions


def municipality_detail(request, slug):
    user = request.user
    municipality = get_object_or_404(Municipality.objects.visible_to(user).prefetch_related("links"), slug=slug)
    investments = list(
        with_timeline(
            Investment.objects.visible_to(user).filter(municipality=municipality).for_listing(user).in_report_order(),
            user,
        )
    )
    interventions = interventions_used(municipality, investments, user)
    return render(
        request,
        "municipalities/municipality_detail.html",
        {
            "municipality": municipality,
            "completed": [item for item in investments if item.status == InvestmentStatus.COMPLETED],
            "planned": [item for item in investments if item.status == InvestmentStatus.PLANNED],
            # Statuses that later rounds add: under way, postponed, cancelled.
            "followed_up": [item for item in investments if item.status not in FIRST_STATUSES],
            "interviews": interviews_with_answers(Interview.objects.filter(municipality=municipality), user),
            "interventions": interventions,
            "lessons": municipality.lessons.visible_to(user),
            "bottlenecks": municipality.bottlenecks.visible_to(user),
            "quotes": Quote.objects.visible_to(user)
            .filter(municipality=municipality)
            .select_related("lesson", "bottleneck", "round"),
            "tips": Tip.objects.visible_to(user).filter(municipality=municipality).select_related("bottleneck"),
            "similar": similar_municipalities(municipality),
        },
    )
