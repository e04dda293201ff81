from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from core.search import filter_by_text
from investments.models import Intervention, Investment
from pages.forms import RoundInvestmentFilterForm

from .rounds import with_timeline

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
        {"form": form, "page": page, "page_query": query_without_page.urlencode()},
    )


def intervention_list(request):
    interventions = Intervention.objects.visible_to(request.user).with_municipalities(request.user)
    return render(request, "investments/intervention_list.html", {"interventions": interventions})


def intervention_detail(request, slug):
    intervention = get_object_or_404(Intervention.objects.visible_to(request.user), slug=slug)
    investments = (
        Investment.objects.visible_to(request.user)
        .filter(interventions=intervention)
        .in_report_order()
        .for_listing(request.user)
    )
    return render(
        request,
        "investments/intervention_detail.html",
        {"intervention": intervention, "investments": investments},
    )
