"""A NUL, another control character or an undecodable byte in any query parameter is a 400.

On PostgreSQL a NUL in a filter value used to reach the database and end in a 500. The refusal
lives in one middleware, so every public URL (and every filter added later) gets it.
"""

import pytest

from core.middleware import malformed_query
from portal import urls

FILTERS = ["gemeente", "status", "thema", "doelgroep", "interventie"]
FORMATS = ["json", "csv", "xlsx"]
BAD_VALUES = ["%00", "heerlen%00", "%ff", "%ed%a0%80", "%c0%af", "%1b", "%7f"]
MESSAGE = "Het adres of de filters erin bevatten een ongeldig teken"


@pytest.mark.django_db
@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize("name", FILTERS)
def test_nul_in_an_open_data_filter_is_a_bad_request(client, name, extension):
    response = client.get(f"/open-data/investeringen.{extension}?{name}=%00")

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    assert "The address or its filters contain an invalid character" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize(
    "path", ["/", "/investeringen/", "/en/investeringen/", "/gemeenten/", "/zoeken/", "/open-data/catalogus.jsonld"]
)
def test_malformed_values_on_pages_are_a_bad_request(client, path, value):
    response = client.get(f"{path}?q={value}&gemeente={value}")
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()


@pytest.mark.django_db
def test_malformed_parameter_name_is_a_bad_request(client):
    assert client.get("/investeringen/?%00=1").status_code == 400


@pytest.mark.django_db
def test_ordinary_non_ascii_values_still_reach_the_view(client):
    # ‘Súdwest-Fryslân’-like values and spaces are fine; an unknown slug stays the view's own 400.
    response = client.get("/open-data/investeringen.csv?gemeente=s%C3%BAdwest+frysl%C3%A2n")
    assert response.status_code == 400
    assert "Onbekende waarde voor filter" in response.content.decode()
    assert client.get("/zoeken/?q=eet+mee%0Agrip").status_code == 200


def test_detection_of_malformed_query_strings():
    assert malformed_query(b"thema=%00")
    assert malformed_query(b"thema=a\x00b")
    assert malformed_query(b"q=%ff")
    assert malformed_query(b"q=%ed%b0%80")
    assert not malformed_query(b"q=caf%C3%A9&thema=netwerk")
    assert not malformed_query(b"q=a+b&&x")
    assert not malformed_query(b"q=%E2%80%AE")


def test_bad_request_handler_is_the_portal_page():
    assert urls.handler400 == "core.views.bad_request"
