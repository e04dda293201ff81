"""Print a fingerprint of the database in DATABASE_URL as JSON: every table's rows, the sequences,
and every open-data file with its caching headers. JSON, CSV and the catalogue are hashed byte for
byte; an XLSX file part by part, leaving out the time the workbook was generated.

Run as a script (`python tests/portal/backup_fingerprint.py`) with DATABASE_URL set; the backup round-trip
test runs it against the original and the restored database and compares the two outputs. It is
a separate process because the databases it reads are real ones, not pytest's test database.
"""

import hashlib
import json
import os
import sys
import zipfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from opendata.datasets import DATASETS  # noqa: E402
from opendata.views import FORMATS  # noqa: E402


def _digest(rows) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def tables() -> dict:
    """Every table's row count and a hash of all its rows, in a fixed order."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            names.append("sqlite_sequence")
        for name in sorted(names):
            cursor.execute(f"SELECT * FROM {quote(name)}")  # noqa: S608 - names come from the catalogue
            columns = [column[0] for column in cursor.description]
            rows = sorted(cursor.fetchall(), key=repr)
            result[name] = {"columns": columns, "rows": len(rows), "sha256": _digest(rows)}
    return result


def sequences() -> dict:
    """Where each PostgreSQL sequence stands: a restore must not hand out used keys again."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        return dict(sorted(cursor.fetchall()))


def _xlsx_parts(body: bytes) -> bytes:
    """Every part of the workbook except docProps/core.xml, which records when it was written (its
    length also changes the size of the compressed file)."""
    with zipfile.ZipFile(BytesIO(body)) as workbook:
        names = sorted(name for name in workbook.namelist() if name != "docProps/core.xml")
        return b"".join(name.encode() + b"\0" + workbook.read(name) for name in names)


def open_data() -> dict:
    client = Client()
    paths = ["/open-data/catalogus.jsonld"] + [
        f"/open-data/{name}.{extension}" for name in DATASETS for extension in FORMATS
    ]
    result = {}
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if path.endswith(".xlsx"):
            body = _xlsx_parts(body)
        result[path] = {
            "status": response.status_code,
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
            "etag": response.get("ETag"),
            "last_modified": response.get("Last-Modified"),
        }
    return result


if __name__ == "__main__":
    json.dump({"tables": tables(), "sequences": sequences(), "open_data": open_data()}, sys.stdout, indent=1)
