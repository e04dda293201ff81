"""Settings refuse bad environment values at start-up instead of falling back to a default.

Each case starts a fresh interpreter: the settings module reads the environment once, on import.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "long-enough-key-" + "k" * 34

SETUP = (
    "import django, json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup(); "
    "from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'engine': s.DATABASES['default']['ENGINE'], "
    "'key': s.SECRET_KEY}))"
)


def start(**environment):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", SETUP], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def settings_of(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_refused(result, variable):
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_no_secret_key_with_debug_off_is_refused():
    assert_refused(start(), "DJANGO_SECRET_KEY")


def test_blank_secret_key_with_debug_off_is_refused():
    assert_refused(start(DJANGO_SECRET_KEY="   "), "DJANGO_SECRET_KEY")


def test_short_secret_key_with_debug_off_is_refused():
    assert_refused(start(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="too-short"), "DJANGO_SECRET_KEY")


@pytest.mark.parametrize("value", ["maybe", "2", "ja"])
def test_unreadable_debug_value_is_refused(value):
    assert_refused(start(DJANGO_DEBUG=value, DJANGO_SECRET_KEY=LONG_KEY), "DJANGO_DEBUG")


@pytest.mark.parametrize("value", ["a,,b", "a,", ",a", "a, ,b"])
def test_allowed_hosts_with_an_empty_item_is_refused(value):
    assert_refused(start(DJANGO_DEBUG="1", DJANGO_ALLOWED_HOSTS=value), "DJANGO_ALLOWED_HOSTS")


def test_unsupported_database_is_refused():
    assert_refused(start(DJANGO_DEBUG="1", DATABASE_URL="mysql://user:secret@localhost:3306/portal"), "DATABASE_URL")


def test_non_numeric_integer_setting_is_refused():
    assert_refused(start(DJANGO_DEBUG="1", DJANGO_SESSION_COOKIE_AGE="a day"), "DJANGO_SESSION_COOKIE_AGE")


def test_debug_on_works_without_a_secret_key():
    values = settings_of(start(DJANGO_DEBUG="1"))
    assert values["debug"] is True
    assert values["key"]


def test_debug_off_works_with_a_long_key_and_defaults():
    values = settings_of(start(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=LONG_KEY))
    assert values == {
        "debug": False,
        "hosts": ["localhost", "127.0.0.1"],
        "engine": "django.db.backends.sqlite3",
        "key": LONG_KEY,
    }


def test_debug_is_off_by_default():
    assert settings_of(start(DJANGO_SECRET_KEY=LONG_KEY))["debug"] is False


def test_environment_values_are_used():
    values = settings_of(
        start(
            DJANGO_DEBUG="off",
            DJANGO_SECRET_KEY=LONG_KEY,
            DJANGO_ALLOWED_HOSTS=" portal.example.nl , www.portal.example.nl",
            DATABASE_URL="postgres://portal@db.example.nl:5432/portal",
        )
    )
    assert values["hosts"] == ["portal.example.nl", "www.portal.example.nl"]
    assert values["engine"] == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_dutch_at_the_root_and_english_under_en_in_amsterdam_time(client):
    # Behaviour rather than the settings' values: the language each URL speaks, and local dates.
    assert '<html lang="nl"' in client.get("/").content.decode()
    assert '<html lang="en"' in client.get("/en/").content.decode()
    assert timezone.localtime(datetime.datetime(2019, 11, 1, 23, 30, tzinfo=datetime.UTC)).day == 2
