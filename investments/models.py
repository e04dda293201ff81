from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import (
    CheckedText,
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    PublishableSlugQuerySet,
    SlugNaturalKey,
    SlugQuerySet,
    publication_status_constraint,
)
from municipalities.models import Municipality


class Vocabulary(SlugNaturalKey, CheckedText):
    """A term of the portal's own vocabulary (a theme, a target group), in Dutch and in English.

    The report's text stays Dutch; these terms are ours, so the English pages translate them.
    Open data keeps the Dutch name, which is part of its contract.
    """

    name = models.CharField(_("naam"), max_length=100, unique=True)
    name_en = models.CharField(_("naam in het Engels"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class Theme(Vocabulary):
    description = models.TextField(_("omschrijving"), blank=True)

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")


class TargetGroup(Vocabulary):
    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = _("doelgroep")
        verbose_name_plural = _("doelgroepen")


class Partner(SlugNaturalKey, CheckedText):
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


class InterventionQuerySet(PublishableSlugQuerySet):
    def used_by(self, municipality):
        """The interventions that a published investment of `municipality` uses."""
        return self.filter(public_investment_q("investments__"), investments__municipality=municipality).distinct()

    def with_municipalities(self, user=None):
        """Prefetch `public_investments` (and so `public_municipalities`): those visible to `user`."""
        return self.prefetch_related(public_investments_prefetch(user))


def public_investments_prefetch(user=None):
    """An intervention's investments visible to `user` with their municipalities, as `public_investments`."""
    return models.Prefetch(
        "investments",
        queryset=Investment.objects.visible_to(user).select_related("municipality").in_report_order(),
        to_attr="public_investments",
    )


class Intervention(SlugNaturalKey, Publishable):
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
    """The report knows `gedaan` and `gepland`; later research rounds add the other three.

    `Investment.status` is the current status: the status in the latest published round that
    mentions the investment, kept so by rounds/services.py (the one place that derives it).
    """

    # English "carried out or started", not "completed": the report's "Gedane investeringen" are the
    # investments made with the grant, and many of them were still under way or about to begin in
    # November 2019 (a training "net uitgezet" that "zal begin volgend jaar worden uitgevoerd").
    COMPLETED = "completed", _("gedaan")
    PLANNED = "planned", _("gepland")
    ONGOING = "ongoing", _("loopt")
    CANCELLED = "cancelled", _("vervallen")
    POSTPONED = "postponed", _("uitgesteld")


# The Dutch values that URLs, open data and spreadsheets use for a status: a public contract.
STATUS_SLUGS = {
    InvestmentStatus.COMPLETED: "gedaan",
    InvestmentStatus.PLANNED: "gepland",
    InvestmentStatus.ONGOING: "loopt",
    InvestmentStatus.CANCELLED: "vervallen",
    InvestmentStatus.POSTPONED: "uitgesteld",
}
STATUS_BY_SLUG = {slug: status for status, slug in STATUS_SLUGS.items()}

# The report's order: by municipality, what was done before what is planned, then as listed.
REPORT_ORDER = ("municipality__name", "status", "position", "pk")


def public_investment_q(prefix: str = "") -> models.Q:
    """An investment is public only while its municipality is public too.

    `prefix` reaches investments through a relation, e.g. "investments__" from a municipality or theme.
    """
    return models.Q(
        **{
            f"{prefix}publication_status": PublicationStatus.PUBLISHED,
            f"{prefix}municipality__publication_status": PublicationStatus.PUBLISHED,
        }
    )


def with_investment_counts(queryset, prefix: str = "investments__", theme=None):
    """Annotate `completed_count` and `planned_count`: the public investments of each row.

    For querysets of models that investments point to (municipalities, themes, ...), here rather
    than on their own querysets, so that `municipalities` never has to know about investments.
    With `theme`, only the investments in that theme count (a list filtered by theme shows those).
    """
    public = public_investment_q(prefix)
    if theme is not None:
        public &= models.Q(**{f"{prefix}themes": theme})
    count_field = prefix.removesuffix("__")
    # distinct: the theme join must not count an investment twice.
    return queryset.annotate(
        completed_count=models.Count(
            count_field,
            filter=public & models.Q(**{f"{prefix}status": InvestmentStatus.COMPLETED}),
            distinct=theme is not None,
        ),
        planned_count=models.Count(
            count_field,
            filter=public & models.Q(**{f"{prefix}status": InvestmentStatus.PLANNED}),
            distinct=theme is not None,
        ),
    )


def with_public_investment_in_theme(municipalities, theme):
    """The municipalities with at least one public investment in `theme`."""
    return municipalities.filter(
        models.Exists(Investment.objects.published().filter(municipality=models.OuterRef("pk"), themes=theme))
    )


# What an investment card (`investments.cards.InvestmentCard`) reads of an investment.
CARD_FIELDS = (
    "publication_status",
    "status",
    "title",
    "slug",
    "text",
    "reach",
    "budget_eur",
    "created_at",
    "municipality__publication_status",
    "municipality__name",
    "municipality__slug",
)


class InvestmentQuerySet(PublishableQuerySet):
    def published(self):
        return self.filter(public_investment_q())

    def get_by_natural_key(self, cbs_code, slug):
        return self.get(municipality__cbs_code=cbs_code, slug=slug)

    def in_report_order(self):
        return self.order_by(*REPORT_ORDER)

    def for_cards(self):
        """With what an investment card reads of it and its municipality, and no more: a list page
        reads fifty rows, and a municipality's long texts would be read and converted for nothing."""
        return self.select_related("municipality").only(*CARD_FIELDS)


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
    budget_eur = models.PositiveIntegerField(
        _("budget in euro"),
        null=True,
        blank=True,
        help_text=_("Wat de gemeente aan deze investering besteedde, in hele euro's, waar bekend; anders leeg."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = InvestmentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, target_groups, interventions, partners])

    class Meta(Publishable.Meta):
        ordering = list(REPORT_ORDER)
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


def intervention_uses(user=None, sample: int = 16) -> dict:
    """Per intervention pk: how many investments visible to `user` use it, in how many municipalities,
    and the first `sample` of those municipalities by name, as (slug, name) pairs.

    Plain data in two queries whatever the number of investments, so that a page listing every
    intervention can show counts and a selection (and the page can keep it per content version).
    """
    uses = Investment.interventions.through.objects.filter(investment__in=Investment.objects.visible_to(user))
    counts = uses.values("intervention_id").annotate(
        investments=models.Count("investment_id", distinct=True),
        municipalities=models.Count("investment__municipality_id", distinct=True),
    )
    result = {row["intervention_id"]: (row["investments"], row["municipalities"], []) for row in counts}
    pairs = (
        uses.values_list("intervention_id", "investment__municipality__slug", "investment__municipality__name")
        .distinct()
        .order_by("intervention_id", "investment__municipality__name")
    )
    for intervention_id, slug, name in pairs:
        selection = result[intervention_id][2]
        if len(selection) < sample:
            selection.append((slug, name))
    return result
