"""PostgreSQL keeps each document's weighted tsvector in a stored column, with the GIN index on it.

With only an index on the expression, PostgreSQL had to compute `to_tsvector` again for every
matching document, to check the match and to rank it: at national scale a common word matches
10,000 documents and one search took over a second. A generated column is computed once, when the
document is written, and needs nothing from the code that writes it. SQLite searches its FTS5 table
and is left as it is. The expression is written out so that this migration keeps its meaning.
"""

from django.db import migrations

TABLE = "core_searchdocument"
COLUMN = "search_document"
VECTOR = (
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(tags, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, COALESCE(body, '')), 'B')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS ({VECTOR}) STORED")
    schema_editor.execute(f"CREATE INDEX searchdocument_document_gin ON {TABLE} USING gin ({COLUMN})")
    schema_editor.execute("DROP INDEX IF EXISTS searchdocument_dutch_gin")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX searchdocument_dutch_gin ON {TABLE} USING gin (({VECTOR}))")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_search_engines")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
