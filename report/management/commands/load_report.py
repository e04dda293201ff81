from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from report.loader import ReportDataError, load_report


class Command(BaseCommand):
    help = "Load the 2019 Movisie report from fixtures/report/ (idempotent, one transaction)."

    def handle(self, *args, **options):
        try:
            summary = load_report()
        except (ReportDataError, KeyError, DatabaseError) as error:
            raise CommandError(
                f"Het rapport is niet geladen; er is niets gewijzigd. / Nothing was loaded, nothing changed: {error}"
            ) from error

        if not summary.changed:
            self.stdout.write(self.style.SUCCESS("Het rapport was al volledig geladen; niets gewijzigd."))
            return
        for label, count in sorted(summary.created.items()):
            self.stdout.write(f"  {count} {label} toegevoegd")
        for label, count in sorted(summary.updated.items()):
            self.stdout.write(f"  {count} {label} bijgewerkt")
        self.stdout.write(self.style.SUCCESS("Het rapport is geladen."))
