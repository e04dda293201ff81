"""Grow the database with fictitious municipalities and everything that hangs off them.

The one data factory of the project: the tests grow the report's data with it to prove that query
counts stay flat, and `manage.py generate_scale_data` uses it to build a national-scale database
(342 municipalities, 10,000 investments) for `make bench-scale`.

Everything it makes is recognisable as test data: municipalities are called "Testgemeente NNN
(fictief)" and get CBS codes from GM9000 up, which the CBS has never issued; texts say they are
fictitious. It writes with bulk_create, so even national scale takes seconds, and it skips history.
"""

from dataclasses import dataclass

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink, Province
from rounds.models import Interview, InterviewMode, Progress, Round

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT

NAME = "Testgemeente {n:03d} (fictief)"
FIRST_CBS_CODE = 9000
# Pages that show one municipality are measured on this one: it gets extra investments, links,
# quotes and tips, so its own page grows too.
MEASURED_MUNICIPALITY = "haarlemmermeer"


@dataclass
class Growth:
    municipalities: int
    investments: int
    quotes: int
    tips: int


def grow(municipalities: int, investments_each: int, *, speakers: int = 10, onto=None) -> Growth:
    """Add `municipalities` published municipalities with `investments_each` investments each.

    The last investment of each municipality is a draft (drafts must cost nothing either); the rest
    are published, with two themes, a target group, an intervention and a partner each. The first
    of each matches the report's Compaan investments and trainings for professionals, so filtered
    lists and searches grow as well. Every lesson and bottleneck names the new municipalities, and
    `speakers` of them get a quote for every finding and a tip for every bottleneck.

    With `onto` (the country's real municipalities, loaded by load_reference_data) the investments go
    to those instead of new fictitious ones; they get no interview, so they stay outside every round.
    """
    existing = Municipality.objects.filter(cbs_code__gte=f"GM{FIRST_CBS_CODE}").count()
    numbers = range(existing, existing + municipalities)
    if numbers and numbers[-1] > 999:
        raise ValueError("At most 1,000 fictitious municipalities fit the GM9000–GM9999 codes.")
    themes = list(Theme.objects.order_by("position"))
    target_groups = list(TargetGroup.objects.order_by("position"))
    interventions = list(Intervention.objects.published().order_by("name"))
    first_themes = list(Theme.objects.filter(slug__in=["training", "technologie"]).values_list("pk", flat=True))
    first_groups = list(TargetGroup.objects.filter(slug__in=["professionals", "ouderen"]).values_list("pk", flat=True))
    compaan = Intervention.objects.filter(slug="compaan").first() or interventions[0]
    partner, _ = Partner.objects.get_or_create(slug="testpartner-fictief", defaults={"name": "Testpartner (fictief)"})
    provinces = Province.values
    lessons = list(Lesson.objects.published())
    bottlenecks = list(Bottleneck.objects.published())
    measured = Municipality.objects.filter(slug=MEASURED_MUNICIPALITY).first()

    new_municipalities = (
        list(onto)
        if onto is not None
        else Municipality.objects.bulk_create(
            Municipality(
                name=NAME.format(n=n),
                slug=f"testgemeente-{n:03d}",
                cbs_code=f"GM{FIRST_CBS_CODE + n}",
                province=provinces[n % len(provinces)],
                context=f"Fictieve gemeente voor metingen, geen echte gegevens. Zij werkt met de Compaan ({n}).",
                approach_name=f"Testaanpak {n}",
                publication_status=PUBLISHED,
            )
            for n in numbers
        )
    )
    report_round = Round.objects.get(slug="2019")
    interviews = Interview.objects.bulk_create(
        Interview(
            municipality=m,
            round=report_round,
            period="november 2019",
            mode=InterviewMode.TELEPHONE,
            publication_status=PUBLISHED,
        )
        for m in ([] if onto is not None else new_municipalities)
    )
    links = [
        MunicipalityLink(municipality=m, title="Website (fictief)", url=f"https://{m.slug}.example.org/")
        for m in new_municipalities
    ]
    if measured:
        links += [
            MunicipalityLink(municipality=measured, title=f"Testlink {n}", url=f"https://test.example.org/{n}/")
            for n in numbers[:5]
        ]
    MunicipalityLink.objects.bulk_create(links)

    new_investments = [
        Investment(
            municipality=municipality,
            status=InvestmentStatus.COMPLETED if k % 3 != 2 else InvestmentStatus.PLANNED,
            title=f"Testinvestering {k} van {municipality.name}",
            slug=f"testinvestering-{k}",
            text=f"Fictief: {municipality.name} zet de Compaan in en geeft een training aan professionals ({k}).",
            reach="150 inwoners",
            position=k,
            publication_status=DRAFT if k == investments_each - 1 else PUBLISHED,
        )
        for municipality in new_municipalities
        for k in range(investments_each)
    ]
    if measured:
        new_investments += [
            Investment(
                municipality=measured,
                status=InvestmentStatus.PLANNED,
                title=f"Testinvestering {n} van {measured.name}",
                slug=f"testinvestering-{n}",
                text=f"Fictief: {measured.name} zet de Compaan in en geeft een training aan professionals ({n}).",
                position=1000 + n,
                publication_status=PUBLISHED,
            )
            for n in numbers[:investments_each]
        ]
    new_investments = Investment.objects.bulk_create(new_investments)
    # The 2019 round records each new investment's status, as it does for the report's own.
    interview_of = {interview.municipality_id: interview for interview in interviews}
    Progress.objects.bulk_create(
        Progress(
            interview=interview_of[investment.municipality_id],
            investment=investment,
            status=investment.status,
            publication_status=PUBLISHED,
        )
        for investment in new_investments
        if investment.municipality_id in interview_of
    )
    _tag(new_investments, themes, target_groups, interventions, partner, first_themes, first_groups, compaan)

    for finding in [*lessons, *bottlenecks]:
        finding.municipalities.through.objects.bulk_create(
            finding.municipalities.through(**{finding._meta.model_name: finding, "municipality": m})
            for m in new_municipalities
        )
    speaking = ([measured] if measured else []) + new_municipalities[:speakers]
    quotes = Quote.objects.bulk_create(
        Quote(
            text=f"Testcitaat {n} (fictief) bij {finding.title}",
            municipality=m,
            **{finding._meta.model_name: finding},
            publication_status=PUBLISHED,
        )
        for finding in [*lessons, *bottlenecks]
        for n, m in enumerate(speaking)
    )
    tips = Tip.objects.bulk_create(
        Tip(
            text=f"Testtip {n} (fictief) bij {bottleneck.title}",
            municipality=m,
            bottleneck=bottleneck,
            position=1000 + n,
            publication_status=PUBLISHED,
        )
        for bottleneck in bottlenecks
        for n, m in enumerate(speaking)
    )
    return Growth(len(new_municipalities), len(new_investments), len(quotes), len(tips))


def _tag(investments, themes, target_groups, interventions, partner, first_themes, first_groups, compaan):
    rows = {"themes": [], "target_groups": [], "interventions": [], "partners": []}
    for index, investment in enumerate(investments):
        first = investment.position % 1000 == 0
        chosen_themes = {themes[index % len(themes)].pk, themes[(index + 5) % len(themes)].pk}
        chosen_groups = {target_groups[index % len(target_groups)].pk}
        if first:
            chosen_themes.update(first_themes)
            chosen_groups.update(first_groups)
        rows["themes"] += [Investment.themes.through(investment=investment, theme_id=pk) for pk in chosen_themes]
        rows["target_groups"] += [
            Investment.target_groups.through(investment=investment, targetgroup_id=pk) for pk in chosen_groups
        ]
        intervention = compaan if first else interventions[index % len(interventions)]
        rows["interventions"].append(Investment.interventions.through(investment=investment, intervention=intervention))
        rows["partners"].append(Investment.partners.through(investment=investment, partner=partner))
    for field, through_rows in rows.items():
        getattr(Investment, field).through.objects.bulk_create(through_rows)
