"""`interventies`: the named approaches of the report, with the municipalities that use them."""

from django.utils.translation import gettext_lazy as _

from investments.models import Intervention, Investment
from municipalities.models import Municipality

from .base import TEXT, TEXT_LIST, URL, Dataset, Field, column


class InterventionDataset(Dataset):
    name = "interventies"
    title = _("Interventies")
    description = _("De benoemde aanpakken uit het rapport, met de gemeenten die ze inzetten of van plan zijn.")
    models = (Intervention, Investment, Municipality)
    fields = (
        Field("naam", TEXT, _("Naam van de interventie."), column("name")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal."), column("slug")),
        Field("omschrijving", TEXT, _("Omschrijving in de woorden van het rapport."), column("description")),
        Field(
            "website", URL, _("Website uit de voetnoten van het rapport; leeg als die er niet is."), column("website")
        ),
        Field(
            "gemeenten",
            TEXT_LIST,
            _("Namen van de gemeenten met een investering die deze interventie gebruikt."),
            lambda intervention, _context: [municipality.name for municipality in intervention.public_municipalities],
        ),
        Field(
            "url",
            URL,
            _("Pagina van de interventie op dit portaal."),
            lambda intervention, absolute_url: absolute_url(intervention.get_absolute_url()),
        ),
    )
    reads_instances = True

    def queryset(self):
        return Intervention.objects.published().with_municipalities().order_by("name")
