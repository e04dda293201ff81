from django.db import migrations

from portal.search import full_text_index


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [
        full_text_index(
            "municipalities",
            "Municipality",
            ("name", "context", "approach_name", "programme"),
            "municipality_search_gin",
        ),
    ]
