"""The kernel's models: publication state with its one visibility rule, and natural keys by slug."""

import secrets

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .text import refuse_control_characters


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Gepubliceerd")


def previews_drafts(user) -> bool:
    """Researchers see drafts on the public pages, marked as such; everyone else sees published content only.

    A researcher is active staff with a role (a group, which is what gives a workspace account its
    permissions) or a superuser: `is_staff` alone is not a role, and such an account must not read
    unpublished work. `None` stands for the public at large (open data, feeds), who never see drafts.
    """
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if user.is_superuser:
        return True
    # Asked many times per page: the answer is kept on this request's user object.
    has_role = getattr(user, "_portal_has_role", None)
    if has_role is None:
        has_role = user._portal_has_role = user.groups.exists()
    return has_role


class CheckedText(models.Model):
    """Every text field refuses invisible control characters (core.text), whoever writes it.

    Checked in `clean_fields`, which the admin's forms, the interview page and the imports all run,
    rather than as a validator on each field: one rule for every text field, present and future.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        exclude = set(exclude or ())
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if (
                field.name in exclude
                or field.name in errors
                or not isinstance(field, models.CharField | models.TextField)
            ):
                continue
            try:
                refuse_control_characters(getattr(self, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Models whose visibility depends on a parent extend this."""
        return self.filter(publication_status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """The one rule for every public page, prefetches included: `published()`, or all for staff."""
        if previews_drafts(user):
            return self.all()
        return self.published()


class Publishable(CheckedText):
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
    # based on an older version is refused (see core.locking).
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", "import", "export", "publish")

    def save(self, *args, **kwargs):
        # Every save of an existing record is a new version; see core.locking.
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


def publishable_models() -> list[type[Publishable]]:
    """Every model with a publication state, in the order of INSTALLED_APPS and of their definition."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


class SlugNaturalKeyMixin:
    """Fixtures, imports and exports identify the record by its slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugQuerySet(SlugNaturalKeyMixin, models.QuerySet):
    pass


class PublishableSlugQuerySet(SlugNaturalKeyMixin, PublishableQuerySet):
    pass


class SlugNaturalKey:
    """The model side of `SlugNaturalKeyMixin`."""

    def natural_key(self):
        return (self.slug,)


def new_content_token() -> str:
    return secrets.token_hex(16)


class ContentVersion(models.Model):
    """A single row that every change to public content moves, in whichever process.

    The anonymous page cache and the values kept per version are keyed by its `token`, and pages send
    the token as their ETag, so no visitor is served a page from before a change. It lives in the
    database (not only in the cache) so that a management command in another process moves it too,
    whatever cache each process has.

    The key is a random token, new at every change, rather than the counter `value`: a restored
    backup starts again at its old counter, and two databases (staging and production) sharing one
    Redis count through the same numbers, so a counter would hand out keys another database's pages
    are already stored under. A token no other database or restore can repeat.
    """

    value = models.PositiveBigIntegerField(default=1)
    token = models.CharField(max_length=32, default=new_content_token, editable=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inhoudsversie")
        verbose_name_plural = _("inhoudsversie")

    def __str__(self):
        return str(self.value)


class ImportJob(models.Model):
    """A large import running outside the request: first its preview, then, once confirmed, the import.

    The uploaded file is kept here until the job ends, so a queued job survives a worker restart.
    The rows done while it runs are in the cache (the import's own transaction would hide them);
    everything else is in this row.
    """

    class Stage(models.TextChoices):
        PREVIEW = "preview", _("voorbeeld")
        IMPORT = "import", _("import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, verbose_name=_("gebruiker"))
    resource = models.CharField(_("resource"), max_length=200)
    file_format = models.CharField(_("formaat"), max_length=200)
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    content = models.BinaryField(_("inhoud"), editable=False)
    stage = models.CharField(_("stap"), max_length=10, choices=Stage, default=Stage.PREVIEW)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("regels"), default=0)
    totals = models.JSONField(_("aantallen"), default=dict, blank=True)
    problems = models.JSONField(_("problemen"), default=list, blank=True)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("importtaak")
        verbose_name_plural = _("importtaken")
        default_permissions = ()

    def __str__(self):
        return f"{self.file_name} ({self.get_stage_display()}, {self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class SearchDocument(models.Model):
    """One published record as the site search sees it; core.search keeps these in step.

    The display fields (title, url, context) are copied so that a results page is one query however
    many kinds of content it shows. Ids of municipalities and themes are kept as " 1 5 " so that
    facets are counted from the hits themselves without joins into the domain apps.
    """

    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    title = models.TextField()
    title_en = models.TextField(blank=True)  # where the portal has its own English name (themes)
    url = models.CharField(max_length=500)
    context = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    body = models.TextField(blank=True)
    municipality_ids = models.TextField(blank=True)
    theme_ids = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchdocument_unique_object")]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"


class SearchTerm(models.Model):
    """A word that occurs in the published content, for compound splitting and "did you mean"."""

    word = models.CharField(max_length=100, unique=True)
    stem = models.CharField(max_length=100, db_index=True)
    frequency = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.word
