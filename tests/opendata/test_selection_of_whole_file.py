"""A filtered JSON or CSV download of investments is its rows cut out of the whole file (written
once per content version with each row's place beside it): byte for byte what writing the selection
afresh gives, without writing a row."""

import pytest

from core.models import PublicationStatus
from core.publication import set_publication_status
from investments.models import Investment, InvestmentStatus
from municipalities.models import Municipality
from opendata import store, views
from opendata.datasets import DATASETS

pytestmark = pytest.mark.django_db

FILTERS = [
    "status=gepland",
    "status=gedaan",
    "gemeente=delft",
    "provincie=limburg",
    "thema=training",
    "ronde=2019&status=gepland",
    "q=eenzaamheid",
    "gemeente=baarn&status=gepland",
]


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _written_afresh(client, path, monkeypatch):
    """The download as it is without the rows' places: every row read and written for this request."""
    with monkeypatch.context() as patched:
        patched.setattr(store, "row_spans", lambda handle: None)
        return _body(client.get(path))


@pytest.mark.parametrize("extension", ["json", "csv"])
@pytest.mark.parametrize("query", FILTERS)
def test_cut_out_of_the_whole_file_is_what_writing_the_selection_gives(client, monkeypatch, extension, query, grow):
    grow(1)
    path = f"/open-data/investeringen.{extension}?{query}"
    client.get(f"/open-data/investeringen.{extension}")  # the whole file, with its rows' places

    response = client.get(path)
    body = _body(response)

    assert response.status_code == 200
    assert body == _written_afresh(client, path, monkeypatch)
    assert int(response["Content-Length"]) == len(body)


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_an_empty_selection_is_a_file_without_rows(client, monkeypatch, extension):
    path = f"/open-data/investeringen.{extension}?q=geenwoorddatinhetrapportstaat"

    body = _body(client.get(path))

    assert body == _written_afresh(client, path, monkeypatch)
    assert body in (b"[\n]\n", body.splitlines(keepends=True)[0])


def test_a_filtered_download_writes_no_row(client, monkeypatch):
    expected = _body(client.get("/open-data/investeringen.json?status=gepland"))

    def no_rows(*args, **kwargs):
        raise AssertionError("a row was written for a filtered download")

    monkeypatch.setattr(DATASETS["investeringen"], "rows", no_rows)
    response = client.get("/open-data/investeringen.json?status=gepland")

    assert _body(response) == expected


def test_a_record_newer_than_the_whole_file_is_written_for_the_request(client, monkeypatch):
    # The version the file was written for stays put, as for a request racing a change.
    monkeypatch.setattr(views, "_fingerprint", lambda dataset: (None, "fixed"))
    client.get("/open-data/investeringen.json")
    newer = Investment.objects.create(
        municipality=Municipality.objects.get(slug="delft"),
        slug="nieuw-na-het-bestand",
        status=InvestmentStatus.PLANNED,
        title="Nieuw na het bestand",
        text="Toegevoegd nadat het hele bestand geschreven was.",
        publication_status=PublicationStatus.PUBLISHED,
    )

    body = _body(client.get("/open-data/investeringen.json?gemeente=delft"))

    assert newer.title.encode() in body


def test_xlsx_and_datasets_without_a_key_are_written_as_before(client):
    assert DATASETS["gemeenten"].key_field is None
    for path in ("/open-data/investeringen.xlsx?status=gepland", "/open-data/gemeenten.json?provincie=limburg"):
        response = client.get(path)
        assert response.status_code == 200
        assert _body(response)


def test_places_that_do_not_fit_the_file_are_not_used(tmp_path):
    path = tmp_path / "investeringen.x.json"
    path.write_bytes(b"[\n{}\n]\n")
    store.RowSpans([(1, 2, 4), (2, 6, 99)]).save(tmp_path / "investeringen.x.json.rows")

    with path.open("rb") as handle:
        assert store.row_spans(handle) is None


def test_places_are_kept_and_removed_with_their_file(client, settings, committed):
    one = Investment.objects.filter(pk=Investment.objects.first().pk)
    client.get("/open-data/investeringen.csv")
    for _ in range(store.KEEP_FILES):
        for status in (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED):
            with committed():
                set_publication_status(one, status)
            client.get("/open-data/investeringen.csv")

    files = {path.name for path in settings.OPEN_DATA_FILES_DIR.glob("investeringen.*.csv")}
    places = {path.name.removesuffix(".rows") for path in settings.OPEN_DATA_FILES_DIR.glob("investeringen.*.csv.rows")}
    assert len(files) == store.KEEP_FILES
    assert places == files


def test_places_are_given_in_the_files_order_whatever_the_order_of_the_ids():
    spans = store.RowSpans([(7, 2, 5), (3, 6, 9), (5, 10, 12)])

    assert spans.of([5, 7]) == [(2, 5), (10, 12)]
    assert spans.of([5, 4]) is None


def test_a_filtered_download_has_its_exact_length(client):
    response = client.get("/open-data/investeringen.csv?thema=training")

    assert response.streaming
    assert int(response["Content-Length"]) == len(_body(response))
