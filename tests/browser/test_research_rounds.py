"""Research rounds in Chromium: a researcher enters an interview with answers and progress on one
admin page, and the round pages pass axe in Dutch and English. The round is clearly fictional.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus
from municipalities.models import Municipality
from rounds.models import Answer, Interview, Round
from rounds.services import copy_questionnaire
from tests.workspace_helpers import ONDERZOEKER, PASSWORD, make_user

pytestmark = pytest.mark.browser

SLUG = "test-2099"


def _fictional_round():
    round_ = Round.objects.create(
        slug=SLUG,
        name="Testronde (fictief)",
        starts_on=datetime.date(2099, 3, 1),
        publication_status=PublicationStatus.PUBLISHED,
    )
    copy_questionnaire(round_)
    return round_


def test_researcher_enters_an_interview_with_answers_and_progress(page, site):
    researcher = make_user(ONDERZOEKER, "onderzoeker")
    round_ = _fictional_round()
    heerlen = Municipality.objects.get(slug="heerlen")
    planned = Investment.objects.filter(municipality=heerlen, status=InvestmentStatus.PLANNED).order_by("position")
    first = planned.first()

    page.goto(f"{site}/beheer/login/")
    page.get_by_label("Gebruikersnaam").fill(researcher.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{site}/beheer/")

    page.goto(f"{site}/beheer/rounds/interview/add/?round={round_.pk}&municipality={heerlen.pk}")
    page.locator("#id_mode").select_option("online")
    page.locator("#id_publication_status").select_option("published")
    # The second question, with a topic ticked.
    page.locator("#id_answers-1-text").fill("Fictief: de training is gegeven.")
    page.locator("#answers-1 label", has_text="Training?").click()
    page.locator("#id_answers-1-publication_status").select_option("published")
    # The first planned investment of 2019 is done now.
    expect(page.locator("#id_progress-0-investment")).to_have_value(str(first.pk))
    page.locator("#id_progress-0-status").select_option("completed")
    page.locator("#id_progress-0-publication_status").select_option("published")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    page.wait_for_url(re.compile(r"/beheer/rounds/interview/$"))

    interview = Interview.objects.get(round=round_, municipality=heerlen)
    assert Answer.objects.get(interview=interview).topics.get().slug == "training"
    assert Investment.objects.get(pk=first.pk).status == InvestmentStatus.COMPLETED

    page.goto(f"{site}/gemeenten/heerlen/")
    expect(page.locator(f"#ronde-{SLUG}")).to_be_visible()
    expect(page.get_by_text("Fictief: de training is gegeven.")).to_be_visible()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_round_pages_pass_axe(page, site, check_axe, prefix):
    _fictional_round()
    for path in ("/rondes/", "/rondes/2019/", f"/rondes/{SLUG}/", "/gemeenten/heerlen/", "/vergelijken/?ronde=2019"):
        page.goto(f"{site}{prefix}{path}")
        assert check_axe(page) == ""
