"""Print a snapshot of a portal database as JSON: every table's rows and the open-data files.

Run with the project to snapshot as the working directory (its code is imported from there), e.g.
    cd /path/to/checkout && DATABASE_URL=... python /path/to/snapshot.py > snapshot.json
Used by .ci/migrate-forward to show that a database made by older code migrates without loss.
"""

import hashlib
import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

OPEN_DATA = ["gemeenten", "investeringen", "interventies", "lessen", "knelpunten", "citaten"]

tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        if table == "django_migrations":
            continue
        columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names come from the database itself
        records = [dict(zip(columns, row, strict=True)) for row in cursor]
        rows = sorted(json.dumps(record, default=str, sort_keys=True) for record in records)
        tables[table] = {
            "rows": len(rows),
            "sha256": hashlib.sha256("\n".join(rows).encode()).hexdigest(),
            # The rows themselves, so that a table that gains a column can be compared on the
            # columns it had (see .ci/migrate-forward).
            "columns": columns,
            "records": rows,
        }

client = Client(HTTP_HOST="localhost")
open_data = {}
for name in OPEN_DATA:
    response = client.get(f"/open-data/{name}.json")
    if response.status_code != 200:
        sys.exit(f"/open-data/{name}.json answered {response.status_code}")
    open_data[name] = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)

json.dump({"tables": tables, "open_data": open_data}, sys.stdout, ensure_ascii=False, sort_keys=True)
