"""The select written in Python gives Django's own markup, escaped the same way."""

import pytest
from django import forms

from core.widgets import Select

CHOICES = [("", "Alle"), ("a&b", "A & B <tag>"), ("delft", "Delft"), (3, "Drie")]


@pytest.mark.parametrize("value", [None, "", "delft", "a&b", "3", "not-there"])
def test_same_markup_as_django(value):
    attrs = {"class": "utrecht-select", "id": "id_x", "aria-invalid": "true", "data-flag": True, "hidden": False}
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("x", value)
    assert Select(attrs=attrs, choices=CHOICES).render("x", value) == expected


def test_escapes_labels_and_values():
    html = Select(choices=[('"><script>', "<b>bold</b>")]).render("x", None)
    assert "<script>" not in html
    assert "<b>" not in html
