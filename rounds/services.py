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

from dataclasses import astuple, dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Investment

from .models import Answer, Interview, Progress, Question, Round, Topic


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


def progress_rows(interview):
    """The interview page's progress rows: (investment, status to call unchanged, stored progress).

    Every investment still open in the previous round, then any other investment this interview
    recorded (one first named in it, or from an import); "unchanged" is the previous round's status,
    or for those the status recorded here. Four queries, however many rows.
    """
    previous = interview.round.previous()
    previous_status = (
        dict(
            Progress.objects.filter(
                interview__round=previous, investment__municipality_id=interview.municipality_id
            ).values_list("investment_id", "status")
        )
        if previous
        else {}
    )
    stored = {row.investment_id: row for row in interview.progress.select_related("investment")}
    rows = [
        (investment, previous_status[investment.pk], stored.pop(investment.pk, None))
        for investment in investments_to_follow_up(interview)
    ]
    rows += [
        (row.investment, previous_status.get(row.investment_id, row.status), row)
        for row in sorted(stored.values(), key=lambda row: (row.investment.position, row.investment_id))
    ]
    return rows


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


# --- The interview page: one save for the interview, its answers, progress and new investments --------


@dataclass
class NewInvestment:
    """An investment first named in an interview, with what the interview says of it."""

    title: str
    text: str
    status: str
    explanation: str = ""
    reach: str = ""
    budget_eur: int | None = None
    themes: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)
    interventions: list = field(default_factory=list)
    partners: list = field(default_factory=list)


@dataclass
class InterviewSaved:
    """What one save of the interview page stored, for the one message the researcher reads."""

    interview: bool = False
    answers: int = 0
    answers_removed: int = 0
    progress: int = 0
    progress_removed: int = 0
    investments: int = 0

    def __bool__(self):
        return any(astuple(self))

    def message(self) -> str:
        if not self:
            return _("Er was niets gewijzigd; er is niets opgeslagen.")
        counts = [
            (self.answers, ngettext("%(count)d antwoord", "%(count)d antwoorden", self.answers)),
            (self.progress, ngettext("%(count)d keer voortgang", "%(count)d keer voortgang", self.progress)),
            (
                self.investments,
                ngettext("%(count)d nieuwe investering", "%(count)d nieuwe investeringen", self.investments),
            ),
        ]
        saved = [_("de gegevens van het interview")] if self.interview else []
        saved += [text % {"count": count} for count, text in counts if count]
        removed = [
            text % {"count": count}
            for count, text in (
                (self.answers_removed, ngettext("%(count)d antwoord", "%(count)d antwoorden", self.answers_removed)),
                (
                    self.progress_removed,
                    ngettext("%(count)d keer voortgang", "%(count)d keer voortgang", self.progress_removed),
                ),
            )
            if count
        ]
        parts = []
        if saved:
            parts.append(_("Opgeslagen: %(items)s.") % {"items": ", ".join(saved)})
        if removed:
            parts.append(_("Verwijderd: %(items)s.") % {"items": ", ".join(removed)})
        return " ".join(parts)


def unique_investment_slug(municipality, title) -> str:
    base = slugify(title)[:190] or "investering"
    taken = set(
        Investment.objects.filter(municipality=municipality, slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _with_reason(record, reason):
    record._change_reason = reason
    return record


@transaction.atomic
def save_interview(interview, *, answers=(), progress=(), new_investments=(), interview_changed=False, reason=""):
    """Store one interview page in one transaction; rows that say nothing new are left alone.

    `answers`: (question, text, topics) per question; an empty text means no answer (an answer
    stored before is removed). `progress`: (investment, status, explanation) per investment; status
    None means not discussed (progress stored before is removed). `new_investments`: NewInvestment.
    """
    saved = InterviewSaved()
    if interview_changed or interview.pk is None:
        _with_reason(interview, reason).save()
        saved.interview = True
    stored_answers = {answer.question_id: answer for answer in interview.answers.prefetch_related("topics")}
    for question, text, topics in answers:
        answer = stored_answers.get(question.pk)
        if not text:
            if answer is not None:
                _with_reason(answer, reason).delete()
                saved.answers_removed += 1
            continue
        topic_ids = {topic.pk for topic in topics}
        if answer is not None and answer.text == text and {t.pk for t in answer.topics.all()} == topic_ids:
            continue
        answer = answer or Answer(interview=interview, question=question)
        answer.text = text
        _with_reason(answer, reason).save()
        answer.topics.set(topic_ids)
        saved.answers += 1
    stored_progress = {row.investment_id: row for row in interview.progress.all()}
    for investment, status, explanation in progress:
        row = stored_progress.get(investment.pk)
        if status is None:
            if row is not None:
                _with_reason(row, reason).delete()
                saved.progress_removed += 1
            continue
        if row is not None and (row.status, row.explanation) == (status, explanation):
            continue
        row = row or Progress(interview=interview, investment=investment)
        row.status, row.explanation = status, explanation
        row.full_clean()
        _with_reason(row, reason).save()  # the post_save signal syncs the investment's current status
        saved.progress += 1
    for new in new_investments:
        create_investment_in_interview(interview, new, reason)
        saved.investments += 1
        saved.progress += 1
    return saved


def create_investment_in_interview(interview, new: NewInvestment, reason=""):
    """A new investment of the interview's municipality, recorded as progress of this interview."""
    municipality = interview.municipality
    # Two researchers adding investments to one municipality at once would pick the same free slug
    # and position; the row lock makes the second wait for the first (on SQLite every write
    # transaction is already IMMEDIATE, see portal/settings.py).
    list(type(municipality).objects.select_for_update().filter(pk=municipality.pk).values_list("pk", flat=True))
    position = municipality.investments.aggregate(last=Max("position"))["last"] or 0
    investment = _with_reason(
        Investment(
            municipality=municipality,
            title=new.title,
            slug=unique_investment_slug(municipality, new.title),
            text=new.text,
            status=new.status,
            reach=new.reach,
            budget_eur=new.budget_eur,
            position=position + 1,
        ),
        reason,
    )
    investment.save()
    for name in ("themes", "target_groups", "interventions", "partners"):
        getattr(investment, name).set(getattr(new, name))
    progress = Progress(interview=interview, investment=investment, status=new.status, explanation=new.explanation)
    _with_reason(progress, reason).save()
    return investment


# --- Publishing an interview or a round as a unit ---------------------------------------------------


def new_investments_of(interviews):
    """The investments first recorded in these interviews: progress there and in no other interview.

    The report's own investments belong to the report, not to its round, so they never count.
    """
    recorded_elsewhere = Progress.objects.exclude(interview__in=interviews).values("investment_id")
    # Subqueries rather than a join with distinct(): PostgreSQL locks no rows of a DISTINCT query.
    recorded_here = Progress.objects.filter(interview__in=interviews.exclude(round__is_report=True))
    return (
        Investment.objects.filter(pk__in=recorded_here.values("investment_id"))
        .exclude(pk__in=recorded_elsewhere)
        .in_report_order()
    )


@dataclass
class PublicationUnit:
    """Everything that goes public (or back to draft) together; each part only what would change."""

    status: str
    rounds: object
    interviews: object
    answers: object
    progress: object
    investments: object

    def parts(self):
        return [self.rounds, self.interviews, self.answers, self.progress, self.investments]

    def models(self):
        return [part.model for part in self.parts()]

    def __len__(self):
        return sum(part.count() for part in self.parts())


def _unit(status, rounds, interviews):
    changing = {"publication_status": status}
    return PublicationUnit(
        status=status,
        rounds=rounds.exclude(**changing),
        interviews=interviews.exclude(**changing).select_related("municipality", "round"),
        answers=Answer.objects.filter(interview__in=interviews)
        .exclude(**changing)
        .select_related("question", "interview__municipality"),
        progress=Progress.objects.filter(interview__in=interviews)
        .exclude(**changing)
        .select_related("investment", "interview__municipality"),
        investments=new_investments_of(interviews).exclude(**changing).select_related("municipality"),
    )


def interview_unit(interview, status) -> PublicationUnit:
    """An interview with its answers, progress and new investments; publishing includes a draft
    round too (without it nothing of the interview is public), going back to draft leaves the round."""
    rounds = Round.objects.filter(pk=interview.round_id)
    if status != PublicationStatus.PUBLISHED:
        rounds = rounds.none()
    return _unit(status, rounds, Interview.objects.filter(pk=interview.pk))


def round_unit(round_, status) -> PublicationUnit:
    """A round with every interview in it, and their answers, progress and new investments."""
    return _unit(status, Round.objects.filter(pk=round_.pk), Interview.objects.filter(round=round_))


@transaction.atomic
def set_unit_status(unit: PublicationUnit) -> int:
    """Publish or unpublish the whole unit in one transaction: the content version moves once."""
    return sum(set_publication_status(part, unit.status) for part in unit.parts())
