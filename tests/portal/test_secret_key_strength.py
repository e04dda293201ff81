"""With DEBUG off the settings refuse a secret key Django's deploy check would warn about (W009):
shorter than 50 characters, fewer than 5 different characters, or a generated insecure key.
"""

import os
import subprocess
import sys

import pytest

from tests.portal.test_settings import PROJECT_ROOT, assert_refused, settings_of, start

GOOD_KEY = "a-production-key-with-enough-different-characters-0123456789"


@pytest.mark.parametrize(
    "key",
    [
        "x" * 32 + "abcdefgh",  # 40 characters: was accepted with the old 32-character minimum
        "0123456789" * 4 + "012345678",  # 49
        "k" * 60,
        "django-insecure-" + "abcdefghij" * 4,
    ],
)
def test_weak_secret_key_with_debug_off_is_refused(key):
    assert_refused(start(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key), "DJANGO_SECRET_KEY")


def test_key_of_fifty_characters_is_accepted():
    assert settings_of(start(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=GOOD_KEY[:50]))["key"] == GOOD_KEY[:50]


def test_debug_on_still_allows_a_short_key():
    assert settings_of(start(DJANGO_DEBUG="1", DJANGO_SECRET_KEY="short"))["key"] == "short"


def test_deploy_check_has_no_secret_key_warning():
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "W009" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
