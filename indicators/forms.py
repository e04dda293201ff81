"""The workspace's upload of a StatLine CSV export: the file and what the command's options say."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import definitions, services, statline
from .models import AgeGroup, Indicator

# The checked values wait in the session between the preview and its confirmation; an export of
# every municipality, both age groups and a few years is a few thousand.
MAX_VALUES = 20_000


def _indicator_choices():
    return [(item.slug, Indicator(name=item.name, name_en=item.name_en).label) for item in definitions.ALL]


class StatLineUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("StatLine-CSV-bestand"),
        help_text=gettext_lazy(
            "Een CSV-export van StatLine in UTF-8, bijvoorbeeld van tabel 50120NED of 50150NED (Gezondheid per "
            "wijk en buurt). Wijken en buurten worden overgeslagen."
        ),
    )
    indicator = forms.ChoiceField(
        label=gettext_lazy("Indicator"),
        choices=_indicator_choices,
        initial=definitions.STRONGLY_LONELY.slug,
        help_text=gettext_lazy(
            "‘Sterk eenzaam’ (vanaf 2022) is een andere maat dan ‘(zeer) ernstig eenzaam’ en blijft een eigen "
            "indicator."
        ),
    )
    column = forms.CharField(
        label=gettext_lazy("Kolom met de waarden"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leeg laten voor de kolom ‘sterk eenzaam’."),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Jaar"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=gettext_lazy("Alleen nodig als het bestand geen kolom Perioden heeft."),
    )
    age = forms.ChoiceField(
        label=gettext_lazy("Leeftijd"),
        required=False,
        choices=[
            ("", gettext_lazy("volgens het bestand")),
            (AgeGroup.ADULTS, AgeGroup.ADULTS.label),
            (AgeGroup.ELDERLY, AgeGroup.ELDERLY.label),
        ],
        help_text=gettext_lazy("Alleen nodig als het bestand geen kolom Leeftijd heeft."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("Het bestand is te groot (%(size)s). Het maximum is %(max)s; splits het bestand op.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.IMPORT_MAX_FILE_SIZE)}
            )
        try:
            return b"".join(upload.chunks()).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Het bestand is geen CSV in UTF-8. Exporteer de tabel uit StatLine opnieuw als CSV.")
            ) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            parsed = statline.parse(
                cleaned["file"],
                cleaned["indicator"],
                column=cleaned["column"],
                year=cleaned["year"],
                age=cleaned["age"],
            )
            rows = [services.checked(row) for row in parsed.rows]
        except (statline.StatLineError, services.IndicatorLoadError) as error:
            raise forms.ValidationError(_("Niets ingelezen: %(problem)s.") % {"problem": error}) from None
        if len(rows) > MAX_VALUES:
            raise forms.ValidationError(
                _("Niets ingelezen: het bestand heeft %(count)s waarden, meer dan %(max)s. Splits het bestand op.")
                % {"count": len(rows), "max": MAX_VALUES}
            )
        cleaned["rows"], cleaned["skipped"] = rows, parsed.skipped
        return cleaned
