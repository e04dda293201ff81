"""The questionnaire behind an invitation link: the municipality's only way in, without a password.

Every view finds its invitation by the link's token and by nothing else, so a link reaches its
own municipality's and round's data only. The pages are private: never in the page cache
(core.page_cache leaves `/rapporteren/` alone) and `Cache-Control: private, no-store`, so no proxy
or shared browser keeps them. Each link and client address has a request budget (rate_limited).
"""

import functools
import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from . import selectors, services
from .forms import QuestionnaireForm
from .models import Submission

SAVE, SUBMIT = "opslaan", "indienen"


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    # The address is a key: search engines and archives must not keep it.
    # (The site's Referrer-Policy `same-origin` already keeps the address from other sites; `no-referrer`
    # would make browsers send `Origin: null` with the form, which CSRF protection rightly refuses.)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _over_budget(request, token) -> bool:
    """Count this request against its client address and link; True once past the budget.

    In the shared cache, so every app server counts together; a counter expires with its window.
    """
    client = _client(request)
    return _count("selfreport:rate:" + hashlib.sha256(f"{client}|{token}".encode()).hexdigest()[:32])


def _too_many_misses(request) -> bool:
    """Count a link that names no invitation against the client address alone: whoever tries many
    different links (guessing, or a broken mail client) is stopped, whatever each link is."""
    client = _client(request)
    return _count("selfreport:miss:" + hashlib.sha256(client.encode()).hexdigest()[:32])


def _client(request) -> str:
    # The login lockout's rule for the client's address, so DJANGO_PROXY_COUNT counts here too.
    return get_client_ip_address(request) or ""


def _count(key) -> bool:
    window = settings.SELF_REPORT_RATE_WINDOW
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > settings.SELF_REPORT_RATE_LIMIT


def link_view(view):
    """Rate limit, find the invitation of the link, refuse an unknown, revoked or expired one with a
    clear page, and make the answer private."""

    @functools.wraps(view)
    def wrapped(request, token, **kwargs):
        if _over_budget(request, token):
            response = render(request, "selfreport/refused.html", {"reason": "rate"}, status=429)
            response["Retry-After"] = str(settings.SELF_REPORT_RATE_WINDOW)
            return _private(response)
        invitation = services.invitation_for_token(token)
        if invitation is None and _too_many_misses(request):
            response = render(request, "selfreport/refused.html", {"reason": "rate"}, status=429)
            response["Retry-After"] = str(settings.SELF_REPORT_RATE_WINDOW)
        elif invitation is None:
            response = render(request, "selfreport/refused.html", {"reason": "unknown"}, status=404)
        elif invitation.is_revoked:
            response = render(request, "selfreport/refused.html", {"reason": "revoked"}, status=410)
        elif invitation.is_expired():
            response = render(
                request, "selfreport/refused.html", {"reason": "expired", "invitation": invitation}, status=410
            )
        else:
            services.mark_opened(invitation)
            response = view(request, invitation, token, **kwargs)
        return _private(response)

    return csrf_protect(wrapped)


@link_view
def questionnaire(request, invitation, token):
    submission = Submission.objects.filter(invitation=invitation).first()
    if submission is not None and not submission.is_editable:
        return _summary_page(request, invitation, submission, status=200)
    questions = selectors.questionnaire(invitation)
    saved = False
    if request.method == "POST":
        action = request.POST.get("actie")
        form = QuestionnaireForm(questions, submission, data=request.POST, submitting=action == SUBMIT)
        if action not in (SAVE, SUBMIT):
            form.add_error(None, _("Kies ‘Concept opslaan’ of ‘Indienen’."))
        elif form.is_valid():
            if action == SUBMIT:
                services.submit(invitation, form.content())
                return redirect("selfreport:submitted", token=token)
            try:
                submission = services.save_draft(invitation, form.content())
            except services.NotEditable:
                return redirect("selfreport:questionnaire", token=token)
            form = QuestionnaireForm(questions, submission)
            saved = True
    else:
        form = QuestionnaireForm(questions, submission).with_investment_defaults()
    context = {"invitation": invitation, "submission": submission, "form": form, "saved": saved}
    return render(request, "selfreport/questionnaire.html", context, status=400 if form.errors else 200)


@link_view
def submitted(request, invitation, token):
    submission = Submission.objects.filter(invitation=invitation).first()
    if submission is None or submission.is_editable:
        return redirect("selfreport:questionnaire", token=token)
    return _summary_page(request, invitation, submission, status=200, confirmation=True)


def _summary_page(request, invitation, submission, status, confirmation=False):
    context = {
        "invitation": invitation,
        "submission": submission,
        "summary": services.submission_summary(submission),
        "confirmation": confirmation,
    }
    return render(request, "selfreport/submitted.html", context, status=status)
