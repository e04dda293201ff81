"""Public figures per municipality (RIVM loneliness, CBS population) beside what the report found.

A value is keyed by the area's CBS code as the source wrote it, not by a foreign key: the loneliness
figures use the 2020 boundaries, so a code may name a municipality that has since merged, and a
municipality formed after 2020 simply has no value ("geen cijfer") rather than a guessed one.
Nederland is the area `NL01`, the reference on every chart.
"""

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.models import CheckedText

NETHERLANDS = "NL01"
# Who may upload a StatLine export in the workspace (indicators.admin): the role that imports content.
IMPORT_PERMISSION = "indicators.import_indicatorvalue"
AREA_CODE_PATTERN = r"^(GM[0-9]{4}|NL01)$"


class AgeGroup(models.TextChoices):
    ALL = "", _("alle leeftijden")
    ADULTS = "18+", _("18 jaar en ouder")
    ELDERLY = "65+", _("65 jaar en ouder")


class ShownText(str):
    """A stored Dutch text in the page's language, with `lang` "nl" where no translation exists."""

    lang = ""

    @classmethod
    def of(cls, text: str) -> "ShownText":
        shown = cls(gettext(text) if text else text)  # gettext("") would be the catalogue's header
        if text and shown == text and get_language() != "nl":
            shown.lang = "nl"
        return shown


class IndicatorQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Indicator(CheckedText):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    name_en = models.CharField(_("naam in het Engels"), max_length=120, blank=True)
    definition = models.TextField(_("definitie"))
    unit = models.CharField(_("eenheid"), max_length=20, help_text=_("Bijvoorbeeld ‘%’ of ‘inwoners’."))
    source = models.CharField(_("bron"), max_length=300)
    licence = models.CharField(_("licentie"), max_length=60, default="CC BY 4.0")
    method_note = models.CharField(
        _("methode"), max_length=300, blank=True, help_text=_("Bijvoorbeeld ‘modelmatige schatting RIVM’.")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    # Moved whenever its values change (indicators.services): the open data's Last-Modified.
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")

    def __str__(self):
        return self.label

    def natural_key(self):
        return (self.slug,)

    @property
    def label(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"

    # The texts are stored in Dutch, as indicators.definitions writes them; their English is in the
    # catalogue under that Dutch text. A text changed in the admin has no English: it shows as stored,
    # marked as Dutch (`lang`) on a page in another language.
    @property
    def definition_text(self) -> "ShownText":
        return ShownText.of(self.definition)

    @property
    def source_text(self) -> "ShownText":
        return ShownText.of(self.source)

    @property
    def method_text(self) -> "ShownText":
        return ShownText.of(self.method_note)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area_code = models.CharField(_("gebiedscode"), max_length=6, help_text=_("CBS-code (GM0363) of NL01."))
    # As the source names the area: a municipality merged since has no record of its own here.
    area_name = models.CharField(_("gebiedsnaam"), max_length=100, blank=True)
    boundary_year = models.PositiveSmallIntegerField(_("gemeentegrenzen van"))
    year = models.PositiveSmallIntegerField(_("jaar"))
    age_group = models.CharField(_("leeftijd"), max_length=3, choices=AgeGroup, blank=True, default=AgeGroup.ALL)
    value = models.DecimalField(_("waarde"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["indicator", "area_code", "year", "age_group"]
        verbose_name = _("waarde")
        verbose_name_plural = _("waarden")
        # "import": uploading a StatLine export (IMPORT_PERMISSION); the values are never typed in.
        default_permissions = ("add", "change", "delete", "view", "import")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "year", "age_group"], name="indicator_value_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(area_code__regex=AREA_CODE_PATTERN), name="indicator_value_area_code_format"
            ),
            models.CheckConstraint(
                condition=models.Q(age_group__in=AgeGroup.values), name="indicator_value_age_group_valid"
            ),
        ]
        indexes = [models.Index(fields=["area_code"], name="indicator_value_area")]

    def __str__(self):
        return f"{self.indicator_id} {self.area_code} {self.year} {self.age_group}: {self.value}"
