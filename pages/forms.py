from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from core.forms import FilterForm, OptionField, SlugChoiceField, option_rows, use_fast_selects
from core.search import MAX_QUERY_LENGTH, filter_by_text
from indicators.models import AgeGroup
from investments.models import Investment, TargetGroup, Theme, with_public_investment_in_theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.forms import ProvinceField
from municipalities.models import Municipality
from rounds.filters import RoundInvestmentFilterForm  # noqa: F401 -- where the list page imports it from
from rounds.models import Round
from rounds.selectors import ALL_MUNICIPALITIES, select_municipalities


def _published_rounds():
    return per_content_version(
        "municipality-filter-rounds",
        lambda: list(Round.objects.published().chronological().values_list("slug", "name")),
        in_process=True,
    )


class MunicipalityFilterForm(FilterForm):
    form_id = "municipality-filters"

    # The country's 342 municipalities, most without findings: the list leads with those that have some.
    deelname = forms.ChoiceField(label=_("Gemeenten"), required=False)
    provincie = ProvinceField()
    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provincie"].offer_present(self.data.get("provincie"))
        self.fields["deelname"].choices = [
            ("", _("Met bevindingen")),
            (ALL_MUNICIPALITIES, _("Alle gemeenten")),
            *((slug, _("Deelnemers aan %(round)s") % {"round": name}) for slug, name in _published_rounds()),
        ]

    def filter(self, queryset, user=None):
        """`user` decides which findings count: staff, who see drafts, also find a municipality by
        its draft investments and interviews."""
        return select_municipalities(queryset, *self.selection(), user)

    def selection(self) -> tuple:
        """(province, theme, taking part): the valid choices, the same whichever way they were written."""
        data = self.cleaned_data if self.is_bound else {}
        return data.get("provincie") or "", data.get("thema"), data.get("deelname") or ""


class MapThemeForm(FilterForm):
    """The home page map's choice: colour by all investments or by those in one theme."""

    form_id = "map-theme"
    submit_label = _("Kleur de kaart")

    kaartthema = SlugChoiceField(Theme.objects.order_by("position"), label=_("Kleur naar thema"))

    def theme(self):
        return self.cleaned_data.get("kaartthema") if self.is_bound and self.is_valid() else None


STATUS_CHOICES = [("", _("Gedaan en gepland")), ("gedaan", _("Gedaan")), ("gepland", _("Gepland"))]
FORMAT_CHOICES = [("", "HTML"), ("csv", "CSV"), ("xlsx", "XLSX")]


class SlugSetMultipleChoiceField(forms.MultipleChoiceField):
    """A multiple choice checked against a set of slugs, without Django's choices.

    Normalising 342 municipality choices on every request cost milliseconds, and the page renders
    this choice itself (checkboxes or one select), never through the field's widget.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = frozenset()

    def valid_value(self, value):
        return value in self.allowed


class ComparisonForm(FilterForm):
    """The selection of /vergelijken/: municipalities, a province, themes and what to count.

    Choices come from the caller (one query for all municipalities, whatever their number), so
    that validating and rendering run no queries of their own.
    """

    gemeente = SlugSetMultipleChoiceField(label=_("Gemeenten"), required=False, widget=forms.CheckboxSelectMultiple)
    provincie = forms.ChoiceField(label=_("Of alle gemeenten in provincie"), required=False)
    thema = forms.MultipleChoiceField(label=_("Thema's"), required=False, widget=forms.CheckboxSelectMultiple)
    status = forms.ChoiceField(label=_("Tel"), required=False, choices=STATUS_CHOICES)
    formaat = forms.ChoiceField(required=False, choices=FORMAT_CHOICES)
    ronde = forms.ChoiceField(label=_("Vergelijk naar de status in ronde"), required=False)
    # Figures of RIVM and CBS as extra columns (issue 22): which indicators, and in which year.
    indicator = forms.MultipleChoiceField(label=_("Cijfers erbij"), required=False, widget=forms.CheckboxSelectMultiple)
    jaar = forms.TypedChoiceField(label=_("Jaar van de cijfers"), coerce=int, required=False, empty_value=None)
    # On a phone: one theme or one municipality at a time (issue 23); which one the view checks.
    weergave = forms.ChoiceField(
        required=False,
        choices=[("", _("Alles in één tabel")), ("thema", _("Eén thema")), ("gemeente", _("Eén gemeente"))],
    )
    toon = forms.SlugField(required=False, max_length=MAX_QUERY_LENGTH)

    form_id = "comparison-filters"
    submit_label = _("Vergelijk")

    def __init__(self, data, *, municipalities, themes, provinces, rounds=(), indicators=(), years=()):
        super().__init__(data)
        self.fields["ronde"].choices = [("", _("Huidige status")), *((r.slug, r.name) for r in rounds)]
        self.fields["indicator"].choices = [(indicator.slug, indicator.label) for indicator in indicators]
        self.fields["jaar"].choices = [("", _("Laatste jaar")), *((year, year) for year in years)]
        self.fields["gemeente"].allowed = frozenset(m.slug for m in municipalities)
        self.fields["thema"].choices = [(t.slug, t.label) for t in themes]
        self.fields["provincie"].choices = [("", _("Geen")), *provinces]
        for name in ("gemeente", "thema", "indicator"):
            self.fields[name].widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"
        self.is_valid()

    def value(self, name, default=None):
        """The valid value of a field, or `default`; an invalid field is marked and left out."""
        return self.cleaned_data.get(name) or default


def _theme_of_municipality(queryset, theme):
    """Tips and quotes carry no theme of their own. The report ties a theme to a municipality
    only through its investments, so `thema` keeps the tips and quotes of municipalities with a
    published investment in that theme, the same rule as /gemeenten/?thema=. The form's label says
    so; open data's `thema` filter on tips and citaten applies the same rule."""
    return queryset.filter(municipality__in=with_public_investment_in_theme(Municipality.objects.all(), theme))


THEME_OF_MUNICIPALITY_LABEL = _("Gemeente investeerde in thema")


def _by_theme_of_municipality(form, queryset):
    theme = form.cleaned_data.get("thema") if form.is_bound else None
    return _theme_of_municipality(queryset, theme) if theme else queryset


def _tip_and_quote_filter_options():
    def municipalities_with(relation, rows):
        municipalities = Municipality.objects.published().filter(**{f"{relation}__in": rows}).distinct()
        return [(slug, name, pk) for slug, name, pk in municipalities.values_list("slug", "name", "pk")]

    return {
        "tip-gemeente": municipalities_with("tips", Tip.objects.published()),
        "quote-gemeente": municipalities_with("quotes", Quote.objects.published()),
        "knelpunt": option_rows(Bottleneck.objects.published().only("slug", "title")),
        "les": option_rows(Lesson.objects.published().only("slug", "title")),
        "thema": option_rows(Theme.objects.all(), lambda theme: theme.label),
    }


def tip_and_quote_filter_options():
    """The select lists of /tips/ and /citaten/, once per content version and language (theme labels).

    Only published rows are offered, to every visitor alike.
    """
    return per_content_version(f"tip-quote-filter-options:{get_language()}", _tip_and_quote_filter_options)


def _words_field():
    return forms.CharField(
        label=_("Woorden in de tekst"), required=False, max_length=MAX_QUERY_LENGTH, widget=forms.SearchInput()
    )


def _by_words(form, queryset):
    """Tips and quotes whose text holds the words (Dutch stemming on PostgreSQL, as /investeringen/)."""
    words = form.cleaned_data.get("q") if form.is_bound else ""
    return filter_by_text(queryset, ("text",), words) if words else queryset


class TipFilterForm(FilterForm):
    form_id = "tip-filters"

    q = _words_field()
    gemeente = OptionField(label=_("Gemeente"))
    knelpunt = OptionField(label=_("Knelpunt"))
    thema = OptionField(label=THEME_OF_MUNICIPALITY_LABEL)

    lookups = {"gemeente": "municipality", "knelpunt": "bottleneck"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = tip_and_quote_filter_options()
        for name, key in (("gemeente", "tip-gemeente"), ("knelpunt", "knelpunt"), ("thema", "thema")):
            self.fields[name].offer(options[key])

    def filter(self, queryset):
        return _by_words(self, _by_theme_of_municipality(self, super().filter(queryset)))


class QuoteFilterForm(FilterForm):
    form_id = "quote-filters"

    q = _words_field()
    gemeente = OptionField(label=_("Gemeente"))
    les = OptionField(label=_("Les"))
    knelpunt = OptionField(label=_("Knelpunt"))
    thema = OptionField(label=THEME_OF_MUNICIPALITY_LABEL)

    lookups = {"gemeente": "municipality", "les": "lesson", "knelpunt": "bottleneck"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = tip_and_quote_filter_options()
        for name, key in (("gemeente", "quote-gemeente"), ("les", "les"), ("knelpunt", "knelpunt"), ("thema", "thema")):
            self.fields[name].offer(options[key])

    def filter(self, queryset):
        return _by_words(self, _by_theme_of_municipality(self, super().filter(queryset)))


class InterventionFilterForm(FilterForm):
    """The catalogue: interventions that a published investment in this theme / for this group uses."""

    form_id = "intervention-filters"

    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))
    doelgroep = SlugChoiceField(TargetGroup.objects.all(), label=_("Doelgroep"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_fast_selects(self)

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


AGE_CHOICES = [("", _("Alle leeftijden")), ("18+", AgeGroup.ADULTS.label), ("65+", AgeGroup.ELDERLY.label)]


class IndicatorMapForm(FilterForm):
    """The choice of `/kaart/`: indicator, year and age group. A combination without figures is
    answered with the indicator's nearest year and age group, and the page says so."""

    form_id = "indicator-map"
    submit_label = _("Kleur de kaart")

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int, required=False, empty_value=None)
    leeftijd = forms.ChoiceField(label=_("Leeftijd"), required=False)

    def __init__(self, *args, indicators, available, **kwargs):
        super().__init__(*args, **kwargs)
        self.available = available
        self.fields["indicator"].choices = [(i.slug, i.label) for i in indicators if i.slug in available]
        years = sorted({year for ages in available.values() for years in ages.values() for year in years})
        self.fields["jaar"].choices = [("", _("Laatste jaar"))] + [(year, year) for year in years]
        ages = {age for ages in available.values() for age in ages}
        self.fields["leeftijd"].choices = [(value, label) for value, label in AGE_CHOICES if value in ages or not value]

    def choice(self):
        """(indicator slug, year, age group, whether the exact choice had figures), or None without figures."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        slug = data.get("indicator") or next(iter(self.fields["indicator"].choices), ("", ""))[0]
        if slug not in self.available:
            return None
        ages = self.available[slug]
        age, year, exact = data.get("leeftijd") or "", data.get("jaar"), True
        if age not in ages:
            exact = not age  # no age asked: the indicator's own (18+ for loneliness) is no substitute
            age = "18+" if "18+" in ages else next(iter(ages))
        if year is None:
            year = ages[age][-1]
        elif year not in ages[age]:
            exact, year = False, ages[age][-1]
        return slug, year, age, exact
