"""`interventies`: the named approaches of the report, with the municipalities that use them."""

from django.utils.translation import gettext_lazy as _

from investments.models import Intervention, Investment
from municipalities.models import Municipality
from rounds.models import InterventionStage, InterventionStageNote, intervention_stages

from .base import BOOLEAN, TEXT, TEXT_LIST, URL, Dataset, Field, column


class Context:
    """What a row reads besides the intervention: the address maker, and the stage of every link."""

    def __init__(self, absolute_url, stages):
        self.absolute_url = absolute_url
        # {(intervention id, municipality id): the stages of its links} for the published investments.
        self.stages = stages

    def municipalities_at(self, intervention, stage) -> list[str]:
        return [
            municipality.name
            for municipality in intervention.public_municipalities
            if stage in self.stages.get((intervention.pk, municipality.pk), ())
        ]


def _at(stage):
    return lambda intervention, context: context.municipalities_at(intervention, stage)


class InterventionDataset(Dataset):
    name = "interventies"
    title = _("Interventies")
    description = _("De benoemde aanpakken uit het rapport, met de gemeenten die ze inzetten of van plan zijn.")
    models = (Intervention, Investment, Municipality, InterventionStageNote)
    fields = (
        Field("naam", TEXT, _("Naam van de interventie."), column("name")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal."), column("slug")),
        Field(
            "omschrijving",
            TEXT,
            _(
                "Omschrijving: letterlijk uit het rapport, of een samenvatting door de makers van dit portaal "
                "waar ‘omschrijving_redactioneel’ waar is."
            ),
            column("description"),
        ),
        Field(
            "website", URL, _("Website uit de voetnoten van het rapport; leeg als die er niet is."), column("website")
        ),
        Field(
            "gemeenten",
            TEXT_LIST,
            _(
                "Namen van de gemeenten met een investering die deze interventie noemt: in gebruik, gepland of "
                "verkend (zie de velden hieronder)."
            ),
            lambda intervention, _context: [municipality.name for municipality in intervention.public_municipalities],
        ),
        Field(
            "url",
            URL,
            _("Pagina van de interventie op dit portaal."),
            lambda intervention, context: context.absolute_url(intervention.get_absolute_url()),
        ),
        Field(
            "omschrijving_redactioneel",
            BOOLEAN,
            _("Waar als de omschrijving het rapport samenvat in plaats van letterlijk citeert (redactioneel)."),
            column("description_is_editorial"),
        ),
        Field(
            "gemeenten_in_gebruik",
            TEXT_LIST,
            _("Gemeenten met een gedane of lopende investering die de interventie inzet."),
            _at(InterventionStage.IN_USE),
        ),
        Field(
            "gemeenten_gepland",
            TEXT_LIST,
            _("Gemeenten met een geplande of uitgestelde investering die de interventie noemt."),
            _at(InterventionStage.PLANNED),
        ),
        Field(
            "gemeenten_verkend",
            TEXT_LIST,
            _("Gemeenten die volgens de tekst van het rapport alleen verkennen of de interventie past."),
            _at(InterventionStage.EXPLORED),
        ),
    )
    reads_instances = True

    def queryset(self):
        return Intervention.objects.published().with_municipalities().order_by("name")

    def context(self, absolute_url, queryset):
        stages = {}
        for link in intervention_stages(Investment.objects.published()):
            stages.setdefault((link.intervention_id, link.municipality_id), set()).add(link.stage)
        return Context(absolute_url, stages)
