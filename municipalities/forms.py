from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import FilterError

from .models import Municipality, Province


class ProvinceField(forms.ChoiceField):
    """A province filter that offers only the provinces with a published municipality.

    Every province stays a valid value (a shared link or an open-data URL keeps working), but the
    select lists only those that narrow the data to something, plus the one chosen.
    """

    def __init__(self, **kwargs):
        super().__init__(label=_("Provincie"), required=False, choices=[("", _("Alle")), *Province.choices], **kwargs)

    def offer_present(self, selected=None, present=None):
        """Restrict the offered options; one query unless the form passes the `present` provinces.
        Call from the form's __init__."""
        if present is None:
            # order_by(): the model's name order would make DISTINCT return every municipality.
            present = set(Municipality.objects.published().order_by().values_list("province", flat=True).distinct())
        self.widget.choices = [
            (value, label) for value, label in self.choices if not value or value in present or value == selected
        ]


def unknown_province(value) -> FilterError:
    """Why a filter given exactly (open data) refuses `value` as a province."""
    return FilterError(
        _("Onbekende waarde voor filter ‘provincie’: ‘%(value)s’. Mogelijk: %(allowed)s."),
        value=value,
        allowed=", ".join(Province.values),
    )
