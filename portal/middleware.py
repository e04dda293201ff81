"""Request checks that every URL needs, kept in one place so a new view or filter cannot forget them."""

import unicodedata
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import get_bytes_from_wsgi

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
