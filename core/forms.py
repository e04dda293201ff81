from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import page_cache

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

    def filter(self, queryset):
        """Apply the valid filters; an invalid one is reported by the form and left out."""
        data = self.cleaned_data if self.is_bound else {}
        for name, lookup in self.lookups.items():
            if value := data.get(name):
                queryset = queryset.filter(**{lookup: value})
        return queryset

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
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
