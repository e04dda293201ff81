"""Values kept in process memory are shared by every request and thread of a process (core.derived,
`in_process=True`): a request must never write its language's addresses onto them. Dutch and English
requests run side by side in threads here, as a threaded server would run them, and every page must be
the page its own language gives when it runs alone."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

# Haarlemmermeer's page lists the interventions it uses, each with the municipalities that use it.
PAGES = {"nl": "/gemeenten/haarlemmermeer/", "en": "/en/gemeenten/haarlemmermeer/"}


def _page(language):
    response = Client().get(PAGES[language])
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_dutch_page_is_unchanged_by_english_requests_in_other_threads(precomputed):
    alone = {language: _page(language) for language in PAGES}
    assert 'href="/interventies/' in alone["nl"]
    assert 'href="/en/interventies/' in alone["en"]

    languages = ["nl", "en"] * 20
    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = list(pool.map(_page, languages))

    for language, page in zip(languages, pages, strict=True):
        assert page == alone[language], f"a {language} page changed while the other language was served"
    # And once more after them, in this thread.
    assert _page("nl") == alone["nl"]
