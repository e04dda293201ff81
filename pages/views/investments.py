import hashlib
import re

from crispy_forms.utils import render_crispy_form
from django.core.paginator import Paginator
from django.db.models import Value
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.derived import per_content_version
from core.models import previews_drafts
from investments.models import Intervention, Investment, intervention_uses
from lessons.models import Quote, Tip
from municipalities.models import Municipality
from pages.downloads import selection_downloads
from pages.forms import InterventionFilterForm, RoundInvestmentFilterForm
from pages.geo import rendered_per_content_version
from rounds import selectors
from rounds.models import InterventionStage, municipalities_by_stage

from .selection import MUNICIPALITY_SAMPLE, links, with_urls

# The page's filters that open data's `investeringen` knows too; `sorteer` and `pagina` are the page's own.
# With `ronde`, both read `status` as the status in that round, so the file keeps the page's selection.
INVESTMENT_DOWNLOAD_FILTERS = (
    *("q", "status", "thema", "doelgroep", "interventie", "gemeente", "provincie", "ronde"),
    *("budget_van", "budget_tot"),
)

PAGE_SIZE = 20


def _form_html(form):
    """The filter form as HTML: the same for every visitor who sent the same values (its options are
    the published ones, for researchers too), so written once per content version, values and
    language in this process. A form with errors shows them: written anew."""
    if form.is_bound and form.errors:
        return render_crispy_form(form)
    # The values as sent, not as cleaned: the form shows what was typed.
    sent = sorted((name, form.data.getlist(name)) for name in form.fields if name in form.data) if form.is_bound else []
    key = hashlib.sha256(repr(sent).encode()).hexdigest()[:32]
    return rendered_per_content_version(f"investment-filters:{key}", lambda: render_crispy_form(form))


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
            "form_html": _form_html(form),
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
    if previews_drafts(user):
        using = Investment.objects.visible_to(user).filter(interventions=intervention).in_report_order()
        pks = list(using.values_list("pk", flat=True))
    else:
        pks = _public_investment_pks(intervention)
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
            **_mention_rows(intervention, user),
        },
    )


def _stages(intervention, user) -> list[tuple[str, list]]:
    """(stage label, municipalities): who has the intervention in use, who plans or explores it;
    for the public once per content version."""
    if previews_drafts(user):
        stages = municipalities_by_stage(intervention, Investment.objects.visible_to(user))
    else:
        stages = per_content_version(
            f"intervention-stages:{intervention.pk}",
            lambda: municipalities_by_stage(intervention, Investment.objects.published()),
        )
    return [(InterventionStage(stage).label, municipalities) for stage, municipalities in stages]


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
