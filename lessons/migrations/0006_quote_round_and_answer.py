# Quotes say which round they come from and, where there is one, which answer.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("lessons", "0005_quote_placement"),
        ("rounds", "0002_rounds_questions_answers_progress"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalquote",
            name="answer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="rounds.answer",
                verbose_name="antwoord",
            ),
        ),
        migrations.AddField(
            model_name="historicalquote",
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
            model_name="quote",
            name="answer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="quotes",
                to="rounds.answer",
                verbose_name="antwoord",
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="round",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="quotes",
                to="rounds.round",
                verbose_name="ronde",
            ),
        ),
    ]
