"""Values derived from all public content, computed once per content version.

Counts over everything (investments per theme, the comparison's totals, the map's figures) cost the
same on every request although they change only when public content does. `per_content_version`
computes such a value once and keeps it in the shared cache (Redis when `REDIS_URL` is set, local
memory otherwise) under the current content version, so every change, in any process, makes the
next request compute it afresh. It is a store of precomputed aggregates, not of pages: it works
whatever `PORTAL_CACHE` says, and it holds data, never HTML. The test settings turn it off
(`PORTAL_PRECOMPUTE = False`): a test's own transaction never commits, so the version never moves
there; the tests of this module and of the query counts turn it back on.

The version is read once per request (it costs one query), and again after a change in this
process, so a page that asks for several derived values still costs one query for all of them.
"""

import functools
import hashlib

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db.migrations.loader import MigrationLoader

from . import content_version

_request = Local()

# Derived values live for a day at most; a new version makes them unreachable long before that.
TIMEOUT_SECONDS = 24 * 60 * 60
_MISSING = object()


def current_version() -> int:
    version = getattr(_request, "version", None)
    if version is None:
        version = _request.version = content_version.current().value
    return version


def forget_version(**kwargs):
    _request.version = None


@functools.cache
def _schema() -> str:
    """The models' shape, as the newest migration of each app: some derived values hold model
    instances, and an app server of a new release must never read instances pickled by the old one
    (they share Redis during a rolling deploy)."""
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    return hashlib.sha256(repr(sorted(leaves)).encode()).hexdigest()[:12]


def per_content_version(name: str, build):
    """`build()`'s result for the current content version; `name` must say everything it depends on."""
    if not settings.PORTAL_PRECOMPUTE:
        return build()
    key = f"derived:{current_version()}:{_schema()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


def connect():
    request_started.connect(forget_version, dispatch_uid="derived_forget_version")
    content_version.version_moved.connect(forget_version, dispatch_uid="derived_forget_moved_version")
