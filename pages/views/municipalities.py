from dataclasses import dataclass

from crispy_forms.utils import render_crispy_form
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Value
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from core.derived import in_process_per_content_version, per_content_version
from core.models import PublicationStatus, previews_drafts
from core.sorting import Column, TableSort
from investments.models import Intervention, Investment, with_investment_counts
from investments.selectors import attach_card_relations, municipality_sections
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink, Province
from pages.downloads import selection_downloads
from pages.forms import MunicipalityFilterForm, use_fast_selects
from pages.geo import locator_map, municipality_map, municipality_url, rendered_per_content_version
from pages.overview import finding_links
from pages.similarity import similar_municipalities
from rounds.models import Answer, InterventionStage, Interview, Round, intervention_stages
from rounds.selectors import attach_history, interviews_with_answers, public_interviews_without_answers

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
PROVINCE_LABELS = dict(Province.choices)
# What the table and the map show of a municipality: its long texts stay in the database.
LISTED_FIELDS = ("pk", "name", "slug", "cbs_code", "province", "approach_name", "programme")


@dataclass
class ListedMunicipality:
    """A row of the table and an area of the map: plain data, cheaper to build and to keep than a model."""

    pk: int
    name: str
    slug: str
    cbs_code: str
    province: str
    approach_name: str
    programme: str
    completed_count: int = 0
    planned_count: int = 0
    url: str = ""  # set for the rows shown, in the current language

    @property
    def province_label(self) -> str:
        return PROVINCE_LABELS.get(self.province, self.province)


def _investment_counts(theme=None) -> dict[int, tuple[int, int]]:
    """{municipality id: (completed, planned)}: its public investments (in `theme`, if given)."""
    rows = with_investment_counts(Municipality.objects.all(), theme=theme).values_list("pk", *COUNTS)
    return {pk: (completed, planned) for pk, completed, planned in rows}


def _listed(municipalities, theme) -> list[ListedMunicipality]:
    """The rows of `municipalities` with their public investments (in `theme`, if given).

    The counts are the same for every visitor: counted once per content version instead of over all
    10,000 investments on every request.
    """
    counts = per_content_version(
        f"municipality-investment-counts:{theme.slug if theme else ''}", lambda: _investment_counts(theme)
    )
    rows = [ListedMunicipality(*row) for row in municipalities.values_list(*LISTED_FIELDS)]
    for row in rows:
        row.completed_count, row.planned_count = counts.get(row.pk, (0, 0))
    return rows


def _selection(form, user) -> list[ListedMunicipality]:
    """The municipalities that the form's valid filters select, by name, with their counts.

    For the public, a selection (a province, a theme, both or neither) is the same for every
    visitor until public content changes, so it is kept per content version: the theme's filter
    alone took milliseconds on PostgreSQL. Staff, who may see drafts, get it from the database.
    """
    theme = form.cleaned_data.get("thema") if form.is_bound else None

    def build(user=None):
        return _listed(form.filter(Municipality.objects.visible_to(user), user).order_by("name"), theme)

    if previews_drafts(user):
        return build(user)
    return per_content_version(f"municipality-selection:{_selection_key(form)}", build)


def _places(ordering, user) -> dict[int, int]:
    """{municipality id: place} in the database's order by `ordering` (its collation for texts)."""

    def build():
        pks = Municipality.objects.order_by(*ordering).values_list("pk", flat=True)
        return {pk: place for place, pk in enumerate(pks)}

    if previews_drafts(user):
        return build()
    return per_content_version(f"municipality-order:{','.join(ordering)}", build)


def _in_table_order(municipalities, sort, user) -> list[ListedMunicipality]:
    """`municipalities` (by name) in the table's order, stable: equal values keep the name order."""
    field = sort.ordering[0].lstrip("-")
    if field in COUNTS:
        sign = -1 if sort.descending else 1
        return sorted(municipalities, key=lambda municipality: sign * getattr(municipality, field))
    if sort.ordering == ["name"]:
        return municipalities
    places = _places(sort.ordering, user)
    return sorted(municipalities, key=lambda municipality: places.get(municipality.pk, len(places)))


def _selection_key(form) -> str:
    data = form.cleaned_data if form.is_bound else {}
    theme = data.get("thema")
    return f"{data.get('provincie') or ''}:{theme.slug if theme else ''}:{data.get('deelname') or ''}"


def _map(municipalities, form, user):
    """The selection's map: its 342 links are the same for every visitor of a public selection, so
    built once per content version, selection and language in this process."""
    if previews_drafts(user):
        return municipality_map(municipalities, table=False)
    return rendered_per_content_version(
        f"municipality-list-map:{_selection_key(form)}", lambda: municipality_map(municipalities, table=False)
    )


def _form_html(form, user):
    """The filter form: the same for every visitor who chose the same valid filters, so built once
    per content version (its list of provinces), choice and language in this process; a wrong
    choice shows its own error message, so that form is built anew."""
    if previews_drafts(user) or (form.is_bound and form.errors):
        return render_crispy_form(form)
    return rendered_per_content_version(
        f"municipality-filters:{_selection_key(form)}", lambda: render_crispy_form(form)
    )


def municipality_list(request):
    user = request.user
    form = MunicipalityFilterForm(request.GET or None)
    use_fast_selects(form)
    theme = None
    if form.is_bound:
        form.is_valid()  # an invalid filter is shown to the visitor and ignored
        theme = form.cleaned_data.get("thema")
    # Filtered by theme, the counts are those of that theme, not each municipality's total.
    sort = TableSort(request.GET, municipality_columns(theme), default="naam")
    municipalities = _selection(form, user)
    # The map shows every municipality of the selection; the table a page of them (342 at national scale).
    page = Paginator(_in_table_order(municipalities, sort, user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    url = municipality_url()
    for municipality in page.object_list:
        municipality.url = url(municipality.slug)
    return render(
        request,
        "municipalities/municipality_list.html",
        {
            "form": form,
            "form_html": _form_html(form, user),
            "municipalities": municipalities,
            "page": page,
            "page_query": sort.page_query(),
            "sort_headers": sort.headers(),
            "theme": theme,
            "map": _map(municipalities, form, user),
            "map_theme": theme,
            "downloads": selection_downloads("gemeenten", form, form.fields),
        },
    )


# An intervention used by hundreds of municipalities would list them all on every user's page: the
# page names this many (every one of the report's sixteen) and links to the intervention for the rest.
NAMED_USERS = 16


def _users_html(intervention_url, everyone) -> str:
    """Links to the first NAMED_USERS of `everyone` ((address, name) by name) and, when there are
    more, a link to the intervention saying how many: what the page writes after "gebruikt door"."""
    named = format_html_join(", ", '<a href="{}">{}</a>', everyone[:NAMED_USERS])
    others = len(everyone[NAMED_USERS:])
    if not others:
        return str(named)
    # The sentence that {% blocktranslate count %} wrote (and its translation), the address escaped as it did.
    sentence = ngettext(
        'en <a href="%(url)s">%(counter)s andere gemeente</a>',
        'en <a href="%(url)s">%(counter)s andere gemeenten</a>',
        others,
    ) % {"url": conditional_escape(intervention_url), "counter": others}
    return f"{named} {sentence}"


def _intervention_users(user=None) -> tuple[dict[int, tuple[str, str]], dict[tuple[int, int], set[str]]]:
    """({intervention id: (its address, the links to the municipalities that have it in use, as
    escaped HTML)}, {(intervention id, municipality id): the stages of its links}) over the
    investments visible to `user`.

    Only the links the page shows are kept: at national scale an intervention has hundreds of users,
    and a page used to read them all back and write sixteen links and a sentence for each of its
    twenty interventions. Addresses and sentence depend on the language, so the value is kept per
    language. "In use" is the stage rule's (rounds.models.intervention_stage): a plan is not use.
    """
    investments = Investment.objects.visible_to(user).filter(interventions__in=Intervention.objects.visible_to(user))
    stages = {}
    for link in intervention_stages(investments.distinct()):
        stages.setdefault((link.intervention_id, link.municipality_id), set()).add(link.stage)
    named = Municipality.objects.filter(pk__in={pk for _intervention, pk in stages}).order_by("name")
    municipalities = {pk: (name, slug) for pk, name, slug in named.values_list("pk", "name", "slug")}
    visible = Intervention.objects.visible_to(user).filter(pk__in={pk for pk, _municipality in stages})
    slugs = dict(visible.values_list("pk", "slug"))
    url = municipality_url()
    users = {pk: [] for pk in slugs}
    for municipality_id, (name, slug) in municipalities.items():
        for intervention_id in slugs:
            if InterventionStage.IN_USE in stages.get((intervention_id, municipality_id), ()):
                users[intervention_id].append((url(slug), name))
    addresses = {pk: Intervention(slug=slug).get_absolute_url() for pk, slug in slugs.items()}
    return {pk: (addresses[pk], _users_html(addresses[pk], everyone)) for pk, everyone in users.items()}, stages


@dataclass(frozen=True)
class UsedIntervention:
    """An intervention as the municipality page lists it, made per request: the intervention
    instances come from values kept in process memory and shared by every request (and thread) of the
    process, so writing this request's language-dependent address onto them would leak it into others."""

    name: str
    url: str
    users: str
    # The municipality's own stage where it is not (yet) using it: "gepland", "verkend"; else empty.
    stage: str


def interventions_used(municipality, investments, user):
    """The interventions of `investments` (their card relations attached) with `users`: links to the
    municipalities that have them in use (at most NAMED_USERS, then how many more), and the
    municipality's own stage where that is not "in use".

    The users of every intervention are precomputed per content version for the public; staff, who
    may see drafts, get them from a query.
    """
    used = {
        intervention.pk: intervention
        for investment in investments
        if municipality.publication_status == PublicationStatus.PUBLISHED
        and investment.publication_status == PublicationStatus.PUBLISHED
        for intervention in investment.card_terms["interventions"]
    }
    if not used:
        return []
    if previews_drafts(user):
        users, stages = _intervention_users(user)
    else:
        users, stages = per_content_version(
            f"intervention-users:{get_language()}", _intervention_users, in_process=True
        )
    listed = []
    for intervention in sorted(used.values(), key=lambda intervention: intervention.name):
        url, users_html = users[intervention.pk]
        own = stages.get((intervention.pk, municipality.pk), set())
        stage = (
            ""
            if InterventionStage.IN_USE in own
            else ", ".join(str(InterventionStage(value).label) for value in InterventionStage.values if value in own)
        )
        # Escaped when the value was built (format_html_join, conditional_escape).
        listed.append(UsedIntervention(intervention.name, url, mark_safe(users_html), stage))  # noqa: S308
    return listed


def _named_in_query(municipality, user) -> dict[str, list]:
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


# What a municipality's page shows of a quote and of a tip (`quote_block`, `tip_block`): the quote
# with the lesson or bottleneck it illustrates and its round, the tip with its bottleneck.
QUOTE_VALUES = (
    "municipality",
    "pk",
    "text",
    "speaker_role",
    *("lesson", "lesson__title", "lesson__slug"),
    *("bottleneck", "bottleneck__title", "bottleneck__slug"),
    *("round", "round__name", "round__slug", "round__is_report"),
)
TIP_VALUES = ("municipality", "pk", "text", *("bottleneck", "bottleneck__title", "bottleneck__slug"))


def _public_content() -> dict[int, tuple[tuple, tuple, int]]:
    """{municipality id: (its public quotes' QUOTE_VALUES in report order, its public tips' TIP_VALUES
    in the model's order, how many public answers)}: a few thousand short rows at national scale."""
    content = {}
    for index, rows in enumerate(
        (
            Quote.objects.published().in_report_order().values_list(*QUOTE_VALUES),
            Tip.objects.published().values_list(*TIP_VALUES),
        )
    ):
        for municipality_id, *values in rows:
            if municipality_id is not None:
                content.setdefault(municipality_id, [[], [], 0])[index].append(tuple(values))
    answers = Answer.objects.published().values_list("interview__municipality").annotate(number=Count("pk"))
    for municipality_id, number in answers.order_by():
        content.setdefault(municipality_id, [[], [], 0])[2] = number
    return {pk: (tuple(quotes), tuple(tips), answers) for pk, (quotes, tips, answers) in content.items()}


def _public_content_of(municipality, user) -> tuple[tuple, tuple, int] | None:
    """(public quotes' values, public tips' values, how many public answers) of the municipality,
    kept per content version: the page then reads neither its quotes nor its tips (with the
    publication rules' joins), and most municipalities at national scale have none of some. None
    for staff, who may see drafts: they get every query."""
    if previews_drafts(user):
        return None
    content = per_content_version("municipality-quotes-tips-answers", _public_content, in_process=True)
    return content.get(municipality.pk, ((), (), 0))


def _finding(model, pk, title, slug):
    return None if pk is None else model(pk=pk, title=title, slug=slug, publication_status=PublicationStatus.PUBLISHED)


def _public_quotes_and_tips(municipality_id, quotes, tips) -> dict[str, list]:
    """The municipality's public quotes and tips from their kept values, made once per content
    version in this process: the page's blocks only read them, and never their municipality."""

    def build():
        return {
            "quotes": [_public_quote(values, municipality_id) for values in quotes],
            "tips": [_public_tip(values, municipality_id) for values in tips],
        }

    return in_process_per_content_version(f"municipality-quotes-tips:{municipality_id}", build)


def _public_quote(values, municipality_id) -> Quote:
    """A public quote of the municipality from its QUOTE_VALUES, with what `quote_block` reads of it."""
    pk, text, speaker_role = values[:3]
    lesson, bottleneck, (round_pk, round_name, round_slug, round_is_report) = values[3:6], values[6:9], values[9:]
    published = PublicationStatus.PUBLISHED
    quote = Quote(
        pk=pk, text=text, speaker_role=speaker_role, municipality_id=municipality_id, publication_status=published
    )
    quote.lesson = _finding(Lesson, *lesson)
    quote.bottleneck = _finding(Bottleneck, *bottleneck)
    if round_pk is not None:
        quote.round = Round(
            pk=round_pk, name=round_name, slug=round_slug, is_report=round_is_report, publication_status=published
        )
    return quote


def _public_tip(values, municipality_id) -> Tip:
    """A public tip of the municipality from its TIP_VALUES, with what `tip_block` reads of it."""
    pk, text, *bottleneck = values
    return Tip(
        pk=pk,
        text=text,
        municipality_id=municipality_id,
        bottleneck=_finding(Bottleneck, *bottleneck),
        publication_status=PublicationStatus.PUBLISHED,
    )


def _public_links() -> dict[int, list[tuple[int, str, str]]]:
    """{municipality id: (id, title, address) of its links, in their order}: a few hundred in all."""
    links = {}
    for municipality_id, *link in MunicipalityLink.objects.values_list("municipality", "pk", "title", "url"):
        links.setdefault(municipality_id, []).append(link)
    return links


def _named_and_related(municipality, user, content) -> dict:
    """The lessons and bottlenecks that name `municipality`, its links, quotes and tips.

    For the public, which findings name whom and every municipality's links are read for all
    municipalities at once, per content version, and `content` names its public quotes and tips.
    """
    if content is None:
        return {
            **_named_in_query(municipality, user),
            "quotes": _quotes(Quote.objects.visible_to(user).filter(municipality=municipality).in_report_order()),
            "tips": _tips(Tip.objects.visible_to(user).filter(municipality=municipality)),
        }
    quotes, tips, _answer_count = content
    links = finding_links()
    own_links = per_content_version("municipality-links", _public_links, in_process=True).get(municipality.pk, [])
    named = links["named"].get(municipality.pk, set())
    models = {"lesson": Lesson, "bottleneck": Bottleneck}
    findings = [
        models[kind](pk=pk, title=title, slug=slug)
        for kind, pk, title, slug in links["findings"]
        if (kind, pk) in named
    ]
    return {
        "lessons": [finding for finding in findings if isinstance(finding, Lesson)],
        "bottlenecks": [finding for finding in findings if isinstance(finding, Bottleneck)],
        "links": [MunicipalityLink(pk=pk, title=title, url=url) for pk, title, url in own_links],
        # In the model's order, as the staff's query gives them.
        **_public_quotes_and_tips(municipality.pk, quotes, tips),
    }


def _quotes(quotes):
    return quotes.select_related("lesson", "bottleneck", "round")


def _tips(tips):
    return tips.select_related("bottleneck")


def _interviews(municipality, user, content):
    """The municipality's interviews with their answers; for the public, when it has no public
    answers, from values kept per content version (no query)."""
    if content is not None and not content[2]:
        return public_interviews_without_answers(municipality)
    return interviews_with_answers(Interview.objects.filter(municipality=municipality), user)


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
    content = _public_content_of(municipality, user)
    named = _named_and_related(municipality, user, content)
    interviews = _interviews(municipality, user, content)
    # A municipality of the country that no round has visited: its figures, where it lies, nothing more.
    has_findings = bool(investments or interviews or municipality.report_section)
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
            "interventions": interventions_used(municipality, investments, user),
            "lessons": named["lessons"],
            "bottlenecks": named["bottlenecks"],
            "links": named["links"],
            "quotes": named["quotes"],
            "tips": named["tips"],
            "similar": similar_municipalities(municipality),
        },
    )
