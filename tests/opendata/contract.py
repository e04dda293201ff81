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
        "budget_eur",
    ],
    "interventies": ["naam", "slug", "omschrijving", "website", "gemeenten", "url"],
    "lessen": ["titel", "slug", "tekst", "gemeenten"],
    "knelpunten": ["titel", "slug", "tekst", "gemeenten", "tips"],
    "citaten": ["tekst", "gemeente", "les", "knelpunt"],
    "tips": ["tekst", "gemeente", "gemeente_cbs_code", "knelpunt", "url"],
}
# The research rounds' datasets; tests/rounds/ covers their content.
ROUND_NAMES = ["rondes", "interviews", "antwoorden", "voortgang"]
# Fields that hold a list (JSON arrays; joined with | in CSV).
LIST_FIELDS = {
    "gemeenten": ["links"],
    "investeringen": ["themas", "doelgroepen", "interventies", "partners"],
    "interventies": ["gemeenten"],
    "lessen": ["gemeenten"],
    "knelpunten": ["gemeenten", "tips"],
}
