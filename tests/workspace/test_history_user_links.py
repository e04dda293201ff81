"""A name in a history list links to that user's page only for a viewer who may open it."""

import pytest
from django.test import Client

from investments.models import Investment
from tests.workspace_helpers import MINISTERIE, ONDERZOEKER, SUPERUSER, make_user, page_text


def _history_changed_by(user):
    investment = Investment.objects.order_by("pk").first()
    investment._history_user = user
    investment.save()
    return f"/beheer/investments/investment/{investment.pk}/history/"


def _get(role, url):
    client = Client()
    user = make_user(role, f"{role.lower()}-lezer")
    client.force_login(user)
    return client, client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ONDERZOEKER, MINISTERIE])
def test_a_role_that_cannot_open_users_sees_names_without_links(role):
    researcher = make_user(ONDERZOEKER)
    url = _history_changed_by(researcher)
    user_page = f"/beheer/auth/user/{researcher.pk}/change/"

    client, response = _get(role, url)

    assert response.status_code == 200
    assert researcher.username in page_text(response)
    assert user_page not in response.content.decode()
    # The link it no longer shows would have led to a refusal.
    assert client.get(user_page).status_code == 403


@pytest.mark.django_db
def test_the_administrator_follows_a_name_to_the_users_page():
    researcher = make_user(ONDERZOEKER)
    url = _history_changed_by(researcher)
    user_page = f"/beheer/auth/user/{researcher.pk}/change/"

    client, response = _get(SUPERUSER, url)

    assert f'href="{user_page}"' in response.content.decode()
    assert client.get(user_page).status_code == 200
