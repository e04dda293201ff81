from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import (
    ChoiceWidget,
    ContentResource,
    NamesColumn,
    NaturalKeyListWidget,
    NaturalKeyWidget,
    publication_field,
    text_widget,
)
from municipalities.models import Municipality

from .models import STATUS_BY_SLUG, Intervention, Investment, Partner, TargetGroup, Theme


class StatusChanges:
    """Where a changed `status` column goes: the research rounds record it (rounds/resources.py).

    An investment's status is derived from the rounds, which this app cannot import; the rounds
    app installs its implementation as `InvestmentResource.status_changes` when it is ready.
    """

    def plan(self, investment, status, round_slug, changed):
        """What to record for this row, or None; ValidationError by column when it cannot be recorded."""
        raise NotImplementedError

    def record(self, investment, plan) -> None:
        raise NotImplementedError


class WholeEurosWidget(widgets.IntegerWidget):
    """An amount in whole euros: digits only (a spreadsheet's number cell as it is), empty for unknown.
    The library's widget would read "12,50" as 12 and "1.250" as 1.25, silently."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise ValueError(_("Geef een bedrag in hele euro's, alleen cijfers, zonder punten of komma's."))
        return int(text)


class InvestmentResource(ContentResource):
    """Investments by municipality code and slug.

    `status` is the current status, derived from the research rounds: a changed status is
    recorded as progress in a round (the optional column `ronde`), never written over.
    """

    dataset_name = "investeringen"
    # A file without `budget_eur` (saved before it was added) imports, and keeps each budget as it is.
    optional_columns = ("gemeente_naam", "ronde", "budget_eur")
    # Installed by the rounds app (see StatusChanges); without it a changed status is refused.
    status_changes: StatusChanges | None = None

    gemeente = fields.Field(
        attribute="municipality", column_name="gemeente", widget=NaturalKeyWidget(Municipality, "cbs_code")
    )
    gemeente_naam = NamesColumn("municipality__name", "gemeente_naam")
    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(STATUS_BY_SLUG),
    )
    # Read on import only: the round a changed status is recorded in. Exported empty, so that a
    # file's status can be changed without first choosing a round.
    ronde = fields.Field(column_name="ronde", widget=text_widget())
    titel = fields.Field(attribute="title", column_name="titel", widget=text_widget())
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    themas = fields.Field(attribute="themes", column_name="themas", widget=NaturalKeyListWidget(Theme, "slug"))
    doelgroepen = fields.Field(
        attribute="target_groups", column_name="doelgroepen", widget=NaturalKeyListWidget(TargetGroup, "slug")
    )
    interventies = fields.Field(
        attribute="interventions", column_name="interventies", widget=NaturalKeyListWidget(Intervention, "slug")
    )
    partners = fields.Field(attribute="partners", column_name="partners", widget=NaturalKeyListWidget(Partner, "slug"))
    bereik = fields.Field(attribute="reach", column_name="bereik", widget=text_widget())
    volgorde = fields.Field(attribute="position", column_name="volgorde", widget=widgets.IntegerWidget())
    publicatiestatus = publication_field()
    budget_eur = fields.Field(attribute="budget_eur", column_name="budget_eur", widget=WholeEurosWidget())

    class Meta(ContentResource.Meta):
        model = Investment
        # Only these columns: never an id or a version from a spreadsheet.
        fields = (
            "gemeente",
            "gemeente_naam",
            "slug",
            "status",
            "ronde",
            "titel",
            "tekst",
            "themas",
            "doelgroepen",
            "interventies",
            "partners",
            "bereik",
            "volgorde",
            "publicatiestatus",
            "budget_eur",
        )
        import_id_fields = ["gemeente", "slug"]

    # Its check constraints (status and publication status among their choices, text not empty)
    # are what the field checks already refuse, row by row; a query per constraint and row would
    # triple the time a large file takes.
    validate_check_constraints = False

    def dehydrate_ronde(self, investment):
        # In the preview: the round a changed status went to.
        return getattr(investment, "_status_round_slug", "")

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored_status = None if new else instance.status
        instance._status_plan = None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "status" not in errors and "municipality" not in errors:
            try:
                instance._status_plan = self._plan_status(instance, row)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _plan_status(self, instance, row):
        round_slug = str(row.get("ronde") or "").strip()
        changed = instance._stored_status is not None and instance.status != instance._stored_status
        if not changed and not round_slug:
            return None
        if self.status_changes is None:
            raise ValidationError(
                {"status": _("De status volgt uit de onderzoeksrondes en kan hier niet worden gewijzigd.")}
            )
        return self.status_changes.plan(instance, instance.status, round_slug, changed)

    def after_save_instance(self, instance, row, **kwargs):
        if instance._status_plan is not None:
            self.status_changes.record(instance, instance._status_plan)
            # The round's progress moved the stored status (and its version): keep this copy in step,
            # for the preview and for the history written at the end of the import.
            instance.refresh_from_db(fields=["status", "version", "updated_at"])
        super().after_save_instance(instance, row, **kwargs)

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("themes", "target_groups", "interventions", "partners")
            .in_report_order()
        )


class InterventionResource(ContentResource):
    dataset_name = "interventies"

    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    naam = fields.Field(attribute="name", column_name="naam", widget=text_widget())
    omschrijving = fields.Field(attribute="description", column_name="omschrijving", widget=text_widget())
    website = fields.Field(attribute="website", column_name="website", widget=text_widget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Intervention
        # Only these columns: never an id or a version from a spreadsheet.
        fields = ("slug", "naam", "omschrijving", "website", "publicatiestatus")
        import_id_fields = ["slug"]
