"""Logging in without ?next= lands on the workspace (it used to land on /accounts/profile/, a 404)."""

import pytest

from tests.workspace_helpers import ONDERZOEKER, PASSWORD, make_user


@pytest.mark.django_db
def test_login_without_next_lands_on_the_workspace(client):
    user = make_user(ONDERZOEKER)

    response = client.post("/beheer/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/beheer/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_login_with_next_still_goes_there(client):
    user = make_user(ONDERZOEKER)

    response = client.post(
        "/beheer/login/?next=/beheer/investments/investment/", {"username": user.username, "password": PASSWORD}
    )

    assert response["Location"] == "/beheer/investments/investment/"


@pytest.mark.django_db
def test_login_never_redirects_off_site(client):
    user = make_user(ONDERZOEKER)

    response = client.post("/beheer/login/?next=//evil.example/", {"username": user.username, "password": PASSWORD})

    assert response["Location"] == "/beheer/"


@pytest.mark.django_db
def test_logout_lands_on_the_login_page(client):
    client.force_login(make_user(ONDERZOEKER))

    response = client.post("/beheer/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/beheer/login/"
    assert client.get(response["Location"]).status_code == 200
    assert "_auth_user_id" not in client.session
