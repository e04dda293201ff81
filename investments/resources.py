from import_export import fields, widgets

from core.resources import (
    ChoiceWidget,
    ContentResource,
    NaturalKeyListWidget,
    NaturalKeyWidget,
    publication_field,
    text_widget,
)
from municipalities.models import Municipality

from .models import STATUS_BY_SLUG, Intervention, Investment, Partner, TargetGroup, Theme


class InvestmentResource(ContentResource):
    gemeente = fields.Field(
        attribute="municipality", column_name="gemeente", widget=NaturalKeyWidget(Municipality, "cbs_code")
    )
    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=ChoiceWidget(STATUS_BY_SLUG),
    )
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

    class Meta(ContentResource.Meta):
        model = Investment
        # Only these columns: never an id or a version from a spreadsheet.
        fields = (
            "gemeente",
            "slug",
            "status",
            "titel",
            "tekst",
            "themas",
            "doelgroepen",
            "interventies",
            "partners",
            "bereik",
            "volgorde",
            "publicatiestatus",
        )
        import_id_fields = ["gemeente", "slug"]

    # Its check constraints (status and publication status among their choices, text not empty)
    # are what the field checks already refuse, row by row; a query per constraint and row would
    # triple the time a large file takes.
    validate_check_constraints = False

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("municipality")
            .prefetch_related("themes", "target_groups", "interventions", "partners")
            .in_report_order()
        )


class InterventionResource(ContentResource):
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
