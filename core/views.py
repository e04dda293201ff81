from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


def bad_request(request, exception):
    # Static and bilingual like the 500 page: it needs no database, a request refused before the
    # language is known still gets a message its reader understands, and it is rendered without
    # the request, so a bad Host header (DisallowedHost) cannot fail again while rendering it.
    return HttpResponseBadRequest(render_to_string("400.html"))
