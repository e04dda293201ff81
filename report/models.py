from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import CheckedText, SlugNaturalKey, SlugQuerySet


class ReportSection(SlugNaturalKey, CheckedText):
    """Prose of the report that belongs to no municipality, lesson or bottleneck.

    The introduction, the research setup, the chapter introductions and the questionnaire: the
    about page and the overview quote them, and they are part of the report's content.
    """

    slug = models.SlugField(_("slug"), unique=True)
    number = models.CharField(_("nummer"), max_length=20, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    text = models.TextField(_("tekst"))
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SlugQuerySet.as_manager()
    # The tables keep the names they had in the `portal` app (see migrations/0001_initial.py).
    history = HistoricalRecords(table_name="portal_historicalreportsection")

    class Meta:
        db_table = "portal_reportsection"
        ordering = ["position", "pk"]
        verbose_name = _("rapportonderdeel")
        verbose_name_plural = _("rapportonderdelen")

    def __str__(self):
        return f"{self.number} {self.title}".strip()
