"""Request checks that every URL needs, kept in one place so a new view or filter cannot forget them."""

import unicodedata
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control

from .views import bad_request

# Tab, line feed and carriage return are whitespace a pasted text may carry; every other control
# character (NUL above all, which PostgreSQL cannot store or compare) is refused.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def _is_acceptable(text: str) -> bool:
    return not any(unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS for char in text)


def malformed_query(raw_query: bytes) -> bool:
    """True when a name or value in the query string is not clean UTF-8 text.

    Django decodes the query string leniently (an invalid byte becomes U+FFFD) and passes NUL on,
    so each view would have to check for itself; the raw bytes are checked here instead.
    """
    for pair in raw_query.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                text = unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return True
            if not _is_acceptable(text):
                return True
    return False


class RejectMalformedQueryMiddleware:
    """Answers 400 with the portal's bad-request page for a query string no view could use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw_query = get_bytes_from_wsgi(request.META, "QUERY_STRING", "")
        if raw_query and malformed_query(raw_query):
            return bad_request(request, None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for, and no caching of pages that show staff their drafts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        if _is_staff(request) and "Cache-Control" not in response:
            # Logged-in staff see drafts on the public pages; no cache may keep or share such a page.
            patch_cache_control(response, private=True, no_store=True)
        return response


def _is_staff(request):
    # Without a session cookie nobody is logged in; checking first keeps anonymous requests (and
    # /healthz) from touching the session at all.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_staff)


class CanonicalHostMiddleware:
    """Takes from the Host header what does not name this site: a port this server does not listen
    on (`127.0.0.1:99999999999`), the scheme's own port, capitals and a trailing dot.

    Pages, their cache keys and the open-data files on disk all carry the host; left as sent, every
    port a client cares to write would get its own cache entries and its own files. A proxy in
    front passes the public host without a port (or with the app server's own).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sent = request.META.get("HTTP_HOST")
        if sent:
            request.META["HTTP_HOST"] = canonical_host(sent, request.META.get("SERVER_PORT", ""))
        return self.get_response(request)


def canonical_host(host: str, server_port: str) -> str:
    domain, port = split_domain_port(host)
    if not domain:
        return host  # not a host name at all: Django refuses it with a 400
    return f"{domain}:{port}" if port and port == server_port and port not in ("80", "443") else domain


class HeadAsGetMiddleware:
    """HEAD answers what GET would, without the body, wherever GET is allowed.

    Django's `require_GET` refuses HEAD with a 405, and monitors and link checkers use HEAD; one place
    here rather than each view. The response keeps the Content-Length of the GET it stands for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            # Closing the response (the server does) still closes the file or stream it held.
            response.streaming_content = []
        else:
            response.headers.setdefault("Content-Length", str(len(response.content)))
            response.content = b""
        return response
