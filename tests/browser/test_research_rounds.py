"""Research rounds in Chromium: the round pages pass axe in Dutch and English (the researcher's journey
through a new round is in test_interview_journey.py). The round is clearly fictional.
"""

import datetime

import pytest

from core.models import PublicationStatus
from rounds.models import Round
from rounds.services import copy_questionnaire

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


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_round_pages_pass_axe(page, site, check_axe, prefix):
    _fictional_round()
    for path in ("/rondes/", "/rondes/2019/", f"/rondes/{SLUG}/", "/gemeenten/heerlen/", "/vergelijken/?ronde=2019"):
        page.goto(f"{site}{prefix}{path}")
        assert check_axe(page) == ""
