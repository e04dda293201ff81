"""Change history with revert and recovery (django-simple-history), and no lost edits
(optimistic locking): the later of two saves is refused with a message naming what changed.
"""

import pytest
from django.test import Client

from investments.models import Investment
from municipalities.models import Municipality
from tests.workspace_helpers import (
    IGNORE_URLFIELD_SCHEME_WARNING,
    MINISTERIE,
    ONDERZOEKER,
    SUPERUSER,
    form_data,
    make_user,
    page_text,
)

STALE = "Iemand anders heeft dit record opgeslagen"
SLUG = "tien-beloftevolle-experimenten-verduurzaamd"
OLD_TITLE = "Bijdrage aan tien beloftevolle experimenten om hun aanpak te verduurzamen"


def _investment():
    return Investment.objects.get(municipality__cbs_code="GM0363", slug=SLUG)


def _change_url(investment):
    return f"/beheer/investments/investment/{investment.pk}/change/"


def _history_url(investment):
    return f"/beheer/investments/investment/{investment.pk}/history/"


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _latest(records):
    return records.order_by("-history_date", "-history_id").first()


def _edit(client, url, **changes):
    """Open the change page, change some fields as a researcher would, and save."""
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


@pytest.fixture
def researcher():
    return make_user(ONDERZOEKER)


@pytest.fixture
def researcher_client(researcher):
    return _client_for(researcher)


# --- History ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_edit_is_recorded_with_who_when_and_what(researcher, researcher_client):
    investment = _investment()
    version = investment.version
    history_before = investment.history.count()

    response = _edit(researcher_client, _change_url(investment), title="Tien experimenten, blijvend")

    assert response.status_code == 302
    investment.refresh_from_db()
    assert investment.title == "Tien experimenten, blijvend"
    assert investment.version == version + 1
    assert investment.history.count() == history_before + 1
    latest = _latest(investment.history)
    assert latest.history_type == "~"
    assert latest.history_user == researcher
    assert latest.history_date is not None
    delta = latest.diff_against(latest.prev_record)
    # Only the title changed; re-saving the untouched relations records no phantom change.
    assert [change.field for change in delta.changes] == ["title"]
    assert (delta.changes[0].old, delta.changes[0].new) == (OLD_TITLE, "Tien experimenten, blijvend")


@pytest.mark.django_db
def test_history_page_lists_the_change(researcher, researcher_client):
    investment = _investment()
    _edit(researcher_client, _change_url(investment), title="Tien experimenten, blijvend")

    response = researcher_client.get(_history_url(investment))

    assert response.status_code == 200
    text = page_text(response)
    assert researcher.username in text
    assert f"Titel: {OLD_TITLE} → Tien experimenten, blijvend" in text


@pytest.mark.django_db
def test_history_page_is_in_dutch(researcher_client):
    investment = _investment()
    _edit(researcher_client, _change_url(investment), title="Tien experimenten, blijvend")
    text = page_text(researcher_client.get(_history_url(investment)))
    assert "Choose a date from the list below" not in text
    assert "Changed by" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [SUPERUSER, ONDERZOEKER, MINISTERIE])
def test_history_page_is_open_to_every_role(role):
    client = _client_for(make_user(role))
    assert client.get(_history_url(_investment())).status_code == 200


@pytest.mark.django_db
def test_history_form_shows_the_old_version(researcher_client):
    investment = _investment()
    _edit(researcher_client, _change_url(investment), title="Tien experimenten, blijvend")
    original = investment.history.get(history_type="+")

    response = researcher_client.get(f"{_history_url(investment)}{original.history_id}/")

    assert response.status_code == 200
    assert response.context["adminform"].form["title"].value() == OLD_TITLE


@pytest.mark.django_db
def test_revert_through_the_history_form_restores_the_old_value(researcher, researcher_client):
    investment = _investment()
    _edit(researcher_client, _change_url(investment), title="Tien experimenten, blijvend")
    investment.refresh_from_db()
    edited_version = investment.version
    original = investment.history.get(history_type="+")
    revert_url = f"{_history_url(investment)}{original.history_id}/"

    response = researcher_client.post(revert_url, form_data(researcher_client.get(revert_url)))

    assert response.status_code == 302, page_text(response)
    investment.refresh_from_db()
    assert investment.title == OLD_TITLE
    # A revert is a new version, never an old number again: an editor who opened the page before the
    # revert must still be refused.
    assert investment.version == edited_version + 1
    latest = _latest(investment.history)
    assert (latest.history_user, latest.history_change_reason) == (
        researcher,
        "Teruggezet naar een eerdere versie via beheer",
    )


# --- Deleting and recovering ------------------------------------------------------------------------------


def _delete_as_superuser(investment):
    admin = _client_for(make_user(SUPERUSER, "beheerder"))
    response = admin.post(f"/beheer/investments/investment/{investment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Investment.objects.filter(pk=investment.pk).exists()


@pytest.mark.django_db
def test_researcher_may_not_delete(researcher_client):
    investment = _investment()
    response = researcher_client.post(f"/beheer/investments/investment/{investment.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Investment.objects.filter(pk=investment.pk).exists()


@pytest.mark.django_db
def test_deleted_investment_is_listed_on_the_start_page_and_recovered_from_its_history(researcher, researcher_client):
    investment = _investment()
    values = {"title": investment.title, "text": investment.text, "municipality_id": investment.municipality_id}
    _delete_as_superuser(investment)

    # The start page lists the deletion and links to the history page.
    start = researcher_client.get("/beheer/")
    # Its progress in the 2019 round went with it (listed too); the investment is what matters here.
    deletions = [deletion for deletion in start.context["deletions"] if deletion.label == "investering"]
    assert [(deletion.title, deletion.deleted_by) for deletion in deletions] == [(str(investment), "beheerder")]
    assert deletions[0].history_url == _history_url(investment)
    assert f'href="{_history_url(investment)}"' in start.content.decode()
    assert "Onlangs verwijderd" in page_text(start)

    # The history page still opens for the deleted record and offers the last version to revert to.
    history_page = researcher_client.get(_history_url(investment))
    assert history_page.status_code == 200
    last_version = investment.history.exclude(history_type="-").order_by("-history_date", "-history_id").first()
    revert_url = f"{_history_url(investment)}{last_version.history_id}/"
    assert f'href="{revert_url}"' in history_page.content.decode()

    response = researcher_client.post(revert_url, form_data(researcher_client.get(revert_url)))

    assert response.status_code == 302
    recovered = Investment.objects.get(pk=investment.pk)
    assert {name: getattr(recovered, name) for name in values} == values
    # The recovery is recorded as a new insert by the researcher (restoring the many-to-many
    # values may add change records after it).
    deletion = recovered.history.filter(history_type="-").latest("history_date")
    after_deletion = recovered.history.filter(history_date__gt=deletion.history_date)
    assert after_deletion.filter(history_type="+", history_user=researcher).exists()


@pytest.mark.django_db
def test_recovered_investment_keeps_its_themes_and_target_groups(researcher_client):
    investment = Investment.objects.filter(themes__isnull=False, target_groups__isnull=False).first()
    themes = set(investment.themes.values_list("slug", flat=True))
    target_groups = set(investment.target_groups.values_list("slug", flat=True))
    _delete_as_superuser(investment)
    last_version = investment.history.exclude(history_type="-").order_by("-history_date", "-history_id").first()
    revert_url = f"{_history_url(investment)}{last_version.history_id}/"

    researcher_client.post(revert_url, form_data(researcher_client.get(revert_url)))

    recovered = Investment.objects.get(pk=investment.pk)
    assert set(recovered.themes.values_list("slug", flat=True)) == themes
    assert set(recovered.target_groups.values_list("slug", flat=True)) == target_groups


@pytest.mark.django_db
def test_ministry_start_page_offers_no_recovery():
    # Recovering is a change; the ministry may not change anything, so it is not shown the deletions.
    _delete_as_superuser(_investment())
    response = _client_for(make_user(MINISTERIE)).get("/beheer/")
    assert response.context["deletions"] == []
    assert "Onlangs verwijderd" not in page_text(response)


# --- No lost edits -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_later_of_two_saves_is_refused_and_names_the_change(researcher):
    investment = _investment()
    url = _change_url(investment)
    first = _client_for(researcher)
    second = _client_for(make_user(ONDERZOEKER, "tweede-onderzoeker"))
    # Both open the same version of the record.
    first_data = form_data(first.get(url))
    second_data = form_data(second.get(url))
    history_before = investment.history.count()

    first_data["title"] = "Titel van de eerste"
    assert first.post(url, first_data).status_code == 302
    second_data["reach"] = "Bereik van de tweede"
    refused = second.post(url, second_data)

    assert refused.status_code == 200
    errors = refused.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith(STALE)
    # Who changed what, so the second researcher knows what to look at.
    assert f"gewijzigd door {researcher.username} op " in errors[0]
    assert "gewijzigde velden: titel" in errors[0]
    assert STALE in page_text(refused)
    investment.refresh_from_db()
    assert investment.title == "Titel van de eerste"
    assert investment.reach != "Bereik van de tweede"
    assert investment.history.count() == history_before + 1

    # Reopening the record and making the change again works.
    assert _edit(second, url, reach="Bereik van de tweede").status_code == 302
    investment.refresh_from_db()
    assert (investment.title, investment.reach) == ("Titel van de eerste", "Bereik van de tweede")


@pytest.mark.django_db
def test_same_user_in_two_tabs_is_protected_too(researcher, researcher_client):
    investment = _investment()
    url = _change_url(investment)
    tab_one = form_data(researcher_client.get(url))
    tab_two = form_data(researcher_client.get(url))

    assert researcher_client.post(url, tab_one | {"title": "Uit tab één"}).status_code == 302
    refused = researcher_client.post(url, tab_two | {"title": "Uit tab twee"})

    assert refused.status_code == 200
    assert STALE in page_text(refused)
    investment.refresh_from_db()
    assert investment.title == "Uit tab één"


@pytest.mark.django_db
def test_publishing_while_someone_edits_refuses_their_stale_save(researcher):
    investment = _investment()
    # A save (not .update()), so the draft version is in the history the message compares with.
    investment.publication_status = "draft"
    investment.save()
    url = _change_url(investment)
    editor = _client_for(researcher)
    publisher = _client_for(make_user(ONDERZOEKER, "publiceerder"))
    stale_data = form_data(editor.get(url))

    publisher.post(
        "/beheer/investments/investment/", {"action": "publish_selected", "_selected_action": [investment.pk]}
    )
    # The editor's form still says "draft"; saving it would silently take the item offline again.
    refused = editor.post(url, stale_data | {"title": "Andere titel"})

    assert refused.status_code == 200
    error = refused.context["adminform"].form.non_field_errors()[0]
    assert "gewijzigd door publiceerder" in error
    assert "gewijzigde velden: publicatiestatus" in error
    investment.refresh_from_db()
    assert (investment.publication_status, investment.title) == ("published", OLD_TITLE)


@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.django_db
def test_concurrent_edit_of_an_inline_investment_is_refused(researcher):
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    url = f"/beheer/municipalities/municipality/{amsterdam.pk}/change/"
    first = _client_for(researcher)
    second = _client_for(make_user(ONDERZOEKER, "tweede-onderzoeker"))
    first_data = form_data(first.get(url))
    second_data = form_data(second.get(url))
    inline_pk = int(first_data["investments-0-id"])
    assert second_data["investments-0-id"] == first_data["investments-0-id"]

    first_data["investments-0-title"] = "Inline door de eerste"
    assert first.post(url, first_data).status_code == 302
    second_data["investments-0-title"] = "Inline door de tweede"
    refused = second.post(url, second_data)

    assert refused.status_code == 200
    investment_formset = next(
        inline.formset for inline in refused.context["inline_admin_formsets"] if inline.formset.model is Investment
    )
    inline_errors = investment_formset.forms[0].non_field_errors()
    assert len(inline_errors) == 1
    assert inline_errors[0].startswith(STALE)
    assert "gewijzigde velden: titel" in inline_errors[0]
    assert Investment.objects.get(pk=inline_pk).title == "Inline door de eerste"
