"""No silent drops (issue 19): every column of every import takes effect, or the row is refused with a
message naming the column. An investment's status is derived from the research rounds, so a changed
status becomes progress in a round after the report, or is refused saying what to do instead.
Also: a key repeated in one file, files without the newly added optional columns, the counts, the
names beside codes, and exports named after their Dutch dataset.
"""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.management import call_command
from django.utils import timezone, translation

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner
from investments.resources import InterventionResource, InvestmentResource
from lessons.models import Bottleneck, Lesson, Quote, Tip
from lessons.resources import BottleneckResource, LessonResource, QuoteResource, TipResource
from municipalities.models import Municipality
from municipalities.resources import MunicipalityResource
from opendata.datasets import DATASETS
from rounds.models import Answer, Interview, InterviewMode, Progress, Question, Round
from rounds.resources import AnswerResource, InterviewResource, ProgressResource, RoundResource
from tests.workspace_helpers import (
    IGNORE_URLFIELD_SCHEME_WARNING,
    ONDERZOEKER,
    SUPERUSER,
    confirm_import,
    csv_bytes,
    export,
    make_user,
    page_text,
    post_import,
    snapshot,
)

PUBLISHED = PublicationStatus.PUBLISHED
AMSTERDAM = "GM0363"
INVESTMENT_SLUG = "tien-beloftevolle-experimenten-verduurzaamd"  # `gedaan` in the 2019 report

ALL_RESOURCES = [
    MunicipalityResource,
    InvestmentResource,
    InterventionResource,
    LessonResource,
    BottleneckResource,
    TipResource,
    QuoteResource,
    RoundResource,
    InterviewResource,
    AnswerResource,
    ProgressResource,
]


def _investment():
    return Investment.objects.get(municipality__cbs_code=AMSTERDAM, slug=INVESTMENT_SLUG)


def _answer():
    interview = Interview.objects.get(municipality__cbs_code=AMSTERDAM, round__slug="2019")
    question = Question.objects.get(round=interview.round, number=2)
    return Answer.objects.create(interview=interview, question=question, text="Een fictief antwoord.")


def _exported_row(resource_class, record):
    queryset = resource_class().get_queryset().filter(pk=record.pk)
    return resource_class().export(queryset=queryset).dict[0]


def _dataset(rows):
    headers = list(rows[0])
    return tablib.Dataset(*[[row[column] for column in headers] for row in rows], headers=headers)


def _import(resource_class, rows, dry_run=False):
    return resource_class().import_data(_dataset(rows), dry_run=dry_run, raise_errors=False)


def _refusals(result):
    """{spreadsheet row: {column: message}} of every refused row."""
    return {
        row.number: {column: " ".join(map(str, messages)) for column, messages in row.error_dict.items()}
        for row in result.invalid_rows
    }


def _values(column, value):
    """A cell as a comparable value: lists (codes, topics) in any order."""
    text = str(value if value is not None else "")
    separator = "," if column == "onderwerpen" else "|"
    return sorted(text.split(separator)) if column in {"themas", "doelgroepen", "gemeenten", "onderwerpen"} else text


# --- Every column of every resource: applied, or refused by name -----------------------------------------

# (resource, the record, column, a changed value, the column a refusal must name or None if applied)
COLUMN_CASES = [
    *[
        (MunicipalityResource, lambda: Municipality.objects.get(cbs_code=AMSTERDAM), column, value, None)
        for column, value in {
            "naam": "Amsterdam (gewijzigd)",
            "slug": "amsterdam-gewijzigd",
            "provincie": "utrecht",
            "paragraaf": "3.9",
            "situatie": "Een nieuwe situatie.",
            "naam_aanpak": "Samen tegen eenzaamheid",
            "ingebed_in": "Welzijn op recept",
            "website": "https://example.org/amsterdam",
            "publicatiestatus": "concept",
        }.items()
    ],
    *[
        (InvestmentResource, _investment, column, value, None)
        for column, value in {
            "titel": "Een nieuwe titel",
            "tekst": "Een nieuwe tekst.",
            "themas": "meldpunt|training",
            "doelgroepen": "ouderen",
            "interventies": "compaan",
            "bereik": "50 inwoners",
            "volgorde": "7",
            "publicatiestatus": "concept",
        }.items()
    ],
    (InvestmentResource, _investment, "partners", lambda: Partner.objects.order_by("pk").first().slug, None),
    # Derived from the rounds, and Amsterdam has no interview after the report: refused, not ignored.
    (InvestmentResource, _investment, "status", "loopt", "status"),
    (InvestmentResource, _investment, "ronde", "2019", "ronde"),
    (InvestmentResource, _investment, "gemeente_naam", "Rotterdam", "gemeente_naam"),
    *[
        (InterventionResource, lambda: Intervention.objects.get(slug="anwb-automaatje"), column, value, None)
        for column, value in {
            "naam": "ANWB AutoMaatje (gewijzigd)",
            "omschrijving": "Vrijwilligers rijden met hun eigen auto.",
            "website": "https://example.org/automaatje",
            "publicatiestatus": "concept",
        }.items()
    ],
    *[
        (resource, lambda model=model: model.objects.order_by("pk").first(), column, value, None)
        for resource, model in [(LessonResource, Lesson), (BottleneckResource, Bottleneck)]
        for column, value in {
            "titel": "Een nieuwe titel",
            "tekst": "Een nieuwe tekst.",
            "gemeenten": f"{AMSTERDAM}|GM0917",
            "volgorde": "9",
            "publicatiestatus": "concept",
        }.items()
    ],
    (LessonResource, lambda: Lesson.objects.order_by("pk").first(), "gemeenten_namen", "Rotterdam", "gemeenten_namen"),
    # A quote illustrates one finding: a bottleneck beside its lesson is refused by the model's rule.
    (
        QuoteResource,
        lambda: Quote.objects.exclude(lesson=None).order_by("pk").first(),
        "knelpunt",
        lambda: Bottleneck.objects.order_by("pk").first().slug,
        "__all__",
    ),
    *[
        (TipResource, lambda: Tip.objects.order_by("pk").first(), column, value, None)
        for column, value in {
            "knelpunt": lambda: Bottleneck.objects.order_by("-pk").first().slug,
            "gemeente": AMSTERDAM,
            "tekst": "Een nieuwe tip.",
            "volgorde": "9",
            "publicatiestatus": "concept",
        }.items()
    ],
    (TipResource, lambda: Tip.objects.order_by("pk").first(), "gemeente_naam", "Rotterdam", "gemeente_naam"),
    *[
        (QuoteResource, lambda: Quote.objects.exclude(lesson=None).order_by("pk").first(), column, value, None)
        for column, value in {
            "tekst": "Een nieuw citaat.",
            "gemeente": AMSTERDAM,
            "rol": "wethouder",
            "les": lambda: Lesson.objects.order_by("-pk").first().slug,
            "volgorde": "9",
            "publicatiestatus": "concept",
        }.items()
    ],
    *[
        (RoundResource, lambda: Round.objects.get(slug="2019"), column, value, None)
        for column, value in {
            "naam": "Interviewronde 2019 (gewijzigd)",
            "begin": "2019-10-01",
            "einde": "2019-12-31",
            "omschrijving": "Een nieuwe omschrijving.",
            "publicatiestatus": "concept",
        }.items()
    ],
    *[
        (
            InterviewResource,
            lambda: Interview.objects.get(municipality__cbs_code=AMSTERDAM, round__slug="2019"),
            column,
            value,
            None,
        )
        for column, value in {
            "datum": "2019-11-05",
            "periode": "oktober 2019",
            "vorm": "online",
            "geinterviewden": "wethouder",
            "publicatiestatus": "concept",
        }.items()
    ],
    *[
        (AnswerResource, _answer, column, value, None)
        for column, value in {
            "antwoord": "Een ander antwoord.",
            "onderwerpen": lambda: Question.objects.get(round__slug="2019", number=2).topics.first().slug,
            "publicatiestatus": "gepubliceerd",
        }.items()
    ],
    *[
        (
            ProgressResource,
            lambda: Progress.objects.get(interview__municipality__cbs_code=AMSTERDAM, investment__slug=INVESTMENT_SLUG),
            column,
            value,
            None,
        )
        for column, value in {
            "status": "loopt",
            "toelichting": "Een toelichting.",
            "publicatiestatus": "concept",
        }.items()
    ],
    (
        ProgressResource,
        lambda: Progress.objects.get(interview__municipality__cbs_code=AMSTERDAM, investment__slug=INVESTMENT_SLUG),
        "gemeente_naam",
        "Rotterdam",
        "gemeente_naam",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource_class", "record_of", "column", "value", "refused_column"),
    COLUMN_CASES,
    ids=[f"{case[0].__name__}-{case[2]}" for case in COLUMN_CASES],
)
def test_a_changed_column_is_applied_or_refused_by_name(resource_class, record_of, column, value, refused_column):
    record = record_of()
    value = value() if callable(value) else value
    row = _exported_row(resource_class, record)
    assert _values(column, row[column]) != _values(column, value), "the case must change the column"
    if column in {"gemeente", "gemeenten"}:
        # The names beside the codes are informational; empty is always accepted.
        row[f"{column}_naam" if column == "gemeente" else "gemeenten_namen"] = ""

    result = _import(resource_class, [row | {column: value}])

    after = _exported_row(resource_class, type(record).objects.get(pk=record.pk))
    if refused_column is None:
        assert _refusals(result) == {}
        assert not result.has_errors()
        assert result.counts == {"new": 0, "update": 1, "skip": 0, "refused": 0}
        assert _values(column, after[column]) == _values(column, value)
    else:
        assert list(_refusals(result)) == [2]
        assert list(_refusals(result)[2]) == [refused_column]
        assert result.counts["refused"] == 1 and result.counts["update"] == 0
        assert after == _exported_row(resource_class, record)


@pytest.mark.django_db
def test_an_unchanged_answer_counts_as_unchanged_and_a_changed_topic_as_a_change():
    answer = _answer()
    row = _exported_row(AnswerResource, answer)
    version = Answer.objects.get(pk=answer.pk).version

    unchanged = _import(AnswerResource, [row])
    assert unchanged.counts == {"new": 0, "update": 0, "skip": 1, "refused": 0}
    assert Answer.objects.get(pk=answer.pk).version == version

    topic = answer.question.topics.order_by("position").first()
    changed = _import(AnswerResource, [row | {"onderwerpen": topic.slug}])
    assert changed.counts["update"] == 1
    assert list(Answer.objects.get(pk=answer.pk).topics.values_list("slug", flat=True)) == [topic.slug]


# --- investeringen.status: progress in a round --------------------------------------------------------


def _later_round(slug, starts_on, interview_with=AMSTERDAM, status=PUBLISHED):
    round_ = Round.objects.create(slug=slug, name=f"Testronde {slug}", starts_on=starts_on, publication_status=status)
    if interview_with:
        Interview.objects.create(
            municipality=Municipality.objects.get(cbs_code=interview_with),
            round=round_,
            mode=InterviewMode.ONLINE,
            publication_status=status,
        )
    return round_


def _status_row(status, ronde=None, **changes):
    row = _exported_row(InvestmentResource, _investment()) | {"status": status} | changes
    if ronde is not None:
        row["ronde"] = ronde
    return row


@pytest.mark.django_db
def test_a_changed_status_is_progress_in_the_latest_later_round_with_an_interview():
    _later_round("test-2098", datetime.date(2098, 1, 1))
    _later_round("test-2099", datetime.date(2099, 1, 1))
    _later_round("test-2100", datetime.date(2100, 1, 1), interview_with="GM0917")  # not Amsterdam's
    investment = _investment()
    version = investment.version

    preview = _import(InvestmentResource, [_status_row("loopt")], dry_run=True)

    # The preview shows the change and the round it goes to, and writes nothing.
    assert preview.counts == {"new": 0, "update": 1, "skip": 0, "refused": 0}
    shown = " ".join(str(cell) for cell in preview.valid_rows()[0].diff)
    assert "loopt" in shown and "test-2099" in shown
    assert _investment().status == InvestmentStatus.COMPLETED
    assert not Progress.objects.filter(interview__round__slug="test-2099").exists()

    result = _import(InvestmentResource, [_status_row("loopt")])

    assert result.counts == {"new": 0, "update": 1, "skip": 0, "refused": 0}
    progress = Progress.objects.get(investment=investment, interview__round__slug="test-2099")
    assert (progress.status, progress.publication_status) == (InvestmentStatus.ONGOING, PUBLISHED)
    # What the report said stays; the current status follows the round.
    assert Progress.objects.get(investment=investment, interview__round__slug="2019").status == "completed"
    investment = _investment()
    assert investment.status == InvestmentStatus.ONGOING
    assert investment.version > version
    latest = investment.history.order_by("-history_date", "-history_id").first()
    assert (latest.status, latest.history_change_reason) == (InvestmentStatus.ONGOING, "Import")
    # Imported again, the same file changes nothing.
    again = _import(InvestmentResource, [_status_row("loopt")])
    assert again.counts == {"new": 0, "update": 0, "skip": 1, "refused": 0}


@pytest.mark.django_db
def test_the_admin_previews_a_status_change_as_a_change_and_records_it_on_confirm(client):
    _later_round("test-2099", datetime.date(2099, 1, 1))
    user = make_user(ONDERZOEKER)
    client.force_login(user)
    row = _status_row("loopt")

    preview = post_import(client, csv_bytes([row], columns=list(row)))

    assert preview.context["result"].counts == {"new": 0, "update": 1, "skip": 0, "refused": 0}
    assert "Nieuw: 0 · gewijzigd: 1 · ongewijzigd: 0 · geweigerd: 0" in page_text(preview)
    assert _investment().status == InvestmentStatus.COMPLETED
    confirm_import(client, preview)
    assert _investment().status == InvestmentStatus.ONGOING
    progress = Progress.objects.get(investment=_investment(), interview__round__slug="test-2099")
    assert progress.status == InvestmentStatus.ONGOING
    assert _investment().history.order_by("-history_date", "-history_id").first().history_user == user


@pytest.mark.django_db
def test_a_changed_status_goes_to_the_round_named_in_ronde():
    _later_round("test-2098", datetime.date(2098, 1, 1))
    _later_round("test-2099", datetime.date(2099, 1, 1))
    investment = _investment()
    Progress.objects.create(
        interview=Interview.objects.get(municipality=investment.municipality, round__slug="test-2098"),
        investment=investment,
        status=InvestmentStatus.PLANNED,
        explanation="Al vastgelegd.",
        publication_status=PUBLISHED,
    )
    assert _investment().status == InvestmentStatus.PLANNED

    result = _import(InvestmentResource, [_status_row("uitgesteld", ronde="test-2098")])

    assert result.counts["update"] == 1
    progress = Progress.objects.get(investment=investment, interview__round__slug="test-2098")
    # The status changed there; the explanation recorded there stays.
    assert (progress.status, progress.explanation) == (InvestmentStatus.POSTPONED, "Al vastgelegd.")
    assert not Progress.objects.filter(investment=investment, interview__round__slug="test-2099").exists()
    assert _investment().status == InvestmentStatus.POSTPONED


@pytest.mark.django_db
def test_the_import_command_records_a_changed_status_in_a_round(tmp_path):
    _later_round("test-2099", datetime.date(2099, 1, 1))
    path = tmp_path / "investeringen.csv"
    row = _status_row("vervallen")
    path.write_bytes(csv_bytes([row], columns=list(row)))

    call_command("import", "investments.resources.InvestmentResource", str(path), "--no-input")

    assert _investment().status == InvestmentStatus.CANCELLED
    assert Progress.objects.get(investment=_investment(), interview__round__slug="test-2099").status == "cancelled"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setup", "row", "column", "message"),
    [
        pytest.param(
            lambda: _later_round("test-2099", datetime.date(2099, 1, 1)),
            {"status": "loopt", "ronde": "2019"},
            "ronde",
            "is het rapport uit 2019",
            id="report-round",
        ),
        pytest.param(
            lambda: None,
            {"status": "loopt"},
            "status",
            "Amsterdam heeft nog geen interview in een latere ronde: leg eerst een interview vast",
            id="no-later-round",
        ),
        pytest.param(
            lambda: _later_round("test-2099", datetime.date(2099, 1, 1), interview_with="GM0917"),
            {"status": "loopt", "ronde": "test-2099"},
            "ronde",
            "Amsterdam heeft geen interview in ronde ‘test-2099’",
            id="round-without-interview",
        ),
        pytest.param(lambda: None, {"status": "loopt", "ronde": "1999"}, "ronde", "‘1999’", id="unknown-round"),
        pytest.param(
            lambda: [_later_round(f"test-{year}", datetime.date(year, 1, 1)) for year in (2098, 2099)],
            {"status": "gedaan", "ronde": "test-2098"},
            "ronde",
            "de status is niet gewijzigd",
            id="round-without-a-change",
        ),
    ],
)
def test_a_status_that_cannot_become_progress_is_refused_and_nothing_changes(setup, row, column, message):
    setup()
    before = snapshot()
    progress_before = list(Progress.objects.values_list("pk", "status", "version"))

    result = _import(InvestmentResource, [_status_row(**row)])

    refusals = _refusals(result)
    assert list(refusals) == [2] and list(refusals[2]) == [column]
    assert message.lower() in refusals[2][column].lower()
    assert snapshot() == before
    assert list(Progress.objects.values_list("pk", "status", "version")) == progress_before


@pytest.mark.django_db
def test_a_status_a_later_round_would_hide_is_refused():
    _later_round("test-2098", datetime.date(2098, 1, 1))
    _later_round("test-2099", datetime.date(2099, 1, 1))
    investment = _investment()
    Progress.objects.create(
        interview=Interview.objects.get(municipality=investment.municipality, round__slug="test-2099"),
        investment=investment,
        status=InvestmentStatus.ONGOING,
        publication_status=PUBLISHED,
    )

    result = _import(InvestmentResource, [_status_row("vervallen", ronde="test-2098")])

    assert "Een latere ronde (‘test-2099’)" in _refusals(result)[2]["ronde"]
    assert _investment().status == InvestmentStatus.ONGOING


@pytest.mark.django_db
def test_a_new_investment_takes_its_status_and_refuses_a_round():
    row = _status_row("gepland", slug="een-nieuwe-investering")
    assert _import(InvestmentResource, [row]).counts["new"] == 1
    assert Investment.objects.get(slug="een-nieuwe-investering").status == InvestmentStatus.PLANNED

    refused = _import(InvestmentResource, [row | {"slug": "nog-een-nieuwe", "ronde": "2019"}])
    assert list(_refusals(refused)[2]) == ["ronde"]
    assert not Investment.objects.filter(slug="nog-een-nieuwe").exists()


# --- A key twice in one file (issue 25) ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource_class", "record_of", "changed_column"),
    [
        (InvestmentResource, _investment, "titel"),
        (LessonResource, lambda: Lesson.objects.order_by("pk").first(), "titel"),
        (MunicipalityResource, lambda: Municipality.objects.get(cbs_code=AMSTERDAM), "naam"),
        (AnswerResource, _answer, "antwoord"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_a_key_repeated_in_one_file_is_refused_with_both_rows(resource_class, record_of, changed_column):
    record = record_of()
    if resource_class is AnswerResource:
        third = record.question.round.questions.get(number=3)
        Answer.objects.create(interview=record.interview, question=third, text="Een ander antwoord.")
    row = _exported_row(resource_class, record)
    other = _exported_row(resource_class, type(record).objects.exclude(pk=record.pk).order_by("pk").first())
    before = _exported_row(resource_class, record)

    result = _import(
        resource_class, [row | {changed_column: "Eerste versie"}, other, row | {changed_column: "Tweede versie"}]
    )

    refusals = _refusals(result)
    assert list(refusals) == [4]
    message = " ".join(refusals[4].values())
    assert "regel 2" in message and "regel 4" in message
    assert _exported_row(resource_class, type(record).objects.get(pk=record.pk)) == before


@pytest.mark.django_db
def test_two_new_rows_with_one_key_are_refused():
    row = _status_row("gepland", slug="twee-keer")
    result = _import(InvestmentResource, [row, row | {"titel": "Anders"}])
    assert "regel 2" in " ".join(_refusals(result)[3].values())
    assert not Investment.objects.filter(slug="twee-keer").exists()


# --- A file without the new optional columns ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource_class", "record_of", "dropped", "column", "value"),
    [
        (InvestmentResource, _investment, ["gemeente_naam", "ronde"], "titel", "Zonder de nieuwe kolommen"),
        (LessonResource, lambda: Lesson.objects.order_by("pk").first(), ["gemeenten_namen"], "titel", "Anders"),
        (TipResource, lambda: Tip.objects.order_by("pk").first(), ["gemeente_naam"], "tekst", "Anders."),
        (
            InterviewResource,
            lambda: Interview.objects.get(municipality__cbs_code=AMSTERDAM, round__slug="2019"),
            ["gemeente_naam"],
            "periode",
            "december 2019",
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_file_without_the_new_optional_columns_is_accepted(resource_class, record_of, dropped, column, value):
    record = record_of()
    row = {key: cell for key, cell in _exported_row(resource_class, record).items() if key not in dropped}

    assert _import(resource_class, [row]).counts == {"new": 0, "update": 0, "skip": 1, "refused": 0}
    result = _import(resource_class, [row | {column: value}])

    assert result.counts["update"] == 1
    after = _exported_row(resource_class, type(record).objects.get(pk=record.pk))
    assert after[column] == value
    assert all(after[name] == _exported_row(resource_class, record)[name] or name == column for name in dropped)


# --- Names beside codes -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Amsterdam", "amsterdam", " Amsterdam ", "", None])
def test_a_name_that_matches_its_code_or_is_empty_is_accepted(name):
    row = _exported_row(InvestmentResource, _investment()) | {"gemeente_naam": name, "titel": "Met een naam"}
    result = _import(InvestmentResource, [row])
    assert result.counts["update"] == 1
    assert _investment().title == "Met een naam"


@pytest.mark.django_db
def test_a_name_of_another_municipality_is_refused_with_both_names():
    row = _exported_row(InvestmentResource, _investment()) | {"gemeente_naam": "Heerlen", "titel": "Met een naam"}
    result = _import(InvestmentResource, [row])
    message = _refusals(result)[2]["gemeente_naam"]
    assert "‘Heerlen’" in message and "‘Amsterdam’" in message and "‘gemeente’" in message
    assert _investment().title != "Met een naam"


@pytest.mark.django_db
def test_a_lesson_names_its_municipalities_in_the_order_of_their_codes():
    lesson = Lesson.objects.order_by("pk").first()
    row = _exported_row(LessonResource, lesson)
    codes = row["gemeenten"].split("|")
    names = [Municipality.objects.get(cbs_code=code).name for code in codes]
    assert row["gemeenten_namen"] == "|".join(names)
    assert _import(LessonResource, [row | {"gemeenten_namen": "|".join(reversed(names))}]).counts["refused"] == 1


# --- Exports named in Dutch ---------------------------------------------------------------------------

EXPORT_PAGES = {
    "gemeenten": "municipalities/municipality",
    "investeringen": "investments/investment",
    "interventies": "investments/intervention",
    "lessen": "lessons/lesson",
    "knelpunten": "lessons/bottleneck",
    "tips": "lessons/tip",
    "citaten": "lessons/quote",
    "rondes": "rounds/round",
    "interviews": "rounds/interview",
    "antwoorden": "rounds/answer",
    "voortgang": "rounds/progress",
}


def test_every_resource_is_named_after_its_open_data_dataset():
    names = [resource.dataset_name for resource in ALL_RESOURCES]
    assert sorted(names) == sorted(EXPORT_PAGES)
    assert set(names) <= set(DATASETS)


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.parametrize("name", EXPORT_PAGES)
def test_an_export_file_and_its_sheet_are_named_after_the_dataset(client, name):
    _answer()
    client.force_login(make_user(SUPERUSER))
    response = export(client, "xlsx", url=f"/beheer/{EXPORT_PAGES[name]}/export/")

    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [name]


@pytest.mark.django_db
def test_the_export_command_names_the_sheet_too():
    dataset = InvestmentResource().export()
    assert dataset.title == "investeringen"


@pytest.mark.django_db
def test_a_refusal_reads_in_english_on_the_english_side():
    row = _exported_row(InvestmentResource, _investment()) | {"gemeente_naam": "Heerlen"}
    with translation.override("en"):
        result = _import(InvestmentResource, [row])
        message = _refusals(result)[2]["gemeente_naam"]
    assert "does not match the code in column ‘gemeente’" in message


# --- The admin's preview counts every row -------------------------------------------------------------


@pytest.mark.django_db
def test_the_preview_counts_new_changed_unchanged_and_refused_rows(client):
    client.force_login(make_user(ONDERZOEKER))
    unchanged = _exported_row(InvestmentResource, _investment())
    changed = _exported_row(
        InvestmentResource, Investment.objects.filter(municipality__cbs_code=AMSTERDAM).exclude(slug=INVESTMENT_SLUG)[0]
    ) | {"titel": "Gewijzigd"}
    new = unchanged | {"slug": "helemaal-nieuw"}
    refused = unchanged | {"slug": "geweigerd", "gemeente_naam": "Heerlen"}
    rows = [unchanged, changed, new, refused]

    response = post_import(client, csv_bytes(rows, columns=list(unchanged)))

    assert response.context["result"].counts == {"new": 1, "update": 1, "skip": 1, "refused": 1}
    assert "Nieuw: 1 · gewijzigd: 1 · ongewijzigd: 1 · geweigerd: 1" in page_text(response)
    assert not Investment.objects.filter(slug="helemaal-nieuw").exists()
