from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.widgets import PreparedChoices, Select

from . import page_cache
from .derived import key_part

SELECT_CLASS = "utrecht-select utrecht-select--html-select"
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"


class PrimaryButton(Submit):
    """A submit button in NL Design System style; crispy's own default carries Bootstrap classes."""

    field_classes = "utrecht-button utrecht-button--primary-action"

    def __init__(self, label, **kwargs):
        super().__init__("", label, **kwargs)


class SlugChoiceField(forms.ModelChoiceField):
    """A choice identified in the query string by its slug, so shared links stay readable."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, empty_label=_("Alle"), **kwargs)


class FilterForm(forms.Form):
    """Filters of a public list: every value travels in the query string, so a link keeps the selection.

    Subclasses name `form_id` and `submit_label`, and apply their values in `filter(queryset)`.
    """

    form_id = ""
    submit_label = _("Filter")
    # Query-string name -> queryset lookup, applied by `filter()` for every valid value.
    lookups: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_text = isinstance(field.widget, (forms.TextInput, forms.SearchInput))
            field.widget.attrs["class"] = TEXTBOX_CLASS if is_text else SELECT_CLASS
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = self.form_id
        self.helper.attrs = {"aria-label": _("Filters")}
        self.helper.add_input(PrimaryButton(self.submit_label))

    def fragment_key(self) -> tuple:
        """The valid selection, the same whichever way it was written (parameters in another order, an
        invalid value, which is ignored): what a value kept for this form's choice is named by
        (core.derived.kept_for_visitors, the `fragment` tag)."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        return tuple((name, key_part(value)) for name, value in sorted(data.items()) if value)

    def filter(self, queryset):
        """Apply the valid filters; an invalid one is reported by the form and left out."""
        return self.narrow(queryset, self.cleaned_data if self.is_bound else {})

    def narrow(self, queryset, data):
        """`queryset` narrowed by the cleaned values `data`."""
        for name, lookup in self.lookups.items():
            if value := data.get(name):
                queryset = queryset.filter(**{lookup: value})
        return queryset

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.errors:
            # The page shows the refusal and the unfiltered list: not what its address asks for.
            page_cache.not_stored()

    # Fields that order rather than filter a list are not counted as active filters.
    not_filters = ("sorteer",)

    def active_count(self) -> int:
        """How many filters narrow the list now: filled in and valid (invalid ones are ignored).

        Read from the submitted values, not the cleaned ones: a cleaned multiple choice is a queryset,
        and asking whether it is empty would cost a query.
        """
        if not self.is_bound:
            return 0
        self.is_valid()
        getlist = getattr(self.data, "getlist", lambda name: [self.data.get(name)])
        return sum(
            1
            for name in self.fields
            if name not in self.not_filters
            and name in self.cleaned_data
            and any(str(value or "").strip() for value in getlist(name))
        )

    def active_label(self) -> str:
        """The folded filters' button: "Filters (2 actief)", so a phone user sees the list is narrowed."""
        count = self.active_count()
        if not count:
            return str(_("Filters"))
        return ngettext("Filters (%(count)d actief)", "Filters (%(count)d actief)", count) % {"count": count}


def use_fast_selects(form):
    """Give the form's plain selects the widget that writes its options without a template each."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget = Select(attrs=field.widget.attrs, choices=field.widget.choices)


class Options:
    """A filter's options ready to offer: the choices, "Alle" first, escaped once, and slug -> pk.

    Built once per content version and language by the pages that keep their lists (its labels are
    translated and escaped here), so a request only sets them on its form. `aliases` are other
    values accepted for a row (a municipality's CBS code) without being offered.
    """

    def __init__(self, rows, aliases=()):
        self.choices = PreparedChoices([("", str(_("Alle"))), *((slug, label) for slug, label, _pk in rows)])
        self.pks = {**dict(aliases), **{slug: pk for slug, _label, pk in rows}}


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


def option_rows(queryset, label=str):
    """(slug, label, primary key) of each row: what `Options` are made of."""
    return [(row.slug, label(row), row.pk) for row in queryset]
