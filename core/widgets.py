"""Form widgets that render long option lists without a template per option.

Django renders every `<option>` of a select through its own template include. With the 342
municipalities of the Netherlands in a filter, that alone cost more than the rest of the page.
`Select` writes the same HTML in Python: every value and label is escaped by `format_html`.
"""

from django import forms
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _attributes(attrs) -> str:
    """` name="value"` pairs as Django's attrs.html writes them: True is a bare name, False is left out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class Select(forms.Select):
    """A single-choice select with Django's markup, rendered in Python (no option groups).

    Named `Select` on purpose: crispy-forms adds the widget's class name as a CSS class unless the
    classes already contain it, and `utrecht-select` does.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Byte for byte what select.html and select_option.html give (the renderer strips the ends).
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option_value, mark_safe(" selected") if str(option_value) in selected else "", label)
                for option_value, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(  # noqa: S308 - every part is escaped above
            f'<select name="{conditional_escape(name)}"{_attributes(final_attrs)}>{options}\n</select>'
        )
