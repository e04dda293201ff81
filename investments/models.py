from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality
from portal.models import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SlugQuerySet,
    publication_status_constraint,
)


class BilingualName(models.Model):
    """A term of the portal's own vocabulary, named in Dutch and, for the English pages, in English.

    The report's text stays Dutch; themes and target groups are ours, so they are translated.
    Open data keeps the Dutch name, which is part of its contract.
    """

    name = models.CharField(_("naam"), max_length=100, unique=True)
    name_en = models.CharField(_("naam in het Engels"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Theme(BilingualName):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def natural_key(self):
        return (self.slug,)


class TargetGroup(BilingualName):
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")

    def natural_key(self):
        return (self.slug,)


class Partner(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)

    objects = SlugQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class InterventionQuerySet(PublishableQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def used_by(self, municipality):
        """The interventions that a published investment of `municipality` uses."""
        return self.filter(
            investments__municipality=municipality,
            investments__publication_status=PublicationStatus.PUBLISHED,
        ).distinct()

    def with_municipalities(self):
        """Prefetch `public_municipalities`: the published municipalities with a published investment using it."""
        return self.prefetch_related(
            models.Prefetch(
                "investments",
                queryset=Investment.objects.published().select_related("municipality").in_report_order(),
                to_attr="public_investments",
            )
        )


class Intervention(Publishable):
    """A named approach that other municipalities can learn from: the peer-example catalogue."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    # The about page promises to tell the report's words from ours: a description that
    # paraphrases the report rather than quoting it is marked, and the pages say so.
    description_is_editorial = models.BooleanField(
        _("omschrijving is redactioneel"),
        default=False,
        help_text=_(
            "Aanvinken als de omschrijving de woorden van het rapport samenvat in plaats van letterlijk citeert."
        ),
    )
    website = models.URLField(_("website"), max_length=500, blank=True)

    objects = InterventionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        constraints = [publication_status_constraint("intervention")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("investments:intervention_detail", kwargs={"slug": self.slug})

    @property
    def public_municipalities(self):
        """Distinct municipalities of the prefetched `public_investments`, in name order."""
        seen = {}
        for investment in self.public_investments:
            seen.setdefault(investment.municipality_id, investment.municipality)
        return list(seen.values())


class InvestmentStatus(models.TextChoices):
    COMPLETED = "completed", _("gedaan")
    PLANNED = "planned", _("gepland")


class InvestmentQuerySet(PublishableQuerySet):
    def published(self):
        # An investment is public only while its municipality is public too.
        return self.filter(
            publication_status=PublicationStatus.PUBLISHED,
            municipality__publication_status=PublicationStatus.PUBLISHED,
        )

    def get_by_natural_key(self, cbs_code, slug):
        return self.get(municipality__cbs_code=cbs_code, slug=slug)

    def for_listing(self):
        """Everything an investment card shows, in a fixed number of queries."""
        return self.select_related("municipality").prefetch_related(
            "themes",
            "target_groups",
            "partners",
            models.Prefetch("interventions", queryset=Intervention.objects.published()),
        )

    def in_report_order(self):
        return self.order_by("municipality__name", "status", "position", "pk")


class Investment(Publishable):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="investments", verbose_name=_("gemeente")
    )
    status = models.CharField(_("status"), max_length=10, choices=InvestmentStatus)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    text = models.TextField(_("tekst"), help_text=_("De volledige tekst zoals in het rapport."))
    themes = models.ManyToManyField(Theme, blank=True, related_name="investments", verbose_name=_("thema's"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="investments", verbose_name=_("doelgroepen")
    )
    interventions = models.ManyToManyField(
        Intervention, blank=True, related_name="investments", verbose_name=_("interventies")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="investments", verbose_name=_("partners"))
    reach = models.CharField(_("bereik"), max_length=200, blank=True, help_text=_("Bijvoorbeeld ‘150 inwoners’."))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = InvestmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, target_groups, interventions, partners])

    class Meta(Publishable.Meta):
        ordering = ["municipality__name", "status", "position", "pk"]
        verbose_name = _("investering")
        verbose_name_plural = _("investeringen")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="investment_unique_slug_per_municipality"),
            models.CheckConstraint(
                condition=models.Q(status__in=InvestmentStatus.values), name="investment_status_valid"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="investment_text_not_empty"),
            publication_status_constraint("investment"),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.title}"

    def natural_key(self):
        return (self.municipality.cbs_code, self.slug)

    natural_key.dependencies = ["municipalities.municipality"]

    @property
    def anchor(self) -> str:
        return f"investering-{self.slug}"

    def get_absolute_url(self):
        return f"{self.municipality.get_absolute_url()}#{self.anchor}"
