from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from core.forms import FilterForm, SlugChoiceField
from core.widgets import PreparedChoices, Select
from investments.forms import InvestmentFilterForm
from investments.models import (
    STATUS_BY_SLUG,
    STATUS_SLUGS,
    Intervention,
    Investment,
    InvestmentStatus,
    TargetGroup,
    Theme,
    with_public_investment_in_theme,
)
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.forms import ProvinceField
from municipalities.models import Municipality
from rounds.models import Progress, Round


def use_fast_selects(form):
    """Give the form's plain selects the widget that writes its options without a template each."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget = Select(attrs=field.widget.attrs, choices=field.widget.choices)


class MunicipalityFilterForm(FilterForm):
    form_id = "municipality-filters"

    provincie = ProvinceField()
    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provincie"].offer_present(self.data.get("provincie"))

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        if province := data.get("provincie"):
            queryset = queryset.filter(province=province)
        if theme := data.get("thema"):
            queryset = with_public_investment_in_theme(queryset, theme)
        return queryset


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

    form_id = "comparison-filters"
    submit_label = _("Vergelijk")

    def __init__(self, data, *, municipalities, themes, provinces, rounds=()):
        super().__init__(data)
        self.fields["ronde"].choices = [("", _("Huidige status")), *((r.slug, r.name) for r in rounds)]
        self.fields["gemeente"].allowed = frozenset(m.slug for m in municipalities)
        self.fields["thema"].choices = [(t.slug, t.label) for t in themes]
        self.fields["provincie"].choices = [("", _("Geen")), *provinces]
        for name in ("gemeente", "thema"):
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


class Options:
    """A filter's options ready to offer: the choices, "Alle" first, escaped once, and slug -> pk.

    Built once per content version and language by the pages that keep their lists (its labels are
    translated and escaped here), so a request only sets them on its form.
    """

    def __init__(self, rows):
        self.choices = PreparedChoices([("", str(_("Alle"))), *((slug, label) for slug, label, _pk in rows)])
        self.pks = {slug: pk for slug, _label, pk in rows}


class OptionField(forms.ChoiceField):
    """A filter among precomputed options (slug, label, primary key): checked without a query.

    Its cleaned value is the chosen row's primary key, which filters a queryset as the row would.
    """

    widget = Select
    # The message of the model choice it replaces: it does not echo the refused value.
    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.pks = {}

    def offer(self, options):
        """Offer `options`: an `Options`, or (slug, label, primary key) rows to make one of."""
        if not isinstance(options, Options):
            options = Options(options)
        self.choices = options.choices
        self.pks = options.pks

    def valid_value(self, value):
        # The offered slugs, looked up rather than compared with every choice in turn.
        return value in self.pks

    def clean(self, value):
        return self.pks.get(super().clean(value))


def _options(queryset, label=str):
    return [(row.slug, label(row), row.pk) for row in queryset]


def _tip_and_quote_filter_options():
    def municipalities_with(relation, rows):
        municipalities = Municipality.objects.published().filter(**{f"{relation}__in": rows}).distinct()
        return [(slug, name, pk) for slug, name, pk in municipalities.values_list("slug", "name", "pk")]

    return {
        "tip-gemeente": municipalities_with("tips", Tip.objects.published()),
        "quote-gemeente": municipalities_with("quotes", Quote.objects.published()),
        "knelpunt": _options(Bottleneck.objects.published().only("slug", "title")),
        "les": _options(Lesson.objects.published().only("slug", "title")),
        "thema": _options(Theme.objects.all(), lambda theme: theme.label),
    }


def tip_and_quote_filter_options():
    """The select lists of /tips/ and /citaten/, once per content version and language (theme labels).

    Only published rows are offered, to every visitor alike.
    """
    return per_content_version(f"tip-quote-filter-options:{get_language()}", _tip_and_quote_filter_options)


class TipFilterForm(FilterForm):
    form_id = "tip-filters"

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
        return _by_theme_of_municipality(self, super().filter(queryset))


class QuoteFilterForm(FilterForm):
    form_id = "quote-filters"

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
        return _by_theme_of_municipality(self, super().filter(queryset))


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


def _investment_filter_options():
    municipalities = list(Municipality.objects.published().values_list("slug", "name", "pk", "province"))
    return {
        "thema": Options(_options(Theme.objects.all(), lambda theme: theme.label)),
        "doelgroep": Options(_options(TargetGroup.objects.all(), lambda group: group.label)),
        "interventie": Options(_options(Intervention.objects.published().only("slug", "name"))),
        "gemeente": Options([(slug, name, pk) for slug, name, pk, _province in municipalities]),
        "provincie": sorted({province for *_municipality, province in municipalities}),
        "ronde": Options(_options(Round.objects.published().only("slug", "name"))),
    }


def investment_filter_options():
    """The select lists of /investeringen/, once per content version (and language: theme labels).

    Only published rows are offered, to every visitor alike, so staff may share the public lists.
    """
    return per_content_version(f"investment-filter-options:{get_language()}", _investment_filter_options)


class RoundInvestmentFilterForm(InvestmentFilterForm):
    """/investeringen/ with a research round: `ronde=2019&status=gepland` is what was planned in 2019.

    Without `ronde`, `status` is the current status (the latest published round's).
    """

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle statussen")),
            *((STATUS_SLUGS[value], label.capitalize()) for value, label in InvestmentStatus.choices),
        ],
    )
    ronde = OptionField(label=_("Ronde"))
    # At national scale the lists are long (342 municipalities): precomputed, checked without a query.
    thema = OptionField(label=_("Thema"))
    doelgroep = OptionField(label=_("Doelgroep"))
    interventie = OptionField(label=_("Interventie"))
    gemeente = OptionField(label=_("Gemeente"))

    field_order = ["q", "status", "ronde"]

    def offer_options(self):
        options = investment_filter_options()
        for name in ("thema", "doelgroep", "interventie", "gemeente", "ronde"):
            self.fields[name].offer(options[name])
        use_fast_selects(self)
        self.fields["provincie"].offer_present(self.data.get("provincie"), present=set(options["provincie"]))

    def round_and_status(self):
        """The chosen round's primary key and the status asked for in it (a slug or ""), or None."""
        data = self.cleaned_data if self.is_bound else {}
        round_ = data.get("ronde")
        return None if round_ is None else (round_, data.get("status") or "")

    def narrows_besides_round(self) -> bool:
        """Whether a filter other than the round (and the status in it) narrows the list."""
        data = self.cleaned_data if self.is_bound else {}
        names = ("thema", "doelgroep", "interventie", "gemeente", "provincie")
        return any(data.get(name) for name in names) or bool(data.get("status") and data.get("ronde") is None)

    def filter_besides_round(self, queryset):
        """`filter()` without the round: what the round's own precomputed mentions leave to the database."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("ronde") is None:
            return self.filter(queryset)
        self.cleaned_data = {**data, "ronde": None, "status": ""}
        queryset = self.filter(queryset)
        self.cleaned_data = data
        return queryset

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        round_ = data.get("ronde")
        status = data.get("status")
        if round_ is not None:
            # The status filter applies to what the round said, so the parent must not see it.
            self.cleaned_data = {**data, "status": ""}
            in_round = Progress.objects.published().filter(interview__round=round_)
            if status:
                in_round = in_round.filter(status=STATUS_BY_SLUG[status])
            queryset = queryset.filter(pk__in=in_round.values("investment_id"))
        queryset = super().filter(queryset)
        self.cleaned_data = data
        return queryset
