"""Without the reference data folder the country's pages still answer, and say the figures are not
loaded (issue 22). Apart from tests/pages/test_country.py, whose module keeps the country loaded."""

import pytest

from .helpers import get

pytestmark = pytest.mark.django_db


def test_without_reference_data_the_new_pages_say_the_figures_are_not_loaded(client, settings, tmp_path):
    settings.PORTAL_REFERENCE_DATA_DIR = tmp_path

    assert "De cijfers zijn niet geladen" in get(client, "/gemeenten/heerlen/feiten/")
    assert "De cijfers zijn niet geladen" in get(client, "/kaart/")
    assert "De cijfers zijn niet geladen" in get(client, "/gemeenten/heerlen/")
