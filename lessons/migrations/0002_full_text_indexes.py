"""GIN indexes for Dutch full-text search, on PostgreSQL only (SQLite has neither GIN nor stemming).

The expression is written out here rather than imported, so this migration keeps its meaning when
the code moves. It must equal `core.search.search_vector(*fields)`, which the queries use.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = [
    ("Lesson", ("title", "text"), "lesson_search_gin"),
    ("Bottleneck", ("title", "text"), "bottleneck_search_gin"),
    ("Quote", ("text",), "quote_search_gin"),
]


def _indexes(apps):
    for model_name, fields, name in INDEXES:
        yield apps.get_model("lessons", model_name), GinIndex(SearchVector(*fields, config="dutch"), name=name)


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _indexes(apps):
            schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [migrations.RunPython(add_indexes, remove_indexes, elidable=False)]
