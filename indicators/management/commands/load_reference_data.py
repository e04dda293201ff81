from django.core.management.base import BaseCommand, CommandError

from core import reference_data
from indicators.reference import load_reference_data
from indicators.services import IndicatorLoadError
from municipalities.services import CountryListError


class Command(BaseCommand):
    help = (
        "Maakt alle gemeenten van 2023 aan en laadt de RIVM- en CBS-cijfers uit PORTAL_REFERENCE_DATA_DIR "
        "(idempotent; de gemeenten uit het rapport houden hun inhoud)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-present",
            action="store_true",
            help="Zonder referentiegegevens alleen een melding, geen fout (voor make run).",
        )

    def handle(self, *args, if_present=False, **options):
        if not reference_data.available(reference_data.MUNICIPALITY_LIST):
            if if_present:
                self.stdout.write(
                    f"Geen referentiegegevens in {reference_data.folder()}: alleen de gemeenten uit het rapport, "
                    "zonder kaart en cijfers."
                )
                return
            raise CommandError(f"Geen referentiegegevens in {reference_data.folder()} (zet PORTAL_REFERENCE_DATA_DIR).")
        try:
            load = load_reference_data()
        except (OSError, KeyError, ValueError, CountryListError, IndicatorLoadError) as error:
            raise CommandError(f"Niets geladen: {error}") from error
        country = load.municipalities
        self.stdout.write(
            f"Gemeenten: {country.created} nieuw, {country.updated} bijgewerkt, {country.unchanged} ongewijzigd. "
            f"Indicatorwaarden: {load.values or 'ongewijzigd'}."
        )
