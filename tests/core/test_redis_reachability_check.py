"""A REDIS_URL that cannot be reached is reported by a system check, not silently ignored."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache.backends.redis import RedisCache

from core.health import check_cache_reachable

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_unreachable_redis_is_a_warning(settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr(
        "core.health.cache", RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    )

    problems = check_cache_reachable(None)

    assert [problem.id for problem in problems] == ["core.W001"]
    assert "REDIS_URL" in problems[0].msg
    assert "Connection refused" in problems[0].msg or "Error" in problems[0].msg


def test_no_redis_configured_means_nothing_to_report(settings):
    settings.REDIS_URL = ""
    assert check_cache_reachable(None) == []


@pytest.mark.parametrize("flags", [[], ["--deploy"]])
def test_manage_py_check_reports_it(flags):
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:1/0",
        DATABASE_URL=os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", *flags],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "core.W001" in result.stderr + result.stdout
    assert "The cache at REDIS_URL does not answer" in result.stderr + result.stdout
