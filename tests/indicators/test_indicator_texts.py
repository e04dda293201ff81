"""The indicators' definitions, sources and method notes in English on the English site (stored in
Dutch, translated through the catalogue). Made-up numbers."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from core import reference_data
from indicators import definitions, services
from indicators.loaders import Row
from indicators.models import ShownText

pytestmark = pytest.mark.django_db


def test_every_definition_source_and_method_note_has_its_english():
    texts = {text for item in definitions.ALL for text in (item.definition, item.source, item.method_note) if text}
    with translation.override("en"):
        untranslated = {text for text in texts if gettext(text) == text}
    assert untranslated == set()


def test_a_text_without_english_is_shown_as_stored_and_marked_dutch():
    with translation.override("en"):
        assert ShownText.of("Een eigen tekst uit het beheer.").lang == "nl"
        assert ShownText.of(definitions.RIVM_METHOD).lang == ""
    assert ShownText.of("Een eigen tekst uit het beheer.").lang == ""


def test_the_english_factsheet_and_map_show_the_english_texts(client):
    rows = [
        Row("eenzaam", code, 2020, 2020, "18+", value, "")
        for code, value in (("GM0917", Decimal("50.1")), ("NL01", Decimal("47.0")))
    ]
    services.replace_values(rows, services.define_all())

    english = client.get("/en/gemeenten/heerlen/feiten/").content.decode()
    dutch = client.get("/gemeenten/heerlen/feiten/").content.decode()
    map_page = client.get("/en/kaart/").content.decode()

    assert "Percentage of residents who are moderately or (very) severely lonely" in english
    assert "Small-area model estimate by RIVM" in english and "Health by district and neighbourhood" in english
    assert "Modelmatige schatting" not in english and "eenzaamheidsschaal" not in english
    assert "Percentage inwoners dat matig of (zeer) ernstig eenzaam is" in dutch
    assert "Small-area model estimate by RIVM" in map_page and "Modelmatige schatting" not in map_page
    if reference_data.geometry().loaded:  # the boundaries' source line, where the map is drawn
        assert "District and neighbourhood map 2023" in map_page and "buurtkaart" not in map_page
