from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm, SlugChoiceField
from core.search import MAX_QUERY_LENGTH
from municipalities.forms import ProvinceField
from municipalities.models import Municipality

from .models import REPORT_ORDER, STATUS_BY_SLUG, Intervention, TargetGroup, Theme

SORT_CHOICES = [
    ("", _("Gemeente (A–Z)")),
    ("-gemeente", _("Gemeente (Z–A)")),
    ("titel", _("Titel (A–Z)")),
    ("status", _("Status: eerst gedaan")),
]
SORT_ORDERINGS = {
    "": REPORT_ORDER,
    "-gemeente": ("-municipality__name", "status", "position", "pk"),
    "titel": ("title", "pk"),
    "status": ("status", "municipality__name", "position", "pk"),
}


class InvestmentFilterForm(FilterForm):
    """The filters of /investeringen/ (and of the investments in open data)."""

    form_id = "investment-filters"
    submit_label = _("Toon resultaten")

    q = forms.CharField(
        label=_("Zoek in de tekst"), required=False, max_length=MAX_QUERY_LENGTH, widget=forms.SearchInput()
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Gedaan en gepland")), ("gedaan", _("Gedaan")), ("gepland", _("Gepland"))],
    )
    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))
    doelgroep = SlugChoiceField(TargetGroup.objects.all(), label=_("Doelgroep"))
    interventie = SlugChoiceField(Intervention.objects.published(), label=_("Interventie"))
    gemeente = SlugChoiceField(Municipality.objects.published(), label=_("Gemeente"))
    provincie = ProvinceField()
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_options()

    def offer_options(self):
        """Fill the municipality and province lists; a page may override this with precomputed lists."""
        # One query gives both select lists: the municipalities, and the provinces that have one.
        municipalities = list(Municipality.objects.published().values_list("slug", "name", "province"))
        field = self.fields["gemeente"]
        field.choices = [("", field.empty_label), *((slug, name) for slug, name, _province in municipalities)]
        present = {province for _slug, _name, province in municipalities}
        self.fields["provincie"].offer_present(self.data.get("provincie"), present=present)

    def filter(self, queryset):
        """Apply the valid filters; an invalid one is reported by the form and left out."""
        data = self.cleaned_data if self.is_bound else {}
        if status := data.get("status"):
            queryset = queryset.filter(status=STATUS_BY_SLUG[status])
        if theme := data.get("thema"):
            queryset = queryset.filter(themes=theme)
        if target_group := data.get("doelgroep"):
            queryset = queryset.filter(target_groups=target_group)
        if intervention := data.get("interventie"):
            queryset = queryset.filter(interventions=intervention)
        if municipality := data.get("gemeente"):
            queryset = queryset.filter(municipality=municipality)
        if province := data.get("provincie"):
            queryset = queryset.filter(municipality__province=province)
        return queryset

    def ordering(self):
        return SORT_ORDERINGS[self.cleaned_data.get("sorteer", "")]
