from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import definitions, services, statline


class Command(BaseCommand):
    help = (
        "Importeert een StatLine-CSV-export (bijvoorbeeld 50120NED/50150NED) als indicator, standaard "
        "‘sterk eenzaam’: een eigen maat, niet samengevoegd met ‘(zeer) ernstig eenzaam’."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--indicator", default=definitions.STRONGLY_LONELY.slug, choices=sorted(definitions.BY_SLUG)
        )
        parser.add_argument("--column", default="", help="Kolom met de waarden (standaard: de kolom ‘sterk eenzaam’).")
        parser.add_argument("--year", type=int, help="Jaar, als het bestand geen kolom Perioden heeft.")
        parser.add_argument("--age", default="", choices=["", "18+", "65+"], help="Leeftijd, zonder kolom Leeftijd.")

    def handle(self, *args, file, indicator, column, year, age, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Kan {file} niet lezen: {error}") from error
        try:
            parsed = statline.parse(text, indicator, column=column, year=year, age=age)
            stored = services.import_statline(indicator, parsed.rows)
        except (statline.StatLineError, services.IndicatorLoadError) as error:
            raise CommandError(f"Niets geïmporteerd: {error}") from error
        self.stdout.write(f"{stored or 'Geen nieuwe'} waarden opgeslagen, {parsed.skipped} regels overgeslagen.")
