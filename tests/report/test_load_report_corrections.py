"""`load_report` brings the fidelity corrections into a database loaded with the old fixtures.

The old fixtures are made from the current ones by undoing each correction, so the test also
checks that the loader writes every new field: a field it forgot would stay at its old value.
"""

import json
import shutil

import pytest

from core.models import PublicationStatus
from investments.models import Intervention, Investment, Theme
from lessons.models import Lesson, Quote
from municipalities.models import MunicipalityLink
from report.loader import REPORT_DIR, load_report
from report.models import ReportSection

AMSTERDAM = "tien-beloftevolle-experimenten-verduurzaamd"
OLD_THEMES = 16
NEW_LINKS = {
    "https://denhaag.raadsinformatie.nl/modules/13/Overige%20bestuurlijke%20stukken/493048/",
    "https://www.opinionmeter.nl/nieuws/succesverhaal-seniorenwelzijn",
    "https://www.uwcompaan.nl/over-onze-tablets/",
}


def _edit(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _old_fixtures(tmp_path):
    directory = tmp_path / "report"
    shutil.copytree(REPORT_DIR, directory)

    def themes(data):
        del data[OLD_THEMES:]

    _edit(directory / "themes.json", themes)
    _edit(directory / "target_groups.json", lambda data: data.remove(next(g for g in data if g["slug"] == "kinderen")))
    old_slugs = {item["slug"] for item in json.loads((directory / "themes.json").read_text(encoding="utf-8"))}
    for path in (directory / "municipalities").glob("*.json"):

        def municipality(data):
            data["links"] = [link for link in data["links"] if link["url"] not in NEW_LINKS]
            for investment in data["investments"]:
                investment["themes"] = [slug for slug in investment["themes"] if slug in old_slugs]
                investment["target_groups"] = [slug for slug in investment["target_groups"] if slug != "kinderen"]
                if investment["slug"] == AMSTERDAM:
                    investment["title"] = "Tien beloftevolle experimenten verduurzaamd"
                if investment["slug"] == "twee-sociaal-werkers-volgen-de-train-de-trainer-creatief-leven":
                    investment["reach"] = "twee sociaal werkers"

        _edit(path, municipality)
    for name in ("lessons.json", "bottlenecks.json"):

        def findings(data):
            for item in data:
                item.pop("refers_to", None)
                for quote in item.get("quotes", []):
                    quote.pop("paragraph", None)
                    quote.pop("in_text", None)

        _edit(directory / name, findings)

    def interventions(data):
        for item in data:
            item.pop("description_is_editorial", None)
            if item["slug"] == "anwb-automaatje":
                item["description"] = "De gemeente Westerveld verkent welke rol ANWB automaatje kan spelen."

    _edit(directory / "interventions.json", interventions)

    def sections(data):
        questionnaire = next(item for item in data if item["slug"] == "vragenlijst")
        questionnaire.update(
            number="Bijlage 1",
            title="Vragenlijst interviews",
            text=questionnaire["text"]
            .removeprefix("Bijlage 1: Vragenlijst interviews\n\n")
            .replace("  - Sturing\n    - Wat", "  - Sturing — Wat"),
        )

    _edit(directory / "sections.json", sections)
    return directory


def _state():
    # Timestamps where a model has them, every value otherwise: a second run must change neither.
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in (Investment, Intervention, Lesson, Quote, MunicipalityLink, Theme, ReportSection)
    }


@pytest.mark.django_db
def test_reload_brings_the_corrections_into_an_old_database_without_republishing(tmp_path):
    load_report(_old_fixtures(tmp_path))
    # The database now looks as it did before the corrections.
    assert Investment.objects.filter(themes__isnull=True).count() >= 8
    assert not Quote.objects.filter(paragraph__isnull=False).exists()
    assert Investment.objects.get(slug=AMSTERDAM).title == "Tien beloftevolle experimenten verduurzaamd"
    # A researcher took two records offline in the meantime.
    Investment.objects.filter(slug=AMSTERDAM).update(publication_status=PublicationStatus.DRAFT)
    Quote.objects.filter(slug="coalitie-en-netwerkvorming-citaat-1").update(publication_status=PublicationStatus.DRAFT)

    summary = load_report()

    assert summary.changed
    amsterdam = Investment.objects.get(slug=AMSTERDAM)
    assert amsterdam.title == "Bijdrage aan tien beloftevolle experimenten om hun aanpak te verduurzamen"
    assert amsterdam.publication_status == PublicationStatus.DRAFT
    quote = Quote.objects.get(slug="coalitie-en-netwerkvorming-citaat-1")
    assert (quote.paragraph, quote.publication_status) == (3, PublicationStatus.DRAFT)
    assert Quote.objects.filter(paragraph__isnull=False).count() == 15
    assert Quote.objects.filter(in_text=True).count() == 3
    assert Lesson.objects.get(slug="coalitie-en-netwerkvorming").refers_to.slug == "aanpak-inbedden"
    # The one investment the report gives nothing to theme (see test_fidelity_shape.UNTHEMED_BY_THE_REPORT).
    assert list(Investment.objects.filter(themes__isnull=True).values_list("slug", flat=True)) == [
        "ondersteuning-voor-het-project-mijn-rotterdam"
    ]
    assert Theme.objects.get(slug="mobiliteit").name_en == "Mobility and transport"
    assert Investment.objects.get(slug="twee-sociaal-werkers-volgen-de-train-de-trainer-creatief-leven").reach == ""
    assert set(MunicipalityLink.objects.filter(url__in=NEW_LINKS).values_list("url", flat=True)) == NEW_LINKS
    assert Intervention.objects.get(slug="anwb-automaatje").description == ""
    assert Intervention.objects.filter(description_is_editorial=True).exists()
    questionnaire = ReportSection.objects.get(slug="vragenlijst")
    assert (questionnaire.number, questionnaire.title) == ("6", "Bijlagen")
    assert "    - Wat werkt daarbij?" in questionnaire.text

    # And the next run writes nothing.
    before = _state()
    again = load_report()
    assert not again.changed
    assert _state() == before
