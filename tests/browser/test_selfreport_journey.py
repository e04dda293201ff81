"""Self-reporting end to end in Chromium, with axe (WCAG 2.2 AA) on every page a municipality sees:
a researcher invites three municipalities; one fills in, saves a draft, comes back, submits; the
researcher returns it with a comment; the municipality resubmits; the researcher accepts and
publishes it; the public pages and open data show it with source "zelfrapportage". Another
municipality's link cannot see it, and an expired link is refused. The round is clearly fictional.
"""

import datetime
import json
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from municipalities.models import Municipality
from rounds.models import Interview, InterviewSource, Round
from rounds.services import copy_questionnaire
from selfreport.models import Submission, SubmissionStatus
from tests.workspace_helpers import ONDERZOEKER, make_user

pytestmark = pytest.mark.browser

ROUND_NAME = "Testronde zelfrapportage (fictief)"
ANSWER = "Fictief: wij organiseerden buurtkamers."
COMMENT = "Noem ook het bereik van de buurtkamers."
LINK = re.compile(r"/rapporteren/([A-Za-z0-9_-]+)/")


def _token_for(email):
    return LINK.search(next(m for m in reversed(mail.outbox) if m.to == [email]).body).group(1)


def _no_violations(page, check_axe):
    report = check_axe(page)
    assert report == "", report


def test_selfreport_journey(page, site, browser, check_axe, log_in_to_workspace):
    researcher = make_user(ONDERZOEKER, "onderzoeker")
    round_ = Round.objects.create(
        slug="zelfrapportage-2099",
        name=ROUND_NAME,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    copy_questionnaire(round_)
    chosen = list(Municipality.objects.filter(slug__in=["heerlen", "delft", "baarn"]).order_by("name"))

    # The researcher invites three municipalities.
    log_in_to_workspace(researcher)
    page.goto(f"{site}/beheer/selfreport/invitation/uitnodigen/")
    page.locator("#id_round").select_option(label=ROUND_NAME)
    page.get_by_role("radio", name="een selectie").check()
    page.locator("#id_municipalities").select_option([m.name for m in chosen])
    page.locator("#id_addresses").fill("\n".join(f"{m.cbs_code} beleid@{m.slug}.example" for m in chosen))
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    expect(page.locator("ul.messagelist")).to_contain_text("3 uitnodigingen verstuurd.")
    heerlen_link = f"{site}/rapporteren/{_token_for('beleid@heerlen.example')}/"
    delft_link = f"{site}/rapporteren/{_token_for('beleid@delft.example')}/"

    # The municipality, in a browser without the researcher's session.
    municipality = browser.new_context()
    town = municipality.new_page()
    town.goto(heerlen_link)
    expect(town.locator("h1")).to_contain_text(ROUND_NAME)
    expect(town.locator(".portal-lead")).to_contain_text("Heerlen")
    _no_violations(town, check_axe)
    town.get_by_label("Naam contactpersoon").fill("Fictieve Naam")
    town.locator("textarea[name^=antwoord_]").first.fill(ANSWER)
    town.locator("input[name^=onderwerpen_]").first.check()
    town.locator("#id_nieuw0_titel").fill("Fictieve buurtkamers")
    town.locator("#id_nieuw0_tekst").fill("Drie fictieve buurtkamers.")
    town.locator("#id_nieuw0_status").select_option("ongoing")
    town.get_by_role("button", name="Concept opslaan").click()
    expect(town.get_by_role("status")).to_contain_text("Uw concept is opgeslagen")
    _no_violations(town, check_axe)

    # Back later with the same link: the draft is kept on the server.
    town.close()
    town = municipality.new_page()
    town.goto(heerlen_link)
    expect(town.locator("textarea[name^=antwoord_]").first).to_have_value(ANSWER)
    town.get_by_label("Functie contactpersoon").fill("beleidsmedewerker")
    town.get_by_role("button", name="Indienen").click()
    town.wait_for_url(re.compile(r"/ingediend/$"))
    expect(town.locator("h1")).to_have_text("Inzending ontvangen")
    _no_violations(town, check_axe)
    assert any("Kopie" in m.subject and ANSWER in m.body for m in mail.outbox)
    # The English page of the same link.
    town.goto(heerlen_link.replace(site, f"{site}/en"))
    expect(town.locator("h1")).to_contain_text("Your submission")
    _no_violations(town, check_axe)

    # Another municipality's link shows its own questionnaire, never Heerlen's answers.
    other = browser.new_context().new_page()
    other.goto(delft_link)
    expect(other.locator(".portal-lead")).to_contain_text("Delft")
    assert ANSWER not in other.content() and "Fictieve Naam" not in other.content()
    other.goto(delft_link.replace(site, f"{site}/en"))
    expect(other.locator("h1")).to_contain_text("Questionnaire")
    _no_violations(other, check_axe)

    # The researcher returns it with a comment.
    submission = Submission.objects.get(invitation__municipality__slug="heerlen")
    review_url = f"{site}/beheer/selfreport/submission/{submission.pk}/change/"
    page.goto(review_url)
    expect(page.locator("#content-main")).to_contain_text(ANSWER)
    page.get_by_label("Terugsturen met opmerking").check()
    page.get_by_label("Opmerking voor de gemeente").fill(COMMENT)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Teruggestuurd")

    # The municipality sees the comment and resubmits.
    town.goto(heerlen_link)
    expect(town.locator("#opmerking")).to_be_visible()
    expect(town.locator("main")).to_contain_text(COMMENT)
    _no_violations(town, check_axe)
    town.locator("#id_nieuw0_bereik").fill("150 inwoners")
    town.get_by_role("button", name="Indienen").click()
    town.wait_for_url(re.compile(r"/ingediend/$"))

    # The researcher accepts, then publishes the whole submission in one action.
    page.goto(review_url)
    page.get_by_label("Accepteren").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Geaccepteerd")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    interview = Interview.objects.get(round=round_, municipality__slug="heerlen")
    assert interview.source == InterviewSource.SELF_REPORT
    page.goto(f"{site}/beheer/rounds/interview/{interview.pk}/publiceren/")
    page.get_by_role("button", name="Ja, publiceren").click()
    expect(page.locator("ul.messagelist")).to_contain_text("gepubliceerd")

    # The public side, without a session.
    public = browser.new_context().new_page()
    public.goto(f"{site}/gemeenten/heerlen/")
    expect(public.locator("main")).to_contain_text(ANSWER)
    expect(public.locator("main")).to_contain_text("bron: zelfrapportage")
    assert "Fictieve Naam" not in public.content()
    public.goto(f"{site}/rondes/{round_.slug}/")
    expect(public.locator("#respons")).to_be_visible()
    expect(public.locator("main")).to_contain_text("bron: zelfrapportage")
    _no_violations(public, check_axe)
    rows = json.loads(public.request.get(f"{site}/open-data/interviews.json").body())
    assert {"gemeente": "Heerlen", "ronde": round_.slug, "bron_soort": "zelfrapportage"}.items() <= next(
        row for row in rows if row["ronde"] == round_.slug
    ).items()

    # An expired link is refused with a clear page.
    Round.objects.filter(pk=round_.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = other.goto(delft_link)
    assert response.status == 410
    expect(other.locator("h1")).to_have_text("Deze link werkt niet meer")
    _no_violations(other, check_axe)
    other.goto(delft_link.replace(site, f"{site}/en"))
    expect(other.locator("h1")).to_have_text("This link no longer works")
    _no_violations(other, check_axe)
