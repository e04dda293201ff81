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

Visitors do not decide how much the cache holds. A page is stored only when every parameter of its
address is one the page reads (PAGE_PARAMETERS, the one list of them), each value as the page's own
links write it, and the page found what was asked: a filter the form refused, an unknown sort, a
search for words the portal never uses (unless each is a near-certain typo of one it does, whose page
shows the correction's results) or a free-text filter calls `not_stored()`; so does any
page number past STORED_PAGES. An entry holds at most MAX_STORED_BYTES. The key holds the host as
core.middleware.CanonicalHostMiddleware left it (no stray port) and the parameters that have a value,
in order of name, so a form sent with empty fields finds the page of the plain link. Any other request
is answered as usual, only not kept.
"""

import hashlib
import re

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_etags, parse_http_date_safe, urlencode

from . import content_version

# Only what the portal serves to the public; the admin, the health check and static files are not pages.
# A municipality's questionnaire (`/rapporteren/<token>/`, selfreport) is private to whoever holds the link.
_NOT_PAGES = ("/beheer/", "/static/", "/healthz", "/__bench__/", "/rapporteren/", "/en/rapporteren/")
# The largest body kept, page or download: the largest page is a few hundred kilobytes, and a filtered
# download of thousands of records fits (`make bench-scale`: the 1.4 MB `investeringen.csv?status=gepland`
# served from here reaches 0.96x the bare view, written afresh 0.17x, under the 0.5x target); a whole
# file of every investment does not (that one is on disk already). A larger one is sent as usual, only
# not kept. Entries per page are bounded by the keys (PAGE_PARAMETERS), so this caps the total too.
MAX_STORED_BYTES = 4 * 1024 * 1024
# A stored stream is sent in blocks of this size, as the view would have sent it.
STREAM_BLOCK_BYTES = 64 * 1024
# Deeper pages of a list are rare, and a number past a list's last page shows its last page: kept,
# every number would be an entry. They are made for each request (cheap: only their rows are read).
STORED_PAGES = 25
_PAGE_NUMBER = re.compile(r"[1-9][0-9]*")
# The most values of one parameter kept (the comparison's municipalities and themes).
STORED_VALUES = 12

# How a page reads a parameter: one value, several (`?thema=a&thema=b`), or a page number.
ONE, MANY, PAGE = "one", "many", "page"
# The view itself refuses (400) any parameter it does not know and any value it cannot use.
CHECKED_BY_VIEW = "checked by the view"
_LIST = {"pagina": PAGE}
_TEXT_FILTERS = {"q": ONE}
# The parameters each public page reads, by URL name; a page not named here reads none. A request
# with any other parameter is answered but not stored. Keep in step with the page's form or view.
PAGE_PARAMETERS = {
    "home": {"kaartthema": ONE, "kaartindicator": ONE},
    "map": {"indicator": ONE, "jaar": ONE, "leeftijd": ONE},
    "municipalities:list": {"deelname": ONE, "provincie": ONE, "thema": ONE, "sorteer": ONE, **_LIST},
    "investments:investment_list": {
        **dict.fromkeys(("status", "ronde", "thema", "doelgroep", "interventie", "gemeente", "provincie"), ONE),
        **dict.fromkeys(("budget_van", "budget_tot"), ONE),
        **{"sorteer": ONE, **_TEXT_FILTERS, **_LIST},
    },
    "investments:intervention_list": {"thema": ONE, "doelgroep": ONE},
    "investments:intervention_detail": _LIST,
    "lessons:tip_list": {"gemeente": ONE, "knelpunt": ONE, "thema": ONE, **_TEXT_FILTERS, **_LIST},
    "lessons:quote_list": {"gemeente": ONE, "les": ONE, "knelpunt": ONE, "thema": ONE, **_TEXT_FILTERS, **_LIST},
    "rounds:detail": _LIST,
    "compare": {
        **{"gemeente": MANY, "thema": MANY, "provincie": ONE, "status": ONE, "formaat": ONE, "ronde": ONE},
        # Indicator columns (issue 22) and one theme or municipality at a time (issue 23).
        **{"indicator": MANY, "jaar": ONE, "weergave": ONE, "toon": ONE},
    },
    "search": {"q": ONE, "soort": ONE, "gemeente": ONE, "thema": ONE, "letterlijk": ONE},
    "sitemap": {"p": ONE},
    "open_data_file": CHECKED_BY_VIEW,
}

_request = Local()


def not_stored():
    """This request's page is not to be kept: it shows what its address asked for only in part
    (a refused filter, a search for unknown words), so keeping it would let visitors fill the cache."""
    _request.not_stored = True


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
    filled = [(name, value) for name, values in sorted(request.GET.lists()) for value in values if value.strip()]
    query = urlencode(filled)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{version.token}:{hashlib.sha256(address.encode()).hexdigest()}"


def _is_storable(request) -> bool:
    """Whether the page just made answers its address in full, with parameters the page reads."""
    if getattr(_request, "not_stored", False):
        return False
    match = request.resolver_match
    declared = PAGE_PARAMETERS.get(match.view_name, {}) if match else {}
    for name, values in request.GET.lists():
        kind = ONE if declared is CHECKED_BY_VIEW else declared.get(name)
        filled = [value for value in values if value.strip()]
        if kind is None or any(value != value.strip() for value in filled):
            return False
        if len(values) > (STORED_VALUES if kind == MANY else 1) or len(set(values)) < len(values):
            return False
        if kind == PAGE and filled and not _is_stored_page(filled[0]):
            return False
    return True


def _is_stored_page(number: str) -> bool:
    return bool(_PAGE_NUMBER.fullmatch(number)) and int(number) <= STORED_PAGES


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

        _request.not_stored = False
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies:
            _validators(response, version)
            if not _is_storable(request):
                return response
            headers = list(response.items())
            if not response.streaming:
                if len(response.content) <= MAX_STORED_BYTES:
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
