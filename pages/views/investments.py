from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from investments import selectors as investment_selectors
from investments.models import Intervention, Investment
from lessons.selectors import texts_naming_rows
from pages.downloads import selection_downloads
from pages.forms import InterventionFilterForm, RoundInvestmentFilterForm
from rounds import selectors
from rounds.models import InterventionStage

from .selection import MUNICIPALITY_SAMPLE, links

# The page's filters that open data's `investeringen` knows too; `sorteer` and `pagina` are the page's own.
# With `ronde`, both read `status` as the status in that round, so the file keeps the page's selection.
INVESTMENT_DOWNLOAD_FILTERS = (
    *("q", "status", "thema", "doelgroep", "interventie", "gemeente", "provincie", "ronde"),
    *("budget_van", "budget_tot"),
)

PAGE_SIZE = 20


# Values a visitor types (words, amounts) have no end: a form showing them is drawn anew, never
# kept, or visitors could fill the shared cache with them (such a page is not stored either).
TYPED_FIELDS = ("q", "budget_van", "budget_tot")


def _form_key(form) -> tuple | None:
    """What the filter form's kept markup is named by: its values as sent, not as cleaned (the form
    shows what was sent); None when it shows typed values, and is not kept."""
    if not form.is_bound:
        return ()
    if any(form.data.get(name) for name in TYPED_FIELDS):
        return None
    return tuple(sorted((name, tuple(form.data.getlist(name))) for name in form.fields if name in form.data))


def investment_list(request):
    form = RoundInvestmentFilterForm(request.GET or None)
    page = Paginator(selectors.investment_list(form, request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    query_without_page = request.GET.copy()
    query_without_page.pop("pagina", None)
    return render(
        request,
        "investments/investment_list.html",
        {
            "form": form,
            "form_key": _form_key(form),
            "page": page,
            "page_query": query_without_page.urlencode(),
            "downloads": selection_downloads("investeringen", form, INVESTMENT_DOWNLOAD_FILTERS),
        },
    )


def intervention_list(request):
    form = InterventionFilterForm(request.GET or None)
    user = request.user
    interventions = Intervention.objects.visible_to(user)
    if form.is_bound:
        form.is_valid()
        interventions = form.filter(interventions)
    uses = investment_selectors.intervention_uses_of(MUNICIPALITY_SAMPLE, user=user)
    interventions = list(interventions.order_by("name"))
    for intervention in interventions:
        investments, municipalities, sample = uses.get(intervention.pk, (0, 0, ()))
        intervention.investment_count = investments
        intervention.municipality_count = municipalities
        intervention.municipality_sample = links(sample)
    return render(
        request,
        "investments/intervention_list.html",
        {"interventions": interventions, "form": form, "sample_size": MUNICIPALITY_SAMPLE},
    )


# Investments per page on an intervention's page: the report's own users of an intervention fit on
# the first page; at national scale the rest is one click away.
INTERVENTION_PAGE_SIZE = 50


def intervention_detail(request, slug):
    user = request.user
    intervention = get_object_or_404(Intervention.objects.visible_to(user), slug=slug)
    pks = investment_selectors.intervention_investment_ids(intervention, user=user)
    page = Paginator(pks, INTERVENTION_PAGE_SIZE).get_page(request.GET.get("pagina"))
    # This page's cards show no history.
    page.object_list = selectors.cards(
        page.object_list, Investment.objects.visible_to(user).for_cards(), user, history=False
    )
    return render(
        request,
        "investments/intervention_detail.html",
        {
            "intervention": intervention,
            "page": page,
            "stages": _stages(intervention, user),
            **texts_naming_rows(intervention.name, user=user),
        },
    )


def _stages(intervention, user) -> list[tuple[str, list]]:
    """(stage label, municipalities): who has the intervention in use, who plans or explores it."""
    stages = selectors.intervention_stages_of(intervention, user=user)
    return [(InterventionStage(stage).label, municipalities) for stage, municipalities in stages]
