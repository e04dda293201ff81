from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PrimaryButton
from investments.forms import SELECT_CLASS, SlugChoiceField
from investments.models import Theme, with_public_investment_in_theme
from municipalities.models import Province


class MunicipalityFilterForm(forms.Form):
    provincie = forms.ChoiceField(label=_("Provincie"), required=False, choices=[("", _("Alle")), *Province.choices])
    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = SELECT_CLASS
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "municipality-filters"
        self.helper.attrs = {"aria-label": _("Filters")}
        self.helper.add_input(PrimaryButton(_("Filter")))

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        if province := data.get("provincie"):
            queryset = queryset.filter(province=province)
        if theme := data.get("thema"):
            queryset = with_public_investment_in_theme(queryset, theme)
        return queryset
