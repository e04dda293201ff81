from django.db import migrations

from portal.search import full_text_index


class Migration(migrations.Migration):
    dependencies = [("lessons", "0003_history_and_versions")]

    operations = [full_text_index("lessons", "Tip", ("text",), "tip_search_gin")]
