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

A value that every caller only reads can also be kept in the process's own memory
(`in_process=True`, or `in_process_per_content_version` for markup that never goes to the shared
cache): reading it back from the shared cache costs a round trip to Redis and unpickling, on every
request, for every such value of the page. Those copies are keyed by a token drawn once per content
version and kept in the shared cache, rather than by the version number itself, so a cleared cache
starts them afresh too (tests roll the version back and reuse its numbers).

Selectors declare such values with `kept_for_visitors(name)`, next to their query: the one place
that knows that public visitors share a value per content version while a researcher previewing
drafts reads it fresh, drafts included. Views call the selector the same way for both.
"""

import functools
import hashlib
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils.translation import get_language

from . import content_version
from .models import previews_drafts

_request = Local()

# Derived values live for a day at most; a new version makes them unreachable long before that.
TIMEOUT_SECONDS = 24 * 60 * 60
_MISSING = object()


def current_version() -> str:
    """The current content version's token (see core.models.ContentVersion), read once per request."""
    version = getattr(_request, "version", None)
    if version is None:
        version = _request.version = content_version.current().token
    return version


def forget_version(**kwargs):
    _request.version = None
    _request.generation = None


@functools.cache
def _schema() -> str:
    """The models' shape, as the newest migration of each app: some derived values hold model
    instances, and an app server of a new release must never read instances pickled by the old one
    (they share Redis during a rolling deploy)."""
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    return hashlib.sha256(repr(sorted(leaves)).encode()).hexdigest()[:12]


def per_content_version(name: str, build, *, in_process: bool = False):
    """`build()`'s result for the current content version; `name` must say everything it depends on.

    With `in_process`, also kept in this process's memory: only for a value that no caller changes
    (it is the same object for every request of this process until the version moves).
    """
    if not settings.PORTAL_PRECOMPUTE:
        return build()
    if in_process:
        return in_process_per_content_version(f"shared:{name}", lambda: per_content_version(name, build))
    key = f"derived:{current_version()}:{_schema()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, TIMEOUT_SECONDS)
    return value


# (generation, name) -> value, in this process only; see `in_process_per_content_version`.
_PROCESS_VALUES = {}
# A few dozen names, some per municipality or round: far more entries than that are old generations'.
PROCESS_VALUES_MAX = 2000


def _generation() -> str:
    generation = getattr(_request, "generation", None)
    if generation is None:
        generation = _request.generation = per_content_version("process-generation", lambda: uuid.uuid4().hex)
    return generation


def in_process_per_content_version(name: str, build):
    """`build()` once per content version and `name` in this process, and never in the shared cache
    (markup such as the home page's map); with PORTAL_PRECOMPUTE off, every time. Callers only read it."""
    if not settings.PORTAL_PRECOMPUTE:
        return build()
    key = (_generation(), name)
    value = _PROCESS_VALUES.get(key, _MISSING)
    if value is _MISSING:
        if len(_PROCESS_VALUES) >= PROCESS_VALUES_MAX:
            _PROCESS_VALUES.clear()  # mostly old generations' entries; cheaper than tracking which
        value = _PROCESS_VALUES[key] = build()
    return value


def key_part(value):
    """`value` as something whose repr names it: a record by its model and key, a list by its items."""
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    if value is None or isinstance(value, str | int | bool | float):
        return value
    if hasattr(value, "fragment_key"):
        return value.fragment_key()
    try:
        items = iter(value)
    except TypeError:
        return repr(value)  # a decimal, a date: its repr names it
    return tuple(key_part(item) for item in items)


def kept_for_visitors(name: str, *, in_process: bool = False, per_language: bool = False):
    """Declare a selector `read(*values, user=None)` whose result public visitors share per content
    version; a user who previews drafts (core.models.previews_drafts) gets it read fresh, with drafts.

    The kept value is named by `name`, the values the read is called with (records by their key) and,
    with `per_language`, the language (for values holding addresses or translated labels). With
    `in_process` it is also kept in this process's memory (see `per_content_version`): the read must
    then return values no caller changes (tuples, frozen dataclasses, plain strings and numbers).
    """

    def decorate(read):
        @functools.wraps(read)
        def kept(*values, user=None):
            if previews_drafts(user):
                return read(*values, user=user)
            named = repr((key_part(values), get_language() if per_language else None))
            key = f"{name}:{hashlib.sha256(named.encode()).hexdigest()[:32]}"
            return per_content_version(key, lambda: read(*values, user=None), in_process=in_process)

        return kept

    return decorate


def connect():
    request_started.connect(forget_version, dispatch_uid="derived_forget_version")
    content_version.version_moved.connect(forget_version, dispatch_uid="derived_forget_moved_version")
