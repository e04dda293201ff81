from django.core.management.base import BaseCommand

from core import content_version
from core.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Write the site-search index from scratch. Saves in the admin, imports and load_report keep it "
        "up to date; run this after changing data another way (a restored backup, SQL by hand)."
    )

    def handle(self, *args, **options):
        count = rebuild_index()
        # What search finds and suggests has changed: pages and values kept per version follow.
        content_version.bump()
        self.stdout.write(self.style.SUCCESS(f"De zoekindex bevat {count} documenten."))
