"""The indicators the portal knows: what each measures, where it comes from, how it was made.

Written here rather than in a fixture: the definitions are the portal's own words about public
tables, the figures themselves are only ever read from the reference data folder.
"""

from dataclasses import dataclass

RIVM_SOURCE = (
    "RIVM/CBS StatLine 50090NED, Gezondheid per wijk en buurt (GGD'en, CBS en RIVM, "
    "Gezondheidsmonitor Volwassenen en Ouderen)"
)
RIVM_LATER_SOURCE = (
    "RIVM/CBS StatLine 50120NED/50150NED, Gezondheid per wijk en buurt (GGD'en, CBS en RIVM, "
    "Gezondheidsmonitor Volwassenen en Ouderen)"
)
RIVM_METHOD = "Modelmatige schatting RIVM voor kleine gebieden, geen directe enquêteuitkomst; gemeentegrenzen 2020."
CBS_SOURCE = "CBS, Kerncijfers wijken en buurten (2012–2024) en StatLine 70072NED Regionale kerncijfers (2025)"
LICENCE = "CC BY 4.0"


@dataclass(frozen=True)
class Definition:
    slug: str
    name: str
    name_en: str
    definition: str
    unit: str
    source: str
    method_note: str = ""


LONELINESS = (
    Definition(
        "eenzaam",
        "Eenzaam",
        "Lonely",
        "Percentage inwoners dat matig of (zeer) ernstig eenzaam is (eenzaamheidsschaal van De Jong Gierveld).",
        "%",
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
    Definition(
        "ernstig-eenzaam",
        "(Zeer) ernstig eenzaam",
        "(Very) severely lonely",
        "Percentage inwoners dat ernstig of zeer ernstig eenzaam is (De Jong Gierveld). Vanaf 2022 meet "
        "het RIVM ‘sterk eenzaam’: een andere maat, een eigen indicator.",
        "%",
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
    Definition(
        "emotioneel-eenzaam",
        "Emotioneel eenzaam",
        "Emotionally lonely",
        "Percentage inwoners dat een intieme, hechte band mist.",
        "%",
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
    Definition(
        "sociaal-eenzaam",
        "Sociaal eenzaam",
        "Socially lonely",
        "Percentage inwoners dat een bredere kring van contacten mist (niet gemeten in 2012).",
        "%",
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
)
STRONGLY_LONELY = Definition(
    "sterk-eenzaam",
    "Sterk eenzaam",
    "Strongly lonely",
    "Percentage inwoners dat sterk eenzaam is, zoals het RIVM vanaf 2022 meet. Niet te vergelijken met "
    "‘(zeer) ernstig eenzaam’ van eerdere jaren.",
    "%",
    RIVM_LATER_SOURCE,
    "Modelmatige schatting RIVM voor kleine gebieden, geen directe enquêteuitkomst.",
)
POPULATION = (
    Definition("inwoners", "Inwoners", "Inhabitants", "Aantal inwoners op 1 januari.", "inwoners", CBS_SOURCE),
    Definition(
        "65-plus",
        "65 jaar en ouder",
        "Aged 65 and over",
        "Percentage inwoners van 65 jaar en ouder.",
        "%",
        CBS_SOURCE,
        "2025: berekend uit de aantallen 65–80 en 80+ van CBS 70072NED.",
    ),
    Definition(
        "80-plus",
        "80 jaar en ouder",
        "Aged 80 and over",
        "Percentage inwoners van 80 jaar en ouder.",
        "%",
        CBS_SOURCE,
    ),
    Definition(
        "eenpersoonshuishoudens",
        "Eenpersoonshuishoudens",
        "Single-person households",
        "Percentage eenpersoonshuishoudens van alle particuliere huishoudens.",
        "%",
        CBS_SOURCE,
    ),
)
ALL = (*LONELINESS, STRONGLY_LONELY, *POPULATION)
BY_SLUG = {definition.slug: definition for definition in ALL}
