from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_status=PublicationStatus.PUBLISHED)


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

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

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

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("rapportonderdeel")
        verbose_name_plural = _("rapportonderdelen")

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def natural_key(self):
        return (self.slug,)
