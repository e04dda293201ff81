from collections import defaultdict
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.derived import per_content_version
from core.models import PublicationStatus, previews_drafts
from pages.geo import municipality_url
from rounds.figures import round_figures
from rounds.models import (
    Answer,
    Interview,
    InterviewMode,
    InterviewSource,
    Round,
    Topic,
    interview_when,
    interviewee_label,
)
from selfreport.selectors import public_response_counts


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


INTERVIEW_ORDER = ("round__starts_on", "round__slug")
# What a municipality's page shows of an interview without answers (a line among its facts) and of its round.
INTERVIEW_FIELDS = ("pk", "period", "held_on", "mode", "interviewee_role", "created_at", "source")
ROUND_FIELDS = ("pk", "slug", "name", "is_report")


def _public_interview_rows() -> dict[int, list[tuple]]:
    """{municipality id: the INTERVIEW_FIELDS and ROUND_FIELDS of its public interviews, oldest round first}."""
    rows = (
        Interview.objects.published()
        .order_by(*INTERVIEW_ORDER)
        .values_list("municipality", *INTERVIEW_FIELDS, *(f"round__{field}" for field in ROUND_FIELDS))
    )
    interviews = {}
    for municipality_id, *values in rows:
        interviews.setdefault(municipality_id, []).append(values)
    return interviews


def public_interviews_without_answers(municipality) -> list[Interview]:
    """The municipality's public interviews, oldest round first, for a page that knows the public
    sees none of their answers.

    Every municipality's interviews (one to a few each) are read once per content version: at
    national scale the page then asks no query for them. Each interview's `answer_list` is empty,
    as `interviews_with_answers` would leave it.
    """
    rows = per_content_version("public-interviews", _public_interview_rows, in_process=True).get(municipality.pk, [])
    interviews = []
    for values in rows:
        interview = Interview(
            **dict(zip(INTERVIEW_FIELDS, values[: len(INTERVIEW_FIELDS)], strict=True)),
            municipality=municipality,
            publication_status=PublicationStatus.PUBLISHED,
        )
        interview.round = Round(
            **dict(zip(ROUND_FIELDS, values[len(INTERVIEW_FIELDS) :], strict=True)),
            publication_status=PublicationStatus.PUBLISHED,
        )
        interview.answer_list = []
        interviews.append(interview)
    return interviews


# The report's sixteen municipalities fit on the first page, as before.
INTERVIEW_PAGE_SIZE = 50


def _figures(round_, user):
    """The round's figures; for the public once per content version, since they count every
    investment's progress (10,000 at national scale). Staff who preview drafts get them fresh.
    The figures hold translated labels, so the language is part of the name."""
    if previews_drafts(user):
        return round_figures(round_, user)
    return per_content_version(
        f"rounds:figures:{round_.pk}:{get_language()}", lambda: round_figures(round_), in_process=True
    )


def round_list(request):
    user = request.user
    interviews = Q(interviews__in=Interview.objects.visible_to(user))
    rounds = Round.objects.visible_to(user).annotate(interview_count=Count("interviews", filter=interviews))
    return render(request, "rounds/round_list.html", {"rounds": rounds.order_by("-starts_on", "-slug")})


class QuestionnaireTopic(NamedTuple):
    text: str
    subtopics: tuple[str, ...]


class QuestionnaireQuestion(NamedTuple):
    text: str
    guidance: str
    topics: tuple[QuestionnaireTopic, ...]


def _questionnaire(round_) -> list[QuestionnaireQuestion]:
    """The round's questions in order, each with its topics and their subtopics, as plain values:
    model instances with prefetched relations cost a queryset per `.all()` in the template, which
    was a third of the round page."""
    order = ("question", "position", "pk")
    subtopics = defaultdict(list)
    children = Topic.objects.filter(parent__question__round=round_).order_by(*order)
    for parent_id, text in children.values_list("parent_id", "text"):
        subtopics[parent_id].append(text)
    topics_of = defaultdict(list)
    topics = Topic.objects.filter(question__round=round_, parent=None).order_by(*order)
    for pk, question_id, text in topics.values_list("pk", "question_id", "text"):
        topics_of[question_id].append(QuestionnaireTopic(text, tuple(subtopics[pk])))
    return [
        QuestionnaireQuestion(text, guidance, tuple(topics_of[pk]))
        for pk, text, guidance in round_.questions.order_by("number").values_list("pk", "text", "guidance")
    ]


class RoundInterviewLine(NamedTuple):
    """An interview as a round's page lists it."""

    url: str
    municipality: str
    when: str
    mode: str
    interviewee_role: str
    source: str


ROUND_INTERVIEW_FIELDS = (
    "municipality__slug",
    "municipality__name",
    "held_on",
    "period",
    "mode",
    "interviewee_role",
    "source",
)


def _round_interviews(round_, user) -> list[tuple]:
    """The ROUND_INTERVIEW_FIELDS of the round's interviews, by municipality name; for the public
    once per content version (a count and a page of joined rows fewer per request)."""

    def build(user=None):
        interviews = Interview.objects.visible_to(user).filter(round=round_).order_by("municipality__name")
        return list(interviews.values_list(*ROUND_INTERVIEW_FIELDS))

    if previews_drafts(user):
        return build(user)
    return per_content_version(f"rounds:interviews:{round_.pk}", build, in_process=True)


def _interview_lines(rows) -> list[RoundInterviewLine]:
    # One reverse() for the page rather than one per municipality; the mode's label in this language.
    url, modes, sources = municipality_url(), dict(InterviewMode.choices), dict(InterviewSource.choices)
    return [
        RoundInterviewLine(
            url(slug), name, interview_when(held_on, period), modes[mode], interviewee_label(role), sources[source]
        )
        for slug, name, held_on, period, mode, role, source in rows
    ]


def round_detail(request, slug):
    user = request.user
    round_ = get_object_or_404(Round.objects.visible_to(user), slug=slug)
    # Questions and topics have no draft state of their own: the same for every visitor who may see
    # the round, so read once per content version (three queries fewer on every request).
    questionnaire = per_content_version(
        f"rounds:questionnaire:{round_.pk}", lambda: _questionnaire(round_), in_process=True
    )
    # A round interviews every municipality: 342 at national scale, so a page of them at a time.
    page = Paginator(_round_interviews(round_, user), INTERVIEW_PAGE_SIZE).get_page(request.GET.get("pagina"))
    figures = _figures(round_, user)
    return render(
        request,
        "rounds/round_detail.html",
        {
            "round": round_,
            "questionnaire": questionnaire,
            "page": page,
            "interviews": _interview_lines(page.object_list),
            "figures": figures,
            "main_tally": figures.follow_up if figures.follow_up and figures.follow_up.total else figures.statuses,
            "sentence": figures.sentence(round_),
            "response": public_response_counts(round_),
        },
    )
