"""The interviews now belong to the `rounds` app; their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0003_history_and_versions"),
        ("rounds", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalInterview"),
                migrations.DeleteModel(name="Interview"),
            ],
            database_operations=[],
        ),
    ]
