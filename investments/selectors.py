"""The reads of investment cards: the four relations (themes, target groups, interventions, partners)
of many cards in one query.

`prefetch_related()` reads them with a query each, and Django's prefetch builds a filtered queryset
per card and relation to hold the rows: at fifty cards a page that cost more than the cards
themselves. Here the links between investments and those terms come from one UNION over the four
link tables (in SQL), and the terms themselves (a few dozen, the same on every page) from one UNION over
their tables; for the public both are read once per content version, for every investment, as plain
values. Each investment gets them as a plain attribute, `card_terms`, which the card template reads;
a page whose cards' fragment is cached (core/templatetags/fragment_tags.py) needs none of it.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber

from core.batches import batched
from core.derived import kept_for_visitors, per_content_version
from investments.models import (
    REPORT_ORDER,
    Intervention,
    Investment,
    InvestmentStatus,
    Partner,
    TargetGroup,
    Theme,
    intervention_uses,
)

RELATIONS = {
    # relation name -> (model, column of the link table that points at the term)
    "themes": (Theme, "theme_id"),
    "target_groups": (TargetGroup, "targetgroup_id"),
    "interventions": (Intervention, "intervention_id"),
    "partners": (Partner, "partner_id"),
}

# What a card reads of a term (its link and label); the term's other fields stay deferred.
TERM_FIELDS = {
    Theme: ("id", "slug", "name", "name_en"),
    TargetGroup: ("id", "slug", "name", "name_en"),
    Intervention: ("id", "slug", "name"),
    Partner: ("id", "slug", "name"),
}


def _ordering(model):
    return [F(field[1:]).desc() if field.startswith("-") else F(field).asc() for field in model._meta.ordering]


def _term_rows(user=None) -> list[tuple]:
    """(relation, id, slug, name, name_en) of every term, each model in its own order: one query.
    Interventions only those visible to `user`."""
    parts = []
    for name, (model, _column) in RELATIONS.items():
        rows = model.objects.visible_to(user) if model is Intervention else model.objects.all()
        name_en = F("name_en") if "name_en" in TERM_FIELDS[model] else Value("", output_field=CharField())
        parts.append(
            rows.annotate(
                relation=Value(name, output_field=CharField()),
                english=name_en,
                rank=Window(RowNumber(), order_by=_ordering(model)),
            )
            .values_list("relation", "id", "slug", "name", "english", "rank")
            .order_by()
        )
    rows = parts[0].union(*parts[1:], all=True)
    # The rank keeps each model's ordering as the database sorts it (its collation), not Python's.
    return [row[:5] for row in sorted(rows, key=lambda row: (row[0], row[5]))]


class _Terms:
    """The terms by relation and id, each made a model instance only when a card shows it (and then
    kept: for the public, one `_Terms` serves every request of the process until the version moves)."""

    def __init__(self, rows):
        self.rows = {name: {} for name in RELATIONS}
        for name, pk, slug, label, name_en in rows:
            self.rows[name][pk] = (pk, slug, label, name_en)
        self.order = {name: {pk: index for index, pk in enumerate(by_id)} for name, by_id in self.rows.items()}
        self._instances = {}

    def get(self, name, pk):
        key = (name, pk)
        if key not in self._instances:
            model = RELATIONS[name][0]
            values = dict(zip(("id", "slug", "name", "name_en"), self.rows[name][pk], strict=True))
            # `from_db` takes the values in the model's field order; the fields not given stay deferred.
            fields = [field.attname for field in model._meta.concrete_fields if field.attname in TERM_FIELDS[model]]
            self._instances[key] = model.from_db(Investment.objects.db, fields, [values[field] for field in fields])
        return self._instances[key]


def _link_rows(investment_ids=None):
    """(relation, investment id, term id) rows of the four link tables, as one query: of
    `investment_ids`, or of every investment.

    Written as SQL: Django took longer to compile this UNION of four queries (a millisecond and a
    half) than the database takes to answer it. The tables and columns are the models' own.
    """
    quote = connection.ops.quote_name
    where, params = "", []
    if investment_ids is not None:
        where = f" WHERE {quote('investment_id')} IN ({', '.join(['%s'] * len(investment_ids))})"
        params = list(investment_ids)
    parts = []
    for index, (name, (_model, column)) in enumerate(RELATIONS.items()):
        table = getattr(Investment, name).through._meta.db_table
        parts.append(f"SELECT {index}, {quote('investment_id')}, {quote(column)} FROM {quote(table)}{where}")  # noqa: S608 - our names
    names = list(RELATIONS)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params * len(parts))
        return [(names[index], investment_id, term_id) for index, investment_id, term_id in cursor.fetchall()]


def _links(investment_ids) -> dict[tuple[str, int], list[int]]:
    """{(relation, investment id): term ids} of these investments.

    A staff page of a municipality lists all its investments: in batches, so a municipality with
    thousands of them does not exceed SQLite's limit on parameters (the list is sent four times).
    """
    found = {(name, pk): [] for pk in investment_ids for name in RELATIONS}
    for batch in batched(investment_ids):
        for name, investment_id, term_id in _link_rows(batch):
            found[name, investment_id].append(term_id)
    return found


def _every_investments_links() -> dict[tuple[str, int], tuple[int, ...]]:
    """`_links` of every investment: the cards of any page read theirs from it, once per content
    version, instead of asking the link tables on every request (two queries, once)."""
    found = {(name, pk): [] for pk in Investment.objects.values_list("pk", flat=True) for name in RELATIONS}
    for name, investment_id, term_id in _link_rows():
        found[name, investment_id].append(term_id)
    return {key: tuple(term_ids) for key, term_ids in found.items()}


def _kept_links(investment_ids):
    """`_links` of these investments from the values kept per content version; an investment newer
    than those (a request racing a change) has its links read."""
    every = per_content_version("investment-card-links", _every_investments_links, in_process=True)
    first_relation = next(iter(RELATIONS))
    if all((first_relation, pk) in every for pk in investment_ids):
        return every
    return _links(investment_ids)


@kept_for_visitors("investment-card-terms", in_process=True)
def _card_terms(user=None) -> _Terms:
    """Every term a card may show (interventions those visible to `user`); kept with the instances
    it makes, in this process: the cards only read the terms."""
    return _Terms(_term_rows(user))


def attach_card_relations(investments, user) -> None:
    """Give each of `investments` (a list) its themes, target groups, interventions and partners, as
    `card_terms` ({relation name: terms in the term model's order}), which the card template reads.

    The terms and every investment's links to them are kept per content version, so the cards ask no
    query; a previewer gets the terms read with draft interventions (the links are the same for all).
    """
    if not investments:
        return
    terms, links = _card_terms(user=user), _kept_links([investment.pk for investment in investments])
    for investment in investments:
        investment.card_terms = {}
        for name in RELATIONS:
            shown, order = terms.rows[name], terms.order[name]
            # A term missing from `terms` is not visible (a draft intervention): the card leaves it out.
            ids = sorted((pk for pk in links[name, investment.pk] if pk in shown), key=order.__getitem__)
            investment.card_terms[name] = [terms.get(name, pk) for pk in ids]


class CardList:
    """Investments for a list of cards, named by primary key and read by `load(pks)` only when the
    list is iterated: a page whose cards' fragment is kept reads none of them."""

    def __init__(self, pks, load):
        self.pks = list(pks)
        self._load = load
        self._rows = None

    def fragment_key(self):
        return ("investments", tuple(self.pks))

    def __len__(self):
        return len(self.pks)

    def __iter__(self):
        if self._rows is None:
            self._rows = self._load(self.pks)
        return iter(self._rows)


# A municipality's page shows at most this many cards per section; the rest are in the investment list.
CARDS_PER_SECTION = 100

# The sections of a municipality's page: what the report calls done, what it calls planned, then the
# statuses later rounds add (under way, postponed, cancelled).
SECTIONS = ("completed", "planned", "followed_up")
_SECTION_OF_STATUS = Case(
    When(status=InvestmentStatus.COMPLETED, then=Value(0)),
    When(status=InvestmentStatus.PLANNED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class Section:
    cards: list
    total: int

    @property
    def is_cut(self) -> bool:
        return self.total > len(self.cards)


def municipality_sections(municipality, user, per_section=CARDS_PER_SECTION) -> dict[str, Section]:
    """{section name: its first `per_section` investments in the report's order, and how many it has}.

    One query, however many investments the municipality has: a municipality with 100,000 after a
    large import made a 50 MB page that took 50 s. Each row carries its place in its section and the
    section's size (window functions), and only the first rows of each section are read.
    """
    in_section = [_SECTION_OF_STATUS]
    rows = (
        Investment.objects.visible_to(user)
        .filter(municipality=municipality)
        .annotate(
            section=_SECTION_OF_STATUS,
            place=Window(RowNumber(), partition_by=in_section, order_by=[F(field).asc() for field in REPORT_ORDER]),
            section_total=Window(Count("pk"), partition_by=in_section),
        )
        .filter(place__lte=per_section)
        .in_report_order()
    )
    cards = {name: [] for name in SECTIONS}
    totals = dict.fromkeys(SECTIONS, 0)
    for investment in rows:
        investment.municipality = municipality  # saves the join: every card here is of this municipality
        name = SECTIONS[investment.section]
        cards[name].append(investment)
        totals[name] = investment.section_total
    return {name: Section(cards[name], totals[name]) for name in SECTIONS}


@kept_for_visitors("intervention-uses", in_process=True)
def intervention_uses_of(sample: int, user=None) -> dict[int, tuple[int, int, tuple]]:
    """{intervention pk: (investments using it, in how many municipalities, ((slug, name) of the
    first `sample` of those municipalities by name))} over the investments visible to `user`."""
    return {
        pk: (investments, municipalities, tuple(pairs))
        for pk, (investments, municipalities, pairs) in intervention_uses(user, sample).items()
    }


@kept_for_visitors("intervention-investments")
def intervention_investment_ids(intervention, user=None) -> list[int]:
    """The investments visible to `user` that use `intervention`, in the report's order: kept per
    content version for the public, so a page needs neither a count nor a sort of them (thousands at
    national scale)."""
    using = Investment.objects.visible_to(user).filter(interventions=intervention).in_report_order()
    return list(using.values_list("pk", flat=True))
