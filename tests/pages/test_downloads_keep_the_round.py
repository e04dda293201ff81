"""The investment list's download links carry its round, so the file holds the page's selection."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_round_selection_downloads_with_its_round(client):
    page = client.get("/investeringen/?ronde=2019&status=gepland&pagina=2&sorteer=titel").content.decode()

    assert 'href="/open-data/investeringen.csv?status=gepland&amp;ronde=2019"' in page
    assert 'href="/open-data/investeringen.xlsx?status=gepland&amp;ronde=2019"' in page


def test_an_unknown_round_is_ignored_by_the_page_and_its_downloads(client):
    page = client.get("/investeringen/?ronde=1999&status=gepland").content.decode()

    assert 'href="/open-data/investeringen.csv?status=gepland"' in page
