"""The open-data contract: one definition per dataset of its fields, its records and its rows.

Every format (JSON, CSV, XLSX) and the schema table on /open-data/ read these definitions, so a
field is named, typed and explained in exactly one place. Field names are Dutch and fixed by the
brief's contract; changing one breaks other people's scripts.
"""

import functools
import hashlib
import operator
from collections.abc import Callable
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
    Q,
    Subquery,
    Sum,
    Value,
)
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from core.filters import FilterError, unknown_value
from core.models import PublicationStatus
from investments.models import Theme, with_investment_counts, with_public_investment_in_theme
from municipalities.forms import unknown_province
from municipalities.models import Municipality, Province
from rounds.models import Round

PUBLISHED = PublicationStatus.PUBLISHED

TEXT = _("tekst")
INTEGER = _("geheel getal")
URL = _("URL")
TEXT_LIST = _("lijst van tekst")
# JSON true/false; CSV True/False.
BOOLEAN = _("waar/onwaar")
# Rows are fetched in chunks of this size, so an export never holds the whole table in memory
# while its query count stays fixed for any realistic size of this data set.
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    """A value the record holds itself: `path` as `values_list` names it (`municipality__name`),
    passed through `convert` if given."""

    path: str
    convert: Callable | None = None


@dataclass(frozen=True)
class Field:
    """One field of a dataset: its contract (name, type, description) and where its value comes from.

    `source` is a `Column` of the record, or a function of (record, context): the record is a dict
    of the dataset's columns by path, the context what the dataset works out once per download
    (`Dataset.context`).
    """

    name: str
    type: str
    description: str
    source: Column | Callable


def column(path, convert=None) -> Column:
    return Column(path, convert)


class Dataset:
    """A dataset: its fields, the published records (`queryset`), the filters of its address.

    A row is built from the declared fields, each from its source. A record is the plain values the
    fields name (one `values_list` query, in chunks): model instances with their related records cost
    many times the query and the encoding together.
    """

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    # Every model whose changes can change this dataset's content; see `fingerprint`.
    models: tuple = ()
    filters: dict = {}
    # Values the functions among the fields read besides the fields' own columns.
    extra_columns: tuple[str, ...] = ()
    # The row field holding the record's primary key, if rows have one: a filtered JSON or CSV download
    # of such a dataset is cut out of the whole file (opendata.views._selection_of_whole_file).
    key_field: str | None = None

    def queryset(self):
        raise NotImplementedError

    def context(self, absolute_url, queryset):
        """What the fields' functions read besides the record, worked out once per download."""
        return absolute_url

    def filtered_queryset(self, params):
        """The published records matching `params` (the query string); FilterError on a bad one."""
        self.refuse_unknown(params)
        queryset = self.queryset()
        for name, value in params.items():
            queryset = self.filters[name](queryset, value)
        return queryset

    def refuse_unknown(self, params):
        unknown = sorted(set(params) - set(self.filters))
        if unknown:
            raise FilterError(
                _("Onbekend filter: %(names)s. Mogelijke filters: %(allowed)s."),
                names=", ".join(unknown),
                allowed=", ".join(self.filters) or "-",
            )

    # A dataset of few records with nested lists reads model instances (with their prefetches) rather
    # than values: its records are then instances, and a `Column` path names their attributes.
    reads_instances = False

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        paths = [field.source.path for field in self.fields if isinstance(field.source, Column)]
        return tuple(dict.fromkeys([*paths, *self.extra_columns]))

    @functools.cached_property
    def _plan(self):
        """(name, column path, function) per field, in the fields' order: a plain column of a values
        record is read with no call (path, None), anything else by its function (None, function)."""

        def plan(field):
            source = field.source
            if not isinstance(source, Column):
                return field.name, None, source
            if source.convert is None and not self.reads_instances:
                return field.name, source.path, None
            if self.reads_instances:
                read = operator.attrgetter(source.path.replace("__", "."))
            else:
                read = operator.itemgetter(source.path)
            convert = source.convert or (lambda value: value)
            return field.name, None, lambda record, _context: convert(read(record))

        return [plan(field) for field in self.fields]

    def records(self, queryset):
        if self.reads_instances:
            return queryset.iterator(chunk_size=CHUNK_SIZE)
        columns = self.columns
        return (
            dict(zip(columns, values, strict=True))
            for values in queryset.values_list(*columns).iterator(chunk_size=CHUNK_SIZE)
        )

    def rows(self, absolute_url, queryset=None):
        queryset = self.queryset() if queryset is None else queryset
        context, plan = self.context(absolute_url, queryset), self._plan
        for record in self.records(queryset):
            yield {name: record[path] if get is None else get(record, context) for name, path, get in plan}

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


def published_municipalities():
    return Municipality.objects.published().order_by("name")


def lookup(queryset, value, filter_name, keys=("slug",)):
    for key in keys:
        match = queryset.filter(**{key: value}).first()
        if match is not None:
            return match
    raise unknown_value(filter_name, value)


def municipality_named(value):
    return lookup(Municipality.objects.published(), value, "gemeente", ("cbs_code", "slug"))


def province_named(value):
    if value in Province.values:
        return value
    raise unknown_province(value)


def by_theme_of_municipality(queryset, value):
    """Tips and quotes have no theme of their own: the theme filter keeps those of municipalities
    with a published investment in the theme (as /gemeenten/?thema= does); see pages.forms."""
    theme = lookup(Theme.objects.all(), value, "thema")
    return queryset.filter(municipality__in=with_public_investment_in_theme(Municipality.objects.all(), theme))


def round_filter(queryset, value, prefix="interview__round"):
    return queryset.filter(**{prefix: lookup(Round.objects.published(), value, "ronde")})


def municipality_filter(queryset, value, prefix="interview__municipality"):
    return queryset.filter(**{prefix: municipality_named(value)})


# The `bron_soort` field of the rounds' datasets: the values are rounds.models.InterviewSource's.
SOURCE_KIND = _(
    "Soort bron: ‘interview’ (afgenomen door de onderzoekers) of ‘zelfrapportage’ (ingevuld door de "
    "gemeente, gecontroleerd door de onderzoekers)."
)


def source_of(round_slug, is_report, created_at) -> str:
    """Where a record comes from, in the open data's own (Dutch, fixed) words."""
    if is_report:
        return "rapport 2019"
    entered = f"ingevoerd op {created_at:%Y-%m-%d}"
    return f"ronde {round_slug}, {entered}" if round_slug else entered


def municipality_facts() -> dict[int, tuple[str, str, int, int]]:
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


def origin_of(absolute_url) -> str:
    """The site's address without a trailing slash, to put before a path."""
    return absolute_url("/").removesuffix("/")
