"""An XLSX shared-strings bomb: a small upload that unpacks to a huge string is refused before parsing.

A 1.5 MB upload holding one 1.5 GB shared string took a worker to 3 GB. The import now reads the
zip's directory first and refuses a workbook that unpacks to more than the settings allow.
"""

import io
import tracemalloc
import zipfile

import pytest
from django.test import override_settings

from core.spreadsheets import check_xlsx_size
from tests.workspace_helpers import ONDERZOEKER, confirm_form_inputs, make_user, post_import, snapshot, xlsx_bytes

# Above the limits these tests set, small to build: it compresses to a few kilobytes.
BOMB_STRING_SIZE = 24 * 1024 * 1024
LIMITS = {"IMPORT_XLSX_MAX_UNPACKED_SIZE": 16 * 1024 * 1024, "IMPORT_XLSX_MAX_MEMBER_SIZE": 12 * 1024 * 1024}


def bomb(size=BOMB_STRING_SIZE):
    """A real workbook whose only text cell is one enormous shared string."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([{"titel": "x"}], columns=["titel"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "xl/sharedStrings.xml":
                continue
            target.writestr(item, source.read(item.filename))
        with target.open("xl/sharedStrings.xml", "w") as member:
            member.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
            member.write(b"</t></si></sst>")
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb_bytes():
    return bomb()


def test_the_bomb_is_small_to_upload_and_large_unpacked(bomb_bytes):
    assert len(bomb_bytes) < 100 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb_bytes)) as archive:
        assert sum(member.file_size for member in archive.infolist()) > BOMB_STRING_SIZE


@pytest.mark.django_db
@override_settings(**LIMITS)
def test_admin_refuses_the_bomb_in_dutch_without_unpacking_it(client, bomb_bytes):
    client.force_login(make_user(ONDERZOEKER))
    before = snapshot()

    tracemalloc.start()
    try:
        response = post_import(client, bomb_bytes, "xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["import_file"])
    assert "Het XLSX-bestand is uitgepakt te groot" in errors
    assert confirm_form_inputs(response) is None
    assert snapshot() == before
    # The string was never read into memory: the whole request stayed far below its size.
    assert peak < BOMB_STRING_SIZE / 2


@override_settings(IMPORT_XLSX_MAX_UNPACKED_SIZE=64 * 1024 * 1024, IMPORT_XLSX_MAX_MEMBER_SIZE=12 * 1024 * 1024)
def test_one_member_above_its_own_limit_is_refused(bomb_bytes):
    with pytest.raises(ValueError, match="uitgepakt te groot"):
        check_xlsx_size(io.BytesIO(bomb_bytes))


@override_settings(**LIMITS)
def test_an_ordinary_workbook_passes_the_check():
    check_xlsx_size(io.BytesIO(xlsx_bytes([{"titel": "Een gewone titel"}])))
