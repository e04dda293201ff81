from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core.search import rebuild_index
from investments.models import Investment
from municipalities.models import Municipality
from scaledata.factory import FIRST_CBS_CODE, grow


class Command(BaseCommand):
    help = (
        "Add fictitious municipalities and investments to the current database, for measuring only "
        "(refused unless DJANGO_DEBUG=1 or --force). Example: --municipalities 342 --investments 10000"
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=342, help="total municipalities to reach")
        parser.add_argument("--investments", type=int, default=10_000, help="total investments to reach (about)")
        parser.add_argument("--force", action="store_true", help="also when DEBUG is off (never on a public site)")

    def handle(self, *args, municipalities, investments, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "Testgegevens worden alleen met DJANGO_DEBUG=1 of --force aangemaakt, nooit op een publieke site. / "
                "Scale data is only generated with DJANGO_DEBUG=1 or --force, never on a public site."
            )
        current = Municipality.objects.count()
        missing = municipalities - current
        # With the reference data loaded the country's real municipalities are there: the fictitious
        # investments go to those that have none, rather than to invented GM9000+ municipalities.
        real = list(
            Municipality.objects.published()
            .filter(investments__isnull=True, cbs_code__lt=f"GM{FIRST_CBS_CODE}")
            .order_by("cbs_code")
        )
        if missing <= 0 and not real:
            self.stdout.write(f"Er zijn al {current} gemeenten; niets toegevoegd. / Already {current}; nothing added.")
            return
        receiving = len(real) if missing <= 0 else missing
        investments_each = max(2, -(-(investments - Investment.objects.count()) // receiving))
        with transaction.atomic():
            growth = grow(0, investments_each, onto=real) if missing <= 0 else grow(missing, investments_each)
        # The factory writes in bulk, which sends no signals: index the new records for site search.
        rebuild_index()
        # Fresh statistics for the query planner: right after a bulk insert PostgreSQL still plans for
        # empty tables (nested loops over 10,000 rows: a municipality page took over a minute) until
        # autovacuum gets round to it; measurements must see the plans production settles on.
        # On PostgreSQL a VACUUM too: after this many inserts autovacuum would start one by itself a
        # little later, in the middle of whatever is measured next (VACUUM cannot run in a transaction).
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{growth.municipalities} {'bestaande' if missing <= 0 else 'fictieve'} gemeenten, "
                f"{growth.investments} investeringen, "
                f"{growth.quotes} citaten en {growth.tips} tips toegevoegd."
            )
        )
