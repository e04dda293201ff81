"""Errors of filters given in a query string that must be obeyed exactly (open data), not ignored."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


class FilterError(ValueError):
    """A filter in the query string that is not known, or a value it cannot match.

    It keeps the untranslated message, so the response can give it in Dutch and in English.
    """

    def __init__(self, template, **params):
        super().__init__(template)
        self.template = template
        self.params = params

    def message(self, language: str) -> str:
        with override(language):
            return str(self.template) % self.params


def unknown_value(name, value) -> FilterError:
    return FilterError(_("Onbekende waarde voor filter ‘%(filter)s’: ‘%(value)s’."), filter=name, value=value)
