"""Self-reporting's reads: the questionnaire a link opens, the review's comparison, response counts."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from core.derived import per_content_version
from investments.models import Intervention, Investment, TargetGroup, Theme
from rounds.models import Answer, Interview, Question, Topic
from rounds.services import OPEN_STATUSES

from .models import Invitation, SubmissionStatus


@dataclass
class Questionnaire:
    """Everything the questionnaire form of one invitation offers; all of it that municipality's."""

    questions: list  # Question, each with `topic_list`
    investments: list  # the municipality's published investments still open
    themes: list
    target_groups: list
    interventions: list


def questionnaire(invitation) -> Questionnaire:
    topics = Topic.objects.order_by("position", "pk")
    questions = list(
        Question.objects.filter(round=invitation.round_id)
        .order_by("number")
        .prefetch_related(Prefetch("topics", queryset=topics, to_attr="topic_list"))
    )
    investments = list(
        Investment.objects.published()
        .filter(municipality_id=invitation.municipality_id, status__in=OPEN_STATUSES)
        .in_report_order()
    )
    return Questionnaire(
        questions=questions,
        investments=investments,
        themes=list(Theme.objects.order_by("position", "name")),
        target_groups=list(TargetGroup.objects.order_by("position", "name")),
        interventions=list(Intervention.objects.published().order_by("name")),
    )


def previous_interview(invitation) -> Interview | None:
    """The municipality's interview in the round before, with answers and progress: the review's
    other column (drafts included: the reviewer is a researcher)."""
    previous = invitation.round.previous()
    if previous is None:
        return None
    answers = Answer.objects.select_related("question").prefetch_related("topics").order_by("question__number")
    return (
        Interview.objects.filter(round=previous, municipality_id=invitation.municipality_id)
        .select_related("round")
        .prefetch_related(Prefetch("answers", queryset=answers), "progress__investment")
        .first()
    )


def round_state_counts(round_) -> dict:
    return Invitation.objects.filter(round=round_).with_state_counts()


def public_response_counts(round_) -> dict:
    """A round page's response: invited, submitted (anything handed in, reviewed or not), accepted.

    Read once per content version, like the rest of the page: submissions do not move the version
    (so the cache stays warm while a round is open), so the figures are those of the last
    publication, which is when the public pages change anyway.
    """

    def build():
        handed_in = [
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.RETURNED,
            SubmissionStatus.ACCEPTED,
            SubmissionStatus.REJECTED,
        ]
        return Invitation.objects.filter(round=round_).aggregate(
            invited=Count("pk"),
            submitted=Count("pk", filter=Q(submission__status__in=handed_in)),
            accepted=Count("pk", filter=Q(submission__status=SubmissionStatus.ACCEPTED)),
        )

    return per_content_version(f"selfreport:response:{round_.pk}", build, in_process=True)
