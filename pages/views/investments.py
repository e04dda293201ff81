from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.search import filter_by_text
from investments.models import Intervention, Investment
from lessons.models import Quote, Tip
from municipalities.models import Municipality
from pages.downloads import selection_downloads
from pages.forms import InterventionFilterForm, RoundInvestmentFilterForm

from .rounds import with_timeline

# The page's filters that open data's `investeringen` knows too; `sorteer` and `pagina` are the page's own.
# With `ronde`, both read `status` as the status in that round, so the file keeps the page's selection.
INVESTMENT_DOWNLOAD_FILTERS = ("q", "status", "thema", "doelgroep", "interventie", "gemeente", "provincie", "ronde")

PAGE_SIZE = 20


def investment_list(request):
    form = RoundInvestmentFilterForm(request.GET or None)
    investments = Investment.objects.visible_to(request.user)
    if form.is_bound:
        form.is_valid()  # invalid filters are shown to the user and ignored, never a 500
        investments = form.filter(investments)
        query = form.cleaned_data.get("q", "")
        if query:
            investments = filter_by_text(investments, ("title", "text"), query)
        if not query or form.cleaned_data.get("sorteer"):
            investments = investments.order_by(*form.ordering())
    else:
        investments = investments.in_report_order()

    page = Paginator(with_timeline(investments.for_listing(request.user), request.user), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    query_without_page = request.GET.copy()
    query_without_page.pop("pagina", None)
    return render(
        request,
        "investments/investment_list.html",
        {
            "form": form,
            "page": page,
            "page_query": query_without_page.urlencode(),
            "downloads": selection_downloads("investeringen", form, INVESTMENT_DOWNLOAD_FILTERS),
        },
    )


def intervention_list(request):
    form = InterventionFilterForm(request.GET or None)
    interventions = Intervention.objects.visible_to(request.user)
    if form.is_bound:
        form.is_valid()
        interventions = form.filter(interventions)
    interventions = interventions.with_municipalities(request.user).order_by("name")
    return render(request, "investments/intervention_list.html", {"interventions": interventions, "form": form})


def _mentions(model, field, name, user):
    """Rows of `model` whose `field` names the intervention: one query, case-insensitive."""
    return model.objects.visible_to(user).filter(**{f"{field}__icontains": name})


def intervention_detail(request, slug):
    intervention = get_object_or_404(Intervention.objects.visible_to(request.user), slug=slug)
    investments = (
        Investment.objects.visible_to(request.user)
        .filter(interventions=intervention)
        .in_report_order()
        .for_listing(request.user)
    )
    # Where the portal mentions it beyond the investments that use it: by name, in the texts of
    # tips, quotes and municipalities' situations (a fixed three queries, whatever the data size).
    name, user = intervention.name, request.user
    return render(
        request,
        "investments/intervention_detail.html",
        {
            "intervention": intervention,
            "investments": investments,
            "tips": _mentions(Tip, "text", name, user).select_related("municipality", "bottleneck"),
            "quotes": _mentions(Quote, "text", name, user).select_related("municipality", "lesson", "bottleneck"),
            "situations": _mentions(Municipality, "context", name, user).order_by("name"),
        },
    )
