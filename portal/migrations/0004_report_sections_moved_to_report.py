"""The report sections now belong to the `report` app; their tables stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_roles"),
        ("report", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalReportSection"),
                migrations.DeleteModel(name="ReportSection"),
            ],
            database_operations=[],
        ),
    ]
