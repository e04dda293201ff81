# Rounds, their questionnaires, answers and progress; interviews gain a round and a publication state.

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import core.models


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0006_statuses_of_later_rounds"),
        ("municipalities", "0004_interviews_moved_to_rounds"),
        ("rounds", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Answer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "publication_status",
                    models.CharField(
                        choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="publicatiestatus",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="versie")),
                ("text", models.TextField(help_text="Samenvatting van wat gezegd is.", verbose_name="antwoord")),
            ],
            options={
                "verbose_name": "antwoord",
                "verbose_name_plural": "antwoorden",
                "ordering": ["interview", "question__number"],
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "import", "export", "publish"),
            },
        ),
        migrations.CreateModel(
            name="HistoricalAnswer",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "publication_status",
                    models.CharField(
                        choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="publicatiestatus",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="aangemaakt op")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="gewijzigd op")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="versie")),
                ("text", models.TextField(help_text="Samenvatting van wat gezegd is.", verbose_name="antwoord")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical antwoord",
                "verbose_name_plural": "historical antwoorden",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalAnswer_topics",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
            ],
            options={
                "verbose_name": "HistoricalAnswer_topics",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProgress",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "publication_status",
                    models.CharField(
                        choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="publicatiestatus",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="aangemaakt op")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="gewijzigd op")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="versie")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("completed", "gedaan"),
                            ("planned", "gepland"),
                            ("ongoing", "loopt"),
                            ("cancelled", "vervallen"),
                            ("postponed", "uitgesteld"),
                        ],
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("explanation", models.TextField(blank=True, verbose_name="toelichting")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical voortgang",
                "verbose_name_plural": "historical voortgang",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalQuestion",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="De volgorde in de vragenlijst, vanaf 1.", verbose_name="nummer"
                    ),
                ),
                ("text", models.TextField(verbose_name="vraag")),
                (
                    "guidance",
                    models.CharField(
                        blank=True,
                        help_text="Bijvoorbeeld ‘Topics:’.",
                        max_length=300,
                        verbose_name="toelichting voor de interviewer",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical vraag",
                "verbose_name_plural": "historical vragen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRound",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "publication_status",
                    models.CharField(
                        choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="publicatiestatus",
                    ),
                ),
                ("created_at", models.DateTimeField(blank=True, editable=False, verbose_name="aangemaakt op")),
                ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="gewijzigd op")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="versie")),
                ("slug", models.SlugField(help_text="Bijvoorbeeld ‘2021’.", verbose_name="slug")),
                ("name", models.CharField(max_length=200, verbose_name="naam")),
                ("starts_on", models.DateField(verbose_name="begin")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="einde")),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="De methode: wie is geïnterviewd, hoe en wanneer.",
                        verbose_name="omschrijving",
                    ),
                ),
                ("is_report", models.BooleanField(default=False, editable=False, verbose_name="uit het rapport")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical onderzoeksronde",
                "verbose_name_plural": "historical onderzoeksrondes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTopic",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("slug", models.SlugField(max_length=100, verbose_name="code")),
                ("text", models.TextField(verbose_name="onderwerp")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="volgorde")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical onderwerp",
                "verbose_name_plural": "historical onderwerpen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Progress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "publication_status",
                    models.CharField(
                        choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="publicatiestatus",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="versie")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("completed", "gedaan"),
                            ("planned", "gepland"),
                            ("ongoing", "loopt"),
                            ("cancelled", "vervallen"),
                            ("postponed", "uitgesteld"),
                        ],
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("explanation", models.TextField(blank=True, verbose_name="toelichting")),
            ],
            options={
                "verbose_name": "voortgang",
                "verbose_name_plural": "voortgang",
                "ordering": ["interview__round__starts_on", "investment__position", "pk"],
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "import", "export", "publish"),
            },
        ),
        migrations.CreateModel(
            name="Question",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="De volgorde in de vragenlijst, vanaf 1.", verbose_name="nummer"
                    ),
                ),
                ("text", models.TextField(verbose_name="vraag")),
                (
                    "guidance",
                    models.CharField(
                        blank=True,
                        help_text="Bijvoorbeeld ‘Topics:’.",
                        max_length=300,
                        verbose_name="toelichting voor de interviewer",
                    ),
                ),
            ],
            options={
                "verbose_name": "vraag",
                "verbose_name_plural": "vragen",
                "ordering": ["round", "number"],
            },
        ),
        migrations.CreateModel(
            name="Round",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "publication_status",
                    models.CharField(
                        choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                        db_index=True,
                        default="draft",
                        max_length=10,
                        verbose_name="publicatiestatus",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
                ("version", models.PositiveIntegerField(default=1, editable=False, verbose_name="versie")),
                ("slug", models.SlugField(help_text="Bijvoorbeeld ‘2021’.", unique=True, verbose_name="slug")),
                ("name", models.CharField(max_length=200, verbose_name="naam")),
                ("starts_on", models.DateField(verbose_name="begin")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="einde")),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="De methode: wie is geïnterviewd, hoe en wanneer.",
                        verbose_name="omschrijving",
                    ),
                ),
                ("is_report", models.BooleanField(default=False, editable=False, verbose_name="uit het rapport")),
            ],
            options={
                "verbose_name": "onderzoeksronde",
                "verbose_name_plural": "onderzoeksrondes",
                "ordering": ["starts_on", "slug"],
                "abstract": False,
                "default_permissions": ("add", "change", "delete", "view", "import", "export", "publish"),
            },
            bases=(core.models.SlugNaturalKey, models.Model),
        ),
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(max_length=100, verbose_name="code")),
                ("text", models.TextField(verbose_name="onderwerp")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="volgorde")),
            ],
            options={
                "verbose_name": "onderwerp",
                "verbose_name_plural": "onderwerpen",
                "ordering": ["question", "position", "pk"],
            },
        ),
        migrations.AlterModelOptions(
            name="interview",
            options={
                "default_permissions": ("add", "change", "delete", "view", "import", "export", "publish"),
                "ordering": ["round__starts_on", "municipality__name", "pk"],
                "verbose_name": "interview",
                "verbose_name_plural": "interviews",
            },
        ),
        migrations.RemoveConstraint(
            model_name="interview",
            name="interview_mode_valid",
        ),
        migrations.RemoveConstraint(
            model_name="interview",
            name="interview_unique_per_period",
        ),
        migrations.AddField(
            model_name="historicalinterview",
            name="created_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False, verbose_name="aangemaakt op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalinterview",
            name="publication_status",
            field=models.CharField(
                choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                db_index=True,
                default="draft",
                max_length=10,
                verbose_name="publicatiestatus",
            ),
        ),
        migrations.AddField(
            model_name="historicalinterview",
            name="updated_at",
            field=models.DateTimeField(
                blank=True, default=django.utils.timezone.now, editable=False, verbose_name="gewijzigd op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalinterview",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="versie"),
        ),
        migrations.AddField(
            model_name="interview",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="aangemaakt op"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="interview",
            name="publication_status",
            field=models.CharField(
                choices=[("draft", "Concept"), ("published", "Gepubliceerd")],
                db_index=True,
                default="draft",
                max_length=10,
                verbose_name="publicatiestatus",
            ),
        ),
        migrations.AddField(
            model_name="interview",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="gewijzigd op"),
        ),
        migrations.AddField(
            model_name="interview",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="versie"),
        ),
        migrations.AlterField(
            model_name="historicalinterview",
            name="interviewee_role",
            field=models.CharField(
                blank=True,
                help_text="Hun rollen, bijvoorbeeld ‘beleidsmedewerker’.",
                max_length=200,
                verbose_name="geïnterviewden",
            ),
        ),
        migrations.AlterField(
            model_name="historicalinterview",
            name="mode",
            field=models.CharField(
                choices=[("telephone", "telefonisch"), ("on_site", "op locatie"), ("online", "online")],
                max_length=10,
                verbose_name="vorm",
            ),
        ),
        migrations.AlterField(
            model_name="historicalinterview",
            name="municipality",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="municipalities.municipality",
                verbose_name="gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="historicalinterview",
            name="period",
            field=models.CharField(
                blank=True, help_text="Bijvoorbeeld ‘november 2019’.", max_length=50, verbose_name="periode"
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="interviewee_role",
            field=models.CharField(
                blank=True,
                help_text="Hun rollen, bijvoorbeeld ‘beleidsmedewerker’.",
                max_length=200,
                verbose_name="geïnterviewden",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="mode",
            field=models.CharField(
                choices=[("telephone", "telefonisch"), ("on_site", "op locatie"), ("online", "online")],
                max_length=10,
                verbose_name="vorm",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="interviews",
                to="municipalities.municipality",
                verbose_name="gemeente",
            ),
        ),
        migrations.AlterField(
            model_name="interview",
            name="period",
            field=models.CharField(
                blank=True, help_text="Bijvoorbeeld ‘november 2019’.", max_length=50, verbose_name="periode"
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="interview",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="rounds.interview",
                verbose_name="interview",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="interview",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.interview",
                verbose_name="interview",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer_topics",
            name="answer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.answer",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer_topics",
            name="history",
            field=models.ForeignKey(
                db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to="rounds.historicalanswer"
            ),
        ),
        migrations.AddField(
            model_name="historicalprogress",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalprogress",
            name="interview",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.interview",
                verbose_name="interview",
            ),
        ),
        migrations.AddField(
            model_name="historicalprogress",
            name="investment",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="investments.investment",
                verbose_name="investering",
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalround",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="progress",
            name="interview",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="progress",
                to="rounds.interview",
                verbose_name="interview",
            ),
        ),
        migrations.AddField(
            model_name="progress",
            name="investment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="progress",
                to="investments.investment",
                verbose_name="investering",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="question",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.question",
                verbose_name="vraag",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer",
            name="question",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.question",
                verbose_name="vraag",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="answers",
                to="rounds.question",
                verbose_name="vraag",
            ),
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.CheckConstraint(
                condition=models.Q(("publication_status__in", ["draft", "published"])),
                name="round_publication_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__isnull", True), ("ends_on__gte", models.F("starts_on")), _connector="OR"),
                name="round_ends_after_start",
            ),
        ),
        migrations.AddField(
            model_name="question",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="questions",
                to="rounds.round",
                verbose_name="ronde",
            ),
        ),
        migrations.AddField(
            model_name="historicalquestion",
            name="round",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.round",
                verbose_name="ronde",
            ),
        ),
        migrations.AddField(
            model_name="historicalinterview",
            name="round",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.round",
                verbose_name="ronde",
            ),
        ),
        migrations.AddField(
            model_name="interview",
            name="round",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="interviews",
                to="rounds.round",
                verbose_name="ronde",
            ),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.CheckConstraint(
                condition=models.Q(("mode__in", ["telephone", "on_site", "online"])), name="interview_mode_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(fields=("municipality", "round"), name="interview_unique_per_round"),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.CheckConstraint(
                condition=models.Q(("publication_status__in", ["draft", "published"])),
                name="interview_publication_status_valid",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="children",
                to="rounds.topic",
                verbose_name="hoort bij onderwerp",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="topics",
                to="rounds.question",
                verbose_name="vraag",
            ),
        ),
        migrations.AddField(
            model_name="historicaltopic",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.topic",
                verbose_name="hoort bij onderwerp",
            ),
        ),
        migrations.AddField(
            model_name="historicalanswer_topics",
            name="topic",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_tablespace="",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.topic",
            ),
        ),
        migrations.AddField(
            model_name="answer",
            name="topics",
            field=models.ManyToManyField(
                blank=True, related_name="answers", to="rounds.topic", verbose_name="onderwerpen"
            ),
        ),
        migrations.AddConstraint(
            model_name="progress",
            constraint=models.UniqueConstraint(fields=("interview", "investment"), name="progress_unique_per_round"),
        ),
        migrations.AddConstraint(
            model_name="progress",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["completed", "planned", "ongoing", "cancelled", "postponed"])),
                name="progress_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="progress",
            constraint=models.CheckConstraint(
                condition=models.Q(("publication_status__in", ["draft", "published"])),
                name="progress_publication_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.UniqueConstraint(fields=("round", "number"), name="question_unique_number_per_round"),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.CheckConstraint(condition=models.Q(("number__gte", 1)), name="question_number_from_one"),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(fields=("question", "slug"), name="topic_unique_slug_per_question"),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.UniqueConstraint(fields=("interview", "question"), name="answer_unique_per_question"),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(("text", ""), _negated=True), name="answer_text_not_empty"
            ),
        ),
        migrations.AddConstraint(
            model_name="answer",
            constraint=models.CheckConstraint(
                condition=models.Q(("publication_status__in", ["draft", "published"])),
                name="answer_publication_status_valid",
            ),
        ),
    ]
