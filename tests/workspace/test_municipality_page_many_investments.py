"""A municipality page in the workspace showed every investment as an inline form, about nine
queries each: after a 100,000-row import it timed out. Beyond INLINE_INVESTMENTS_MAX the page
leaves them out and links to the municipality's investments in the list, which pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investments.models import Investment
from municipalities.models import Municipality
from tests.workspace_helpers import IGNORE_URLFIELD_SCHEME_WARNING, ONDERZOEKER, form_data, make_user, page_text
from workspace import admin as workspace_admin


def _inlined_models(response):
    return [inline.formset.model for inline in response.context["inline_admin_formsets"]]


@pytest.fixture
def amsterdam():
    return Municipality.objects.get(cbs_code="GM0363")


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
def test_a_municipality_with_many_investments_links_to_them_instead(client, amsterdam, monkeypatch):
    client.force_login(make_user(ONDERZOEKER))
    url = f"/beheer/municipalities/municipality/{amsterdam.pk}/change/"
    assert Investment in _inlined_models(client.get(url))
    with CaptureQueriesContext(connection) as inlined:
        client.get(url)
    monkeypatch.setattr(workspace_admin, "INLINE_INVESTMENTS_MAX", 3)

    with CaptureQueriesContext(connection) as linked:
        response = client.get(url)

    assert Investment not in _inlined_models(response)
    assert "meer dan 3 investeringen" in page_text(response)
    assert f'href="/beheer/investments/investment/?municipality__id__exact={amsterdam.pk}"' in response.content.decode()
    assert len(linked.captured_queries) < len(inlined.captured_queries)


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
def test_saving_such_a_municipality_leaves_its_investments_alone(client, amsterdam, monkeypatch):
    monkeypatch.setattr(workspace_admin, "INLINE_INVESTMENTS_MAX", 3)
    client.force_login(make_user(ONDERZOEKER))
    url = f"/beheer/municipalities/municipality/{amsterdam.pk}/change/"
    data = form_data(client.get(url))
    data["programme"] = "Een nieuw programma"
    investments = list(amsterdam.investments.order_by("pk").values_list("pk", "version", "title"))

    assert client.post(url, data).status_code == 302

    amsterdam.refresh_from_db()
    assert amsterdam.programme == "Een nieuw programma"
    assert list(amsterdam.investments.order_by("pk").values_list("pk", "version", "title")) == investments
