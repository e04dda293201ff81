"""Form widgets that render long option lists without a template per option.

Django renders every `<option>` of a select through its own template include. With the 342
municipalities of the Netherlands in a filter, that alone cost more than the rest of the page.
`Select` writes the same HTML in Python: every value and label is escaped
as the template engine would.
"""

import html

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe


def _escaped(value) -> str:
    """What the template engine writes for `{{ value }}`: escaped unless already safe HTML."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attributes(attrs) -> str:
    """` name="value"` pairs as Django's attrs.html writes them: True is a bare name, False is left out."""
    return "".join(
        f" {_escaped(name)}" if value is True else f' {_escaped(name)}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PreparedChoices(BaseChoiceIterator):
    """Choices already in Django's form, a list of (value, label) pairs, taken as they are.

    Setting a list on a choice field normalises every pair, once for the field and once for each
    widget it gets: with 342 municipalities that was hundreds of calls per request. Django leaves a
    choice iterator as it is, so a filter that builds its pairs itself passes them in this. The
    pairs are escaped here too, once: a filter that keeps its choices per content version keeps them
    escaped, and `Select` writes them as they are.
    """

    def __init__(self, pairs):
        self.pairs = list(pairs)
        self.escaped = [(str(value), _escaped(value), _escaped(label)) for value, label in self.pairs]

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    def __getitem__(self, index):
        return self.pairs[index]


class Select(forms.Select):
    """A single-choice select with Django's markup, rendered in Python (no option groups).

    Named `Select` on purpose: crispy-forms adds the widget's class name as a CSS class unless the
    classes already contain it, and `utrecht-select` does.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Byte for byte what select.html and select_option.html give (the renderer strips the ends).
        selected = set(self.format_value(value))
        if isinstance(self.choices, PreparedChoices):
            escaped = self.choices.escaped
        else:
            escaped = ((str(value), _escaped(value), _escaped(label)) for value, label in self.choices)
        options = "".join(
            f'\n  <option value="{escaped_value}"{" selected" if option_value in selected else ""}>{label}</option>\n'
            for option_value, escaped_value, label in escaped
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 - every part is escaped above
            f'<select name="{_escaped(name)}"{_attributes(final_attrs)}>{options}\n</select>'
        )


class AdminDateWidget(admin_widgets.AdminDateWidget):
    """The admin's date picker without the time-zone warning, which a date without a time does not need.

    static/js/admin-dates.js changes Django's DateTimeShortcuts before it sets up the fields; Django
    keeps the warning for a date with a time.
    """

    class Media:
        js = ["js/admin-dates.js"]
