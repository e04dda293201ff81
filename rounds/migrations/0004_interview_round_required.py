# Every interview has a round now (0003 gave the existing ones the 2019 round).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0003_the_2019_round"),
    ]

    operations = [
        migrations.AlterField(
            model_name="interview",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="interviews",
                to="rounds.round",
                verbose_name="ronde",
            ),
        ),
    ]
