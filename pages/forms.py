from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, SlugChoiceField
from investments.models import Investment, TargetGroup, Theme, with_public_investment_in_theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, Province


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


def _theme_of_municipality(queryset, theme):
    """Tips and quotes carry no theme of their own. The report ties a theme to a municipality
    only through its investments, so `thema` keeps the tips and quotes of municipalities with a
    published investment in that theme, the same rule as /gemeenten/?thema=. The form's label says
    so; open data's `thema` filter on tips and citaten applies the same rule."""
    return queryset.filter(municipality__in=with_public_investment_in_theme(Municipality.objects.all(), theme))


THEME_OF_MUNICIPALITY_LABEL = _("Gemeente investeerde in thema")


class TipFilterForm(FilterForm):
    form_id = "tip-filters"

    gemeente = SlugChoiceField(
        Municipality.objects.published().filter(tips__in=Tip.objects.published()).distinct(), label=_("Gemeente")
    )
    knelpunt = SlugChoiceField(Bottleneck.objects.published(), label=_("Knelpunt"))
    thema = SlugChoiceField(Theme.objects.all(), label=THEME_OF_MUNICIPALITY_LABEL)

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        if municipality := data.get("gemeente"):
            queryset = queryset.filter(municipality=municipality)
        if bottleneck := data.get("knelpunt"):
            queryset = queryset.filter(bottleneck=bottleneck)
        if theme := data.get("thema"):
            queryset = _theme_of_municipality(queryset, theme)
        return queryset


class QuoteFilterForm(FilterForm):
    form_id = "quote-filters"

    gemeente = SlugChoiceField(
        Municipality.objects.published().filter(quotes__in=Quote.objects.published()).distinct(),
        label=_("Gemeente"),
    )
    les = SlugChoiceField(Lesson.objects.published(), label=_("Les"))
    knelpunt = SlugChoiceField(Bottleneck.objects.published(), label=_("Knelpunt"))
    thema = SlugChoiceField(Theme.objects.all(), label=THEME_OF_MUNICIPALITY_LABEL)

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        if municipality := data.get("gemeente"):
            queryset = queryset.filter(municipality=municipality)
        if lesson := data.get("les"):
            queryset = queryset.filter(lesson=lesson)
        if bottleneck := data.get("knelpunt"):
            queryset = queryset.filter(bottleneck=bottleneck)
        if theme := data.get("thema"):
            queryset = _theme_of_municipality(queryset, theme)
        return queryset


class InterventionFilterForm(FilterForm):
    """The catalogue: interventions that a published investment in this theme / for this group uses."""

    form_id = "intervention-filters"

    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))
    doelgroep = SlugChoiceField(TargetGroup.objects.all(), label=_("Doelgroep"))

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        investments = Investment.objects.published()
        if theme := data.get("thema"):
            investments = investments.filter(themes=theme)
        if target_group := data.get("doelgroep"):
            investments = investments.filter(target_groups=target_group)
        if data.get("thema") or data.get("doelgroep"):
            # One investment must match both, so "theme X for group Y" means what it says.
            queryset = queryset.filter(investments__in=investments).distinct()
        return queryset
