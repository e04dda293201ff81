"""dbrestore that moves the content version once the database is back.

The caches (pages, values kept per version, open-data files) are keyed by the content version's
random token (core.models.ContentVersion). A restored database brings back the token it had when it
was backed up, and every server would go on serving what is stored under it; a restore is a change
like any other, so it gets a new token and nothing stored before it can be reached.
"""

from dbbackup.management.commands import dbrestore
from django.db import DatabaseError, connections

from core import content_version


class Command(dbrestore.Command):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        connection = connections[self.database_name]
        connection.close()  # the restore replaced the database under any open connection
        try:
            content_version.bump(using=self.database_name)
        except DatabaseError:
            # A backup from before the token existed: `migrate` adds it, with a new token.
            self.stdout.write("Run `manage.py migrate` next: the restored database is from an older release.")
        else:
            self.stdout.write("The content version moved: cached pages from before the restore are unreachable.")
