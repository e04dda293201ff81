import hashlib
import re

from crispy_forms.utils import render_crispy_form
from django.core.paginator import Paginator
from django.db.models import Value
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.derived import per_content_version
from core.models import previews_drafts
from core.search import filter_by_text
from investments.models import STATUS_BY_SLUG, Intervention, Investment, intervention_uses
from lessons.models import Quote, Tip
from municipalities.models import Municipality
from pages.cards import attach_card_relations
from pages.downloads import selection_downloads
from pages.forms import InterventionFilterForm, RoundInvestmentFilterForm
from pages.geo import rendered_per_content_version
from rounds.models import Progress

from .rounds import attach_history
from .selection import MUNICIPALITY_SAMPLE, links, with_urls

# The page's filters that open data's `investeringen` knows too; `sorteer` and `pagina` are the page's own.
# With `ronde`, both read `status` as the status in that round, so the file keeps the page's selection.
INVESTMENT_DOWNLOAD_FILTERS = ("q", "status", "thema", "doelgroep", "interventie", "gemeente", "provincie", "ronde")

PAGE_SIZE = 20


class _InOrder:
    """The rows of `queryset` with these primary keys, in this order, fetched one page at a time
    with the card's relations and history: a paginator reads its length and one slice."""

    def __init__(self, pks, queryset, user=None):
        self.pks, self.queryset, self.user = pks, queryset, user

    def __len__(self):
        return len(self.pks)

    def __getitem__(self, index):
        pks = self.pks[index]
        return attach_history(_with_card_relations(_in_order(self.queryset, pks), self.user), self.user)


def _in_order(queryset, pks):
    """The rows of `queryset` with these primary keys, in this order."""
    by_pk = {row.pk: row for row in queryset.filter(pk__in=pks)}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _with_card_relations(investments, user):
    """`investments` as a list with the card's relations: one query, not a prefetch per relation."""
    investments = list(investments)
    attach_card_relations(investments, user)
    return investments


def _public_investment_pks_in_report_order():
    return list(Investment.objects.published().in_report_order().values_list("pk", flat=True))


def _public_pks_in_report_order():
    return per_content_version("investment-list:report-order", _public_investment_pks_in_report_order)


def _mentioned_in_round(round_pk, status):
    """The public investments a round names (with `status` there): once per content version, since
    the question joins every investment's progress to its interview and round (10,000 at national scale)."""

    def build():
        mentioned = Progress.objects.published().mentioned_in(round_pk, STATUS_BY_SLUG.get(status))
        return frozenset(mentioned.values_list("investment_id", flat=True))

    return per_content_version(f"investment-list:round:{round_pk}:{status}", build)


def _selected_in_report_order(form):
    """The public investments the form selects, in the report's order, as primary keys.

    The order is the whole list's, computed once per content version; the database only says which
    investments match, unordered, and a round's mentions are precomputed. So a filtered list needs
    neither a separate count nor a sort of thousands of rows.
    """
    keep = []
    if round_and_status := form.round_and_status():
        keep.append(_mentioned_in_round(*round_and_status))
    if form.narrows_besides_round():
        # Unordered: the order is known already, so the database need not sort the matches.
        matching = form.filter_besides_round(Investment.objects.published()).order_by()
        keep.append(frozenset(matching.values_list("pk", flat=True)))
    selected = frozenset.intersection(*keep)
    return [pk for pk in _public_pks_in_report_order() if pk in selected]


def _narrows_or_sorts(form) -> bool:
    """Whether a valid filter, search or sort applies (an invalid one is ignored, as if absent)."""
    if not form.is_bound:
        return False
    form.is_valid()
    return any(form.cleaned_data.get(name) for name in form.fields)


def _searched_or_sorted(form, investments):
    """`investments` narrowed by the form's valid filters and search, in the order it asks for."""
    if not form.is_bound:
        return investments.in_report_order()
    investments = form.filter(investments)
    query = form.cleaned_data.get("q", "")
    if query:
        investments = filter_by_text(investments, ("title", "text"), query)
    if not query or form.cleaned_data.get("sorteer"):
        investments = investments.order_by(*form.ordering())
    return investments


def _public_selection(form):
    """The public investments that the form's filters, search or sort select, in its order, as
    primary keys: once per content version and selection, so a request neither searches, counts nor
    sorts (thousands of rows at national scale), it only reads its page.

    The key is the valid selection itself, so the same choice written differently (parameters in
    another order, an invalid value that is ignored) shares it.
    """
    data = form.cleaned_data
    selection = repr(sorted((name, value) for name, value in data.items() if value))
    key = hashlib.sha256(selection.encode()).hexdigest()[:32]

    def build():
        if data.get("q") or data.get("sorteer"):
            return list(_searched_or_sorted(form, Investment.objects.published()).values_list("pk", flat=True))
        return _selected_in_report_order(form)

    return per_content_version(f"investment-list:selection:{key}", build)


def _form_html(form, user):
    """The filter form as HTML: the same for every visitor who sent the same values, so written once
    per content version (its options), values and language in this process. A form with errors
    shows them, and staff may see draft options: those are written anew."""
    if previews_drafts(user) or (form.is_bound and form.errors):
        return render_crispy_form(form)
    # The values as sent, not as cleaned: the form shows what was typed.
    sent = sorted((name, form.data.getlist(name)) for name in form.fields if name in form.data) if form.is_bound else []
    key = hashlib.sha256(repr(sent).encode()).hexdigest()[:32]
    return rendered_per_content_version(f"investment-filters:{key}", lambda: render_crispy_form(form))


def investment_list(request):
    form = RoundInvestmentFilterForm(request.GET or None)
    user = request.user
    public = not previews_drafts(user)
    narrows_or_sorts = _narrows_or_sorts(form)
    if public:
        # Everything in the report's order (the list most visitors see), or a selection: which
        # investments, in what order, is kept per content version; a request reads one page of them.
        selection = _public_selection(form) if narrows_or_sorts else _public_pks_in_report_order()
        investments = _InOrder(selection, Investment.objects.published().for_cards(), user)
    else:
        investments = _searched_or_sorted(form, Investment.objects.visible_to(user)).for_cards()

    page = Paginator(investments, PAGE_SIZE).get_page(request.GET.get("pagina"))
    if not isinstance(investments, _InOrder):
        page.object_list = attach_history(_with_card_relations(page.object_list, user), user)
    query_without_page = request.GET.copy()
    query_without_page.pop("pagina", None)
    return render(
        request,
        "investments/investment_list.html",
        {
            "form": form,
            "form_html": _form_html(form, user),
            "page": page,
            "page_query": query_without_page.urlencode(),
            "downloads": selection_downloads("investeringen", form, INVESTMENT_DOWNLOAD_FILTERS),
        },
    )


def _intervention_uses(user):
    """`intervention_uses` with the municipalities' URLs: the page's plain data, in the current language."""
    return {
        pk: (investments, municipalities, with_urls(sample))
        for pk, (investments, municipalities, sample) in intervention_uses(user, MUNICIPALITY_SAMPLE).items()
    }


def intervention_list(request):
    form = InterventionFilterForm(request.GET or None)
    user = request.user
    interventions = Intervention.objects.visible_to(user)
    if form.is_bound:
        form.is_valid()
        interventions = form.filter(interventions)
    if previews_drafts(user):
        uses = _intervention_uses(user)
    else:
        uses = per_content_version(
            f"intervention-uses:{MUNICIPALITY_SAMPLE}:{get_language()}", lambda: _intervention_uses(None)
        )
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


def _mentioned_as(name: str) -> str:
    """The name a text uses for an intervention: without the explanation in brackets that the
    catalogue adds ("Compaan (seniorentablet)" is "de Compaan (tablet voor ouderen)" in a tip)."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", name) or name


def _mentions(model, field, name, user):
    """Rows of `model` whose `field` names the intervention: one query, case-insensitive."""
    return model.objects.visible_to(user).filter(**{f"{field}__icontains": _mentioned_as(name)})


# Where the portal mentions an intervention beyond the investments that use it: by name, in these
# texts. Context name -> (model, field whose text may name it, the rows as the page shows them).
MENTIONS = {
    "tips": (Tip, "text", lambda rows: rows.select_related("municipality", "bottleneck")),
    "quotes": (Quote, "text", lambda rows: rows.select_related("municipality", "lesson", "bottleneck")),
    "situations": (Municipality, "context", lambda rows: rows.order_by("name")),
}


def _public_mentions(intervention):
    """For the public: the primary keys of the tips, quotes and municipalities that name `intervention`,
    once per content version. Searching every text for the name costs a query each; most
    interventions are named nowhere else, and then the page asks nothing."""

    def build():
        # One query for the three kinds (a UNION), since each kind's search is a scan of its texts.
        rows = [
            _mentions(model, field, intervention.name, None)
            .order_by()
            .annotate(kind=Value(key))
            .values_list("kind", "pk")
            for key, (model, field, _shape) in MENTIONS.items()
        ]
        found = {key: [] for key in MENTIONS}
        for kind, pk in rows[0].union(*rows[1:], all=True):
            found[kind].append(pk)
        return found

    return per_content_version(f"intervention-mentions:{intervention.pk}", build)


def _public_investment_pks(intervention):
    """The public investments that use `intervention`, in the report's order: once per content
    version, so a page needs neither a count nor a sort of them (thousands at national scale)."""

    def build():
        using = Investment.objects.published().filter(interventions=intervention).in_report_order()
        return list(using.values_list("pk", flat=True))

    return per_content_version(f"intervention-investments:{intervention.pk}", build)


# Investments per page on an intervention's page: the report's own users of an intervention fit on
# the first page; at national scale the rest is one click away.
INTERVENTION_PAGE_SIZE = 50


def intervention_detail(request, slug):
    user = request.user
    intervention = get_object_or_404(Intervention.objects.visible_to(user), slug=slug)
    number = request.GET.get("pagina")
    if previews_drafts(user):
        investments = Investment.objects.visible_to(user).filter(interventions=intervention).in_report_order()
        investments = investments.for_cards()
        page = Paginator(investments, INTERVENTION_PAGE_SIZE).get_page(number)
    else:
        page = Paginator(_public_investment_pks(intervention), INTERVENTION_PAGE_SIZE).get_page(number)
        page.object_list = _in_order(Investment.objects.published().for_cards(), page.object_list)
    page.object_list = _with_card_relations(page.object_list, user)
    return render(
        request,
        "investments/intervention_detail.html",
        {"intervention": intervention, "page": page, **_mention_rows(intervention, user)},
    )


def _mention_rows(intervention, user) -> dict:
    """The tips, quotes and municipalities' situations that name `intervention`: for staff a fixed
    three queries, whatever the data size; for the public a query only for a kind that names it."""
    found = None if previews_drafts(user) else _public_mentions(intervention)
    rows = {}
    for key, (model, field, shape) in MENTIONS.items():
        if found is None:
            rows[key] = shape(_mentions(model, field, intervention.name, user))
        else:
            rows[key] = shape(model.objects.filter(pk__in=found[key])) if found[key] else []
    return rows
