"""A researcher's whole journey through a new round, in Chromium: create the round, enter one
interview with answers, progress and a new investment on one page, publish it as a unit after its
preview, and find it on the public site and in the open data. The interview page passes axe
(WCAG 2.2 AA). The round is clearly fictional.
"""

import json
import re

import pytest
from playwright.sync_api import expect

from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus, Theme
from municipalities.models import Municipality
from rounds.models import Interview, Round
from tests.workspace_helpers import ONDERZOEKER, PASSWORD, make_user

pytestmark = pytest.mark.browser

SLUG = "testronde-2099-fictief"
ROUND_NAME = "Testronde 2099 (fictief)"
NEW_TITLE = "Fictieve buurtkamer"
ANSWER = "Fictief: de training is gegeven."
# WCAG 2.2 AA, the level the brief asks of the interview page.
AXE_WCAG22 = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
}


class Steps:
    """Counts what the researcher does: each page opened, field filled, box ticked or button pressed."""

    def __init__(self):
        self.count = 0

    def __call__(self, action, *args, **kwargs):
        self.count += 1
        return action(*args, **kwargs)


def test_new_round_to_published_interview_in_one_journey(page, site, browser, axe):
    researcher = make_user(ONDERZOEKER, "onderzoeker")
    heerlen = Municipality.objects.get(slug="heerlen")
    planned = list(
        Investment.objects.filter(municipality=heerlen, status=InvestmentStatus.PLANNED).order_by("position", "pk")
    )
    done, unchanged = planned[0], planned[1]
    theme = Theme.objects.order_by("position", "name").first()
    step = Steps()

    # Log in.
    step(page.goto, f"{site}/beheer/login/")
    step(page.get_by_label("Gebruikersnaam").fill, researcher.username)
    step(page.get_by_label("Wachtwoord").fill, PASSWORD)
    step(page.get_by_role("button", name="Aanmelden").click)
    page.wait_for_url(f"{site}/beheer/")

    # A new round: it gets a copy of the previous questionnaire.
    step(page.goto, f"{site}/beheer/rounds/round/add/")
    step(page.locator("#id_name").fill, ROUND_NAME)
    step(page.locator("#id_starts_on").fill, "2099-03-01")
    step(page.get_by_role("button", name="Opslaan", exact=True).click)
    page.wait_for_url(re.compile(r"/beheer/rounds/round/$"))
    round_ = Round.objects.get(name=ROUND_NAME)
    assert round_.slug == SLUG  # filled in from the name by the page
    assert round_.questions.count() == 5

    # A new interview asks the round, the municipality and the form, then opens its own page.
    step(page.goto, f"{site}/beheer/rounds/interview/add/")
    step(page.get_by_label("Ronde").select_option, label=ROUND_NAME)
    step(page.get_by_label("Gemeente").select_option, label="Heerlen")
    step(page.get_by_label("Vorm").select_option, "online")
    step(page.get_by_role("button", name="Opslaan", exact=True).click)
    interview = Interview.objects.get(round=round_, municipality=heerlen)
    page.wait_for_url(f"{site}/beheer/rounds/interview/{interview.pk}/change/")
    expect(page.locator("ul.messagelist")).to_contain_text("Vul nu de antwoorden en de voortgang in.")

    # The interview page: an answer with a topic, two investments from 2019, one new investment.
    question = page.locator("#vraag-2")
    expect(question.locator("legend").first).to_contain_text("2. Tot welke resultaten heeft dat geleid?")
    step(question.get_by_label("Antwoord").fill, ANSWER)
    step(question.get_by_label("Training?").check)
    step(page.locator(f"#investering-{done.pk}").get_by_label("gedaan", exact=True).check)
    step(page.locator(f"#investering-{unchanged.pk}").get_by_label("ongewijzigd (gepland)", exact=True).check)
    new = page.locator(".interview-new-investment").first
    step(new.get_by_label("Titel").fill, NEW_TITLE)
    step(new.get_by_label("Tekst").fill, "Een buurtkamer die alleen in deze testronde bestaat.")
    step(new.get_by_label("Stand in deze ronde").select_option, "ongoing")
    step(new.locator("summary").click)
    step(new.get_by_label(theme.name, exact=True).check)
    step(page.get_by_role("button", name="Opslaan", exact=True).click)
    expect(page.locator("ul.messagelist")).to_have_text(
        "Opgeslagen: 1 antwoord, 3 keer voortgang, 1 nieuwe investering."
    )
    results = axe.run(page, options=AXE_WCAG22)
    assert results.violations_count == 0, results.generate_report()

    # Publish the interview as a unit: first what will go public, then all of it at once.
    step(page.get_by_role("link", name="Interview publiceren").click)
    preview = page.get_by_role("main")
    expect(preview).to_contain_text(NEW_TITLE)
    expect(preview).to_contain_text(ROUND_NAME)
    results = axe.run(page, options=AXE_WCAG22)
    assert results.violations_count == 0, results.generate_report()
    step(page.get_by_role("button", name="Ja, publiceren").click)
    page.wait_for_url(f"{site}/beheer/rounds/interview/{interview.pk}/change/")
    expect(page.locator("ul.messagelist")).to_have_text("7 onderdelen gepubliceerd.")
    new_investment = Investment.objects.get(municipality=heerlen, title=NEW_TITLE)
    assert new_investment.publication_status == PublicationStatus.PUBLISHED
    assert list(new_investment.themes.all()) == [theme]

    # A visitor sees it on the municipality page, the round page, the filtered list and in open data.
    visitor = browser.new_page()
    visitor.goto(f"{site}/gemeenten/heerlen/")
    expect(visitor.get_by_text(ANSWER)).to_be_visible()
    expect(visitor.get_by_role("main")).to_contain_text(NEW_TITLE)
    visitor.goto(f"{site}/rondes/{SLUG}/")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(ROUND_NAME)
    expect(visitor.get_by_role("main")).to_contain_text("1 gedaan")
    visitor.goto(f"{site}/investeringen/?ronde={SLUG}")
    main = visitor.get_by_role("main")
    for title in (NEW_TITLE, done.title, unchanged.title):
        expect(main).to_contain_text(title)
    response = visitor.request.get(f"{site}/open-data/voortgang.json?ronde={SLUG}")
    rows = {(row["investering"], row["status"]) for row in json.loads(response.body())}
    # "Unchanged" is stored, so it shows as still planned, not as "niet besproken".
    assert rows == {(done.pk, "gedaan"), (unchanged.pk, "gepland"), (new_investment.pk, "loopt")}
    visitor.close()

    print(f"\nSteps from login to published interview: {step.count}")
    # 4 to log in, 4 for the round, 5 to start the interview, 10 on its page, 2 to publish it.
    assert step.count == 25
