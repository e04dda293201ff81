"""The indicators the portal knows: what each measures, where it comes from, how it was made.

Written here rather than in a fixture: the definitions are the portal's own words about public
tables, the figures themselves are only ever read from the reference data folder.

The texts are stored in Dutch (the open data and the Dutch pages read them as they are) and only
marked for translation here: the English of each lives in the catalogue (locale/en), and the pages
translate what is stored when they show it (Indicator.definition_text and its siblings).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop as _

RIVM_SOURCE = _(
    "RIVM/CBS StatLine 50090NED, Gezondheid per wijk en buurt (GGD'en, CBS en RIVM, "
    "Gezondheidsmonitor Volwassenen en Ouderen)"
)
RIVM_LATER_SOURCE = _(
    "RIVM/CBS StatLine 50120NED/50150NED, Gezondheid per wijk en buurt (GGD'en, CBS en RIVM, "
    "Gezondheidsmonitor Volwassenen en Ouderen)"
)
RIVM_METHOD = _("Modelmatige schatting RIVM voor kleine gebieden, geen directe enquêteuitkomst; gemeentegrenzen 2020.")
CBS_SOURCE = _("CBS, Kerncijfers wijken en buurten (2012–2024) en StatLine 70072NED Regionale kerncijfers (2025)")
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


PERCENT = "%"
INHABITANTS = "inwoners"

LONELINESS = (
    Definition(
        "eenzaam",
        "Eenzaam",
        "Lonely",
        _("Percentage inwoners dat matig of (zeer) ernstig eenzaam is (eenzaamheidsschaal van De Jong Gierveld)."),
        PERCENT,
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
    Definition(
        "ernstig-eenzaam",
        "(Zeer) ernstig eenzaam",
        "(Very) severely lonely",
        _(
            "Percentage inwoners dat ernstig of zeer ernstig eenzaam is (De Jong Gierveld). Vanaf 2022 meet "
            "het RIVM ‘sterk eenzaam’: een andere maat, een eigen indicator."
        ),
        PERCENT,
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
    Definition(
        "emotioneel-eenzaam",
        "Emotioneel eenzaam",
        "Emotionally lonely",
        _("Percentage inwoners dat een intieme, hechte band mist."),
        PERCENT,
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
    Definition(
        "sociaal-eenzaam",
        "Sociaal eenzaam",
        "Socially lonely",
        _("Percentage inwoners dat een bredere kring van contacten mist (niet gemeten in 2012)."),
        PERCENT,
        RIVM_SOURCE,
        RIVM_METHOD,
    ),
)
STRONGLY_LONELY = Definition(
    "sterk-eenzaam",
    "Sterk eenzaam",
    "Strongly lonely",
    _(
        "Percentage inwoners dat sterk eenzaam is, zoals het RIVM vanaf 2022 meet. Niet te vergelijken met "
        "‘(zeer) ernstig eenzaam’ van eerdere jaren."
    ),
    PERCENT,
    RIVM_LATER_SOURCE,
    _("Modelmatige schatting RIVM voor kleine gebieden, geen directe enquêteuitkomst."),
)
POPULATION = (
    Definition("inwoners", "Inwoners", "Inhabitants", _("Aantal inwoners op 1 januari."), INHABITANTS, CBS_SOURCE),
    Definition(
        "65-plus",
        "65 jaar en ouder",
        "Aged 65 and over",
        _("Percentage inwoners van 65 jaar en ouder."),
        PERCENT,
        CBS_SOURCE,
        _("2025: berekend uit de aantallen 65–80 en 80+ van CBS 70072NED."),
    ),
    Definition(
        "80-plus",
        "80 jaar en ouder",
        "Aged 80 and over",
        _("Percentage inwoners van 80 jaar en ouder."),
        PERCENT,
        CBS_SOURCE,
    ),
    Definition(
        "eenpersoonshuishoudens",
        "Eenpersoonshuishoudens",
        "Single-person households",
        _("Percentage eenpersoonshuishoudens van alle particuliere huishoudens."),
        PERCENT,
        CBS_SOURCE,
    ),
)
ALL = (*LONELINESS, STRONGLY_LONELY, *POPULATION)
BY_SLUG = {definition.slug: definition for definition in ALL}
