from import_export import fields, widgets

from core.resources import ContentResource, NaturalKeyListWidget, NaturalKeyWidget, publication_field, text_widget
from municipalities.models import Municipality

from .models import Bottleneck, Lesson, Quote, Tip


class LessonResource(ContentResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    titel = fields.Field(attribute="title", column_name="titel", widget=text_widget())
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    gemeenten = fields.Field(
        attribute="municipalities", column_name="gemeenten", widget=NaturalKeyListWidget(Municipality, "cbs_code")
    )
    volgorde = fields.Field(attribute="position", column_name="volgorde", widget=widgets.IntegerWidget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Lesson
        # Only these columns: never an id or a version from a spreadsheet.
        fields = ("slug", "titel", "tekst", "gemeenten", "volgorde", "publicatiestatus")
        import_id_fields = ["slug"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("municipalities")


class BottleneckResource(LessonResource):
    class Meta(LessonResource.Meta):
        model = Bottleneck


class TipResource(ContentResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    knelpunt = fields.Field(attribute="bottleneck", column_name="knelpunt", widget=NaturalKeyWidget(Bottleneck, "slug"))
    gemeente = fields.Field(
        attribute="municipality", column_name="gemeente", widget=NaturalKeyWidget(Municipality, "cbs_code")
    )
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    volgorde = fields.Field(attribute="position", column_name="volgorde", widget=widgets.IntegerWidget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Tip
        # Only these columns: never an id or a version from a spreadsheet.
        fields = ("slug", "knelpunt", "gemeente", "tekst", "volgorde", "publicatiestatus")
        import_id_fields = ["slug"]

    def get_queryset(self):
        return super().get_queryset().select_related("bottleneck", "municipality")


class QuoteResource(ContentResource):
    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    tekst = fields.Field(attribute="text", column_name="tekst", widget=text_widget())
    gemeente = fields.Field(
        attribute="municipality",
        column_name="gemeente",
        widget=NaturalKeyWidget(Municipality, "cbs_code", required=False),
    )
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
        fields = ("slug", "tekst", "gemeente", "rol", "les", "knelpunt", "volgorde", "publicatiestatus")
        import_id_fields = ["slug"]

    def get_queryset(self):
        return super().get_queryset().select_related("municipality", "lesson", "bottleneck")
