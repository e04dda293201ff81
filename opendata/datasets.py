"""The open-data contract: one definition per dataset of its fields, its records and its rows.

Every format (JSON, CSV, XLSX) and the schema table on /open-data/ read these definitions, so a
field is named, typed and explained in exactly one place. Field names are Dutch and fixed by the
brief's contract; changing one breaks other people's scripts.
"""

import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from core.models import PublicationStatus
from core.search import MAX_QUERY_LENGTH, filter_by_text
from investments.models import (
    STATUS_BY_SLUG,
    STATUS_SLUGS,
    Intervention,
    Investment,
    Partner,
    TargetGroup,
    Theme,
    with_investment_counts,
    with_public_investment_in_theme,
)
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink, Province
from rounds.models import MODE_SLUGS, Answer, Interview, Progress, Round, Topic

PUBLISHED = PublicationStatus.PUBLISHED

TEXT = _("tekst")
INTEGER = _("geheel getal")
URL = _("URL")
TEXT_LIST = _("lijst van tekst")
# Rows are fetched in chunks of this size, so an export never holds the whole table in memory
# while its query count stays fixed for any realistic size of this data set.
CHUNK_SIZE = 2000


class FilterError(ValueError):
    """A filter in the query string that the dataset does not know, or a value it cannot match.

    It keeps the untranslated message, so the response can give it in Dutch and in English.
    """

    def __init__(self, template, **params):
        super().__init__(template)
        self.template = template
        self.params = params

    def message(self, language: str) -> str:
        with override(language):
            return str(self.template) % self.params


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


class Dataset:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    # Every model whose changes can change this dataset's content; see `fingerprint`.
    models: tuple = ()
    filters: dict = {}
    # The row field holding the record's primary key, if rows have one: a filtered download of
    # such a dataset is cut out of the whole file (opendata.views._selection_of_whole_file).
    key_field: str | None = None

    def queryset(self):
        raise NotImplementedError

    def row(self, obj, absolute_url) -> dict:
        raise NotImplementedError

    def filtered_queryset(self, params):
        """The published records matching `params` (the query string); FilterError on a bad one."""
        unknown = sorted(set(params) - set(self.filters))
        if unknown:
            raise FilterError(
                _("Onbekend filter: %(names)s. Mogelijke filters: %(allowed)s."),
                names=", ".join(unknown),
                allowed=", ".join(self.filters) or "-",
            )
        queryset = self.queryset()
        for name, value in params.items():
            queryset = self.filters[name](queryset, value)
        return queryset

    # A dataset of many records names the values its row reads (`columns`, as `values_list` names
    # them) and builds the row from those (`row_of_values`): thousands of model instances with
    # their related records cost many times the query and the encoding together.
    columns: tuple = ()

    def row_of_values(self, *values) -> dict:
        raise NotImplementedError

    def rows(self, absolute_url, queryset=None):
        queryset = self.queryset() if queryset is None else queryset
        if self.columns:
            for values in queryset.values_list(*self.columns).iterator(chunk_size=CHUNK_SIZE):
                yield self.row_of_values(*values)
            return
        for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield self.row(obj, absolute_url)

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def fingerprint(self, model_states: dict | None = None) -> tuple:
        """(last modified, version string) of everything this dataset is built from.

        The latest change time alone misses bulk updates and deletions, so the number of (published)
        rows and the latest relevant history entry (which records deletions) of each model are part
        of the version. Drafts are not public, so they take no part (see `_state_query`).
        Pages that fingerprint several datasets pass one `model_states` dict (from `model_states()`),
        so every model is measured once, in one query for the whole page.
        """
        if model_states is None:
            model_states = {}
        missing = [model for model in self.models if model not in model_states]
        if missing:
            model_states.update(model_states_of(missing))
        parts, latest = [], None
        for model in self.models:
            stats = model_states[model]
            parts.append(f"{model._meta.label}:{sorted(stats.items())}")
            for moment in (stats.get("changed"), stats["history"]):
                if moment and (latest is None or moment > latest):
                    latest = moment
        version = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
        return latest, version


def _state_query(model):
    """One row for `model`: what the public can see of it, and when that last changed.

    For publishable models only published rows and their history count: editing a draft must not
    move the ETag or Last-Modified of open data. A history entry counts when the record was
    published in it (an edit, publishing, deleting a published record) or just before it
    (unpublishing). Every column is an aggregate or an uncorrelated subquery, so the row is one
    whatever the table's size, and the rows of all models can be united into one query.
    """
    publishable = hasattr(model, "publication_status")
    history = model.history.order_by()
    if publishable:
        status_before = (
            model.history.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("publication_status")[:1]
        )
        history = history.annotate(status_before=Subquery(status_before)).filter(
            Q(publication_status=PUBLISHED) | Q(status_before=PUBLISHED)
        )
    # MAX as a plain function, not an aggregate: the subquery then has no GROUP BY of its own.
    latest_history = history.annotate(at=Func(F("history_date"), function="MAX")).values("at")[:1]
    public = Q(publication_status=PUBLISHED) if publishable else None
    return (
        model.objects.order_by()
        .annotate(model_label=Value(model._meta.label, output_field=CharField()))
        .values("model_label")
        .annotate(
            changed=Max("updated_at", filter=public) if publishable else Value(None, output_field=DateTimeField()),
            count=Count("pk", filter=public),
            # .update() touches no timestamp: publishing one row and unpublishing another keeps
            # the count, but (barring equal sums) not the sum of the published keys.
            published_ids=Sum("pk", filter=public) if publishable else Value(None, output_field=IntegerField()),
            history=Subquery(latest_history, output_field=DateTimeField()),
        )
        .values_list("model_label", "changed", "count", "published_ids", "history")
    )


def model_states_of(models) -> dict:
    """{model: state} of every model in `models`, in one query (a UNION of one row per model)."""
    models = list(dict.fromkeys(models))
    first, *others = [_state_query(model) for model in models]
    rows = first.union(*others, all=True) if others else first
    by_label = {model._meta.label: model for model in models}
    states = {}
    for label, changed, count, published_ids, history in rows:
        model = by_label[label]
        if hasattr(model, "publication_status"):
            states[model] = {"changed": changed, "published": count, "published_ids": published_ids}
        else:
            states[model] = {"count": count}
        states[model]["history"] = history
    return states


def model_states(datasets) -> dict:
    """The states of every model the `datasets` are built from, for their `fingerprint`s: one query."""
    return model_states_of(model for dataset in datasets for model in dataset.models)


def dataset_counts(datasets) -> dict[str, int]:
    """{name: number of records} of every dataset in `datasets`, in one query: a SELECT of one
    COUNT subquery per dataset, each over the dataset's own queryset."""
    datasets = list(datasets)
    selects, params = [], []
    for index, dataset in enumerate(datasets):
        sql, dataset_params = dataset.queryset().order_by().values("pk").query.sql_with_params()
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS dataset_{index})")  # noqa: S608 -- the ORM's own SQL with its params
        params.extend(dataset_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        row = cursor.fetchone()
    return {dataset.name: count for dataset, count in zip(datasets, row, strict=True)}


def _published_municipalities():
    return Municipality.objects.published().order_by("name")


def _lookup(queryset, value, filter_name, keys=("slug",)):
    for key in keys:
        match = queryset.filter(**{key: value}).first()
        if match is not None:
            return match
    raise FilterError(_("Onbekende waarde voor filter ‘%(filter)s’: ‘%(value)s’."), filter=filter_name, value=value)


def _municipality(value):
    return _lookup(Municipality.objects.published(), value, "gemeente", ("cbs_code", "slug"))


def _province(value):
    if value in Province.values:
        return value
    raise FilterError(
        _("Onbekende waarde voor filter ‘provincie’: ‘%(value)s’. Mogelijk: %(allowed)s."),
        value=value,
        allowed=", ".join(Province.values),
    )


def _text_query(queryset, value):
    if len(value) > MAX_QUERY_LENGTH or "\x00" in value:
        raise FilterError(_("Ongeldige zoektekst voor filter ‘q’: hooguit %(max)s tekens."), max=MAX_QUERY_LENGTH)
    if not value.strip():
        return queryset
    # The search ranks its hits; a download keeps the dataset's own order, like the other filters.
    matches = filter_by_text(queryset.model.objects.all(), ("title", "text"), value).values("pk")
    return queryset.filter(pk__in=matches)


def _by_theme_of_municipality(queryset, value):
    """Tips and quotes have no theme of their own: the theme filter keeps those of municipalities
    with a published investment in the theme (as /gemeenten/?thema= does); see pages.forms."""
    theme = _lookup(Theme.objects.all(), value, "thema")
    return queryset.filter(municipality__in=with_public_investment_in_theme(Municipality.objects.all(), theme))


def _round(value):
    round_ = Round.objects.published().filter(slug=value).first()
    if round_ is not None:
        return round_
    raise FilterError(
        _("Onbekende ronde voor filter ‘ronde’: ‘%(value)s’. Mogelijk: %(allowed)s."),
        value=value,
        allowed=", ".join(Round.objects.published().chronological().values_list("slug", flat=True)) or "-",
    )


def _status(value):
    if value in STATUS_BY_SLUG:
        return STATUS_BY_SLUG[value]
    raise FilterError(
        _("Onbekende waarde voor filter ‘status’: ‘%(value)s’. Kies uit: %(choices)s."),
        value=value,
        choices=", ".join(f"‘{slug}’" for slug in STATUS_BY_SLUG),
    )


class MunicipalityDataset(Dataset):
    name = "gemeenten"
    title = _("Gemeenten")
    description = _("De zestien gemeenten die in 2018 de decentralisatie-uitkering eenzaamheid ontvingen.")
    fields = (
        Field("naam", TEXT, _("Naam van de gemeente.")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal.")),
        Field("cbs_code", TEXT, _("Gemeentecode van het CBS: GM en vier cijfers.")),
        Field("provincie", TEXT, _("Provincie waarin de gemeente ligt.")),
        Field("aantal_gedaan", INTEGER, _("Aantal gedane investeringen.")),
        Field("aantal_gepland", INTEGER, _("Aantal geplande investeringen.")),
        Field("url", URL, _("Pagina van de gemeente op dit portaal.")),
        Field("website", URL, _("Website van de gemeente; leeg als die niet bekend is.")),
        Field("links", _("lijst van URL's"), _("Adressen van de links die het rapport bij de gemeente noemt.")),
    )
    models = (Municipality, Investment, MunicipalityLink)
    filters = {
        "provincie": lambda queryset, value: queryset.filter(province=_province(value)),
        "thema": lambda queryset, value: with_public_investment_in_theme(
            queryset, _lookup(Theme.objects.all(), value, "thema")
        ),
    }

    def queryset(self):
        # The numbers of investments come from `_municipality_facts`, counted once per content version.
        return _published_municipalities()

    def rows(self, absolute_url, queryset=None):
        """Plain values, and the links in one query for the whole selection: a prefetch clones a
        queryset per municipality, which cost more than the rest of the file (342 municipalities).
        The links are asked for by id, the selection being at hand."""
        queryset = self.queryset() if queryset is None else queryset
        columns = ("pk", "name", "slug", "cbs_code", "website")
        records = list(queryset.values_list(*columns))
        links = {}
        for municipality_id, url in (
            MunicipalityLink.objects.filter(municipality__in=[record[0] for record in records])
            .order_by("position", "pk")
            .values_list("municipality_id", "url")
        ):
            links.setdefault(municipality_id, []).append(url)
        origin = absolute_url("/").removesuffix("/")
        facts = _municipality_facts()
        for pk, name, slug, cbs_code, website in records:
            path, province, completed, planned = facts[pk]
            yield {
                "naam": name,
                "slug": slug,
                "cbs_code": cbs_code,
                "provincie": province,
                "aantal_gedaan": completed,
                "aantal_gepland": planned,
                "url": origin + path,
                "website": website,
                "links": links.get(pk, []),
            }


class InvestmentDataset(Dataset):
    name = "investeringen"
    title = _("Investeringen")
    description = _(
        "Wat elke gemeente met de uitkering deed (gedaan) en van plan was (gepland), "
        "per opsommingspunt uit het rapport."
    )
    fields = (
        Field("id", INTEGER, _("Vast nummer van de investering.")),
        Field("gemeente", TEXT, _("Naam van de gemeente.")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente.")),
        Field("status", TEXT, _("‘gedaan’ of ‘gepland’.")),
        Field("titel", TEXT, _("Korte titel, door de onderzoekers gekozen.")),
        Field("omschrijving", TEXT, _("Volledige tekst zoals in het rapport.")),
        Field("themas", TEXT_LIST, _("Namen van de thema's.")),
        Field("doelgroepen", TEXT_LIST, _("Namen van de doelgroepen.")),
        Field("interventies", TEXT_LIST, _("Namen van de gebruikte interventies.")),
        Field("url", URL, _("De investering op de pagina van de gemeente.")),
        Field("provincie", TEXT, _("Provincie van de gemeente.")),
        Field("partners", TEXT_LIST, _("Namen van de partnerorganisaties.")),
        Field("bereik", TEXT, _("Bereik zoals het rapport het noemt, bijvoorbeeld ‘150 inwoners’; anders leeg.")),
        Field("ronde_laatst", TEXT, _("Slug van de laatste gepubliceerde ronde die de status noemt, of leeg.")),
        Field(
            "bron",
            TEXT,
            _("Herkomst: ‘rapport 2019’, of de ronde en de datum waarop de investering is ingevoerd."),
        ),
    )

    models = (Investment, Municipality, Theme, TargetGroup, Intervention, Partner, Progress, Round)
    key_field = "id"
    filters = {
        "gemeente": lambda queryset, value: queryset.filter(municipality=_municipality(value)),
        "provincie": lambda queryset, value: queryset.filter(municipality__province=_province(value)),
        "q": _text_query,
        "status": lambda queryset, value: queryset.filter(status=_status(value)),
        "thema": lambda queryset, value: queryset.filter(themes=_lookup(Theme.objects.all(), value, "thema")),
        "doelgroep": lambda queryset, value: queryset.filter(
            target_groups=_lookup(TargetGroup.objects.all(), value, "doelgroep")
        ),
        "interventie": lambda queryset, value: queryset.filter(
            interventions=_lookup(Intervention.objects.published(), value, "interventie")
        ),
        # Applied together with `status` in `filtered_queryset`: with a round, the status is the
        # round's, as on /investeringen/?ronde=2019&status=gepland (what was planned in 2019).
        "ronde": None,
    }

    def queryset(self):
        # The term lists, rounds and source of each row come from `_investment_facts`, per content version.
        return Investment.objects.published().select_related("municipality").in_report_order()

    def filtered_queryset(self, params):
        params = dict(params)
        round_slug = params.pop("ronde", None)
        if round_slug is None:
            return super().filtered_queryset(params)
        status = params.pop("status", None)
        queryset = super().filtered_queryset(params)
        round_ = _round(round_slug)
        mentioned = Progress.objects.published().mentioned_in(round_, None if status is None else _status(status))
        return queryset.filter(pk__in=mentioned)

    # What a row reads of an investment itself, as `values_list` names it; the rest does not depend
    # on the selection and is worked out once per content version (`_investment_facts`).
    columns = (
        "pk",
        "status",
        "title",
        "text",
        "slug",
        "reach",
        "municipality_id",
        "municipality__name",
        "municipality__cbs_code",
    )

    def rows(self, absolute_url, queryset=None):
        """Plain values of the selection, joined with what is known per investment and municipality.

        Model instances, a prefetch per chunk (four queries per 2,000 rows, so a count growing with
        the data) and the term names read per download cost many times the query and the encoding
        together; so does turning each row's creation time into a datetime for its source.
        """
        queryset = self.queryset() if queryset is None else queryset
        facts = per_content_version("open-data:investment-facts", _investment_facts)
        municipalities = _municipality_facts()
        origin = absolute_url("/").removesuffix("/")
        for pk, status, title, text, slug, reach, municipality_id, municipality, cbs_code in queryset.values_list(
            *self.columns
        ).iterator(chunk_size=CHUNK_SIZE):
            known = facts.get(pk)
            if known is None:
                # Added after this version's facts were worked out (a request racing a change): the
                # facts as they are now, once.
                facts = _investment_facts()
                known = facts[pk]
            themes, target_groups, interventions, partners, latest_round, source = known
            path, province, *_counts = municipalities[municipality_id]
            yield {
                "id": pk,
                "gemeente": municipality,
                "gemeente_cbs_code": cbs_code,
                "status": STATUS_SLUGS[status],
                "titel": title,
                "omschrijving": text,
                "themas": themes,
                "doelgroepen": target_groups,
                "interventies": interventions,
                # As Investment.get_absolute_url and .anchor (a property, so it needs an instance, which
                # costs more per row than the rest of the row): the anchor on its municipality's page.
                "url": f"{origin}{path}#investering-{slug}",
                "provincie": province,
                "partners": partners,
                "bereik": reach,
                "ronde_laatst": latest_round,
                "bron": source,
            }


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


def _investment_facts() -> dict[int, tuple]:
    """{investment id: (themes, target groups, interventions, partners, latest round, source)}: what a
    row says that does not depend on the download's filters, for every investment.

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
        latest_round, origin_round, origin_is_report = rounds.get(pk, _NO_ROUNDS)
        names = tuple(same.setdefault(tuple(names), tuple(names)) for names in terms.get(pk, _NO_TERMS))
        source = _source(origin_round, origin_is_report, created_at)
        value = (*names, latest_round or "", same.setdefault(source, source))
        facts[pk] = same.setdefault(value, value)
    return facts


_NO_ROUNDS = (None, None, None)


def _municipality_facts() -> dict[int, tuple[str, str, int, int]]:
    """{municipality id: (its page's path, its province's name, its public investments done and
    planned)}, once per content version and language (the path has the language's prefix): per
    row, they cost an instance, a URL lookup and a count over every investment."""

    def build():
        return {
            municipality.pk: (
                municipality.get_absolute_url(),
                municipality.get_province_display(),
                municipality.completed_count,
                municipality.planned_count,
            )
            for municipality in with_investment_counts(Municipality.objects.only("slug", "province"))
        }

    return per_content_version(f"open-data:municipality-facts:{get_language()}", build)


def _rounds_of_investments() -> dict[int, tuple]:
    """{investment id: (latest published round naming it, the round it first appeared in, whether
    that round is the report)}, for every investment a published round names.

    One query over all published progress, once per content version: as subqueries per row, the
    same answers cost more than the rest of a download together (10,000 investments).
    """
    rows = (
        Progress.objects.published()
        .order_by("investment_id", "interview__round__starts_on", "interview__round__slug")
        .values_list("investment_id", "interview__round__slug", "interview__round__is_report")
    )
    rounds, same = {}, {}
    for investment_id, slug, is_report in rows:
        known = rounds.get(investment_id)
        value = (slug, slug, is_report) if known is None else (slug, known[1], known[2])
        # Few rounds, so few distinct values: one object each keeps the stored copy small and quick to read.
        rounds[investment_id] = same.setdefault(value, value)
    return rounds


def _source(round_slug, is_report, created_at) -> str:
    """Where a record comes from, in the open data's own (Dutch, fixed) words."""
    if is_report:
        return "rapport 2019"
    entered = f"ingevoerd op {created_at:%Y-%m-%d}"
    return f"ronde {round_slug}, {entered}" if round_slug else entered


class LessonDataset(Dataset):
    name = "lessen"
    title = _("Geleerde lessen")
    description = _("De algemene lessen uit hoofdstuk 4 van het rapport.")
    model = Lesson
    models = (Lesson, Municipality)
    fields = (
        Field("titel", TEXT, _("Titel van de les.")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal.")),
        Field("tekst", TEXT, _("Volledige tekst zoals in het rapport; de citaten staan apart in ‘citaten’.")),
        Field("gemeenten", TEXT_LIST, _("Namen van de gemeenten die het rapport hierbij noemt.")),
    )

    def queryset(self):
        return self.model.objects.published().prefetch_related(
            Prefetch("municipalities", queryset=_published_municipalities())
        )

    def row(self, finding, absolute_url):
        return {
            "titel": finding.title,
            "slug": finding.slug,
            "tekst": finding.text,
            "gemeenten": [municipality.name for municipality in finding.municipalities.all()],
        }


class BottleneckDataset(LessonDataset):
    name = "knelpunten"
    title = _("Knelpunten en tips")
    description = _("De knelpunten uit hoofdstuk 5 van het rapport, met de tips van gemeenten.")
    model = Bottleneck
    models = (Bottleneck, Tip, Municipality)
    fields = (
        Field("titel", TEXT, _("Titel van het knelpunt.")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal.")),
        Field("tekst", TEXT, _("Volledige tekst zoals in het rapport; de citaten staan apart in ‘citaten’.")),
        Field("gemeenten", TEXT_LIST, _("Namen van de gemeenten die het rapport hierbij noemt.")),
        Field("tips", _("lijst van {gemeente, tekst}"), _("Tips van gemeenten voor dit knelpunt.")),
    )

    def queryset(self):
        return (
            super()
            .queryset()
            .prefetch_related(
                Prefetch("tips", queryset=Tip.objects.published().select_related("municipality").order_by("position"))
            )
        )

    def row(self, bottleneck, absolute_url):
        return {
            **super().row(bottleneck, absolute_url),
            "tips": [{"gemeente": tip.municipality.name, "tekst": tip.text} for tip in bottleneck.tips.all()],
        }


class QuoteDataset(Dataset):
    name = "citaten"
    title = _("Citaten")
    description = _("Uitspraken van geïnterviewde gemeenten, bij de les of het knelpunt dat ze illustreren.")
    models = (Quote, Municipality, Lesson, Bottleneck)
    fields = (
        Field("tekst", TEXT, _("Het citaat.")),
        Field("gemeente", TEXT, _("Naam van de gemeente; leeg als het rapport geen gemeente noemt.")),
        Field("les", TEXT, _("Slug van de les die het citaat illustreert, of leeg.")),
        Field("knelpunt", TEXT, _("Slug van het knelpunt dat het citaat illustreert, of leeg.")),
    )
    filters = {
        "gemeente": lambda queryset, value: queryset.filter(municipality=_municipality(value)),
        "les": lambda queryset, value: queryset.filter(lesson=_lookup(Lesson.objects.published(), value, "les")),
        "knelpunt": lambda queryset, value: queryset.filter(
            bottleneck=_lookup(Bottleneck.objects.published(), value, "knelpunt")
        ),
        "thema": _by_theme_of_municipality,
    }

    def queryset(self):
        return (
            Quote.objects.published()
            .select_related("municipality", "lesson", "bottleneck")
            .order_by("lesson__position", "bottleneck__position", "position", "pk")
        )

    columns = ("text", "municipality__name", "lesson__slug", "bottleneck__slug")

    def row_of_values(self, text, municipality, lesson, bottleneck):
        return {"tekst": text, "gemeente": municipality, "les": lesson, "knelpunt": bottleneck}


class TipDataset(Dataset):
    """Each tip as its own row: `knelpunten` nests them, which a spreadsheet cannot filter."""

    name = "tips"
    title = _("Tips")
    description = _("Tips van gemeenten voor andere gemeenten, bij het knelpunt uit hoofdstuk 5 waar ze bij horen.")
    models = (Tip, Municipality, Bottleneck)
    fields = (
        Field("tekst", TEXT, _("De tip.")),
        Field("gemeente", TEXT, _("Naam van de gemeente die de tip geeft.")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente.")),
        Field("knelpunt", TEXT, _("Slug van het knelpunt waar de tip bij hoort.")),
        Field("url", URL, _("Pagina van het knelpunt op dit portaal.")),
    )
    filters = {
        "gemeente": lambda queryset, value: queryset.filter(municipality=_municipality(value)),
        "knelpunt": lambda queryset, value: queryset.filter(
            bottleneck=_lookup(Bottleneck.objects.published(), value, "knelpunt")
        ),
        "thema": _by_theme_of_municipality,
    }

    def queryset(self):
        return (
            Tip.objects.published()
            .select_related("municipality", "bottleneck")
            .order_by("bottleneck__position", "position", "pk")
        )

    def row(self, tip, absolute_url):
        return {
            "tekst": tip.text,
            "gemeente": tip.municipality.name,
            "gemeente_cbs_code": tip.municipality.cbs_code,
            "knelpunt": tip.bottleneck.slug,
            "url": absolute_url(tip.bottleneck.get_absolute_url()),
        }


class InterventionDataset(Dataset):
    name = "interventies"
    title = _("Interventies")
    description = _("De benoemde aanpakken uit het rapport, met de gemeenten die ze inzetten of van plan zijn.")
    models = (Intervention, Investment, Municipality)
    fields = (
        Field("naam", TEXT, _("Naam van de interventie.")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal.")),
        Field("omschrijving", TEXT, _("Omschrijving in de woorden van het rapport.")),
        Field("website", URL, _("Website uit de voetnoten van het rapport; leeg als die er niet is.")),
        Field("gemeenten", TEXT_LIST, _("Namen van de gemeenten met een investering die deze interventie gebruikt.")),
        Field("url", URL, _("Pagina van de interventie op dit portaal.")),
    )

    def queryset(self):
        return Intervention.objects.published().with_municipalities().order_by("name")

    def row(self, intervention, absolute_url):
        return {
            "naam": intervention.name,
            "slug": intervention.slug,
            "omschrijving": intervention.description,
            "website": intervention.website,
            "gemeenten": [municipality.name for municipality in intervention.public_municipalities],
            "url": absolute_url(intervention.get_absolute_url()),
        }


class RoundDataset(Dataset):
    name = "rondes"
    title = _("Onderzoeksrondes")
    description = _("De onderzoeksrondes: wanneer en hoe de gemeenten zijn geïnterviewd, met de vragenlijst.")
    models = (Round,)
    fields = (
        Field("slug", TEXT, _("Korte naam van de ronde, bijvoorbeeld ‘2019’.")),
        Field("naam", TEXT, _("Naam van de ronde.")),
        Field("begin", TEXT, _("Eerste dag van de ronde (JJJJ-MM-DD).")),
        Field("einde", TEXT, _("Laatste dag van de ronde (JJJJ-MM-DD), of leeg.")),
        Field("omschrijving", TEXT, _("De methode: wie is geïnterviewd, hoe en wanneer.")),
        Field(
            "vragen",
            _("lijst van {nummer, vraag, onderwerpen}"),
            _("De vragenlijst; elk onderwerp met zijn code (slug), tekst en eventuele deelonderwerpen."),
        ),
        Field("bron", TEXT, _("‘rapport 2019’, of de datum waarop de ronde is ingevoerd.")),
        Field("url", URL, _("Pagina van de ronde op dit portaal.")),
    )

    def queryset(self):
        topics = Topic.objects.order_by("position", "pk")
        return (
            Round.objects.published()
            .chronological()
            .prefetch_related("questions", Prefetch("questions__topics", queryset=topics))
        )

    def row(self, round_, absolute_url):
        return {
            "slug": round_.slug,
            "naam": round_.name,
            "begin": round_.starts_on.isoformat(),
            "einde": round_.ends_on.isoformat() if round_.ends_on else "",
            "omschrijving": round_.description,
            "vragen": [_question_row(question) for question in round_.questions.all()],
            "bron": _source(None, round_.is_report, round_.created_at),
            "url": absolute_url(round_.get_absolute_url()),
        }


def _question_row(question):
    topics = list(question.topics.all())

    def children(parent_id):
        return [
            {"slug": topic.slug, "tekst": topic.text, "onderwerpen": children(topic.pk)}
            for topic in topics
            if topic.parent_id == parent_id
        ]

    return {
        "nummer": question.number,
        "vraag": question.text,
        "toelichting": question.guidance,
        "onderwerpen": children(None),
    }


def _round_filter(queryset, value, prefix="interview__round"):
    return queryset.filter(**{prefix: _lookup(Round.objects.published(), value, "ronde")})


def _municipality_filter(queryset, value, prefix="interview__municipality"):
    return queryset.filter(**{prefix: _municipality(value)})


class InterviewDataset(Dataset):
    name = "interviews"
    title = _("Interviews")
    description = _("Per ronde de interviews met de gemeenten: wanneer, hoe en met wie.")
    models = (Interview, Round, Municipality)
    fields = (
        Field("gemeente", TEXT, _("Naam van de gemeente.")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente.")),
        Field("ronde", TEXT, _("Slug van de ronde.")),
        Field("datum", TEXT, _("Datum van het interview (JJJJ-MM-DD), of leeg als alleen de periode bekend is.")),
        Field("periode", TEXT, _("Periode van het interview, bijvoorbeeld ‘november 2019’.")),
        Field("vorm", TEXT, _("‘telefonisch’, ‘op locatie’ of ‘online’.")),
        Field("geinterviewden", TEXT, _("Rollen van de geïnterviewden, voor zover bekend.")),
    )
    filters = {
        "ronde": lambda queryset, value: _round_filter(queryset, value, "round"),
        "gemeente": lambda queryset, value: _municipality_filter(queryset, value, "municipality"),
    }

    def queryset(self):
        return (
            Interview.objects.published()
            .select_related("municipality", "round")
            .order_by("round__starts_on", "round__slug", "municipality__name")
        )

    columns = (
        "municipality__name",
        "municipality__cbs_code",
        "round__slug",
        "held_on",
        "period",
        "mode",
        "interviewee_role",
    )

    def row_of_values(self, municipality, cbs_code, round_slug, held_on, period, mode, interviewee_role):
        return {
            "gemeente": municipality,
            "gemeente_cbs_code": cbs_code,
            "ronde": round_slug,
            "datum": held_on.isoformat() if held_on else "",
            "periode": period,
            "vorm": MODE_SLUGS.get(mode, mode),
            "geinterviewden": interviewee_role,
        }


class AnswerDataset(Dataset):
    name = "antwoorden"
    title = _("Antwoorden")
    description = _("Per interview de samenvatting van het antwoord op elke vraag, met de onderwerpen.")
    models = (Answer, Interview, Round, Municipality)
    fields = (
        Field("gemeente", TEXT, _("Naam van de gemeente.")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente.")),
        Field("ronde", TEXT, _("Slug van de ronde.")),
        Field("vraag", INTEGER, _("Nummer van de vraag in de vragenlijst van die ronde.")),
        Field("vraagtekst", TEXT, _("De vraag.")),
        Field("antwoord", TEXT, _("Samenvatting van het antwoord.")),
        Field("onderwerpen", TEXT_LIST, _("Codes (slugs) van de onderwerpen die het antwoord raakt.")),
        Field("bron", TEXT, _("De ronde en de datum waarop het antwoord is ingevoerd.")),
        Field("url", URL, _("Het antwoord op de pagina van de gemeente.")),
    )
    filters = {"ronde": _round_filter, "gemeente": _municipality_filter}

    def queryset(self):
        return (
            Answer.objects.published()
            .select_related("interview__municipality", "interview__round", "question")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "pk")))
            .order_by("interview__round__starts_on", "interview__municipality__name", "question__number")
        )

    def row(self, answer, absolute_url):
        interview = answer.interview
        return {
            "gemeente": interview.municipality.name,
            "gemeente_cbs_code": interview.municipality.cbs_code,
            "ronde": interview.round.slug,
            "vraag": answer.question.number,
            "vraagtekst": answer.question.text,
            "antwoord": answer.text,
            "onderwerpen": [topic.slug for topic in answer.topics.all()],
            "bron": _source(interview.round.slug, interview.round.is_report, answer.created_at),
            "url": absolute_url(answer.get_absolute_url()),
        }


class ProgressDataset(Dataset):
    name = "voortgang"
    title = _("Voortgang")
    description = _("Per investering per ronde de status: wat er van de plannen is geworden.")
    models = (Progress, Investment, Interview, Round, Municipality)
    fields = (
        Field("gemeente", TEXT, _("Naam van de gemeente.")),
        Field("gemeente_cbs_code", TEXT, _("CBS-code van de gemeente.")),
        Field("investering", INTEGER, _("Vast nummer (id) van de investering, als in ‘investeringen’.")),
        Field("investering_slug", TEXT, _("Korte naam van de investering binnen de gemeente.")),
        Field("ronde", TEXT, _("Slug van de ronde.")),
        Field("status", TEXT, _("‘gepland’, ‘loopt’, ‘gedaan’, ‘vervallen’ of ‘uitgesteld’.")),
        Field("toelichting", TEXT, _("Toelichting bij de status, of leeg.")),
    )
    filters = {
        "ronde": _round_filter,
        "gemeente": _municipality_filter,
        "status": lambda queryset, value: queryset.filter(status=_status(value)),
    }

    def queryset(self):
        return (
            Progress.objects.published()
            .select_related("interview__municipality", "interview__round", "investment")
            .order_by(
                "interview__round__starts_on",
                "interview__municipality__name",
                "investment__status",
                "investment__position",
                "investment__pk",
            )
        )

    columns = (
        "interview__municipality__name",
        "interview__municipality__cbs_code",
        "investment_id",
        "investment__slug",
        "interview__round__slug",
        "status",
        "explanation",
    )

    def row_of_values(self, municipality, cbs_code, investment_id, investment_slug, round_slug, status, explanation):
        return {
            "gemeente": municipality,
            "gemeente_cbs_code": cbs_code,
            "investering": investment_id,
            "investering_slug": investment_slug,
            "ronde": round_slug,
            "status": STATUS_SLUGS[status],
            "toelichting": explanation,
        }


DATASETS = {
    dataset.name: dataset
    for dataset in (
        MunicipalityDataset(),
        InvestmentDataset(),
        InterventionDataset(),
        LessonDataset(),
        BottleneckDataset(),
        QuoteDataset(),
        TipDataset(),
        RoundDataset(),
        InterviewDataset(),
        AnswerDataset(),
        ProgressDataset(),
    )
}
