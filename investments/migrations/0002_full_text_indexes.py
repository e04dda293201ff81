from django.db import migrations

from portal.search import full_text_index


class Migration(migrations.Migration):
    dependencies = [("investments", "0001_initial")]

    operations = [
        full_text_index("investments", "Investment", ("title", "text"), "investment_search_gin"),
        full_text_index("investments", "Intervention", ("name", "description"), "intervention_search_gin"),
    ]
