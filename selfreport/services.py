"""Self-reporting's writes: inviting (and re-sending, reminding, revoking), the municipality's
draft and submission, and the researcher's return, rejection and acceptance.

None of these touch public content except `accept`, which turns a submission into a draft interview
of the round (source `zelfrapportage`) through the interview page's own save
(rounds.services.save_interview). Publishing it is the interview's publication as a unit
(rounds.services.interview_unit, the workspace's PublishAsUnitMixin): one action for all of it.
"""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from investments.models import Intervention, Investment, Partner, TargetGroup, Theme
from rounds.models import Interview, InterviewMode, InterviewSource, Question, Topic
from rounds.services import NewInvestment, save_interview

from .models import Invitation, Submission, SubmissionStatus

ACCEPT_REASON = "zelfrapportage"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    # 32 random bytes: 256 bits, far beyond guessing; the link shows it once, the database keeps its hash.
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation whose link carries `token` (revoked or expired ones too: their page says so)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("round", "municipality").filter(token_hash=token_hash(token)).first()


def mark_opened(invitation) -> None:
    """Remember the first time the link was opened; an update, so no history entry per visit."""
    if invitation.opened_at is None:
        now = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
        invitation.opened_at = now


# --- Invitations -------------------------------------------------------------------------------------


class InvitationRefused(ValidationError):
    pass


def invite(round_, recipients, link_for) -> list[Invitation]:
    """Invite each (municipality, e-mail) of `recipients` to report for `round_`, and mail each its link.

    An invitation that exists already gets the new address and a new link (the old one stops
    working). `link_for(token)` makes the absolute address of the questionnaire.
    """
    if round_.ends_on is None:
        raise InvitationRefused(_("Geef de ronde eerst een einddatum: de links verlopen op die datum."))
    if round_.ends_on < timezone.localdate():
        raise InvitationRefused(_("De einddatum van deze ronde is voorbij; een link zou meteen verlopen."))
    invitations = []
    for municipality, email in recipients:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().filter(round=round_, municipality=municipality).first()
            if invitation is None:
                invitation = Invitation(round=round_, municipality=municipality)
            invitation.email = email
            invitation.revoked_at = None
            token = _renew_token(invitation)
            invitation.sent_at = timezone.now()
            invitation.full_clean()
            invitation.save()
        _mail_link(invitation, link_for(token), "selfreport/mail/invitation.txt", _("Uitnodiging: %(round)s"))
        invitations.append(invitation)
    return invitations


def remind(invitations, link_for) -> int:
    """A reminder with a fresh link to each invitation still awaiting a submission; returns how many."""
    count = 0
    for invitation in invitations.awaiting_submission().select_related("round", "municipality"):
        if invitation.is_expired():
            continue
        with transaction.atomic():
            token = _renew_token(invitation)
            invitation.reminded_at = invitation.sent_at = timezone.now()
            invitation.save()
        _mail_link(invitation, link_for(token), "selfreport/mail/reminder.txt", _("Herinnering: %(round)s"))
        count += 1
    return count


def revoke(invitation) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _renew_token(invitation) -> str:
    token, hashed = _new_token()
    invitation.token_hash = hashed
    return token


def _mail_link(invitation, link, template, subject):
    context = {"invitation": invitation, "link": link, "expires_on": invitation.expires_on}
    send_mail(
        subject % {"round": invitation.round.name},
        render_to_string(template, context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


# --- The municipality's draft and submission ----------------------------------------------------------


@dataclass
class SubmissionContent:
    """What the questionnaire form holds (selfreport.forms.QuestionnaireForm.content)."""

    contact_name: str = ""
    contact_role: str = ""
    answers: dict = field(default_factory=dict)
    progress: dict = field(default_factory=dict)
    new_investments: list = field(default_factory=list)


class NotEditable(Exception):
    """The submission is in, or reviewed: the link shows it, but cannot change it."""


def _locked_submission(invitation) -> Submission:
    # The invitation's row lock serialises two requests of one link (a double click, two tabs), so
    # the second sees what the first stored; there is one submission per invitation.
    Invitation.objects.select_for_update().get(pk=invitation.pk)
    submission, _created = Submission.objects.get_or_create(invitation=invitation)
    return submission


def _fill(submission, content: SubmissionContent):
    submission.contact_name = content.contact_name
    submission.contact_role = content.contact_role
    submission.answers = content.answers
    submission.progress = content.progress
    submission.new_investments = content.new_investments


@transaction.atomic
def save_draft(invitation, content: SubmissionContent) -> Submission:
    submission = _locked_submission(invitation)
    if not submission.is_editable:
        raise NotEditable
    _fill(submission, content)
    submission.full_clean()
    submission.save()
    return submission


def submit(invitation, content: SubmissionContent) -> tuple[Submission, bool]:
    """Store and submit; returns the submission and whether this call submitted it.

    Idempotent: a second submit (a double click, a resent form) finds it submitted already and
    changes nothing, so there is one submission and one copy by e-mail.
    """
    with transaction.atomic():
        submission = _locked_submission(invitation)
        if not submission.is_editable:
            return submission, False
        _fill(submission, content)
        submission.status = SubmissionStatus.SUBMITTED
        submission.submitted_at = timezone.now()
        submission.full_clean()
        submission.save()
    _mail_copy(submission)
    return submission, True


def _mail_copy(submission):
    invitation = submission.invitation
    context = {"invitation": invitation, "submission": submission, "summary": submission_summary(submission)}
    send_mail(
        _("Kopie van uw inzending: %(round)s") % {"round": invitation.round.name},
        render_to_string("selfreport/mail/submitted_copy.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def submission_summary(submission) -> dict:
    """The submission in words: question texts, topic texts, investment titles (for the copy by
    e-mail and the review page). Four queries, however long the submission."""
    round_ = submission.invitation.round
    questions = {str(q.pk): q for q in Question.objects.filter(round=round_).order_by("number")}
    topics = dict(Topic.objects.filter(question__round=round_).values_list("pk", "text"))
    investments = dict(
        Investment.objects.filter(
            municipality_id=submission.invitation.municipality_id, pk__in=_int_keys(submission.progress)
        ).values_list("pk", "title")
    )
    statuses = dict(Investment._meta.get_field("status").choices)
    answers = [
        (question, entry.get("text", ""), [topics[t] for t in entry.get("topics", []) if t in topics])
        for key, question in questions.items()
        if (entry := submission.answers.get(key)) and (entry.get("text") or entry.get("topics"))
    ]
    progress = [
        (investments[int(key)], statuses.get(entry.get("status"), ""), entry.get("explanation", ""))
        for key, entry in submission.progress.items()
        if int(key) in investments
    ]
    new = [dict(item, status_label=statuses.get(item.get("status"), "")) for item in submission.new_investments]
    return {"answers": answers, "progress": progress, "new_investments": new}


def _int_keys(mapping) -> list[int]:
    return [int(key) for key in mapping if str(key).isdigit()]


# --- Review ---------------------------------------------------------------------------------------------


class ReviewRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _locked_for_review(submission) -> Submission:
    locked = Submission.objects.select_for_update().select_related("invitation__round", "invitation__municipality")
    submission = locked.get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ReviewRefused(
            _("Alleen een ingediende inzending kan worden beoordeeld; deze is %(status)s.")
            % {"status": submission.get_status_display()}
        )
    return submission


@transaction.atomic
def return_submission(submission, comment: str) -> Submission:
    """Back to the municipality with the researcher's comment; it changes and resubmits through its link."""
    if not comment.strip():
        raise ReviewRefused(_("Schrijf erbij wat de gemeente moet aanpassen."))
    submission = _locked_for_review(submission)
    submission.status = SubmissionStatus.RETURNED
    submission.reviewer_comment = comment
    submission.reviewed_at = timezone.now()
    submission.full_clean()
    submission.save()
    transaction.on_commit(lambda: _mail_review(submission, "selfreport/mail/returned.txt"))
    return submission


@transaction.atomic
def reject(submission, comment: str = "") -> Submission:
    submission = _locked_for_review(submission)
    submission.status = SubmissionStatus.REJECTED
    submission.reviewer_comment = comment
    submission.reviewed_at = timezone.now()
    submission.full_clean()
    submission.save()
    return submission


def _mail_review(submission, template):
    invitation = submission.invitation
    send_mail(
        _("Uw inzending is teruggestuurd: %(round)s") % {"round": invitation.round.name},
        render_to_string(template, {"invitation": invitation, "submission": submission}),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


@transaction.atomic
def accept(submission) -> Interview:
    """The submission becomes a draft interview of its round, source `zelfrapportage`, attributed to
    the respondent's role (never the name), with its answers, progress and new investments as
    drafts. Nothing is public until the interview is published as a unit."""
    submission = _locked_for_review(submission)
    invitation = submission.invitation
    if Interview.objects.filter(round=invitation.round, municipality=invitation.municipality).exists():
        raise ReviewRefused(
            _("Deze gemeente heeft in deze ronde al een interview; voeg de inzending daar met de hand aan toe.")
        )
    interview = Interview(
        round=invitation.round,
        municipality=invitation.municipality,
        mode=InterviewMode.ONLINE,
        source=InterviewSource.SELF_REPORT,
        held_on=timezone.localdate(submission.submitted_at),
        interviewee_role=submission.contact_role,
    )
    interview.full_clean()
    save_interview(
        interview,
        answers=_answers(submission),
        progress=_progress(submission),
        new_investments=_new_investments(submission),
        interview_changed=True,
        reason=ACCEPT_REASON,
    )
    submission.status = SubmissionStatus.ACCEPTED
    submission.interview = interview
    submission.reviewed_at = timezone.now()
    submission.save()
    return interview


def _answers(submission):
    round_ = submission.invitation.round
    topics_of = {}
    for topic in Topic.objects.filter(question__round=round_):
        topics_of.setdefault(topic.question_id, {})[topic.pk] = topic
    for question in Question.objects.filter(round=round_).order_by("number"):
        entry = submission.answers.get(str(question.pk)) or {}
        text = (entry.get("text") or "").strip()
        if text:
            own = topics_of.get(question.pk, {})
            yield question, text, [own[pk] for pk in entry.get("topics", []) if pk in own]


def _progress(submission):
    # Only the municipality's own investments, whatever the JSON says.
    investments = Investment.objects.filter(
        municipality_id=submission.invitation.municipality_id, pk__in=_int_keys(submission.progress)
    )
    for investment in investments:
        entry = submission.progress[str(investment.pk)]
        yield investment, entry["status"], entry.get("explanation", "")


def _new_investments(submission):
    for item in submission.new_investments:
        partners = [name.strip() for name in item.get("partners", "").split(",") if name.strip()]
        known_partners = list(Partner.objects.filter(name__in=partners))
        text = item["text"]
        unknown = sorted(set(partners) - {partner.name for partner in known_partners})
        if unknown:
            text += "\n\n" + _("Partners (nog niet in de lijst): %(names)s") % {"names": ", ".join(unknown)}
        yield NewInvestment(
            title=item["title"],
            text=text,
            status=item["status"],
            explanation=item.get("explanation", ""),
            reach=item.get("reach", ""),
            budget_eur=item.get("budget_eur"),
            themes=list(Theme.objects.filter(pk__in=item.get("themes", []))),
            target_groups=list(TargetGroup.objects.filter(pk__in=item.get("target_groups", []))),
            interventions=list(Intervention.objects.filter(pk__in=item.get("interventions", []))),
            partners=known_partners,
        )


def invite_again(invitations, link_for) -> int:
    """A new link to each of `invitations` (revoked ones too: re-sending undoes a revocation)."""
    count = 0
    for invitation in invitations.select_related("round", "municipality"):
        try:
            invite(invitation.round, [(invitation.municipality, invitation.email)], link_for)
        except InvitationRefused:
            continue  # the round has ended: a new link would be expired at once
        count += 1
    return count
