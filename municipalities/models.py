from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CheckedText, Publishable, PublishableQuerySet, publication_status_constraint

CBS_CODE_PATTERN = r"^GM[0-9]{4}$"


class Province(models.TextChoices):
    DRENTHE = "drenthe", "Drenthe"
    FLEVOLAND = "flevoland", "Flevoland"
    FRIESLAND = "friesland", "Fryslân"
    GELDERLAND = "gelderland", "Gelderland"
    GRONINGEN = "groningen", "Groningen"
    LIMBURG = "limburg", "Limburg"
    NOORD_BRABANT = "noord-brabant", "Noord-Brabant"
    NOORD_HOLLAND = "noord-holland", "Noord-Holland"
    OVERIJSSEL = "overijssel", "Overijssel"
    UTRECHT = "utrecht", "Utrecht"
    ZEELAND = "zeeland", "Zeeland"
    ZUID_HOLLAND = "zuid-holland", "Zuid-Holland"


class MunicipalityQuerySet(PublishableQuerySet):
    def get_by_natural_key(self, cbs_code):
        return self.get(cbs_code=cbs_code)


class Municipality(Publishable):
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(CBS_CODE_PATTERN, _("Een CBS-code is GM gevolgd door vier cijfers."))],
        help_text=_("GM gevolgd door vier cijfers, bijvoorbeeld GM0363."),
    )
    province = models.CharField(_("provincie"), max_length=20, choices=Province)
    report_section = models.CharField(
        _("paragraaf in het rapport"), max_length=10, blank=True, help_text=_("Bijvoorbeeld 3.1.")
    )
    context = models.TextField(_("situatie"), blank=True)
    approach_name = models.CharField(_("naam van de aanpak"), max_length=200, blank=True)
    programme = models.CharField(_("ingebed in"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cbs_code__regex=CBS_CODE_PATTERN), name="municipality_cbs_code_format"
            ),
            models.CheckConstraint(
                condition=models.Q(province__in=Province.values), name="municipality_province_valid"
            ),
            publication_status_constraint("municipality"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.cbs_code,)

    def get_absolute_url(self):
        return reverse("municipalities:detail", kwargs={"slug": self.slug})


class MunicipalityLink(CheckedText):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("adres"), max_length=500)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality", "position", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "url"], name="municipality_link_unique_url"),
        ]

    def __str__(self):
        return self.title
