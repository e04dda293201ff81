"""A page cache for anonymous visitors, keyed by the content version.

Visitors without a session cookie get pages from the cache (Redis when `REDIS_URL` is set, shared by
every app server; local memory otherwise), stored under the current content version, so any change
to public content, in any process, makes every cached page unreachable at once. Responses carry the
version as ETag and its time as Last-Modified, so browsers and proxies revalidate with a 304.

Whoever has a session cookie (staff, who may preview drafts) is never served from or stored in the
cache (core.middleware marks their pages private). `PORTAL_CACHE=0` turns the cache off for measuring.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_etags

from . import content_version

# Only what the portal serves to the public; the admin, the health check and static files are not pages.
_NOT_PAGES = ("/beheer/", "/static/", "/healthz", "/__bench__/")


def _is_anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _is_cacheable_request(request) -> bool:
    return (
        settings.PORTAL_CACHE
        and request.method in ("GET", "HEAD")
        and _is_anonymous(request)
        and not request.path.startswith(_NOT_PAGES)
    )


def _key(version, request) -> str:
    # Scheme and host too: pages carry absolute addresses (hreflang links, open-data rows).
    path = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{version.value}:{path}"


def _validators(response, version):
    """The version as validators, unless the view set its own (open data: its published fingerprint)."""
    if not response.has_header("ETag"):
        response["ETag"] = f'"v{version.value}"'
        response["Last-Modified"] = http_date(version.changed_at.timestamp())
        # Revalidate every time: a new version must show at once, and a 304 costs almost nothing.
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            return self.get_response(request)

        version = content_version.current()
        asked = parse_etags(request.headers.get("If-None-Match", ""))
        if f'"v{version.value}"' in asked:
            return _validators(HttpResponseNotModified(), version)

        key = _key(version, request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            if dict(headers).get("ETag") in asked:
                response = HttpResponseNotModified()
                headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
            else:
                response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response

        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            _validators(response, version)
            cache.set(
                key, (response.status_code, list(response.items()), response.content), settings.PORTAL_CACHE_SECONDS
            )
        return response
