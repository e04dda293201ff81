"""A Redis cache the portal can do without: when Redis refuses or times out, it behaves as empty.

Every use of the shared cache on the request path (pages, values kept per content version, search
summaries, import progress) is an optimisation: what it holds can be computed again. So rather than
each caller catching Redis's errors, this backend does: a failing command logs a warning (at most
once per BREAKER_SECONDS), reads answer "not there", writes are dropped, and for BREAKER_SECONDS
no command is tried at all, so requests do not each wait for the socket timeout. After that, the
next command tries Redis again. `/healthz` still reports the cache as down (core.health).
"""

import logging
import re
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Long enough that a dead Redis costs one timeout per process every so often, short enough that
# pages come from the cache again soon after it is back.
BREAKER_SECONDS = 10.0


class Breaker:
    """Open (skip Redis) for BREAKER_SECONDS after a failure; shared by the threads of a process."""

    def __init__(self, servers):
        self.servers = servers
        self.open_until = 0.0
        self.warned_at = -BREAKER_SECONDS
        self.lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, operation: str, error: Exception):
        now = time.monotonic()
        with self.lock:
            self.open_until = now + BREAKER_SECONDS
            if now - self.warned_at < BREAKER_SECONDS:
                return
            self.warned_at = now
        logger.warning(
            "The cache at %s does not answer (%s on %s: %s); pages are made without it for the next %s seconds.",
            ", ".join(self.servers),
            type(error).__name__,
            operation,
            error,
            BREAKER_SECONDS,
        )


_BREAKERS: dict[tuple, Breaker] = {}
_BREAKERS_LOCK = threading.Lock()


def breaker_for(servers) -> Breaker:
    # Django makes a cache object per thread; the breaker must be one per Redis, per process.
    key = tuple(servers)
    with _BREAKERS_LOCK:
        return _BREAKERS.setdefault(key, Breaker(key))


def _missing_key(key, *args, **kwargs):
    # What incr() does for a key that is not there: the cache is empty while Redis is away.
    raise ValueError(f"Key '{key}' not found.")


def _default(key, default=None, *args, **kwargs):
    return default


# What each of the cache's commands answers while Redis is away: as if the cache were empty and
# writes were lost. These are Django's public cache API (BaseCache), so the guard needs nothing of
# RedisCache's insides.
_ANSWERS_WHILE_AWAY = {
    "add": lambda *args, **kwargs: False,
    "get": _default,
    "set": lambda *args, **kwargs: None,
    "touch": lambda *args, **kwargs: False,
    "delete": lambda *args, **kwargs: False,
    "get_many": lambda *args, **kwargs: {},
    "has_key": lambda *args, **kwargs: False,
    "incr": _missing_key,
    "set_many": lambda *args, **kwargs: [],
    "delete_many": lambda *args, **kwargs: None,
    "clear": lambda *args, **kwargs: False,
}


def _guarded(name):
    command = getattr(RedisCache, name)
    answer_while_away = _ANSWERS_WHILE_AWAY[name]

    def guarded(self, *args, **kwargs):
        if self.breaker.is_open():
            return answer_while_away(*args, **kwargs)
        try:
            return command(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            self.breaker.trip(name, error)
            return answer_while_away(*args, **kwargs)

    guarded.__name__ = name
    return guarded


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis does not (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        # LOCATION as Django reads it: one address, or several separated by ";" or ",".
        self.breaker = breaker_for(re.split("[;,]", server) if isinstance(server, str) else server)

    def is_away(self) -> bool:
        """Whether Redis failed within the last BREAKER_SECONDS: a missing value then says nothing
        (an import's heartbeat, for instance, is not a sign that its worker stopped)."""
        return self.breaker.is_open()


for _name in _ANSWERS_WHILE_AWAY:
    setattr(ResilientRedisCache, _name, _guarded(_name))
