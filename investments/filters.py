"""The investment filters, defined once: their query-string names, the values each accepts, and how
each narrows a list of investments.

/investeringen/ shows them as a form and ignores a value it refuses; open data's `investeringen`
takes the same names from its address and refuses the whole request instead (`from_query`); the
page's "Download deze selectie" passes on the names in `filter_names`. rounds.filters adds `ronde`.
"""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import page_cache
from core.derived import per_content_version
from core.filters import FilterError, unknown_value
from core.forms import FilterForm, OptionField, Options, option_rows, use_fast_selects
from core.search import MAX_QUERY_LENGTH, filter_by_text
from municipalities.forms import ProvinceField, unknown_province
from municipalities.models import Municipality

from .models import REPORT_ORDER, STATUS_BY_SLUG, STATUS_SLUGS, Intervention, InvestmentStatus, TargetGroup, Theme

# What the text search `q` reads of an investment.
TEXT_FIELDS = ("title", "text")

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


def _investment_filter_options():
    municipalities = list(Municipality.objects.published().values_list("slug", "name", "pk", "province", "cbs_code"))
    return {
        "thema": Options(option_rows(Theme.objects.all(), lambda theme: theme.label)),
        "doelgroep": Options(option_rows(TargetGroup.objects.all(), lambda group: group.label)),
        "interventie": Options(option_rows(Intervention.objects.published().only("slug", "name"))),
        # Open data has always named a municipality by its CBS code as well as by its slug.
        "gemeente": Options(
            [(slug, name, pk) for slug, name, pk, _province, _code in municipalities],
            aliases=[(code, pk) for _slug, _name, pk, _province, code in municipalities],
        ),
        "provincie": sorted({province for _slug, _name, _pk, province, _code in municipalities}),
    }


def investment_filter_options():
    """The select lists, once per content version (and language: theme labels).

    Only published rows are offered, to every visitor alike, so staff may share the public lists.
    """
    return per_content_version(f"investment-filter-options:{get_language()}", _investment_filter_options)


class WholeEurosField(forms.IntegerField):
    """An amount in whole euros, digits only: "1.000" is a thousand in Dutch and one in English, and
    open data's addresses mean the same in every language."""

    widget = forms.TextInput(attrs={"inputmode": "numeric"})

    def to_python(self, value):
        text = str(value).strip() if value not in self.empty_values else ""
        if text and not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


class InvestmentFilterForm(FilterForm):
    """The filters of /investeringen/ and of open data's `investeringen`."""

    form_id = "investment-filters"
    submit_label = _("Toon resultaten")

    q = forms.CharField(
        label=_("Zoek in de tekst"), required=False, max_length=MAX_QUERY_LENGTH, widget=forms.SearchInput()
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle statussen")),
            *((STATUS_SLUGS[value], label.capitalize()) for value, label in InvestmentStatus.choices),
        ],
    )
    # At national scale the lists are long (342 municipalities): precomputed, checked without a query.
    thema = OptionField(label=_("Thema"))
    doelgroep = OptionField(label=_("Doelgroep"))
    interventie = OptionField(label=_("Interventie"))
    gemeente = OptionField(label=_("Gemeente"))
    provincie = ProvinceField()
    # A range of the known budget; an investment without one is left out once either bound is set.
    budget_van = WholeEurosField(label=_("Budget vanaf (euro)"), required=False)
    budget_tot = WholeEurosField(label=_("Budget tot en met (euro)"), required=False)
    sorteer = forms.ChoiceField(label=_("Sorteer op"), required=False, choices=SORT_CHOICES)

    # The parameters that select investments (`sorteer` and `pagina` only arrange the page), in the
    # order open data lists them when it refuses an unknown one.
    filter_names = (
        "gemeente",
        "provincie",
        "q",
        "status",
        "thema",
        "doelgroep",
        "interventie",
        "budget_van",
        "budget_tot",
    )
    # Relation filters: name -> lookup, applied by `FilterForm.filter()` for every valid value.
    lookups = {
        "thema": "themes",
        "doelgroep": "target_groups",
        "interventie": "interventions",
        "gemeente": "municipality",
        "provincie": "municipality__province",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_options()

    def offer_options(self):
        options = investment_filter_options()
        for name in ("thema", "doelgroep", "interventie", "gemeente"):
            self.fields[name].offer(options[name])
        use_fast_selects(self)
        self.fields["provincie"].offer_present(self.data.get("provincie"), present=set(options["provincie"]))

    def narrow(self, queryset, data):
        """Every filter but the text search, which the page ranks by (see `selection`)."""
        queryset = super().narrow(queryset, data)
        if status := data.get("status"):
            queryset = queryset.filter(status=STATUS_BY_SLUG[status])
        if low := data.get("budget_van"):
            queryset = queryset.filter(budget_eur__gte=low)
        if high := data.get("budget_tot"):
            queryset = queryset.filter(budget_eur__lte=high)
        return queryset

    def clean(self):
        data = super().clean()
        low, high = data.get("budget_van"), data.get("budget_tot")
        if low or high:
            page_cache.not_stored()  # amounts have no end of values, as free text has none
        if low and high and low > high:
            self.add_error("budget_tot", _("Het budget tot en met is lager dan het budget vanaf."))
        return data

    def selection(self, queryset):
        """`filter()` and the text search, in `queryset`'s own order: what a download of the page holds."""
        queryset = self.filter(queryset)
        if text := (self.cleaned_data if self.is_bound else {}).get("q"):
            matches = filter_by_text(queryset.model.objects.all(), TEXT_FIELDS, text).values("pk")
            queryset = queryset.filter(pk__in=matches)
        return queryset

    def ordering(self):
        return SORT_ORDERINGS[self.cleaned_data.get("sorteer", "")]

    @classmethod
    def from_query(cls, params: dict):
        """The form of `params` (only names in `filter_names`), every value valid; else FilterError.

        Open data obeys its address or refuses it: a value the page would ignore, or a filter named
        without a value, is an error there.
        """
        form = cls(params)
        form.is_valid()
        for name, value in params.items():
            field = form.fields[name]
            blank_choice = isinstance(field, forms.ChoiceField | forms.IntegerField) and value == ""
            if name in form.errors or blank_choice:
                raise form.refusal(name, value)
        return form

    def refusal(self, name, value) -> FilterError:
        """Why open data refuses `value` for the filter `name`."""
        if name == "q":
            return FilterError(_("Ongeldige zoektekst voor filter ‘q’: hooguit %(max)s tekens."), max=MAX_QUERY_LENGTH)
        if name == "status":
            return unknown_status(value)
        if name == "provincie":
            return unknown_province(value)
        if name in ("budget_van", "budget_tot"):
            return FilterError(
                _(
                    "Ongeldige waarde voor filter ‘%(name)s’: ‘%(value)s’. "
                    "Geef een bedrag in hele euro's, zonder punten."
                ),
                name=name,
                value=value,
            )
        return unknown_value(name, value)


def unknown_status(value) -> FilterError:
    """Why a filter given exactly (open data) refuses `value` as a status."""
    return FilterError(
        _("Onbekende waarde voor filter ‘status’: ‘%(value)s’. Kies uit: %(choices)s."),
        value=value,
        choices=", ".join(f"‘{slug}’" for slug in STATUS_BY_SLUG),
    )
