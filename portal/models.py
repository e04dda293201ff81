from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """Published content for the public; staff also preview drafts on the public pages."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


class Publishable(models.Model):
    """Content that researchers prepare in draft and publish when ready.

    Only published content is ever public, so every public query starts from `.published()`.
    """

    publication_status = models.CharField(
        _("publicatiestatus"),
        max_length=10,
        choices=PublicationStatus,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Optimistic locking: every save through the admin or a service raises it by one, and a save
    # based on an older version is refused (see portal.locking).
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "import", "export", "publish")

    def save(self, *args, **kwargs):
        # Every save of an existing record is a new version; see portal.locking.
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.publication_status == PublicationStatus.PUBLISHED


def publication_status_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(publication_status__in=PublicationStatus.values),
        name=f"{model_name}_publication_status_valid",
    )


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ReportSection(models.Model):
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("rapportonderdeel")
        verbose_name_plural = _("rapportonderdelen")

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def natural_key(self):
        return (self.slug,)
