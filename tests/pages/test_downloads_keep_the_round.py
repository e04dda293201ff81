"""The investment list's download links carry its round, so the file holds the page's selection."""

import pytest
from django.http import QueryDict

from pages.downloads import selection_downloads
from rounds.filters import RoundInvestmentFilterForm

pytestmark = pytest.mark.django_db


def test_a_round_selection_downloads_with_its_round(client):
    page = client.get("/investeringen/?ronde=2019&status=gepland&pagina=2&sorteer=titel").content.decode()

    assert 'href="/open-data/investeringen.csv?status=gepland&amp;ronde=2019"' in page
    assert 'href="/open-data/investeringen.xlsx?status=gepland&amp;ronde=2019"' in page


def test_an_unknown_round_is_ignored_by_the_page_and_its_downloads(client):
    page = client.get("/investeringen/?ronde=1999&status=gepland").content.decode()

    assert 'href="/open-data/investeringen.csv?status=gepland"' in page


def test_the_downloads_pass_on_the_forms_own_filters_by_default():
    form = RoundInvestmentFilterForm(QueryDict("sorteer=titel&pagina=2&ronde=2019&q=compaan&status=gepland"))

    links = selection_downloads("investeringen", form)

    urls = [file["url"] for file in links["files"]]
    assert "/open-data/investeringen.csv?q=compaan&status=gepland&ronde=2019" in urls
