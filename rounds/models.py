"""Research rounds: a questionnaire, interviews with answers per question, and progress per investment.

The 2019 report is the first round (`is_report`); later rounds follow the same municipalities over
time. An investment's current status is derived from the rounds, in one place: rounds/services.py.
"""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    CheckedText,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    PublishableSlugQuerySet,
    SlugNaturalKey,
    publication_status_constraint,
)
from investments.models import Intervention, Investment, InvestmentStatus, public_investment_q
from municipalities.models import Municipality

PUBLISHED = PublicationStatus.PUBLISHED
# Rounds in time order: the latest round is the last one.
ROUND_ORDER = ("starts_on", "slug")


def _related_or_none(obj, name):
    """A related record, or None when it is gone (a history entry may outlive it)."""
    try:
        return getattr(obj, name)
    except models.ObjectDoesNotExist:
        return None


def public_interview_q(prefix: str = "") -> models.Q:
    """An interview is public only with its round and its municipality."""
    return models.Q(
        **{
            f"{prefix}publication_status": PUBLISHED,
            f"{prefix}round__publication_status": PUBLISHED,
            f"{prefix}municipality__publication_status": PUBLISHED,
        }
    )


class RoundQuerySet(PublishableSlugQuerySet):
    def chronological(self):
        return self.order_by(*ROUND_ORDER)

    def with_interview_counts(self):
        """Each round with its interviews counted in one query: all (one per municipality), in draft, published."""
        return self.annotate(
            interviews_total=models.Count("interviews"),
            interviews_draft=models.Count(
                "interviews", filter=models.Q(interviews__publication_status=PublicationStatus.DRAFT)
            ),
            interviews_published=models.Count(
                "interviews", filter=models.Q(interviews__publication_status=PublicationStatus.PUBLISHED)
            ),
        )


class Round(SlugNaturalKey, Publishable):
    slug = models.SlugField(_("slug"), max_length=50, unique=True, help_text=_("Bijvoorbeeld ‘2021’."))
    name = models.CharField(_("naam"), max_length=200)
    starts_on = models.DateField(_("begin"))
    ends_on = models.DateField(_("einde"), null=True, blank=True)
    description = models.TextField(
        _("omschrijving"), blank=True, help_text=_("De methode: wie is geïnterviewd, hoe en wanneer.")
    )
    is_report = models.BooleanField(_("uit het rapport"), default=False, editable=False)
    # The report dates its interviews only by month ("november 2019"): a range of days would claim
    # more than it says. The dates stay for ordering; the pages show this when it is given.
    period = models.CharField(
        _("periode zoals de bron die noemt"),
        max_length=50,
        blank=True,
        help_text=_("Bijvoorbeeld ‘november 2019’. Leeg: de pagina’s tonen de begin- en einddatum."),
    )

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = list(ROUND_ORDER)
        verbose_name = _("onderzoeksronde")
        verbose_name_plural = _("onderzoeksrondes")
        constraints = [
            publication_status_constraint("round"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("rounds:detail", kwargs={"slug": self.slug})

    @property
    def when(self) -> str:
        """The round's period as the pages say it: the source's own words, else its dates."""
        if self.period:
            return self.period
        starts = date_format(self.starts_on, "j F Y")
        return f"{starts} – {date_format(self.ends_on, 'j F Y')}" if self.ends_on else starts

    def previous(self, among=None):
        """The round before this one in time; drafts included unless `among` says otherwise."""
        earlier = (
            (Round.objects.all() if among is None else among)
            .exclude(pk=self.pk)
            .filter(models.Q(starts_on__lt=self.starts_on) | models.Q(starts_on=self.starts_on, slug__lt=self.slug))
        )
        return earlier.order_by("-starts_on", "-slug").first()


class Question(CheckedText):
    """One question of a round's questionnaire; a round's questions are its own copy."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions", verbose_name=_("ronde"))
    number = models.PositiveSmallIntegerField(_("nummer"), help_text=_("De volgorde in de vragenlijst, vanaf 1."))
    text = models.TextField(_("vraag"))
    guidance = models.CharField(
        _("toelichting voor de interviewer"), max_length=300, blank=True, help_text=_("Bijvoorbeeld ‘Topics:’.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="question_unique_number_per_round"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="question_number_from_one"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"


class Topic(CheckedText):
    """A topic of a question; a topic may have sub-topics (the appendix's third level)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="topics", verbose_name=_("vraag"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hoort bij onderwerp"),
    )
    slug = models.SlugField(_("code"), max_length=100)
    text = models.TextField(_("onderwerp"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")
        constraints = [
            models.UniqueConstraint(fields=["question", "slug"], name="topic_unique_slug_per_question"),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        if self.parent_id and self.parent.question_id != self.question_id:
            raise ValidationError({"parent": _("Een onderwerp hoort bij een onderwerp van dezelfde vraag.")})


class InterviewMode(models.TextChoices):
    TELEPHONE = "telephone", _("telefonisch")
    ON_SITE = "on_site", _("op locatie")
    ONLINE = "online", _("online")
    # The report says of Amsterdam, Rotterdam and Den Haag only that their interviews were not by
    # telephone ("afgezien van"): on site or online, it does not say.
    NOT_TELEPHONE = "not_phone", _("niet telefonisch")
    UNKNOWN = "unknown", _("onbekend")


# The Dutch values of a mode in spreadsheets: part of the import contract.
MODE_SLUGS = {
    InterviewMode.TELEPHONE: "telefonisch",
    InterviewMode.ON_SITE: "op locatie",
    InterviewMode.ONLINE: "online",
    InterviewMode.NOT_TELEPHONE: "niet telefonisch",
    InterviewMode.UNKNOWN: "onbekend",
}


class InterviewSource(models.TextChoices):
    """Where an interview's findings come from: a researcher's interview, or the municipality's own
    questionnaire accepted by a researcher (selfreport). Its answers and progress share it."""

    INTERVIEW = "interview", _("interview")
    SELF_REPORT = "zelfrapportage", _("zelfrapportage")


class InterviewQuerySet(PublishableQuerySet):
    def published(self):
        return self.filter(public_interview_q())


class Interview(Publishable):
    """One interview with a municipality in a round.

    The 2019 report dates its interviews only by month, so `period` holds what is known and
    `held_on` stays empty until a round records exact dates.
    """

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="interviews", verbose_name=_("gemeente")
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("ronde"))
    period = models.CharField(_("periode"), max_length=50, blank=True, help_text=_("Bijvoorbeeld ‘november 2019’."))
    held_on = models.DateField(_("datum"), null=True, blank=True)
    mode = models.CharField(_("vorm"), max_length=10, choices=InterviewMode)
    interviewee_role = models.CharField(
        _("geïnterviewden"), max_length=200, blank=True, help_text=_("Hun rollen, bijvoorbeeld ‘beleidsmedewerker’.")
    )
    notes = models.TextField(_("aantekeningen"), blank=True)
    source = models.CharField(
        _("bron"), max_length=20, choices=InterviewSource, default=InterviewSource.INTERVIEW, editable=False
    )

    objects = InterviewQuerySet.as_manager()
    # The tables keep the names they had in the `municipalities` app (see migrations/0001_initial.py).
    history = HistoricalRecords(table_name="municipalities_historicalinterview")

    class Meta(Publishable.Meta):
        db_table = "municipalities_interview"
        ordering = ["round__starts_on", "municipality__name", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            models.CheckConstraint(condition=models.Q(mode__in=InterviewMode.values), name="interview_mode_valid"),
            models.CheckConstraint(
                condition=models.Q(source__in=InterviewSource.values), name="interview_source_valid"
            ),
            models.UniqueConstraint(fields=["municipality", "round"], name="interview_unique_per_round"),
            publication_status_constraint("interview"),
        ]

    def __str__(self):
        return f"{_related_or_none(self, 'municipality')} – {_related_or_none(self, 'round')}"

    @property
    def when(self) -> str:
        return interview_when(self.held_on, self.period)

    @property
    def role_label(self) -> str:
        return interviewee_label(self.interviewee_role)


def interviewee_label(role: str) -> str:
    """The interviewees' roles as the pages say them: "onbekend" where the report names none, since
    a blank reads as if nobody was interviewed."""
    return role or str(_("onbekend"))


def interview_when(held_on, period) -> str:
    """When an interview was held, as the pages say it: the date if known, else the period."""
    return held_on.isoformat() if held_on else period


class AnswerQuerySet(PublishableQuerySet):
    def published(self):
        return self.filter(publication_status=PUBLISHED).filter(public_interview_q("interview__"))


class Answer(Publishable):
    """The researcher's summary of what a municipality answered to one question."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="answers", verbose_name=_("interview")
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("vraag"))
    text = models.TextField(_("antwoord"), help_text=_("Samenvatting van wat gezegd is."))
    topics = models.ManyToManyField(Topic, blank=True, related_name="answers", verbose_name=_("onderwerpen"))

    objects = AnswerQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[topics])

    class Meta(Publishable.Meta):
        ordering = ["interview", "question__number"]
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(fields=["interview", "question"], name="answer_unique_per_question"),
            models.CheckConstraint(condition=~models.Q(text=""), name="answer_text_not_empty"),
            publication_status_constraint("answer"),
        ]

    def __str__(self):
        question = _related_or_none(self, "question")
        return f"{_related_or_none(self, 'interview')}: {question.number if question else '?'}"

    def clean(self):
        if self.interview_id and self.question_id and self.question.round_id != self.interview.round_id:
            raise ValidationError({"question": _("Deze vraag hoort niet bij de ronde van het interview.")})

    @property
    def anchor(self) -> str:
        return f"antwoord-{self.interview.round.slug}-{self.question.number}"

    def get_absolute_url(self):
        return f"{self.interview.municipality.get_absolute_url()}#{self.anchor}"


class ProgressQuerySet(PublishableQuerySet):
    def published(self):
        return self.filter(
            public_interview_q("interview__"), public_investment_q("investment__"), publication_status=PUBLISHED
        )

    def mentioned_in(self, round_, status=None):
        """The ids of the investments `round_` names (with `status` there, if given), as a subquery:
        what `/investeringen/?ronde=` and open data's `ronde` filter select."""
        progress = self.filter(interview__round=round_)
        if status is not None:
            progress = progress.filter(status=status)
        return progress.values("investment_id")


class Progress(Publishable):
    """What became of an investment by a round: recorded with the interview of that round."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="progress", verbose_name=_("interview")
    )
    investment = models.ForeignKey(
        Investment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("investering")
    )
    status = models.CharField(_("status"), max_length=10, choices=InvestmentStatus)
    explanation = models.TextField(_("toelichting"), blank=True)

    objects = ProgressQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ["interview__round__starts_on", "investment__position", "pk"]
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        constraints = [
            models.UniqueConstraint(fields=["interview", "investment"], name="progress_unique_per_round"),
            models.CheckConstraint(
                condition=models.Q(status__in=InvestmentStatus.values), name="progress_status_valid"
            ),
            publication_status_constraint("progress"),
        ]

    def __str__(self):
        investment = _related_or_none(self, "investment")
        return f"{investment.title if investment else '?'}: {self.get_status_display()}"

    def clean(self):
        if (
            self.interview_id
            and self.investment_id
            and self.investment.municipality_id != self.interview.municipality_id
        ):
            raise ValidationError({"investment": _("Deze investering hoort bij een andere gemeente.")})

    @property
    def round(self):
        return self.interview.round


class InterventionStage(models.TextChoices):
    """How far a municipality is with an intervention that one of its investments names."""

    IN_USE = "in_use", _("in gebruik")
    PLANNED = "planned", _("gepland")
    EXPLORED = "explored", _("verkend")
    DROPPED = "dropped", _("vervallen")


# The Dutch values open data uses for a stage: a public contract, like STATUS_SLUGS.
STAGE_SLUGS = {
    InterventionStage.IN_USE: "in gebruik",
    InterventionStage.PLANNED: "gepland",
    InterventionStage.EXPLORED: "verkend",
    InterventionStage.DROPPED: "vervallen",
}
# An intervention is in use only where an investment naming it was carried out or is under way.
# "Used by" once counted plans too: Delft's Compaan that it "gaat in 2020 experimenteren" with.
STAGE_BY_STATUS = {
    InvestmentStatus.COMPLETED: InterventionStage.IN_USE,
    InvestmentStatus.ONGOING: InterventionStage.IN_USE,
    InvestmentStatus.PLANNED: InterventionStage.PLANNED,
    InvestmentStatus.POSTPONED: InterventionStage.PLANNED,
    InvestmentStatus.CANCELLED: InterventionStage.DROPPED,
}


def intervention_stage(status: str, noted_stage: str = "") -> str:
    """The one rule for "in gebruik" versus "gepland" / "verkend" of a municipality–intervention link.

    The investment's status decides, unless the text says more than the status can: a planned
    investment that only explores ("verkent … welke rol ANWB automaatje kan spelen") is noted so,
    with the report's words as evidence (InterventionStageNote).
    """
    return noted_stage or STAGE_BY_STATUS.get(status, InterventionStage.PLANNED)


class InterventionStageNote(CheckedText):
    """Where an investment's text, not its status, decides how far the municipality is with an intervention."""

    investment = models.ForeignKey(
        Investment, on_delete=models.CASCADE, related_name="intervention_stage_notes", verbose_name=_("investering")
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="stage_notes",
        verbose_name=_("interventie"),
    )
    stage = models.CharField(_("stadium"), max_length=10, choices=InterventionStage)
    evidence = models.TextField(_("bewijs"), help_text=_("De woorden van het rapport waaruit het stadium blijkt."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["investment", "intervention"]
        verbose_name = _("stadium van een interventie")
        verbose_name_plural = _("stadia van interventies")
        constraints = [
            models.UniqueConstraint(
                fields=["investment", "intervention"], name="intervention_stage_note_unique_per_link"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=InterventionStage.values), name="intervention_stage_note_stage_valid"
            ),
            models.CheckConstraint(condition=~models.Q(evidence=""), name="intervention_stage_note_has_evidence"),
        ]

    def __str__(self):
        link = f"{_related_or_none(self, 'investment')} – {_related_or_none(self, 'intervention')}"
        return f"{link}: {self.get_stage_display()}"

    def clean(self):
        if (
            self.investment_id
            and self.intervention_id
            and not self.investment.interventions.filter(pk=self.intervention_id).exists()
        ):
            raise ValidationError({"intervention": _("Deze investering noemt deze interventie niet.")})


class LinkStage(NamedTuple):
    intervention_id: int
    investment_id: int
    municipality_id: int
    stage: str


def _links(investments):
    """The intervention links of `investments`, each with its investment's status and its note's stage
    (or None): one query, which the stage rule then reads."""
    noted = InterventionStageNote.objects.filter(
        investment=models.OuterRef("investment_id"), intervention=models.OuterRef("intervention_id")
    ).values("stage")[:1]
    return Investment.interventions.through.objects.filter(investment__in=investments).annotate(
        noted_stage=models.Subquery(noted)
    )


def intervention_stages(investments) -> list[LinkStage]:
    """The stage of every intervention link of `investments`, by intervention and investment: one query."""
    rows = _links(investments).values_list(
        "intervention_id", "investment_id", "investment__municipality_id", "investment__status", "noted_stage"
    )
    return [
        LinkStage(intervention_id, investment_id, municipality_id, intervention_stage(status, noted or ""))
        for intervention_id, investment_id, municipality_id, status, noted in rows.order_by(
            "intervention_id", "investment_id"
        )
    ]


def interventions_in_use(investments) -> set[int]:
    """The ids of the interventions that at least one of `investments` has in use."""
    return {link.intervention_id for link in intervention_stages(investments) if link.stage == InterventionStage.IN_USE}


def municipalities_by_stage(intervention, investments) -> list[tuple[str, list]]:
    """(stage, the municipalities at that stage) for `intervention` among `investments`, in the
    stages' order and by name: one query. A municipality at two stages (a course given, a second
    one planned) is named at each."""
    rows = (
        _links(investments)
        .filter(intervention=intervention)
        .values_list(
            "investment__status",
            "noted_stage",
            "investment__municipality_id",
            "investment__municipality__name",
            "investment__municipality__slug",
        )
        .order_by("investment__municipality__name", "investment__municipality_id")
    )
    at_stage = {stage: {} for stage in InterventionStage.values}
    for status, noted, pk, name, slug in rows:
        at_stage[intervention_stage(status, noted or "")].setdefault(pk, Municipality(pk=pk, name=name, slug=slug))
    return [(stage, list(found.values())) for stage, found in at_stage.items() if found]
