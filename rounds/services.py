"""The rules of research rounds that more than one screen needs: statuses and questionnaires.

The current status of an investment — decision
-----------------------------------------------
`Investment.status` stays the one stored status that the filters (`/investeringen/?status=`), the
counts and open data (`investeringen.status`) read, so their contract is unchanged: for the
report's investments it shows the report's `gedaan`/`gepland` until a later round says otherwise.
It is now *derived*: the status in the latest published round that mentions the investment (its
published progress of a published interview). What each round said stays in `Progress`, so
"planned in 2019" is `Progress` of 2019, and "planned now" is `Investment.status`.

`sync_status` is the only code that writes a derived status. Signals (rounds/signals.py) call it
whenever progress, an interview or a round changes (saves, publication, deletion, history revert),
and before an investment is saved, so no path can leave the two out of step. An investment that
no published round mentions keeps the status it was entered with.
"""

from django.db import transaction

from core.models import PublicationStatus
from investments.models import Investment

from .models import Progress, Question, Round, Topic


def latest_published_progress(investment_id):
    return (
        Progress.objects.published()
        .filter(investment_id=investment_id)
        .order_by("-interview__round__starts_on", "-interview__round__slug")
        .first()
    )


def derived_status(investment) -> str:
    """The status `investment` should have: its latest published round's, or its own if none."""
    if investment.pk is None:
        return investment.status
    progress = latest_published_progress(investment.pk)
    return progress.status if progress is not None else investment.status


def sync_status(investment_ids) -> int:
    """Bring the stored status of these investments in line with their rounds; returns how many changed."""
    changed = 0
    for investment in Investment.objects.filter(pk__in=set(investment_ids)):
        status = derived_status(investment)
        if status != investment.status:
            investment.status = status
            # A history entry and a new version, like any other change; the pre_save signal
            # derives the same value, so this save is stable.
            investment.save(update_fields=["status", "updated_at"])
            changed += 1
    return changed


@transaction.atomic
def record_progress(interview, investment, status, explanation="", publication_status=None):
    """Record (or correct) what became of `investment` by the round of `interview`."""
    progress = Progress.objects.filter(interview=interview, investment=investment).first() or Progress(
        interview=interview, investment=investment
    )
    progress.status = status
    progress.explanation = explanation
    if publication_status is not None:
        progress.publication_status = publication_status
    progress.full_clean()
    progress.save()  # the post_save signal syncs the investment's current status
    return progress


def record_status_change(interview, investment, status):
    """A new current status for `investment`, recorded as what it became by the round of `interview`.

    An explanation already recorded there stays; new progress is published, since a status change
    is meant to be current (it shows once its interview and round are published too).
    """
    existing = Progress.objects.filter(interview=interview, investment=investment).first()
    return record_progress(
        interview,
        investment,
        status,
        explanation=existing.explanation if existing else "",
        publication_status=None if existing else PublicationStatus.PUBLISHED,
    )


def investments_to_follow_up(interview):
    """The investments of the interview's municipality that were still open in the previous round.

    Open means `gepland`, `loopt` or `uitgesteld` there; these are the rows a researcher fills in.
    """
    previous = interview.round.previous() if interview.round_id else None
    if previous is None:
        return Investment.objects.none()
    return (
        Investment.objects.filter(
            municipality_id=interview.municipality_id,
            progress__interview__round=previous,
            progress__status__in=OPEN_STATUSES,
        )
        .distinct()
        .in_report_order()
    )


OPEN_STATUSES = ("planned", "ongoing", "postponed")


@transaction.atomic
def copy_questionnaire(target: Round, source: Round | None = None) -> int:
    """Give `target` its own copy of the questionnaire of `source` (by default the previous round).

    Does nothing when `target` already has questions; returns the number of questions copied.
    """
    if target.questions.exists():
        return 0
    source = source or target.previous()
    if source is None:
        return 0
    copied = 0
    for question in source.questions.prefetch_related("topics"):
        new_question = Question.objects.create(
            round=target, number=question.number, text=question.text, guidance=question.guidance
        )
        new_topics = {}
        # Parents come before their children in position order; copy in two passes to be sure.
        topics = list(question.topics.all())
        for topic in topics:
            new_topics[topic.pk] = Topic.objects.create(
                question=new_question, slug=topic.slug, text=topic.text, position=topic.position
            )
        for topic in topics:
            if topic.parent_id:
                child = new_topics[topic.pk]
                child.parent = new_topics[topic.parent_id]
                child.save(update_fields=["parent"])
        copied += 1
    return copied
