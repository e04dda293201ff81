"""The open-data contract, written once for every open-data test.

Other people's scripts and spreadsheets depend on these file and field names (the brief's "Open data
contract"): fields may be added, never renamed or dropped.
"""

# Each dataset's fields, in column order.
FIELDS = {
    "gemeenten": [
        "naam",
        "slug",
        "cbs_code",
        "provincie",
        "aantal_gedaan",
        "aantal_gepland",
        "url",
        "website",
        "links",
        "rondes",
    ],
    "investeringen": [
        "id",
        "gemeente",
        "gemeente_cbs_code",
        "status",
        "titel",
        "omschrijving",
        "themas",
        "doelgroepen",
        "interventies",
        "url",
        "provincie",
        "partners",
        "bereik",
        "ronde_laatst",
        "bron",
        "bron_soort",
        "budget_eur",
    ],
    "interventies": [
        "naam",
        "slug",
        "omschrijving",
        "website",
        "gemeenten",
        "url",
        "omschrijving_redactioneel",
        "gemeenten_in_gebruik",
        "gemeenten_gepland",
        "gemeenten_verkend",
    ],
    "lessen": ["titel", "slug", "tekst", "gemeenten"],
    "knelpunten": ["titel", "slug", "tekst", "gemeenten", "tips"],
    "citaten": ["tekst", "gemeente", "les", "knelpunt", "alinea", "in_tekst"],
    "tips": ["tekst", "gemeente", "gemeente_cbs_code", "knelpunt", "url"],
}
# The reference figures (issue 22): tests/opendata/test_indicator_dataset.py covers them, with loaded data.
REFERENCE_FIELDS = {
    "indicatoren": [
        "indicator",
        "indicator_naam",
        "gebied_code",
        "gebied_naam",
        "jaar",
        "leeftijd",
        "waarde",
        "eenheid",
        "gemeentegrenzen",
        "bron",
        "licentie",
        "methode",
    ],
}
# The research rounds' datasets; tests/rounds/ covers their content.
ROUND_NAMES = ["rondes", "interviews", "antwoorden", "voortgang"]
# Fields that hold a list (JSON arrays; joined with | in CSV).
LIST_FIELDS = {
    "gemeenten": ["links"],  # and `rondes`: in the report's data no municipality has two rounds yet
    "investeringen": ["themas", "doelgroepen", "interventies", "partners"],
    # `gemeenten_gepland` and `gemeenten_verkend` are lists too, but the report names no intervention
    # that several municipalities plan or explore, and the pipe test needs a record with several.
    "interventies": ["gemeenten", "gemeenten_in_gebruik"],
    "lessen": ["gemeenten"],
    "knelpunten": ["gemeenten", "tips"],
}
