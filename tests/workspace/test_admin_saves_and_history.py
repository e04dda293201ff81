"""Everyday admin use: an unchanged save writes nothing, a refused save does not show its unsaved title,
every change in the history says why, and an impossible id on the history page is a 404."""

from itertools import count

import pytest
from django.test import Client

from investments.models import Investment
from tests.workspace_helpers import IGNORE_URLFIELD_SCHEME_WARNING, ONDERZOEKER, form_data, make_user, page_text

SLUG = "tien-beloftevolle-experimenten-verduurzaamd"


def _investment():
    return Investment.objects.get(municipality__cbs_code="GM0363", slug=SLUG)


def _change_url(investment):
    return f"/beheer/investments/investment/{investment.pk}/change/"


_users = count(1)


def _client():
    client = Client()
    client.force_login(make_user(ONDERZOEKER, username=f"onderzoeker-{next(_users)}"))
    return client


def _latest(investment):
    return investment.history.order_by("-history_date", "-history_id").first()


@pytest.mark.django_db
def test_a_save_without_changes_writes_nothing_and_blocks_no_one():
    investment = _investment()
    version, history_count, updated_at = investment.version, investment.history.count(), investment.updated_at
    first, second = _client(), _client()
    url = _change_url(investment)
    opened_by_second = form_data(second.get(url))

    unchanged = first.post(url, form_data(first.get(url)))

    assert unchanged.status_code == 302
    investment.refresh_from_db()
    assert (investment.version, investment.history.count(), investment.updated_at) == (
        version,
        history_count,
        updated_at,
    )
    # The other editor, who opened the record before the unchanged save, can still save.
    opened_by_second["title"] = "Tien experimenten, blijvend"
    assert second.post(url, opened_by_second).status_code == 302
    investment.refresh_from_db()
    assert investment.title == "Tien experimenten, blijvend"


@pytest.mark.django_db
def test_an_admin_change_records_a_reason_naming_the_fields():
    investment = _investment()
    client = _client()
    data = form_data(client.get(_change_url(investment)))
    data["title"] = "Tien experimenten, blijvend"

    client.post(_change_url(investment), data)

    assert _latest(investment).history_change_reason == "Gewijzigd via beheer: Titel"


@pytest.mark.django_db
def test_a_refused_stale_save_shows_the_stored_title_in_heading_and_breadcrumb():
    investment = _investment()
    stored_title = investment.title
    first, second = _client(), _client()
    url = _change_url(investment)
    opened_by_second = form_data(second.get(url))
    saved = form_data(first.get(url))
    saved["reach"] = "200 inwoners"
    assert first.post(url, saved).status_code == 302

    opened_by_second["title"] = "Een titel die niet is opgeslagen"
    refused = second.post(url, opened_by_second)

    assert refused.status_code == 200
    assert "Iemand anders heeft dit record opgeslagen" in page_text(refused)
    assert refused.context["original"].title == stored_title
    assert refused.context["subtitle"] == str(Investment.objects.get(pk=investment.pk))
    html = refused.content.decode()
    breadcrumbs = html.split('class="breadcrumbs"', 1)[1].split("</div>", 1)[0]
    assert "Een titel die niet is opgeslagen" not in breadcrumbs
    # The field itself keeps what the editor typed, so nothing they wrote is lost.
    assert refused.context["adminform"].form["title"].value() == "Een titel die niet is opgeslagen"


@pytest.mark.django_db
@pytest.mark.parametrize("object_id", ["100/change", "geen-getal", "99999999"])
def test_history_of_an_impossible_or_unknown_id_is_a_404(object_id):
    response = _client().get(f"/beheer/investments/investment/{object_id}/history/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_history_list_shows_a_dash_not_none_and_names_a_command_as_the_author():
    investment = _investment()
    # The report loader wrote the first version: no user, no reason.
    text = page_text(_client().get(f"/beheer/investments/investment/{investment.pk}/history/"))
    assert "None" not in text
    assert "beheercommando" in text
    assert "—" in text


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
def test_a_record_changed_in_an_inline_records_a_reason_too():
    investment = _investment()
    client = _client()
    url = f"/beheer/municipalities/municipality/{investment.municipality.pk}/change/"
    data = form_data(client.get(url))
    prefix = next(key[: -len("-slug")] for key, value in data.items() if key.endswith("-slug") and value == SLUG)
    data[f"{prefix}-title"] = "Via de gemeentepagina gewijzigd"

    response = client.post(url, data)

    assert response.status_code == 302, page_text(response)[:2000]
    investment.refresh_from_db()
    assert investment.title == "Via de gemeentepagina gewijzigd"
    assert _latest(investment).history_change_reason == "Gewijzigd via beheer: Titel"
    # The municipality itself was not changed, so it got no new version.
    municipality = investment.municipality
    assert municipality.history.count() == 1
