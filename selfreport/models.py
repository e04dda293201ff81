"""Municipalities report themselves: an invitation per municipality per round, and its submission.

The invitation's link carries a random token (secrets.token_urlsafe(32): 256 bits); only its
SHA-256 is stored, so a database copy reveals no working link. Re-sending makes a new token, which
also ends the old link. The link works until the round's end date, for its own municipality and
round only.

A submission holds the municipality's answers, the status of its open investments and its new
investments as JSON, until a researcher accepts it: only then does it become content (a draft
interview of the round with source `zelfrapportage`, rounds.models.InterviewSource), so nothing a
municipality types is public before a researcher publishes it. JSON rather than child rows: a
submission is edited and reviewed as one document, questions and investments are validated
against the round by the form (selfreport.forms), and nothing queries inside it.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CheckedText
from municipalities.models import Municipality
from rounds.models import Interview, Round

# Size limits of every text a municipality types (the form enforces them; the model repeats them).
CONTACT_MAX = 200
ANSWER_MAX = 5000
EXPLANATION_MAX = 2000
TITLE_MAX = 200
TEXT_MAX = 5000
REACH_MAX = 200
COMMENT_MAX = 5000


class InvitationQuerySet(models.QuerySet):
    def with_state_counts(self):
        """Counts per state of these invitations in one query (see InvitationState)."""
        submission = "submission__status"
        count = models.Count
        return self.aggregate(
            invited=count("pk"),
            opened=count("pk", filter=models.Q(opened_at__isnull=False)),
            draft=count("pk", filter=models.Q(**{submission: SubmissionStatus.DRAFT})),
            submitted=count("pk", filter=models.Q(**{submission: SubmissionStatus.SUBMITTED})),
            returned=count("pk", filter=models.Q(**{submission: SubmissionStatus.RETURNED})),
            accepted=count("pk", filter=models.Q(**{submission: SubmissionStatus.ACCEPTED})),
            rejected=count("pk", filter=models.Q(**{submission: SubmissionStatus.REJECTED})),
            revoked=count("pk", filter=models.Q(revoked_at__isnull=False)),
        )

    def awaiting_submission(self):
        """Those a reminder is for: not revoked, and nothing (or only a draft or a returned one) in."""
        return self.filter(revoked_at__isnull=True).exclude(
            submission__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED]
        )


class Invitation(CheckedText):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("ronde"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("gemeente")
    )
    email = models.EmailField(_("e-mailadres contactpersoon"), max_length=254)
    token_hash = models.CharField(_("vingerafdruk van de link"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("laatst verstuurd op"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("eerst geopend op"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["round", "municipality__name"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="invitation_unique_per_round"),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.round}"

    @property
    def expires_on(self) -> datetime.date | None:
        return self.round.ends_on

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.expires_on is not None and today > self.expires_on

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    RETURNED = "returned", _("teruggestuurd")
    ACCEPTED = "accepted", _("geaccepteerd")
    REJECTED = "rejected", _("afgewezen")


# The states in which the municipality may still change its submission through the link.
EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class Submission(CheckedText):
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="submission", verbose_name=_("uitnodiging")
    )
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus, default=SubmissionStatus.DRAFT)
    contact_name = models.CharField(_("naam contactpersoon"), max_length=CONTACT_MAX, blank=True)
    contact_role = models.CharField(
        _("functie contactpersoon"),
        max_length=CONTACT_MAX,
        blank=True,
        help_text=_("Bijvoorbeeld ‘beleidsmedewerker’. Geaccepteerde inhoud noemt alleen de functie."),
    )
    # {question id: {"text": str, "topics": [topic id]}}
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    # {investment id: {"status": InvestmentStatus value, "explanation": str}}
    progress = models.JSONField(_("voortgang"), default=dict, blank=True)
    # [{"title", "text", "status", "explanation", "reach", "budget_eur", "themes", "target_groups",
    #   "interventions", "partners"}]
    new_investments = models.JSONField(_("nieuwe investeringen"), default=list, blank=True)
    reviewer_comment = models.TextField(_("opmerking van de onderzoeker"), max_length=COMMENT_MAX, blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    interview = models.ForeignKey(
        Interview,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="self_reports",
        verbose_name=_("interview (na acceptatie)"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["invitation__round", "invitation__municipality__name"]
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SubmissionStatus.values), name="submission_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.invitation} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE
