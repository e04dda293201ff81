"""342 municipalities (the country in 2023) submit at once (twenty of them twice), over loopback HTTP
to a threaded server, with a bounded number of clients: every submission is stored once, with no
error. PostgreSQL only: SQLite serialises every writer, which proves nothing about row locks
(selfreport.services)."""

import datetime
import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from municipalities.models import Municipality
from report.loader import load_report
from rounds.models import Round
from rounds.services import copy_questionnaire
from scaledata import factory
from selfreport import services
from selfreport.models import Invitation, Submission, SubmissionStatus

from .conftest import link_for, token_in_mail

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
COUNTRY = 342
CLIENTS = 8
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_STATUS = re.compile(r'<select name="(status_\d+)"')


@pytest.fixture
def country(transactional_db, django_db_serialized_rollback, live_server, settings):
    settings.SELF_REPORT_RATE_LIMIT = 100
    load_report()
    factory.grow(municipalities=COUNTRY - Municipality.objects.count(), investments_each=1, speakers=0)
    round_ = Round.objects.create(
        slug="test-land",
        name="Testronde land (fictief)",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    copy_questionnaire(round_)
    recipients = [(municipality, f"{municipality.slug}@example.org") for municipality in Municipality.objects.all()]
    services.invite(round_, recipients, link_for)
    tokens = {message.to[0]: token_in_mail(message) for message in mail.outbox}
    assert len(tokens) == COUNTRY
    return live_server.url, list(tokens.values())


def _submit(base, token):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    url = f"{base}/rapporteren/{token}/"
    with opener.open(url, timeout=60) as response:
        page = response.read().decode()
        csrf = _CSRF.search(page)
        if csrf is None:  # a double submit whose first half is already in: the page shows it, no form
            assert "Inzending van de gemeente" in page
            return response.status, "(already in)"
    data = {"csrfmiddlewaretoken": csrf.group(1), "contact_role": "beleidsmedewerker"}
    data.update(dict.fromkeys(_STATUS.findall(page), "ongoing"))
    data["actie"] = "indienen"
    request = urllib.request.Request(url, urllib.parse.urlencode(data).encode(), headers={"Referer": url})  # noqa: S310 - the live server
    with opener.open(request, timeout=60) as response:
        return response.status, response.geturl()


def test_342_submissions_at_once_all_stored_once(country):
    base, tokens = country
    mail.outbox.clear()
    # Twenty municipalities press "Indienen" twice, at the same time as everyone else.
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(lambda token: _submit(base, token), tokens + tokens[:20]))
    assert all(status == 200 for status, _url in results)
    assert sum(url.endswith("/ingediend/") for _status, url in results) >= COUNTRY
    assert Submission.objects.count() == COUNTRY
    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count() == COUNTRY
    # One copy by e-mail per municipality: a second submit finds the first and changes nothing.
    assert len(mail.outbox) == COUNTRY
    assert Invitation.objects.filter(opened_at__isnull=False).count() == COUNTRY
