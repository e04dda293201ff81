from import_export import fields

from core.resources import ChoiceWidget, ContentResource, publication_field, text_widget

from .models import Municipality, Province


class MunicipalityResource(ContentResource):
    dataset_name = "gemeenten"

    cbs_code = fields.Field(attribute="cbs_code", column_name="cbs_code", widget=text_widget())
    naam = fields.Field(attribute="name", column_name="naam", widget=text_widget())
    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    provincie = fields.Field(
        attribute="province", column_name="provincie", widget=ChoiceWidget({value: value for value in Province.values})
    )
    paragraaf = fields.Field(attribute="report_section", column_name="paragraaf", widget=text_widget())
    situatie = fields.Field(attribute="context", column_name="situatie", widget=text_widget())
    naam_aanpak = fields.Field(attribute="approach_name", column_name="naam_aanpak", widget=text_widget())
    ingebed_in = fields.Field(attribute="programme", column_name="ingebed_in", widget=text_widget())
    website = fields.Field(attribute="website", column_name="website", widget=text_widget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Municipality
        # Only these columns: never an id or a version from a spreadsheet.
        fields = (
            "cbs_code",
            "naam",
            "slug",
            "provincie",
            "paragraaf",
            "situatie",
            "naam_aanpak",
            "ingebed_in",
            "website",
            "publicatiestatus",
        )
        import_id_fields = ["cbs_code"]
