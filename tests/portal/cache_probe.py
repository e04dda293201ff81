"""Print, as JSON, what an anonymous visitor gets from the database in DATABASE_URL with the page
cache on and the shared cache in REDIS_URL: for each page its ETag and a hash of its body, and
whether the ETags named in PROBE_ASKED_ETAGS still answer 304.

Run as a script by the restore test (tests/portal/test_restore_and_cache.py), one process per
database, as two app servers on two databases sharing one Redis would. PROBE_KEY_PREFIX keeps its
cache entries apart from any other user of that Redis.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

# Before the first use of the cache, which creates it from these settings.
settings.CACHES["default"]["KEY_PREFIX"] = os.environ["PROBE_KEY_PREFIX"]
settings.PORTAL_CACHE = True
settings.PORTAL_PRECOMPUTE = True

from django.test import Client  # noqa: E402

PAGES = ["/gemeenten/westerveld/", "/investeringen/?gemeente=westerveld", "/zoeken/?q=gewijzigd"]


def probe() -> dict:
    client = Client()
    asked = json.loads(os.environ.get("PROBE_ASKED_ETAGS", "[]"))
    result = {}
    for page in PAGES:
        response = client.get(page)
        again = client.get(page)  # the second from the cache, if it was stored
        assert response.status_code == again.status_code == 200, page
        result[page] = {
            "etag": response["ETag"],
            "body": response.content.decode(),
            "cached_etag": again["ETag"],
            "cached_body": again.content.decode(),
            "304_for": [etag for etag in asked if client.get(page, HTTP_IF_NONE_MATCH=etag).status_code == 304],
        }
    return result


if __name__ == "__main__":
    print(json.dumps(probe()))
