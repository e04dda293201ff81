"""Liveness of what the portal needs to answer a request: the database and the cache."""

import logging

from django.core.cache import cache
from django.core.checks import Tags, Warning, register
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
PROBE_KEY = "portal:healthz"


def database_problem() -> str | None:
    """None when the database answers, else what went wrong."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not healthy"
        return f"{type(error).__name__}: {error}"
    return None


def cache_problem() -> str | None:
    """None when the cache stores and returns a value, else what went wrong."""
    try:
        cache.set(PROBE_KEY, "ok", timeout=10)
        if cache.get(PROBE_KEY) != "ok":
            return "the cache did not return the value just stored"
    except Exception as error:  # any failure means "not healthy"
        return f"{type(error).__name__}: {error}"
    return None


@require_GET
def healthz(request):
    """For load balancers: 200 when the database and the cache answer, 503 otherwise."""
    problems = {"database": database_problem(), "cache": cache_problem()}
    for part, problem in problems.items():
        if problem:
            logger.warning("Health check: the %s does not answer (%s).", part, problem)
    # The details stay in the log: the answer is public, so it says only what is down.
    status = {part: "error" if problem else "ok" for part, problem in problems.items()}
    healthy = all(value == "ok" for value in status.values())
    response = JsonResponse(status, status=200 if healthy else 503)
    add_never_cache_headers(response)
    return response


@register(Tags.caches)
def check_cache_reachable(app_configs, **kwargs):
    """A REDIS_URL that cannot be reached is reported at start-up, not discovered under load."""
    from django.conf import settings

    problem = cache_problem() if settings.REDIS_URL else None
    if problem is None:
        return []
    return [
        Warning(
            f"The cache at REDIS_URL does not answer ({problem}).",
            hint="Check REDIS_URL and that Redis is running and reachable from this machine; "
            "until then every page is made without the cache (slower) and /healthz answers 503.",
            id="core.W001",
        )
    ]
