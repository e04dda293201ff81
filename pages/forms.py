from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, SlugChoiceField
from investments.models import Theme, with_public_investment_in_theme
from municipalities.models import Province


class MunicipalityFilterForm(FilterForm):
    form_id = "municipality-filters"

    provincie = forms.ChoiceField(label=_("Provincie"), required=False, choices=[("", _("Alle")), *Province.choices])
    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        if province := data.get("provincie"):
            queryset = queryset.filter(province=province)
        if theme := data.get("thema"):
            queryset = with_public_investment_in_theme(queryset, theme)
        return queryset
