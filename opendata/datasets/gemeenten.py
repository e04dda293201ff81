"""`gemeenten`: every published municipality with its numbers of investments and its links."""

from django.utils.translation import gettext_lazy as _

from investments.models import Investment, Theme, with_public_investment_in_theme
from municipalities.models import Municipality, MunicipalityLink
from rounds.models import Interview, Round
from rounds.selectors import rounds_by_municipality

from .base import (
    INTEGER,
    TEXT,
    TEXT_LIST,
    URL,
    Dataset,
    Field,
    column,
    lookup,
    municipality_facts,
    origin_of,
    province_named,
    published_municipalities,
)


class Context:
    def __init__(self, origin, facts, links, rounds):
        self.origin, self.facts, self.links, self.rounds = origin, facts, links, rounds

    def facts_of(self, record):
        return self.facts[record["pk"]]


def _links_of(queryset) -> dict[int, list[str]]:
    """{municipality id: its links' addresses} of the selection, in one query: a prefetch clones a
    queryset per municipality, which cost more than the rest of the file (342 municipalities)."""
    links = {}
    for municipality_id, url in (
        MunicipalityLink.objects.filter(municipality__in=queryset.order_by().values("pk"))
        .order_by("position", "pk")
        .values_list("municipality_id", "url")
    ):
        links.setdefault(municipality_id, []).append(url)
    return links


def _fact(index):
    return lambda record, context: context.facts_of(record)[index]


class MunicipalityDataset(Dataset):
    name = "gemeenten"
    title = _("Gemeenten")
    description = _(
        "De gemeenten van Nederland; de zestien die in 2018 de decentralisatie-uitkering eenzaamheid ontvingen "
        "hebben investeringen en de rondes waarin ze meededen."
    )
    fields = (
        Field("naam", TEXT, _("Naam van de gemeente."), column("name")),
        Field("slug", TEXT, _("Korte naam in de adressen van dit portaal."), column("slug")),
        Field("cbs_code", TEXT, _("Gemeentecode van het CBS: GM en vier cijfers."), column("cbs_code")),
        Field("provincie", TEXT, _("Provincie waarin de gemeente ligt."), _fact(1)),
        Field("aantal_gedaan", INTEGER, _("Aantal gedane investeringen."), _fact(2)),
        Field("aantal_gepland", INTEGER, _("Aantal geplande investeringen."), _fact(3)),
        Field(
            "url",
            URL,
            _("Pagina van de gemeente op dit portaal."),
            lambda record, context: context.origin + context.facts_of(record)[0],
        ),
        Field("website", URL, _("Website van de gemeente; leeg als die niet bekend is."), column("website")),
        Field(
            "links",
            _("lijst van URL's"),
            _("Adressen van de links die het rapport bij de gemeente noemt."),
            lambda record, context: context.links.get(record["pk"], []),
        ),
        Field(
            "rondes",
            TEXT_LIST,
            _("Slugs van de onderzoeksrondes waarin de gemeente meedeed (een openbaar interview had); leeg als geen."),
            lambda record, context: [slug for slug, _name in context.rounds.get(record["pk"], ())],
        ),
    )
    extra_columns = ("pk",)
    models = (Municipality, Investment, MunicipalityLink, Interview, Round)
    filters = {
        "provincie": lambda queryset, value: queryset.filter(province=province_named(value)),
        "thema": lambda queryset, value: with_public_investment_in_theme(
            queryset, lookup(Theme.objects.all(), value, "thema")
        ),
    }

    def queryset(self):
        # The numbers of investments come from `municipality_facts`, counted once per content version.
        return published_municipalities()

    def context(self, absolute_url, queryset):
        return Context(origin_of(absolute_url), municipality_facts(), _links_of(queryset), rounds_by_municipality())
