from import_export import fields, widgets

from core.resources import (
    ContentResource,
    NamesColumn,
    NaturalKeyListWidget,
    NaturalKeyWidget,
    publication_field,
    text_widget,
)
from municipalities.models import Municipality

from .models import Bottleneck, Lesson, Quote, Tip


class LessonResource(ContentResource):
    dataset_name = "lessen"
    optional_columns = ("gemeenten_namen",)

    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    titel = fields.Field(attribute="title", column_name="titel", widget=text_widget())
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    gemeenten = fields.Field(
        attribute="municipalities", column_name="gemeenten", widget=NaturalKeyListWidget(Municipality, "cbs_code")
    )
    gemeenten_namen = NamesColumn("municipalities", "gemeenten_namen", key_column="gemeenten")
    volgorde = fields.Field(attribute="position", column_name="volgorde", widget=widgets.IntegerWidget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Lesson
        # Only these columns: never an id or a version from a spreadsheet.
        fields = ("slug", "titel", "tekst", "gemeenten", "gemeenten_namen", "volgorde", "publicatiestatus")
        import_id_fields = ["slug"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("municipalities")


class BottleneckResource(LessonResource):
    dataset_name = "knelpunten"

    class Meta(LessonResource.Meta):
        model = Bottleneck


class TipResource(ContentResource):
    dataset_name = "tips"
    optional_columns = ("gemeente_naam",)

    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    knelpunt = fields.Field(attribute="bottleneck", column_name="knelpunt", widget=NaturalKeyWidget(Bottleneck, "slug"))
    gemeente = fields.Field(
        attribute="municipality", column_name="gemeente", widget=NaturalKeyWidget(Municipality, "cbs_code")
    )
    gemeente_naam = NamesColumn("municipality__name", "gemeente_naam")
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    volgorde = fields.Field(attribute="position", column_name="volgorde", widget=widgets.IntegerWidget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Tip
        # Only these columns: never an id or a version from a spreadsheet.
        fields = ("slug", "knelpunt", "gemeente", "gemeente_naam", "tekst", "volgorde", "publicatiestatus")
        import_id_fields = ["slug"]

    def get_queryset(self):
        return super().get_queryset().select_related("bottleneck", "municipality")


class QuoteResource(ContentResource):
    dataset_name = "citaten"
    optional_columns = ("gemeente_naam",)

    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    gemeente = fields.Field(
        attribute="municipality",
        column_name="gemeente",
        widget=NaturalKeyWidget(Municipality, "cbs_code", required=False),
    )
    gemeente_naam = NamesColumn("municipality__name", "gemeente_naam")
    rol = fields.Field(attribute="speaker_role", column_name="rol", widget=text_widget())
    les = fields.Field(attribute="lesson", column_name="les", widget=NaturalKeyWidget(Lesson, "slug", required=False))
    knelpunt = fields.Field(
        attribute="bottleneck", column_name="knelpunt", widget=NaturalKeyWidget(Bottleneck, "slug", required=False)
    )
    volgorde = fields.Field(attribute="position", column_name="volgorde", widget=widgets.IntegerWidget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Quote
        # Only these columns: never an id or a version from a spreadsheet.
        fields = (
            "slug",
            "tekst",
            "gemeente",
            "gemeente_naam",
            "rol",
            "les",
            "knelpunt",
            "volgorde",
            "publicatiestatus",
        )
        import_id_fields = ["slug"]

    def get_queryset(self):
        return super().get_queryset().select_related("municipality", "lesson", "bottleneck")
