"""What each database needs to search the index: FTS5 on SQLite, GIN and pg_trgm on PostgreSQL.

The expressions are written out here rather than imported, so this migration keeps its meaning when
the code moves. The FTS5 table must have the columns `core.search` writes (title, tags, body: stemmed
words), the GIN expression must equal `core.search.document_vector()`.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations

FTS_TABLE = "core_searchdocument_fts"


def _indexes(apps):
    document = apps.get_model("core", "SearchDocument")
    term = apps.get_model("core", "SearchTerm")
    vector = (
        SearchVector("title", config="dutch", weight="A")
        + SearchVector("tags", config="dutch", weight="A")
        + SearchVector("body", config="dutch", weight="B")
    )
    yield document, GinIndex(vector, name="searchdocument_dutch_gin")
    yield term, GinIndex(OpClass("word", name="gin_trgm_ops"), name="searchterm_word_trgm")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)
    elif schema_editor.connection.vendor == "sqlite":
        # rowid is SearchDocument.id; the words are stemmed in Python (Snowball's Dutch), so the
        # FTS5 tokenizer only splits on spaces and folds case.
        schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, tags, body)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_search_index")]

    # TrigramExtension does nothing on databases other than PostgreSQL.
    operations = [TrigramExtension(), migrations.RunPython(forwards, backwards, elidable=False)]
