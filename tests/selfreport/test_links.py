"""What a link can do: only its own municipality and round, only while valid, only so often."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache

from core import content_version
from selfreport import services
from selfreport.models import Invitation, Submission, SubmissionStatus

from .conftest import questionnaire_data

pytestmark = pytest.mark.django_db
ENDPOINTS = ["", "ingediend/"]


@pytest.fixture(autouse=True)
def fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()


def _url(token, view=""):
    return f"/rapporteren/{token}/{view}"


def _draft(client, token, **answers):
    page = client.get(_url(token))
    data = questionnaire_data(page.context, contact_role="beleidsmedewerker", actie="opslaan", **answers)
    response = client.post(_url(token), data)
    assert response.status_code == 200
    return page.context["form"]


def test_link_a_never_reads_or_writes_b(client, invite):
    a, token_a = invite("heerlen")
    b, token_b = invite("delft")
    form_b = _draft(client, token_b, contact_name="Contact B")
    question = form_b.question_rows[0][0]
    client.post(
        _url(token_b),
        questionnaire_data(
            client.get(_url(token_b)).context, **{f"antwoord_{question.pk}": "Geheim antwoord van B"}, actie="indienen"
        ),
    )
    assert Submission.objects.get(invitation=b).status == SubmissionStatus.SUBMITTED
    for view in ENDPOINTS:
        response = client.get(_url(token_a, view), follow=True)
        text = response.content.decode()
        assert "Geheim antwoord van B" not in text and "Contact B" not in text
        assert "Delft" not in text
    # A's form offers only A's investments; posting B's investment id changes nothing of B.
    form_a = client.get(_url(token_a)).context["form"]
    own = {investment.municipality_id for investment, _s, _e in form_a.investment_rows}
    assert own <= {a.municipality_id}
    b_investment = next(iter(b.municipality.investments.filter(status="planned")), None)
    data = questionnaire_data(client.get(_url(token_a)).context, actie="opslaan")
    if b_investment is not None:
        data[f"status_{b_investment.pk}"] = "cancelled"
    data[f"antwoord_{question.pk}"] = "Poging om B te overschrijven"
    client.post(_url(token_a), data)
    submission_a = Submission.objects.get(invitation=a)
    if b_investment is not None:
        assert str(b_investment.pk) not in submission_a.progress
    submission_b = Submission.objects.get(invitation=b)
    assert submission_b.answers[str(question.pk)]["text"] == "Geheim antwoord van B"


def test_topics_of_another_question_are_refused(client, invite):
    _invitation, token = invite("heerlen")
    page = client.get(_url(token))
    rows = [row for row in page.context["form"].question_rows if row[0].topic_list]
    first, second = rows[0][0], rows[1][0]
    data = questionnaire_data(
        page.context, actie="opslaan", **{f"onderwerpen_{first.pk}": [str(second.topic_list[0].pk)]}
    )
    response = client.post(_url(token), data)
    assert response.status_code == 400
    assert not Submission.objects.exists()


@pytest.mark.parametrize("view", ENDPOINTS)
def test_unknown_link_gets_a_clear_404(client, db, view):
    response = client.get(_url("x" * 43, view))
    assert response.status_code == 404
    assert "Link niet gevonden" in response.content.decode()


@pytest.mark.parametrize("view", ENDPOINTS)
def test_expired_link_is_refused_with_a_clear_page(client, invite, open_round, view):
    _invitation, token = invite("heerlen")
    open_round.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    open_round.starts_on = open_round.ends_on - datetime.timedelta(days=5)
    open_round.save()
    response = client.get(_url(token, view))
    assert response.status_code == 410
    assert "termijn is voorbij" in response.content.decode()
    assert client.post(_url(token, view), {"actie": "opslaan"}).status_code == 410
    assert not Submission.objects.exists()


@pytest.mark.parametrize("view", ENDPOINTS)
def test_revoked_link_is_refused_and_a_resent_one_works(client, invite, view):
    invitation, token = invite("heerlen")
    services.revoke(invitation)
    response = client.get(_url(token, view))
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    assert client.post(_url(token), {"actie": "opslaan"}).status_code == 410
    assert (
        services.invite_again(Invitation.objects.filter(pk=invitation.pk), lambda t: f"http://testserver{_url(t)}") == 1
    )
    new_token = mail.outbox[-1].body.split("/rapporteren/")[1].split("/")[0]
    assert new_token != token
    assert client.get(_url(token)).status_code == 404  # the old link is gone for good
    assert client.get(_url(new_token)).status_code == 200


def test_double_submit_makes_one_submission_and_one_copy(client, invite):
    invitation, token = invite("heerlen")
    page = client.get(_url(token))
    data = questionnaire_data(page.context, contact_role="beleidsmedewerker", actie="indienen")
    mails = len(mail.outbox)
    first = client.post(_url(token), data)
    second = client.post(_url(token), data)
    assert first.status_code == 302 and second.status_code == 200
    assert Submission.objects.filter(invitation=invitation).count() == 1
    assert len(mail.outbox) == mails + 1
    # The service itself is idempotent too.
    _submission, submitted_now = services.submit(invitation, services.SubmissionContent(contact_role="x"))
    assert not submitted_now


def test_submit_needs_a_role_but_a_draft_does_not(client, invite):
    _invitation, token = invite("heerlen")
    page = client.get(_url(token))
    assert client.post(_url(token), questionnaire_data(page.context, actie="opslaan")).status_code == 200
    response = client.post(_url(token), questionnaire_data(page.context, actie="indienen"))
    assert response.status_code == 400
    assert "Vul uw functie in" in response.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.DRAFT


def test_oversized_and_control_character_text_is_refused_and_nothing_changes(client, invite):
    _invitation, token = invite("heerlen")
    page = client.get(_url(token))
    too_long = client.post(_url(token), questionnaire_data(page.context, contact_name="x" * 201, actie="opslaan"))
    assert too_long.status_code == 400
    control = client.post(_url(token), questionnaire_data(page.context, contact_name="a\x07b", actie="opslaan"))
    assert control.status_code == 400
    assert not Submission.objects.exists()


def test_csrf_is_enforced(invite):
    from django.test import Client

    _invitation, token = invite("heerlen")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_url(token), {"actie": "opslaan"}).status_code == 403
    assert not Submission.objects.exists()


def test_rate_limit_per_link_and_address(client, invite, settings):
    settings.SELF_REPORT_RATE_LIMIT = 5
    _invitation, token = invite("heerlen")
    statuses = [client.get(_url(token)).status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert "Retry-After" in client.get(_url(token))
    # Another address still gets in; so does the same address with another link.
    assert client.get(_url(token), REMOTE_ADDR="192.0.2.7").status_code == 200
    _other, other_token = invite("delft")
    assert client.get(_url(other_token)).status_code == 200


def test_drafts_and_submissions_leave_the_content_version(client, invite, committed):
    _invitation, token = invite("heerlen")
    before = content_version.current().value
    with committed():
        page = client.get(_url(token))
        client.post(_url(token), questionnaire_data(page.context, actie="opslaan"))
        client.post(_url(token), questionnaire_data(page.context, contact_role="wethouder", actie="indienen"))
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED
    assert content_version.current().value == before


def test_questionnaire_is_never_in_the_page_cache(client, invite, settings):
    settings.PORTAL_CACHE = True
    cache.clear()
    _invitation, token = invite("heerlen")
    client.get(_url(token))
    client.cookies.pop("csrftoken", None)
    response = client.get(_url(token))
    assert "ETag" not in response  # the page cache sets one on every page it handles
    assert "no-store" in response["Cache-Control"]
    assert not any(":page:" in str(key) for key in cache._cache)  # locmem in tests


def test_many_unknown_links_from_one_address_are_stopped(client, invite, settings):
    settings.SELF_REPORT_RATE_LIMIT = 5
    _invitation, token = invite("heerlen")
    statuses = [client.get(_url(f"geraden-{number:040d}")).status_code for number in range(7)]
    assert statuses[:5] == [404] * 5 and statuses[5:] == [429, 429]
    # A real link of that address still works: only misses count here.
    assert client.get(_url(token)).status_code == 200
