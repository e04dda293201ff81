# The three statuses that later research rounds add to the report's two.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("investments", "0005_intervention_description_is_editorial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="investment",
            name="investment_status_valid",
        ),
        migrations.AlterField(
            model_name="historicalinvestment",
            name="status",
            field=models.CharField(
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
        migrations.AlterField(
            model_name="investment",
            name="status",
            field=models.CharField(
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
        migrations.AddConstraint(
            model_name="investment",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["completed", "planned", "ongoing", "cancelled", "postponed"])),
                name="investment_status_valid",
            ),
        ),
    ]
