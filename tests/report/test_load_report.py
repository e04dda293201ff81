"""The report loader: idempotent, restoring, additive-safe and all-or-nothing.

The session fixture has already loaded the report once, so every test here starts from a fully
loaded database and its changes are rolled back afterwards.
"""

import functools
import json
import shutil
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink
from report.loader import REPORT_DIR, ReportDataError, load_report
from report.management.commands import load_report as load_report_command
from report.models import ReportSection
from rounds.models import Interview

MODELS = [
    Theme,
    TargetGroup,
    Intervention,
    Partner,
    Municipality,
    MunicipalityLink,
    Interview,
    Investment,
    Lesson,
    Bottleneck,
    Quote,
    Tip,
    ReportSection,
]
THROUGH_MODELS = [
    Investment.themes.through,
    Investment.target_groups.through,
    Investment.interventions.through,
    Investment.partners.through,
    Lesson.municipalities.through,
    Bottleneck.municipalities.through,
]
TIMESTAMPED_MODELS = [model for model in MODELS if any(field.name == "updated_at" for field in model._meta.fields)]


def _counts():
    return {model._meta.label: model.objects.count() for model in MODELS + THROUGH_MODELS}


def _every_table_count():
    # Every table, including ones the loader should never touch (history, auth, sessions): a load
    # that writes a history entry or anything else on the side shows up here.
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)}


def _through_rows():
    # Row ids too: a relation that is deleted and inserted again would keep the count but not the id.
    return {model._meta.label: set(model.objects.values_list("pk", flat=True)) for model in THROUGH_MODELS}


def _updated_at():
    return {
        (model._meta.label, pk): updated_at
        for model in TIMESTAMPED_MODELS
        for pk, updated_at in model.objects.values_list("pk", "updated_at")
    }


def _all_values():
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in MODELS}


def _delete_everything():
    # Children before parents: Investment, Tip and Quote PROTECT their municipality.
    for model in [Quote, Tip, Lesson, Bottleneck, Investment, Municipality, Intervention, Theme, TargetGroup, Partner]:
        model.objects.all().delete()
    ReportSection.objects.all().delete()
    assert not any(_counts().values())


def _amsterdam_first_investment():
    return Investment.objects.get(municipality__cbs_code="GM0363", slug="tien-beloftevolle-experimenten-verduurzaamd")


# --- Idempotence ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_loaded_report_has_the_expected_size():
    # The baseline the other tests compare against; fidelity is tested in test_fidelity.py.
    counts = _counts()
    assert counts["municipalities.Municipality"] == 16
    assert counts["investments.Investment"] == 99
    assert counts["lessons.Lesson"] == 6
    assert counts["lessons.Bottleneck"] == 6
    assert counts["lessons.Quote"] == 18
    assert counts["lessons.Tip"] == 4


@pytest.mark.django_db
def test_second_load_changes_nothing():
    counts, through_rows, updated_at, values = _every_table_count(), _through_rows(), _updated_at(), _all_values()

    summary = load_report()

    assert summary.changed is False
    assert not summary.created
    assert not summary.updated
    assert summary.unchanged[Municipality._meta.verbose_name_plural] == 16
    assert summary.unchanged[Investment._meta.verbose_name_plural] == 99
    assert _every_table_count() == counts
    assert _through_rows() == through_rows
    assert _updated_at() == updated_at
    assert _all_values() == values


@pytest.mark.django_db
def test_command_reports_that_nothing_changed():
    out = StringIO()
    call_command("load_report", stdout=out)
    assert "niets gewijzigd" in out.getvalue()
    assert _counts()["investments.Investment"] == 99


@pytest.mark.django_db
def test_command_reports_what_it_restored():
    Investment.objects.filter(pk=_amsterdam_first_investment().pk).update(text="Door een onderzoeker gewijzigd.")
    out = StringIO()

    call_command("load_report", stdout=out)

    output = out.getvalue()
    assert f"1 {Investment._meta.verbose_name_plural} bijgewerkt" in output
    assert "Het rapport is geladen." in output
    assert "niets gewijzigd" not in output


# --- Loading from scratch ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_into_an_empty_database():
    expected = _counts()
    _delete_everything()

    summary = load_report()

    assert summary.changed is True
    assert summary.created[Municipality._meta.verbose_name_plural] == 16
    assert summary.created[Investment._meta.verbose_name_plural] == 99
    assert summary.created[Quote._meta.verbose_name_plural] == 18
    assert summary.created[Tip._meta.verbose_name_plural] == 4
    assert not summary.updated
    assert _counts() == expected
    assert Investment.objects.published().count() == 99
    assert _amsterdam_first_investment().themes.filter(slug="interventies-verbreden").exists()

    assert load_report().changed is False


@pytest.mark.django_db
def test_command_loads_into_an_empty_database():
    expected = _counts()
    _delete_everything()
    out = StringIO()

    call_command("load_report", stdout=out)

    assert f"16 {Municipality._meta.verbose_name_plural} toegevoegd" in out.getvalue()
    assert _counts() == expected


# --- Restoring edits, keeping additions ---------------------------------------------------------------


@pytest.mark.django_db
def test_reload_restores_an_edited_record_and_keeps_a_researchers_addition():
    original = _amsterdam_first_investment()
    original_text = original.text
    Investment.objects.filter(pk=original.pk).update(text="Door een onderzoeker gewijzigd.")
    original.themes.clear()
    Municipality.objects.filter(cbs_code="GM0308").update(context="Gewijzigde situatie.")
    extra = Investment.objects.create(
        municipality=original.municipality,
        slug="extra-investering-van-een-onderzoeker",
        status=InvestmentStatus.PLANNED,
        title="Extra investering",
        text="Toegevoegd na het interview van 2020.",
        publication_status=PublicationStatus.PUBLISHED,
    )
    extra.themes.add(Theme.objects.get(slug="campagne"))
    before = _updated_at()

    summary = load_report()

    assert summary.changed is True
    assert summary.updated[Investment._meta.verbose_name_plural] == 1
    assert summary.updated[Municipality._meta.verbose_name_plural] == 1
    original.refresh_from_db()
    assert original.text == original_text
    assert list(original.themes.values_list("slug", flat=True)) == ["interventies-verbreden"]
    baarn = Municipality.objects.get(cbs_code="GM0308")
    assert baarn.context == json.loads((REPORT_DIR / "municipalities" / "baarn.json").read_text("utf-8"))["context"]

    extra.refresh_from_db()
    assert extra.text == "Toegevoegd na het interview van 2020."
    assert extra.status == InvestmentStatus.PLANNED
    assert list(extra.themes.values_list("slug", flat=True)) == ["campagne"]
    assert Investment.objects.count() == 100

    # Only the two restored rows were saved; the others kept their timestamps.
    changed = {key for key, value in _updated_at().items() if before[key] != value}
    assert changed == {
        ("investments.Investment", original.pk),
        ("municipalities.Municipality", baarn.pk),
    }


@pytest.mark.django_db
def test_reload_keeps_a_researchers_publication_decision():
    # Publishing is an editorial decision made in the admin: a reload restores the report's words,
    # but does not republish what a researcher took offline.
    Lesson.objects.filter(slug="gebiedsgericht-werken").update(publication_status=PublicationStatus.DRAFT)
    summary = load_report()
    assert Lesson.objects.get(slug="gebiedsgericht-werken").publication_status == PublicationStatus.DRAFT
    assert not summary.changed


# --- Broken fixture directories ---------------------------------------------------------------------


def _broken_copy(tmp_path, corrupt):
    directory = tmp_path / "report"
    shutil.copytree(REPORT_DIR, directory)
    corrupt(directory)
    return directory


def _edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _invalid_json(directory):
    # lessons.json is read after all municipalities and investments have been written.
    path = directory / "lessons.json"
    path.write_text(path.read_text(encoding="utf-8")[:-40], encoding="utf-8")


def _unknown_theme(directory):
    # westerveld.json is the last municipality file, so everything before it has been written.
    def change(data):
        data["investments"][-1]["themes"].append("bestaat-niet")

    _edit_json(directory / "municipalities" / "westerveld.json", change)


def _unknown_quote_municipality(directory):
    def change(data):
        data[-3]["quotes"][0]["municipality"] = "GM9999"

    _edit_json(directory / "bottlenecks.json", change)


def _missing_file(directory):
    (directory / "sections.json").unlink()


DATA_ERRORS = {
    "invalid-json": (_invalid_json, "lessons.json"),
    "unknown-theme": (_unknown_theme, "bestaat-niet"),
    "unknown-quote-municipality": (_unknown_quote_municipality, "GM9999"),
    "missing-file": (_missing_file, "sections.json"),
}


def _invalid_status(directory):
    def change(data):
        data["investments"][-1]["status"] = "gedaan"

    _edit_json(directory / "municipalities" / "westerveld.json", change)


def _missing_text(directory):
    def change(data):
        del data["investments"][0]["text"]

    _edit_json(directory / "municipalities" / "westerveld.json", change)


@pytest.fixture
def edited_database():
    """A database with one researcher's edit that a successful load would undo."""
    Investment.objects.filter(pk=_amsterdam_first_investment().pk).update(text="Door een onderzoeker gewijzigd.")
    Investment.objects.create(
        municipality=Municipality.objects.get(cbs_code="GM1701"),
        slug="extra-investering-van-een-onderzoeker",
        status=InvestmentStatus.PLANNED,
        title="Extra investering",
        text="Toegevoegd na het interview van 2020.",
    )
    # A load that got as far as Amsterdam would have restored this; a rollback keeps it.
    return _every_table_count(), _through_rows(), _updated_at(), _all_values()


def _assert_unchanged(snapshot):
    counts, through_rows, updated_at, values = snapshot
    assert _amsterdam_first_investment().text == "Door een onderzoeker gewijzigd."
    assert _every_table_count() == counts
    assert _through_rows() == through_rows
    assert _updated_at() == updated_at
    assert _all_values() == values


@pytest.mark.django_db
@pytest.mark.parametrize("case", DATA_ERRORS, ids=str)
def test_broken_fixture_raises_and_writes_nothing(tmp_path, edited_database, case):
    corrupt, named = DATA_ERRORS[case]
    directory = _broken_copy(tmp_path, corrupt)

    with pytest.raises(ReportDataError) as error:
        load_report(directory)

    assert named in str(error.value)
    _assert_unchanged(edited_database)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "corrupt",
    [*(corrupt for corrupt, _ in DATA_ERRORS.values()), _invalid_status, _missing_text],
    ids=lambda c: c.__name__,
)
def test_command_turns_a_broken_fixture_into_a_command_error(tmp_path, monkeypatch, edited_database, corrupt):
    directory = _broken_copy(tmp_path, corrupt)
    # The command has no directory option; point its loader at the broken copy.
    monkeypatch.setattr(load_report_command, "load_report", functools.partial(load_report, directory))

    with pytest.raises(CommandError, match="niets gewijzigd"):
        call_command("load_report", stdout=StringIO())

    _assert_unchanged(edited_database)


@pytest.mark.django_db
def test_failed_database_write_leaves_the_connection_usable(tmp_path):
    # On PostgreSQL a failed statement poisons the transaction unless the loader's savepoint is
    # rolled back; the same request or shell session must still be able to read and write.
    # Two municipalities with one slug pass field validation and fail in the database.
    directory = _broken_copy(
        tmp_path,
        lambda directory: _edit_json(
            directory / "municipalities" / "baarn.json", lambda data: data.update(slug="amsterdam")
        ),
    )
    with pytest.raises(DatabaseError):
        load_report(directory)

    with transaction.atomic():
        Theme.objects.create(slug="nieuw-thema", name="Nieuw thema")
    assert Theme.objects.filter(slug="nieuw-thema").exists()
    assert Investment.objects.count() == 99


@pytest.mark.django_db
def test_unbroken_copy_loads_without_changes(tmp_path):
    # Guards the broken-fixture tests: the copy itself must be a valid report directory.
    directory = _broken_copy(tmp_path, lambda directory: None)
    assert load_report(directory).changed is False
