import secrets

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    PublicationStatus,
    Publishable,
    PublishableSlugQuerySet,
    SlugNaturalKey,
    publication_status_constraint,
)
from municipalities.models import Municipality

PUBLISHED = PublicationStatus.PUBLISHED


def new_slug() -> str:
    # Tips and quotes have no title to derive a slug from; a short random one still gives
    # spreadsheets and fixtures a stable natural key.
    return secrets.token_hex(5)


class FindingQuerySet(PublishableSlugQuerySet):
    def with_total(self):
        """Annotate `total`, the number of rows matched before any slice: a page showing the first
        few tips or quotes knows how many there are in the same query."""
        return self.annotate(total=models.Window(models.Count("pk")))


class Finding(SlugNaturalKey, Publishable):
    """What lessons (ch. 4) and bottlenecks (ch. 5) share: a titled text naming municipalities."""

    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    text = models.TextField(_("tekst"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    refers_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verwijst naar"),
        help_text=_("Waar de tekst ‘(zoals hierboven beschreven)’ naar verwijst; de pagina maakt er een link van."),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("genoemde gemeenten"),
    )

    objects = FindingQuerySet.as_manager()

    class Meta(Publishable.Meta):
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Lesson(Finding):
    history = HistoricalRecords(m2m_fields=["municipalities"])

    class Meta(Finding.Meta):
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        constraints = [publication_status_constraint("lesson")]

    def get_absolute_url(self):
        return reverse("lessons:lesson_detail", kwargs={"slug": self.slug})


class Bottleneck(Finding):
    history = HistoricalRecords(m2m_fields=["municipalities"])

    class Meta(Finding.Meta):
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        constraints = [publication_status_constraint("bottleneck")]

    def get_absolute_url(self):
        return reverse("lessons:bottleneck_detail", kwargs={"slug": self.slug})


class TipQuerySet(FindingQuerySet):
    def published(self):
        # A tip is public only together with its bottleneck and its municipality.
        return self.filter(
            publication_status=PUBLISHED,
            bottleneck__publication_status=PUBLISHED,
            municipality__publication_status=PUBLISHED,
        )


class QuoteQuerySet(FindingQuerySet):
    def in_report_order(self):
        """Chapter 4's quotes (by lesson) before chapter 5's (by bottleneck), each as the finding places
        them; a quote of neither (from a later round's answer) after those. The model's own order
        (position within its finding) interleaves findings on a page that lists a municipality's quotes."""
        return self.order_by(
            models.F("lesson__position").asc(nulls_last=True),
            models.F("bottleneck__position").asc(nulls_last=True),
            "position",
            "pk",
        )

    def published(self):
        # A quote must not reveal a draft municipality, lesson or bottleneck through its links.
        return self.filter(
            models.Q(municipality__isnull=True) | models.Q(municipality__publication_status=PUBLISHED),
            models.Q(lesson__isnull=True) | models.Q(lesson__publication_status=PUBLISHED),
            models.Q(bottleneck__isnull=True) | models.Q(bottleneck__publication_status=PUBLISHED),
            models.Q(round__isnull=True) | models.Q(round__publication_status=PUBLISHED),
            models.Q(answer__isnull=True) | models.Q(answer__publication_status=PUBLISHED),
            publication_status=PUBLISHED,
        )


class Tip(SlugNaturalKey, Publishable):
    bottleneck = models.ForeignKey(
        Bottleneck, on_delete=models.CASCADE, related_name="tips", verbose_name=_("knelpunt")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="tips", verbose_name=_("gemeente")
    )
    text = models.TextField(_("tekst"))
    slug = models.SlugField(_("slug"), max_length=100, unique=True, default=new_slug)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = TipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ["bottleneck__position", "position", "pk"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="tip_text_not_empty"),
            publication_status_constraint("tip"),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.text[:60]}"


class Quote(SlugNaturalKey, Publishable):
    """Words of an interviewed municipality, or of ‘some municipalities’ where the report names none.

    Where a quote stands: the report sets most quotes apart right after a lead-in paragraph ending
    in a colon (“… vertelt:”). `paragraph` is the number (from 1) of the paragraph of the lesson's or
    bottleneck's text after which the quote stands. We chose a number on the quote over a list of
    body blocks because the text stays one plain field that researchers edit as before, the
    `citaten` open data stays a list of quote records, and the page interleaves the two in Python
    (`Finding.body_blocks`). `in_text` marks the short quotes that are part of a sentence of the
    text itself: the page does not show them a second time. A quote with neither (as researchers
    may add) is shown under the text.
    """

    text = models.TextField(_("tekst"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("gemeente"),
        help_text=_("Leeg laten als het rapport geen gemeente noemt."),
    )
    speaker_role = models.CharField(_("rol van de spreker"), max_length=100, blank=True)
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, null=True, blank=True, related_name="quotes", verbose_name=_("les")
    )
    bottleneck = models.ForeignKey(
        Bottleneck, on_delete=models.CASCADE, null=True, blank=True, related_name="quotes", verbose_name=_("knelpunt")
    )
    # Provenance: the research round a quote comes from, and the answer it was said in. By name,
    # not by import: `rounds` sits above `lessons`.
    round = models.ForeignKey(
        "rounds.Round", on_delete=models.PROTECT, null=True, blank=True, related_name="quotes", verbose_name=_("ronde")
    )
    answer = models.ForeignKey(
        "rounds.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("antwoord"),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True, default=new_slug)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    paragraph = models.PositiveSmallIntegerField(
        _("na alinea"),
        null=True,
        blank=True,
        help_text=_("Nummer van de alinea van de tekst waarna het citaat staat (1 = de eerste). Leeg: onder de tekst."),
    )
    in_text = models.BooleanField(
        _("staat in de tekst"),
        default=False,
        help_text=_("Het citaat is deel van een zin van de tekst en wordt niet nog eens apart getoond."),
    )

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ["position", "pk"]
        verbose_name = _("citaat")
        verbose_name_plural = _("citaten")
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="quote_text_not_empty"),
            # A quote illustrates one lesson or one bottleneck, never both.
            models.CheckConstraint(
                condition=models.Q(lesson__isnull=True) | models.Q(bottleneck__isnull=True),
                name="quote_illustrates_one_finding",
            ),
            # A quote with neither a municipality nor a finding would be unplaceable anywhere on the site.
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=False)
                | models.Q(lesson__isnull=False)
                | models.Q(bottleneck__isnull=False),
                name="quote_has_context",
            ),
            publication_status_constraint("quote"),
        ]

    @property
    def finding(self):
        """The lesson or bottleneck this quote illustrates, if any."""
        return self.lesson or self.bottleneck

    def __str__(self):
        source = self.municipality or _("geen gemeente genoemd")
        return f"{source}: {self.text[:60]}"


def named_municipalities(findings, user=None, sample: int | None = 16) -> dict:
    """Per lesson or bottleneck of `findings`: how many of the municipalities visible to `user` it
    names, and the first `sample` of them (all with None) by name as (slug, name) pairs.

    Plain data from one query whatever the number of municipalities, so that a list of findings
    can show a count and a selection (and keep them per content version).
    """
    model = findings.model
    finding_id = f"{model._meta.model_name}_id"
    pairs = (
        model.municipalities.through.objects.filter(
            **{f"{finding_id}__in": findings.values("pk")},
            municipality__in=Municipality.objects.visible_to(user),
        )
        .values_list(finding_id, "municipality__slug", "municipality__name")
        .order_by(finding_id, "municipality__name")
    )
    result = {}
    for pk, slug, name in pairs:
        count, selection = result.setdefault(pk, [0, []])
        result[pk][0] = count + 1
        if sample is None or len(selection) < sample:
            selection.append((slug, name))
    return {pk: (count, selection) for pk, (count, selection) in result.items()}
