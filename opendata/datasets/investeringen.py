"""`investeringen`: every published investment, filtered as /investeringen/ is (rounds.filters)."""

from typing import NamedTuple

from django.db.models import F, IntegerField, Value, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from investments.models import STATUS_SLUGS, Intervention, Investment, Partner, TargetGroup, Theme
from municipalities.models import Municipality
from rounds.filters import RoundInvestmentFilterForm
from rounds.models import Interview, InterviewSource, Progress, Round

from .base import (
    INTEGER,
    SOURCE_KIND,
    TEXT,
    TEXT_LIST,
    URL,
    Dataset,
    Field,
    column,
    municipality_facts,
    origin_of,
    source_of,
)


class Context:
    """What a row reads besides the investment's own values: what does not depend on the selection,
    worked out once per content version."""

    def __init__(self, origin, facts, municipalities):
        self.origin, self.facts, self.municipalities = origin, facts, municipalities
        self.record = self.record_facts = None

    def facts_of(self, record) -> "Facts":
        # Six fields of a row read the facts: looked up once per record.
        if record is self.record:
            return self.record_facts
        known = self.facts.get(record["pk"])
        if known is None:
            # Added after this version's facts were worked out (a request racing a change): the
            # facts as they are now, once for the rest of the download.
            self.facts = _investment_facts()
            known = self.facts[record["pk"]]
        self.record, self.record_facts = record, known
        return known

    def municipality_of(self, record):
        return self.municipalities[record["municipality_id"]]


class Facts(NamedTuple):
    themes: tuple
    target_groups: tuple
    interventions: tuple
    partners: tuple
    latest_round: str
    source: str
    source_kind: str


def _fact(name):
    return lambda record, context: getattr(context.facts_of(record), name)


def _url(record, context):
    # As Investment.get_absolute_url and .anchor (a property, so it needs an instance, which costs
    # more per row than the rest of the row): the anchor on its municipality's page.
    return f"{context.origin}{context.municipality_of(record)[0]}#investering-{record['slug']}"


class InvestmentDataset(Dataset):
    name = "investeringen"
    title = _("Investeringen")
    description = _(
        "Wat elke gemeente met de uitkering deed (gedaan) en van plan was (gepland), "
        "per opsommingspunt uit het rapport."
    )
    fields = (
        Field("id", INTEGER, _("Vast nummer van de investering."), column("pk")),
        Field("gemeente", TEXT, _("Naam van de gemeente."), column("municipality__name")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente."), column("municipality__cbs_code")),
        Field(
            "status",
            TEXT,
            _(
                "‘gedaan’ (uitgevoerd of begonnen: de ‘gedane investeringen’ van het rapport, waarvan een deel "
                "nog loopt) of ‘gepland’; latere rondes ook ‘loopt’, ‘vervallen’ of ‘uitgesteld’."
            ),
            column("status", STATUS_SLUGS.__getitem__),
        ),
        Field(
            "titel",
            TEXT,
            _("Korte titel, redactioneel: door de makers van dit portaal geschreven in de woorden van het rapport."),
            column("title"),
        ),
        Field("omschrijving", TEXT, _("Volledige tekst zoals in het rapport."), column("text")),
        Field("themas", TEXT_LIST, _("Namen van de thema's."), _fact("themes")),
        Field("doelgroepen", TEXT_LIST, _("Namen van de doelgroepen."), _fact("target_groups")),
        Field("interventies", TEXT_LIST, _("Namen van de gebruikte interventies."), _fact("interventions")),
        Field("url", URL, _("De investering op de pagina van de gemeente."), _url),
        Field(
            "provincie",
            TEXT,
            _("Provincie van de gemeente."),
            lambda record, context: context.municipality_of(record)[1],
        ),
        Field("partners", TEXT_LIST, _("Namen van de partnerorganisaties."), _fact("partners")),
        Field(
            "bereik",
            TEXT,
            _(
                "Bereik zoals het rapport het noemt, bijvoorbeeld ‘60 jongeren’ of ‘aangeboden aan 150 inwoners’; "
                "anders leeg."
            ),
            column("reach"),
        ),
        Field(
            "ronde_laatst",
            TEXT,
            _("Slug van de laatste gepubliceerde ronde die de status noemt, of leeg."),
            _fact("latest_round"),
        ),
        Field(
            "bron",
            TEXT,
            _("Herkomst: ‘rapport 2019’, of de ronde en de datum waarop de investering is ingevoerd."),
            _fact("source"),
        ),
        Field("bron_soort", TEXT, SOURCE_KIND, _fact("source_kind")),
        Field(
            "budget_eur",
            INTEGER,
            _("Wat de gemeente aan de investering besteedde, in hele euro's, waar bekend; anders leeg."),
            column("budget_eur"),
        ),
    )
    extra_columns = ("slug", "municipality_id")
    key_field = "id"

    models = (Investment, Municipality, Theme, TargetGroup, Intervention, Partner, Progress, Interview, Round)
    filter_form = RoundInvestmentFilterForm

    @property
    def filters(self):
        return dict.fromkeys(self.filter_form.filter_names)

    def queryset(self):
        # The term lists, rounds and source of each row come from `_investment_facts`, per content version.
        return Investment.objects.published().select_related("municipality").in_report_order()

    def filtered_queryset(self, params):
        self.refuse_unknown(params)
        if not params:
            return self.queryset()  # the form's options cost queries that an unfiltered file does not need
        return self.filter_form.from_query(params).selection(self.queryset())

    def context(self, absolute_url, queryset):
        """Model instances, a prefetch per chunk (four queries per 2,000 rows, so a count growing with
        the data) and the term names read per download cost many times the query and the encoding
        together; so does turning each row's creation time into a datetime for its source."""
        facts = per_content_version("open-data:investment-facts", _investment_facts)
        return Context(origin_of(absolute_url), facts, municipality_facts())


# The term lists of an investment's row, in the row's order, each with the terms that may be named
# (published interventions only) and the order they are listed in.
TERM_RELATIONS = (
    ("themes", Theme.objects.all(), "position"),
    ("target_groups", TargetGroup.objects.all(), "position"),
    ("interventions", Intervention.objects.published(), "name"),
    ("partners", Partner.objects.all(), "name"),
)


def _term_links(index, relation, related, order):
    """(index, investment id, rank, name) of every link of one many-to-many relation to a term in
    `related`; the rank orders the terms as the row lists them, as the database sorts them."""
    field = Investment._meta.get_field(relation)
    target = field.m2m_reverse_field_name()
    return (
        field.remote_field.through.objects.filter(**{f"{target}__in": related.values("pk")})
        .order_by()
        .annotate(
            relation=Value(index, output_field=IntegerField()),
            rank=Window(RowNumber(), order_by=(F(f"{target}__{order}").asc(), F(f"{target}__pk").asc())),
            term=F(f"{target}__name"),
        )
        .values_list("relation", "investment_id", "rank", "term")
    )


_NO_TERMS = ((), (), (), ())
_NO_ROUNDS = (None, None, None, InterviewSource.INTERVIEW.value)


def _investment_facts() -> dict[int, Facts]:
    """{investment id: Facts}: what a row says that does not depend on the download's filters, for
    every investment.

    Three queries (the links of all four term lists in one), once per content version. Equal values
    are one object each (few terms, few rounds, few dates), which keeps the stored copy small and
    quick to read; the lists are tuples, which the formats write as lists.
    """
    first, *others = (_term_links(index, *relation) for index, relation in enumerate(TERM_RELATIONS))
    links = first.union(*others, all=True).order_by("investment_id", "relation", "rank")
    same = {}
    terms, current, lists = {}, None, None
    for index, investment_id, _rank, name in links:
        if investment_id != current:
            current, lists = investment_id, ([], [], [], [])
            terms[investment_id] = lists
        lists[index].append(same.setdefault(name, name))
    rounds = _rounds_of_investments()
    facts = {}
    for pk, created_at in Investment.objects.order_by().values_list("pk", "created_at"):
        latest_round, origin_round, origin_is_report, origin_kind = rounds.get(pk, _NO_ROUNDS)
        names = tuple(same.setdefault(tuple(names), tuple(names)) for names in terms.get(pk, _NO_TERMS))
        source = source_of(origin_round, origin_is_report, created_at)
        value = Facts(*names, latest_round or "", same.setdefault(source, source), origin_kind)
        facts[pk] = same.setdefault(value, value)
    return facts


def _rounds_of_investments() -> dict[int, tuple]:
    """{investment id: (latest published round naming it, the round it first appeared in, whether
    that round is the report, the source of the interview there)}, for every investment a published
    round names.

    One query over all published progress, once per content version: as subqueries per row, the
    same answers cost more than the rest of a download together (10,000 investments).
    """
    rows = (
        Progress.objects.published()
        .order_by("investment_id", "interview__round__starts_on", "interview__round__slug")
        .values_list("investment_id", "interview__round__slug", "interview__round__is_report", "interview__source")
    )
    rounds, same = {}, {}
    for investment_id, slug, is_report, kind in rows:
        known = rounds.get(investment_id)
        value = (slug, slug, is_report, kind) if known is None else (slug, *known[1:])
        # Few rounds, so few distinct values: one object each keeps the stored copy small and quick to read.
        rounds[investment_id] = same.setdefault(value, value)
    return rounds
