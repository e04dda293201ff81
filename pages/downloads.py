"""“Download deze selectie”: the open-data files of a list, with the list's current filters.

A page and its dataset share filter names (`gemeente`, `thema`, ...), so the download is the
open-data URL with the same query. Only filters that the form accepted travel along: the page
ignores an invalid value, and the file must hold the same selection instead of answering 400.
Page-only parameters (`pagina`, `sorteer`) stay behind; files keep the dataset's own order.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FORMATS = (("csv", "CSV"), ("xlsx", "XLSX"))


def selection_downloads(dataset: str, form, filter_names) -> dict:
    query = {}
    if form.is_bound:
        form.is_valid()  # cached by the form; a field with an error is absent from cleaned_data
        for name in filter_names:
            if form.cleaned_data.get(name) not in (None, ""):
                query[name] = form.data[name].strip()
    encoded = urlencode(query)
    return {
        "is_filtered": bool(query),
        "label": _("Download deze selectie") if query else _("Download alles"),
        "files": [
            {
                "url": reverse("open_data_file", kwargs={"name": dataset, "extension": extension})
                + (f"?{encoded}" if encoded else ""),
                "label": label,
                "extension": extension,
            }
            for extension, label in FORMATS
        ],
    }
