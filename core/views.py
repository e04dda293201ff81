from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string


def bad_request(request, exception):
    # Static and bilingual like the 500 page: it needs no database, a request refused before the
    # language is known still gets a message its reader understands, and it is rendered without
    # the request, so a bad Host header (DisallowedHost) cannot fail again while rendering it.
    return HttpResponseBadRequest(render_to_string("400.html"))


def bare_bytes(request, size):
    """The benchmark's reference: a view that does nothing but return `size` bytes (PORTAL_BENCHMARK=1)."""
    return HttpResponse(b"x" * min(size, 50_000_000), content_type="text/html; charset=utf-8")
