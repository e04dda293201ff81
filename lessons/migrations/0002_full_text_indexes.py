from django.db import migrations

from portal.search import full_text_index


class Migration(migrations.Migration):
    dependencies = [("lessons", "0001_initial")]

    operations = [
        full_text_index("lessons", "Lesson", ("title", "text"), "lesson_search_gin"),
        full_text_index("lessons", "Bottleneck", ("title", "text"), "bottleneck_search_gin"),
        full_text_index("lessons", "Quote", ("text",), "quote_search_gin"),
    ]
