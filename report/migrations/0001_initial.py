"""The report sections move here from the `portal` app, which now holds configuration only.

The tables keep their names, so existing databases lose nothing: only Django's model state moves,
and the content types (with their permissions, the roles and the admin log) are relabelled.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def relabel_content_types(apps, schema_editor, source="portal", target="report"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("reportsection", "historicalreportsection"):
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def restore_content_types(apps, schema_editor):
    relabel_content_types(apps, schema_editor, source="report", target="portal")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportSection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("slug", models.SlugField(unique=True, verbose_name="slug")),
                        ("number", models.CharField(blank=True, max_length=20, verbose_name="nummer")),
                        ("title", models.CharField(max_length=200, verbose_name="titel")),
                        ("text", models.TextField(verbose_name="tekst")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="volgorde")),
                    ],
                    options={
                        "verbose_name": "rapportonderdeel",
                        "verbose_name_plural": "rapportonderdelen",
                        "ordering": ["position", "pk"],
                        "db_table": "portal_reportsection",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalReportSection",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("slug", models.SlugField(verbose_name="slug")),
                        ("number", models.CharField(blank=True, max_length=20, verbose_name="nummer")),
                        ("title", models.CharField(max_length=200, verbose_name="titel")),
                        ("text", models.TextField(verbose_name="tekst")),
                        ("position", models.PositiveSmallIntegerField(default=0, verbose_name="volgorde")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical rapportonderdeel",
                        "verbose_name_plural": "historical rapportonderdelen",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "portal_historicalreportsection",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
