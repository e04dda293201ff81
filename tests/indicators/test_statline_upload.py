"""The workspace's StatLine upload (/beheer/indicators/indicatorvalue/statline/): a preview, then the
import on confirmation, all or nothing; for researchers and superusers only. Made-up numbers."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from core import content_version
from indicators import services
from indicators.definitions import BY_SLUG
from indicators.forms import StatLineUploadForm
from indicators.loaders import Row
from indicators.models import IndicatorValue
from tests.workspace_helpers import ONDERZOEKER, ROLES, SUPERUSER, make_user

from .test_statline_import import EXPORT

pytestmark = pytest.mark.django_db

URL = "/beheer/indicators/indicatorvalue/statline/"
# GM0917 Heerlen is in the report; GM0001 is known from earlier figures only (merged since); GM9999 is nothing.
WITH_OTHER_AREAS = (
    EXPORT + '"6";"18 jaar of ouder";"Waarde";"GM0001    ";"2022JJ00";"9,0"\n'
    '"7";"18 jaar of ouder";"Waarde";"GM9999    ";"2022JJ00";"8,0"\n'
)


def _upload(client, text, name="50120NED.csv", **fields):
    content = text if isinstance(text, bytes) else text.encode()
    upload = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(URL, {"file": upload, "indicator": "sterk-eenzaam", **fields})


def _values():
    return set(IndicatorValue.objects.values_list("indicator__slug", "area_code", "year", "age_group", "value"))


@pytest.fixture
def researcher(client):
    client.force_login(make_user(ONDERZOEKER))


def test_the_researcher_sees_a_preview_then_confirms_and_the_pages_refresh(client, researcher, committed):
    with committed():
        services.replace_values(
            [Row("ernstig-eenzaam", "GM0001", 2020, 2020, "18+", Decimal("9.9"), "Oudgemeente")],
            {"ernstig-eenzaam": services.define(BY_SLUG["ernstig-eenzaam"])},
        )
    before, version = _values(), content_version.current().token
    assert reverse("admin:indicators_indicatorvalue_statline") in client.get("/beheer/").content.decode()

    preview = _upload(client, WITH_OTHER_AREAS)

    assert preview.status_code == 200 and _values() == before
    shown = preview.context["preview"]
    assert (shown.new, shown.changed, shown.unchanged, shown.removed) == (5, 0, 0, 0)
    assert shown.years == (2022,) and [str(label) for label in shown.age_labels] == [
        "18 jaar en ouder",
        "65 jaar en ouder",
    ]
    assert shown.merged == (("GM0001", "Oudgemeente"),) and shown.unknown == (("GM9999", ""),)
    assert preview.context["skipped"] == 3
    assert "Nieuw: 5 · gewijzigd: 0" in preview.content.decode()

    with committed():
        confirmed = client.post(URL, {"token": preview.context["token"]}, follow=True)

    assert "5 waarden van Sterk eenzaam ingelezen uit 50120NED.csv." in confirmed.content.decode()
    stored = {(code, year, age): value for _slug, code, year, age, value in _values() - before}
    assert stored[("GM0917", 2022, "65+")] == Decimal("12.1") and len(stored) == 5
    assert content_version.current().token != version  # cached pages refresh
    # The same confirmation again (a second tab, a double click) changes nothing.
    after = _values()
    again = client.post(URL, {"token": preview.context["token"]}, follow=True)
    assert "er is niets gewijzigd" in again.content.decode() and _values() == after


def test_a_corrected_export_shows_what_changes_and_what_goes(client, researcher):
    services.import_statline(
        "sterk-eenzaam",
        [
            Row("sterk-eenzaam", "GM0917", 2022, 2022, "18+", Decimal("1")),
            Row("sterk-eenzaam", "GM0363", 2022, 2022, "18+", Decimal("2")),
        ],
    )

    shown = _upload(client, EXPORT).context["preview"]

    # Heerlen 18+ changes, Amsterdam (not in this file) goes, Nederland and Heerlen 65+ are new.
    assert (shown.new, shown.changed, shown.unchanged, shown.removed) == (2, 1, 0, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb3\xe2", "geen CSV in UTF-8"),
        (
            "Leeftijd;WijkenEnBuurten;Perioden;SterkEenzaam\n65 jaar;GM0917;2022JJ00;caf\xe9\n".encode("latin-1"),
            "UTF-8",
        ),
        (b'Leeftijd;WijkenEnBuurten;Perioden;SterkEenzaam\n"18+;GM0917' + b"x" * 140_000, "geen leesbare CSV"),
        ('"Leeftijd";"WijkenEnBuurten";"Perioden";"Inwoners"\n"18+";"GM0917";"2022JJ00";"1"\n', "niet gevonden"),
        ("Eenzaamheid in Heerlen: veel.\n", "geen CSV"),
        (
            '"Leeftijd";"WijkenEnBuurten";"Perioden";"SterkEenzaam"\n"18+";"GM0917";"2022JJ00";"1e20"\n',
            "geen bruikbaar getal",
        ),
        (
            '"Leeftijd";"WijkenEnBuurten";"Perioden";"SterkEenzaam"\n"18+";"GM0917";"2022JJ00";"NaN"\n',
            "geen bruikbaar getal",
        ),
    ],
    ids=["empty", "xlsx", "latin-1", "unclosed-quote", "other-table", "not-csv", "huge-value", "nan"],
)
def test_bad_input_says_why_and_changes_nothing(client, researcher, content, message):
    before = _values()

    response = _upload(client, content)

    assert response.status_code == 200
    assert message in " ".join(str(error) for error in response.context["form"].errors.values()).replace("\n", " ")
    assert "preview" not in response.context and _values() == before


def test_a_file_above_the_upload_limit_is_refused_with_its_english_message(settings):
    # The workspace itself is Dutch (outside the /en/ URLs); its messages have their English all the same.
    settings.IMPORT_MAX_FILE_SIZE = 100
    upload = {"file": SimpleUploadedFile("groot.csv", EXPORT.encode())}

    with translation.override("en"):
        form = StatLineUploadForm({"indicator": "sterk-eenzaam"}, upload)
        assert not form.is_valid()
        assert "The file is too large" in str(form.errors["file"])


def test_a_row_longer_than_its_header_is_read_not_a_server_error(client, researcher):
    text = '"Leeftijd";"WijkenEnBuurten";"Perioden";"SterkEenzaam"\n"18+";"GM0917";"2022JJ00";"1";"extra"\n'
    assert _upload(client, text).context["preview"].new == 1


@pytest.mark.parametrize("role", ROLES)
def test_only_researchers_and_superusers_may_upload(client, role):
    client.force_login(make_user(role))
    allowed = role in {SUPERUSER, ONDERZOEKER}

    page = client.get(URL)
    posted = _upload(client, EXPORT)
    confirmed = client.post(URL, {"token": "geraden"})

    assert (page.status_code, posted.status_code) == ((200, 200) if allowed else (403, 403))
    assert confirmed.status_code == (302 if allowed else 403)
    assert (URL in client.get("/beheer/").content.decode()) is allowed
    assert not IndicatorValue.objects.exists()  # nothing is stored before a confirmation
    # The values' own list stays the superuser's, and links the upload there.
    values_list = client.get("/beheer/indicators/indicatorvalue/")
    assert values_list.status_code == (200 if role == SUPERUSER else 403)
    assert (URL in values_list.content.decode()) is (role == SUPERUSER)


def test_a_visitor_without_an_account_is_sent_to_the_login(client):
    # Municipalities answer through their invitation link and have no workspace account.
    response = client.post(URL, {"token": "geraden"})
    assert response.status_code == 302 and response["Location"].startswith("/beheer/login/")
