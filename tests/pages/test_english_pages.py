"""English pages: the interview line starts with a capital, the Dutch month is marked as Dutch, and the
home page says the report's content is in Dutch."""

import pytest

from rounds.models import Interview
from tests.pages.helpers import get


@pytest.mark.django_db
def test_the_interview_line_starts_with_a_capital_in_english(client):
    interview = Interview.objects.filter(mode="telephone", period="november 2019").select_related("municipality")[0]
    html = get(client, f"/en/gemeenten/{interview.municipality.slug}/")
    assert '<span lang="nl">November 2019</span>, by telephone' in html
    assert "november 2019, by telephone" not in html


@pytest.mark.django_db
def test_the_english_home_page_says_the_content_is_in_dutch(client):
    assert "the content from the report (investments, lessons, bottlenecks, tips and quotes) is in Dutch" in get(
        client, "/en/"
    )
    assert "is in het Nederlands" not in get(client, "/")
