"""Roles (data migration 0003_roles) and login protection: lockout (django-axes), password length,
session expiry.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.workspace_helpers import MINISTERIE, ONDERZOEKER, PASSWORD, SUPERUSER, make_user, page_text

LOGIN_URL = "/beheer/login/"
LOCKED = "tijdelijk geblokkeerd"

# What the issue asks of each role, written out here rather than read from the migration.
PUBLISHABLE = {
    "municipalities": ["municipality"],
    "investments": ["investment", "intervention"],
    "lessons": ["lesson", "bottleneck", "tip", "quote"],
    "rounds": ["round", "interview", "answer", "progress"],
}
SUPPORTING = {
    "municipalities": ["municipalitylink"],
    "rounds": ["question", "topic"],
    "investments": ["theme", "targetgroup", "partner"],
    "report": ["reportsection"],
}


# Self-reporting: researchers invite and review; the ministry looks.
SELF_REPORT = {
    ONDERZOEKER: {
        "selfreport.add_invitation",
        "selfreport.change_invitation",
        "selfreport.view_invitation",
        "selfreport.change_submission",
        "selfreport.view_submission",
    },
    MINISTERIE: {"selfreport.view_invitation", "selfreport.view_submission"},
}


def _permissions(models_by_app, actions):
    return {
        f"{app_label}.{action}_{model_name}"
        for app_label, model_names in models_by_app.items()
        for model_name in model_names
        for action in actions
    }


def _group_permissions(name):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


# --- Roles -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_researcher_role_adds_changes_imports_and_publishes():
    expected = _permissions(PUBLISHABLE, ["add", "change", "view", "import", "export", "publish"])
    expected |= _permissions(SUPPORTING, ["add", "change", "view"])
    # Reads StatLine exports in through their own upload page; the figures' pages stay the superuser's.
    expected |= {"indicators.import_indicatorvalue"}
    assert _group_permissions(ONDERZOEKER) == expected | SELF_REPORT[ONDERZOEKER]


@pytest.mark.django_db
def test_ministry_role_only_views_and_exports():
    expected = _permissions(PUBLISHABLE, ["view", "export"]) | _permissions(SUPPORTING, ["view"])
    assert _group_permissions(MINISTERIE) == expected | SELF_REPORT[MINISTERIE]


@pytest.mark.django_db
def test_neither_role_may_delete_or_manage_accounts():
    for role in [ONDERZOEKER, MINISTERIE]:
        permissions = _group_permissions(role)
        assert not {permission for permission in permissions if ".delete_" in permission}, role
        assert not {permission for permission in permissions if permission.startswith(("auth.", "axes."))}, role


@pytest.mark.django_db
def test_each_publishable_model_has_import_export_and_publish_permissions():
    for app_label, model_names in PUBLISHABLE.items():
        for model_name in model_names:
            for action in ["import", "export", "publish"]:
                assert Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model_name}"
                ).exists(), f"{app_label}.{action}_{model_name}"


@pytest.mark.django_db
def test_superuser_keeps_every_permission():
    user = make_user(SUPERUSER)
    everything = _permissions(PUBLISHABLE, ["add", "change", "delete", "view", "import", "export", "publish"])
    everything |= _permissions(SUPPORTING, ["add", "change", "delete", "view"])
    everything |= _permissions({"auth": ["user", "group"]}, ["add", "change", "delete", "view"])
    assert not user.groups.exists()
    assert {permission for permission in everything if not user.has_perm(permission)} == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "permission", "allowed"),
    [
        (ONDERZOEKER, "investments.publish_investment", True),
        (ONDERZOEKER, "investments.import_investment", True),
        (ONDERZOEKER, "investments.delete_investment", False),
        (MINISTERIE, "investments.export_investment", True),
        (MINISTERIE, "investments.view_theme", True),
        (MINISTERIE, "investments.change_investment", False),
        (MINISTERIE, "investments.publish_investment", False),
        (MINISTERIE, "investments.import_investment", False),
    ],
)
def test_role_membership_gives_the_user_its_permissions(role, permission, allowed):
    user = make_user(role)
    assert user.is_staff and not user.is_superuser
    assert user.has_perm(permission) is allowed


# --- Logging in and locking out ---------------------------------------------------------------------------


def _login(client, username, password, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/beheer/"}, **extra)


def _is_logged_in(client):
    return SESSION_KEY in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ONDERZOEKER, MINISTERIE])
def test_role_user_logs_in_with_the_login_form(client, role):
    user = make_user(role)
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/beheer/"
    assert _is_logged_in(client)
    assert client.get("/beheer/").status_code == 200


@pytest.mark.django_db
def test_fifth_failed_attempt_locks_out_even_the_right_password(client):
    user = make_user(ONDERZOEKER)

    for attempt in range(1, 5):
        response = _login(client, user.username, f"fout-wachtwoord-{attempt}")
        # Still the login form, with Django's (Dutch) error.
        assert response.status_code == 200, attempt
        assert "Voer de correcte gebruikersnaam en wachtwoord voor een stafaccount in" in page_text(response)
    fifth = _login(client, user.username, "fout-wachtwoord-5")
    assert fifth.status_code == 429

    locked = _login(client, user.username, PASSWORD)

    assert locked.status_code == 429
    assert '<html lang="nl"' in locked.content.decode()
    text = page_text(locked)
    assert f"Inloggen {LOCKED}" in text
    assert "over een half uur opnieuw" in text
    assert not _is_logged_in(client)
    assert client.get("/beheer/").status_code == 302


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client):
    locked_user = make_user(ONDERZOEKER, "geblokkeerd")
    other_user = make_user(ONDERZOEKER, "collega")
    for attempt in range(5):
        _login(client, locked_user.username, f"fout-{attempt}")
    assert _login(client, locked_user.username, PASSWORD).status_code == 429

    # Another username from the same address is not locked out ...
    colleague = Client()
    assert _login(colleague, other_user.username, PASSWORD).status_code == 302
    assert _is_logged_in(colleague)
    # ... and neither is the same username from another address.
    elsewhere = Client()
    assert _login(elsewhere, locked_user.username, PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302
    assert _is_logged_in(elsewhere)


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client):
    user = make_user(ONDERZOEKER)
    for attempt in range(5):
        _login(client, user.username, f"fout-{attempt}")
    assert _login(client, user.username, PASSWORD).status_code == 429
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == datetime.timedelta(minutes=30)

    # Half an hour later the attempts no longer count.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))

    assert _login(client, user.username, PASSWORD).status_code == 302
    assert _is_logged_in(client)


@pytest.mark.django_db
def test_successful_login_resets_the_count(client):
    user = make_user(ONDERZOEKER)
    for attempt in range(4):
        _login(client, user.username, f"fout-{attempt}")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.logout()

    # Four more failures after a success are not five in a row.
    for attempt in range(4):
        assert _login(client, user.username, f"weer-fout-{attempt}").status_code == 200
    assert _login(client, user.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failures_for_an_unknown_username_lock_that_name_too(client):
    # Guessing names must not be unlimited either.
    for attempt in range(5):
        _login(client, "bestaat-niet", f"fout-{attempt}")
    assert LOCKED in page_text(_login(client, "bestaat-niet", "wat-dan-ook-123"))


# --- Passwords ---------------------------------------------------------------------------------------------


def test_password_of_eleven_characters_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_password("Vk7#qLm2$pX")
    assert [item.code for item in error.value.error_list] == ["password_too_short"]
    # Django 5.2's Dutch catalogue lacks this message's new wording, so only the number is checked.
    assert "12" in error.value.messages[0]


def test_password_of_twelve_characters_is_accepted():
    assert validate_password("Vk7#qLm2$pXz") is None


@pytest.mark.django_db
def test_password_similar_to_the_username_is_rejected():
    user = make_user(ONDERZOEKER, "marieke.jansen")
    with pytest.raises(ValidationError):
        validate_password("marieke.jansen1", user)


@pytest.mark.django_db
def test_admin_refuses_a_short_password_for_a_new_account(client):
    client.force_login(make_user(SUPERUSER))
    response = client.post(
        "/beheer/auth/user/add/",
        {"username": "nieuw", "password1": "Vk7#qLm2$pX", "password2": "Vk7#qLm2$pX", "usable_password": "true"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    codes = {error.code for field_errors in errors.values() for error in field_errors}
    assert "password_too_short" in codes
    assert not User.objects.filter(username="nieuw").exists()


# --- Sessions ------------------------------------------------------------------------------------------------


def test_session_settings():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_login_session_ends_with_the_browser_and_expires_on_the_server(client):
    user = make_user(ONDERZOEKER)
    _login(client, user.username, PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # No expiry date and no max-age: the browser forgets the cookie when it closes.
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
    session = Session.objects.get(session_key=cookie.value)
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < remaining
    assert remaining <= datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)

    # Once the server-side session has expired, the workspace asks for a login again.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
