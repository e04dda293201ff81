"""The interviews move here from `municipalities`: they belong to a research round now.

The tables keep their names, so existing databases lose nothing: only Django's model state moves,
and the content types (with their permissions, the roles and the admin log) are relabelled.
The same pattern as report/migrations/0001_initial.py.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def relabel_content_types(apps, schema_editor, source="municipalities", target="rounds"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("interview", "historicalinterview"):
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def restore_content_types(apps, schema_editor):
    relabel_content_types(apps, schema_editor, source="rounds", target="municipalities")


MODE_CHOICES = [("telephone", "telefonisch"), ("on_site", "op locatie")]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0003_history_and_versions"),
        ("portal", "0003_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Interview",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "period",
                            models.CharField(
                                help_text="Bijvoorbeeld ‘november 2019’.", max_length=50, verbose_name="periode"
                            ),
                        ),
                        ("held_on", models.DateField(blank=True, null=True, verbose_name="datum")),
                        ("mode", models.CharField(choices=MODE_CHOICES, max_length=10, verbose_name="vorm")),
                        (
                            "interviewee_role",
                            models.CharField(blank=True, max_length=200, verbose_name="rol van de geïnterviewde"),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="aantekeningen")),
                        (
                            "municipality",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="interviews",
                                to="municipalities.municipality",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "interview",
                        "verbose_name_plural": "interviews",
                        "ordering": ["municipality", "held_on", "pk"],
                        "db_table": "municipalities_interview",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("mode__in", ["telephone", "on_site"])),
                                name="interview_mode_valid",
                            ),
                            models.UniqueConstraint(
                                fields=("municipality", "period"), name="interview_unique_per_period"
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalInterview",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        (
                            "period",
                            models.CharField(
                                help_text="Bijvoorbeeld ‘november 2019’.", max_length=50, verbose_name="periode"
                            ),
                        ),
                        ("held_on", models.DateField(blank=True, null=True, verbose_name="datum")),
                        ("mode", models.CharField(choices=MODE_CHOICES, max_length=10, verbose_name="vorm")),
                        (
                            "interviewee_role",
                            models.CharField(blank=True, max_length=200, verbose_name="rol van de geïnterviewde"),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="aantekeningen")),
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
                        (
                            "municipality",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="municipalities.municipality",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical interview",
                        "verbose_name_plural": "historical interviews",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "municipalities_historicalinterview",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
