"""The reads of the pages that need research rounds beside investments, lessons or municipalities:
the investment list (which investments a list selects, in its order, and their cards with their
history), a round's page, and the municipality list and page (the selection with its counts, the
interventions' users, the interviews).

Values the public shares per content version are declared here by name (core.derived.kept_for_visitors);
a researcher previewing drafts gets the same call read fresh, drafts included. Either way a page reads
only its own rows, and those only when its cards' fragment is not kept (investments.selectors.CardList).
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Prefetch, Q, prefetch_related_objects

from core.batches import batched
from core.derived import kept_for_visitors, per_content_version
from core.search import filter_by_text
from investments.models import (
    STATUS_BY_SLUG,
    Intervention,
    Investment,
    with_investment_counts,
    with_public_investment_in_theme,
)
from investments.selectors import CardList, attach_card_relations
from municipalities.models import Municipality, Province

from .figures import round_figures
from .models import (
    ROUND_ORDER,
    Answer,
    InterventionStage,
    Interview,
    Progress,
    Round,
    Topic,
    intervention_stages,
    municipalities_by_stage,
    public_interview_q,
)


def investment_list(form, user):
    """The investments `form` selects for `user`, in its order, as a sequence a paginator pages
    through: each page a list of cards, read when iterated. Which investments, in what order, is
    kept per content version and selection; a request reads one page of them."""
    _narrows_or_sorts(form)  # validates the form
    return _InOrder(_selected_ids(form, user=user), Investment.objects.visible_to(user).for_cards(), user)


def cards(pks, queryset, user, history=True) -> CardList:
    """The cards of the rows of `queryset` with these primary keys, in this order, with their
    relations (and history, unless `history` is off), read when the list is iterated."""

    def load(pks):
        investments = in_order(queryset, pks)
        attach_card_relations(investments, user)
        return attach_history(investments, user) if history else investments

    return CardList(pks, load)


def in_order(queryset, pks) -> list:
    """The rows of `queryset` with these primary keys, in this order."""
    by_pk = {row.pk: row for row in queryset.filter(pk__in=pks)}
    return [by_pk[pk] for pk in pks if pk in by_pk]


class _InOrder:
    """The rows of `queryset` with these primary keys, in this order, one page at a time: a
    paginator reads its length and one slice, a list of cards."""

    def __init__(self, pks, queryset, user=None):
        self.pks, self.queryset, self.user = pks, queryset, user

    def __len__(self):
        return len(self.pks)

    def __getitem__(self, index):
        return cards(self.pks[index], self.queryset, self.user)


@kept_for_visitors("investment-list:report-order")
def _report_order_ids(user=None) -> list[int]:
    """The investments visible to `user` in the report's order: the list most visitors see."""
    return list(Investment.objects.visible_to(user).in_report_order().values_list("pk", flat=True))


def _mentioned_in_round(round_pk, status):
    """The public investments a round names (with `status` there): once per content version, since
    the question joins every investment's progress to its interview and round (10,000 at national scale)."""

    def build():
        mentioned = Progress.objects.published().mentioned_in(round_pk, STATUS_BY_SLUG.get(status))
        return frozenset(mentioned.values_list("investment_id", flat=True))

    return per_content_version(f"investment-list:round:{round_pk}:{status}", build)


def _selected_in_report_order(form, user=None):
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
        matching = form.filter_besides_round(Investment.objects.visible_to(user)).order_by()
        keep.append(frozenset(matching.values_list("pk", flat=True)))
    selected = frozenset.intersection(*keep)
    return [pk for pk in _report_order_ids(user=user) if pk in selected]


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


@kept_for_visitors("investment-list:selection")
def _selected_ids(form, user=None) -> list[int]:
    """The investments visible to `user` that the form's filters, search or sort select, in its
    order: kept per content version and valid selection (the form names itself by it), so a request
    neither searches, counts nor sorts (thousands of rows at national scale), it only reads its page."""
    data = form.cleaned_data if form.is_bound else {}
    if not _narrows_or_sorts(form):
        return _report_order_ids(user=user)
    if data.get("q") or data.get("sorteer"):
        investments = _searched_or_sorted(form, Investment.objects.visible_to(user))
        return list(investments.values_list("pk", flat=True))
    return _selected_in_report_order(form, user)


def _timeline(user):
    """`timeline`: the investment's published progress, round by round (its history)."""
    return Prefetch(
        "progress",
        queryset=Progress.objects.visible_to(user)
        .select_related("interview__round")
        .order_by("interview__round__starts_on", "interview__round__slug"),
        to_attr="timeline",
    )


def attach_history(investments, user):
    """Give each of `investments` (a list) its `timeline`, read only when a card among them shows one
    (known per content version; at national scale, none)."""
    if investments and not _with_history(user=user).isdisjoint(investment.pk for investment in investments):
        # In batches: a staff page of a municipality lists all its investments, thousands after a
        # large import, and one `IN (…)` list of them all exceeds SQLite's limit on parameters.
        for batch in batched(investments):
            prefetch_related_objects(batch, _timeline(user))
    return investments


@kept_for_visitors("investment-list:with-history", in_process=True)
def _with_history(user=None) -> frozenset:
    """The investments visible to `user` whose card shows its history: those a round after the
    report names. (Each round names an investment at most once, so that is exactly when its timeline
    has more than the report's status.)"""
    later = Progress.objects.visible_to(user).filter(interview__round__is_report=False)
    return frozenset(later.values_list("investment_id", flat=True))


def _rounds_by_municipality() -> dict[int, tuple[tuple[str, str], ...]]:
    taken = {}
    rows = (
        Interview.objects.filter(public_interview_q())
        .order_by(*(f"round__{field}" for field in ROUND_ORDER))
        .values_list("municipality", "round__slug", "round__name")
    )
    for municipality_id, slug, name in rows:
        taken.setdefault(municipality_id, []).append((slug, name))
    return {pk: tuple(rounds) for pk, rounds in taken.items()}


def rounds_by_municipality() -> dict[int, tuple[tuple[str, str], ...]]:
    """{municipality id: (round slug, round name) of each published round it has a public interview in,
    oldest first}. A municipality absent here took part in no round: the report's 2019 study is the
    first round, so "in the 2019 study" is derived from its interviews, not kept as a flag."""
    return per_content_version("rounds-by-municipality", _rounds_by_municipality, in_process=True)


def rounds_with_interview_counts(user=None):
    """The rounds visible to `user`, newest first, each with `interview_count`: its interviews `user` may see."""
    interviews = Q(interviews__in=Interview.objects.visible_to(user))
    rounds = Round.objects.visible_to(user).annotate(interview_count=Count("interviews", filter=interviews))
    return rounds.order_by("-starts_on", "-slug")


@kept_for_visitors("round-figures", in_process=True, per_language=True)
def figures(round_, user=None):
    """The round's figures: they count every investment's progress (10,000 at national scale), and
    hold translated labels."""
    return round_figures(round_, user)


class QuestionnaireTopic(NamedTuple):
    text: str
    subtopics: tuple[str, ...]


class QuestionnaireQuestion(NamedTuple):
    text: str
    guidance: str
    topics: tuple[QuestionnaireTopic, ...]


@kept_for_visitors("round-questionnaire", in_process=True)
def questionnaire(round_, user=None) -> tuple[QuestionnaireQuestion, ...]:
    """The round's questions in order, each with its topics and their subtopics, as plain values:
    model instances with prefetched relations cost a queryset per `.all()` in the template, which
    was a third of the round page. Questions and topics have no draft state of their own."""
    order = ("question", "position", "pk")
    subtopics = defaultdict(list)
    children = Topic.objects.filter(parent__question__round=round_).order_by(*order)
    for parent_id, text in children.values_list("parent_id", "text"):
        subtopics[parent_id].append(text)
    topics_of = defaultdict(list)
    topics = Topic.objects.filter(question__round=round_, parent=None).order_by(*order)
    for pk, question_id, text in topics.values_list("pk", "question_id", "text"):
        topics_of[question_id].append(QuestionnaireTopic(text, tuple(subtopics[pk])))
    return tuple(
        QuestionnaireQuestion(text, guidance, tuple(topics_of[pk]))
        for pk, text, guidance in round_.questions.order_by("number").values_list("pk", "text", "guidance")
    )


# What a round's page lists of an interview.
ROUND_INTERVIEW_FIELDS = (
    "municipality__slug",
    "municipality__name",
    "held_on",
    "period",
    "mode",
    "interviewee_role",
    "source",
)


@kept_for_visitors("round-interviews", in_process=True)
def round_interview_rows(round_, user=None) -> tuple[tuple, ...]:
    """The ROUND_INTERVIEW_FIELDS of the round's interviews, by municipality name (342 at national
    scale: a count and a page of joined rows fewer per request)."""
    interviews = Interview.objects.visible_to(user).filter(round=round_).order_by("municipality__name")
    return tuple(interviews.values_list(*ROUND_INTERVIEW_FIELDS))


INTERVIEW_ORDER = ("round__starts_on", "round__slug")


def interviews_with_answers(interviews, user) -> list[Interview]:
    """The interviews visible to `user`, oldest round first, each with its answers question by question
    (`answer_list`)."""
    answers = Answer.objects.visible_to(user).select_related("question").prefetch_related("topics")
    return list(
        interviews.visible_to(user)
        .select_related("round")
        .prefetch_related(Prefetch("answers", queryset=answers.order_by("question__number"), to_attr="answer_list"))
        .order_by(*INTERVIEW_ORDER)
    )


# The municipality list's "Gemeenten" choice that shows every municipality, with findings or not.
ALL_MUNICIPALITIES = "alle"
PROVINCE_LABELS = dict(Province.choices)
# What the municipality list's table and map show of a municipality: its long texts stay in the database.
LISTED_FIELDS = ("pk", "name", "slug", "cbs_code", "province", "approach_name", "programme")


@dataclass(frozen=True)
class ListedMunicipality:
    """A row of the municipality list's table and an area of its map: plain data, cheaper to build and
    to keep than a model. Its address, which depends on the language, is added per request (`url`)."""

    pk: int
    name: str
    slug: str
    cbs_code: str
    province: str
    approach_name: str
    programme: str
    completed_count: int = 0
    planned_count: int = 0
    url: str = ""

    @property
    def province_label(self) -> str:
        return PROVINCE_LABELS.get(self.province, self.province)


def select_municipalities(municipalities, province, theme, taking_part, user=None):
    """`municipalities` narrowed to a province, to those with a public investment in `theme`, and to
    those that took part in the round `taking_part` ("" for any round or with an investment;
    ALL_MUNICIPALITIES for every one). `user` decides which findings count: a previewer also finds a
    municipality by its draft investments and interviews."""
    if taking_part != ALL_MUNICIPALITIES:
        interviews = Interview.objects.visible_to(user)
        if taking_part:
            taken = interviews.filter(round__slug=taking_part).values("municipality")
            municipalities = municipalities.filter(pk__in=taken)
        else:
            investments = Investment.objects.visible_to(user).values("municipality")
            municipalities = municipalities.filter(Q(pk__in=interviews.values("municipality")) | Q(pk__in=investments))
    if province:
        municipalities = municipalities.filter(province=province)
    if theme:
        municipalities = with_public_investment_in_theme(municipalities, theme)
    return municipalities


@kept_for_visitors("municipality-investment-counts")
def investment_counts(theme=None, user=None) -> dict[int, tuple[int, int]]:
    """{municipality id: (completed, planned)}: its public investments (in `theme`, if given), the
    same for every visitor: counted once per content version instead of over all 10,000 investments."""
    rows = with_investment_counts(Municipality.objects.all(), theme=theme).values_list(
        "pk", "completed_count", "planned_count"
    )
    return {pk: (completed, planned) for pk, completed, planned in rows}


@kept_for_visitors("municipality-selection", in_process=True)
def listed_municipalities(province, theme, taking_part, user=None) -> tuple[ListedMunicipality, ...]:
    """The municipalities visible to `user` that the choices select (`select_municipalities`), by
    name, with their public investments (in `theme`, if given). A theme's filter alone took
    milliseconds on PostgreSQL."""
    municipalities = select_municipalities(Municipality.objects.visible_to(user), province, theme, taking_part, user)
    counts = investment_counts(theme)
    return tuple(
        ListedMunicipality(*row, *counts.get(row[0], (0, 0)))
        for row in municipalities.order_by("name").values_list(*LISTED_FIELDS)
    )


@kept_for_visitors("municipality-order")
def municipality_places(ordering: tuple, user=None) -> dict[int, int]:
    """{municipality id: place} in the database's order by `ordering` (its collation for texts)."""
    pks = Municipality.objects.order_by(*ordering).values_list("pk", flat=True)
    return {pk: place for place, pk in enumerate(pks)}


@kept_for_visitors("intervention-users", in_process=True)
def intervention_users(named: int, user=None) -> tuple[dict, dict]:
    """({intervention id: (its slug, ((slug, name) of the first `named` municipalities that have it in
    use, by name), how many more)}, {(intervention id, municipality id): frozenset of the stages of its
    links}) over the investments visible to `user`.

    Only the municipalities a page names are kept: at national scale an intervention has hundreds of
    users. "In use" is the stage rule's (rounds.models.intervention_stage): a plan is not use.
    """
    investments = Investment.objects.visible_to(user).filter(interventions__in=Intervention.objects.visible_to(user))
    stages = {}
    for link in intervention_stages(investments.distinct()):
        stages.setdefault((link.intervention_id, link.municipality_id), set()).add(link.stage)
    named_by = Municipality.objects.filter(pk__in={pk for _intervention, pk in stages}).order_by("name")
    municipalities = named_by.values_list("pk", "slug", "name")
    visible = Intervention.objects.visible_to(user).filter(pk__in={pk for pk, _municipality in stages})
    slugs = dict(visible.values_list("pk", "slug"))
    users = {pk: [] for pk in slugs}
    for municipality_id, slug, name in municipalities:
        for intervention_id in slugs:
            if InterventionStage.IN_USE in stages.get((intervention_id, municipality_id), ()):
                users[intervention_id].append((slug, name))
    return (
        {pk: (slugs[pk], tuple(everyone[:named]), len(everyone[named:])) for pk, everyone in users.items()},
        {key: frozenset(found) for key, found in stages.items()},
    )


@kept_for_visitors("municipality-interviews")
def municipality_interviews(municipality, user=None) -> list[Interview]:
    """The municipality's interviews visible to `user`, oldest round first, each with its answers
    (`interviews_with_answers`); for the public kept per content version (most municipalities at
    national scale have none, and the report's have a few dozen answers)."""
    return interviews_with_answers(Interview.objects.filter(municipality=municipality), user)


@kept_for_visitors("intervention-stages")
def intervention_stages_of(intervention, user=None) -> list[tuple[str, list]]:
    """(stage, the municipalities at that stage) for `intervention` among the investments visible
    to `user` (rounds.models.municipalities_by_stage): who has it in use, who plans or explores it."""
    return municipalities_by_stage(intervention, Investment.objects.visible_to(user))


@kept_for_visitors("published-rounds")
def published_rounds(user=None) -> list[Round]:
    """The published rounds, oldest first: the comparison's choice of round, the same for everyone."""
    return list(Round.objects.published().chronological())
