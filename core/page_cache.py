"""A page cache for anonymous visitors, keyed by the content version.

Visitors without a session cookie get pages from the cache (Redis when `REDIS_URL` is set, shared by
every app server; local memory otherwise), stored under the current content version's token, so any change
to public content, in any process, makes every cached page unreachable at once. Responses carry the
token as ETag and its time as Last-Modified, so browsers and proxies revalidate with a 304.

Streamed responses (open-data downloads) are stored too once they have been sent in full, up to
MAX_STORED_BYTES: the first visitor gets the file as it is written, the next ones the stored copy,
still as a stream and now with its Content-Length. Larger ones (whole files of 10,000 records) are
sent from disk by opendata.store instead, so the cache never holds megabytes per page.

Whoever has a session cookie (staff, who may preview drafts) is never served from or stored in the
cache (core.middleware marks their pages private). `PORTAL_CACHE=0` turns the cache off for measuring.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from . import content_version

# Only what the portal serves to the public; the admin, the health check and static files are not pages.
_NOT_PAGES = ("/beheer/", "/static/", "/healthz", "/__bench__/")
# The largest streamed body kept: a filtered download of thousands of records fits, a whole file
# of every investment does not (that one is on disk already).
MAX_STORED_BYTES = 4 * 1024 * 1024
# A stored stream is sent in blocks of this size, as the view would have sent it.
STREAM_BLOCK_BYTES = 64 * 1024


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
    return f"page:{version.token}:{path}"


def _etag(version) -> str:
    return f'"v{version.token}"'


def _validators(response, version):
    """The version as validators, unless the view set its own (open data: its published fingerprint)."""
    if not response.has_header("ETag"):
        response["ETag"] = _etag(version)
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
        if _etag(version) in asked:
            return _validators(HttpResponseNotModified(), version)

        key = _key(version, request)
        stored = cache.get(key)
        if stored is not None:
            return _from_cache(request, *stored)

        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies:
            _validators(response, version)
            headers = list(response.items())
            if not response.streaming:
                cache.set(key, (response.status_code, headers, response.content), settings.PORTAL_CACHE_SECONDS)
            elif int(response.get("Content-Length") or 0) <= MAX_STORED_BYTES:
                # A stream known to be larger (a whole file from disk) is left alone: wrapping it would
                # copy it for nothing and take away the file's zero-copy path (wsgi.file_wrapper).

                def store(content):
                    entry = (response.status_code, headers, content, True)
                    cache.set(key, entry, settings.PORTAL_CACHE_SECONDS)

                response.streaming_content = _kept_when_complete(response.streaming_content, store)
        return response


def _from_cache(request, status, headers, content, streamed=False):
    """The stored response, or a 304 when the visitor's copy (ETag or Last-Modified) is still current."""
    validators = dict(headers)
    last_modified = parse_http_date_safe(validators.get("Last-Modified") or "")
    conditional = get_conditional_response(request, etag=validators.get("ETag"), last_modified=last_modified)
    if conditional is not None and conditional.status_code == 304:
        response = HttpResponseNotModified()
    elif streamed:
        blocks = (content[start : start + STREAM_BLOCK_BYTES] for start in range(0, len(content), STREAM_BLOCK_BYTES))
        response = StreamingHttpResponse(blocks, status=status)
    else:
        response = HttpResponse(content, status=status)
    for name, value in headers:
        if name.lower() != "content-length":
            response[name] = value
    if response.status_code != 304:
        # A stream had none when it was stored; the stored body's own size is right for both.
        response["Content-Length"] = len(content)
    return response


def _kept_when_complete(chunks, store):
    """`chunks` as they come; once the last is sent, their whole (if not too large) goes to `store`.

    A visitor who breaks off closes the stream before its end, so a partial body is never stored.
    """
    parts, size = [], 0
    for chunk in chunks:
        yield chunk
        if parts is not None:
            size += len(chunk)
            parts.append(chunk)
            if size > MAX_STORED_BYTES:
                parts = None
    if parts is not None:
        store(b"".join(parts))
