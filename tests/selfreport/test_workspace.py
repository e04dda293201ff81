"""The researcher's side: invite (one, a selection, a province, all), follow the counts, remind,
review beside the previous round, and accept, return or reject, with history of who did what."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities.models import Municipality
from rounds.models import Interview, InterviewSource
from selfreport import services
from selfreport.models import Invitation, Submission, SubmissionStatus
from tests.workspace_helpers import MINISTERIE, ONDERZOEKER, make_user

from .conftest import questionnaire_data

pytestmark = pytest.mark.django_db
INVITE = "/beheer/selfreport/invitation/uitnodigen/"
OVERVIEW = "/beheer/selfreport/invitation/per-ronde/"


@pytest.fixture
def researcher_client(client):
    client.force_login(make_user(ONDERZOEKER, "onderzoeker"))
    return client


def _addresses(*slugs):
    return "\n".join(f"{m.cbs_code} beleid@{m.slug}.example" for m in Municipality.objects.filter(slug__in=slugs))


def test_invite_a_selection_sends_a_mail_each(researcher_client, open_round):
    slugs = ["heerlen", "delft", "baarn"]
    chosen = Municipality.objects.filter(slug__in=slugs)
    response = researcher_client.post(
        INVITE,
        {
            "round": open_round.pk,
            "scope": "selection",
            "municipalities": [m.pk for m in chosen],
            "addresses": _addresses(*slugs, "amsterdam"),
        },
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(round=open_round).count() == 3  # Amsterdam was not chosen
    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"beleid@{s}.example" for s in slugs)
    overview = researcher_client.get(OVERVIEW)
    assert overview.status_code == 200
    assert overview.context["rows"][0][1]["invited"] == 3


def test_invite_a_province_names_those_without_an_address(researcher_client, open_round):
    province = Municipality.objects.get(slug="heerlen").province
    in_province = Municipality.objects.filter(province=province)
    response = researcher_client.post(
        INVITE,
        {"round": open_round.pk, "scope": "province", "province": province, "addresses": _addresses("heerlen")},
        follow=True,
    )
    assert Invitation.objects.filter(round=open_round).count() == 1
    text = response.content.decode()
    for other in in_province.exclude(slug="heerlen"):
        assert other.name in text


def test_unreadable_addresses_change_nothing(researcher_client, open_round):
    response = researcher_client.post(
        INVITE, {"round": open_round.pk, "scope": "all", "addresses": "GM0917 geen-adres\nonzin"}
    )
    assert response.status_code == 200
    assert "regel 1, regel 2" in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_ministry_may_not_invite(client, open_round):
    client.force_login(make_user(MINISTERIE, "ministerie"))
    assert client.get(INVITE).status_code == 403
    assert client.get(OVERVIEW).status_code == 200


def test_reminders_go_only_to_those_who_have_not_submitted(researcher_client, invite, open_round):
    heerlen, _token = invite("heerlen")
    delft, _ = invite("delft")
    services.submit(delft, services.SubmissionContent(contact_role="wethouder"))
    mail.outbox.clear()
    researcher_client.post(OVERVIEW, {"round": open_round.pk})
    assert [message.to[0] for message in mail.outbox] == [heerlen.email]
    assert "Herinnering" in mail.outbox[0].subject


def test_review_page_return_then_accept_with_history(researcher_client, client, invite, open_round, committed):
    invitation, token = invite("heerlen")
    page = client.get(f"/rapporteren/{token}/")
    question = page.context["form"].question_rows[0][0]
    data = questionnaire_data(
        page.context,
        contact_name="Piet Geheim",
        contact_role="wethouder",
        actie="indienen",
        **{f"antwoord_{question.pk}": "Ons antwoord."},
    )
    client.post(f"/rapporteren/{token}/", data)
    submission = Submission.objects.get()
    url = f"/beheer/selfreport/submission/{submission.pk}/change/"
    review = researcher_client.get(url)
    assert review.status_code == 200
    text = review.content.decode()
    assert "Ons antwoord." in text
    assert "Vorige ronde: 2019" in text or "Vorige ronde" in text

    researcher_client.post(url, {"decision": "return", "comment": ""})
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED  # a return needs a comment
    with committed():  # the mail goes once the return is stored
        researcher_client.post(url, {"decision": "return", "comment": "Vul vraag 2 aan."})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert "Vul vraag 2 aan." in mail.outbox[-1].body

    client.post(f"/rapporteren/{token}/", data)
    researcher_client.post(url, {"decision": "accept", "comment": ""})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    interview = Interview.objects.get(round=open_round, municipality=invitation.municipality)
    assert interview.source == InterviewSource.SELF_REPORT and interview.interviewee_role == "wethouder"
    assert submission.interview == interview
    users = {record.history_user.username for record in submission.history.all() if record.history_user}
    assert users == {"onderzoeker"}
    # Reviewed once: no second decision.
    researcher_client.post(url, {"decision": "reject", "comment": ""})
    assert Submission.objects.get().status == SubmissionStatus.ACCEPTED


def test_questionnaire_page_queries_stay_few_as_data_grows(client, invite, grow):
    _invitation, token = invite("heerlen")
    client.get(f"/rapporteren/{token}/")  # the first visit also records the opening

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/rapporteren/{token}/").status_code == 200
        return len(queries)

    small = count()
    grow(2)
    assert small <= 10 and count() == small


@pytest.mark.parametrize("role", [ONDERZOEKER, MINISTERIE])
def test_lists_and_history_open_for_both_roles(client, invite, role):
    invitation, _token = invite("heerlen")
    services.submit(invitation, services.SubmissionContent(contact_role="wethouder"))
    client.force_login(make_user(role, role.lower()))
    submission = Submission.objects.get()
    for url in [
        "/beheer/selfreport/invitation/",
        f"/beheer/selfreport/invitation/{invitation.pk}/change/",
        f"/beheer/selfreport/invitation/{invitation.pk}/history/",
        "/beheer/selfreport/submission/",
        f"/beheer/selfreport/submission/{submission.pk}/change/",
        f"/beheer/selfreport/submission/{submission.pk}/history/",
    ]:
        assert client.get(url).status_code == 200, url
    review = client.get(f"/beheer/selfreport/submission/{submission.pk}/change/")
    # Only a role that may change submissions gets the decision form, and only it may post one.
    assert (review.context["form"] is not None) == (role == ONDERZOEKER)
    if role == MINISTERIE:
        response = client.post(f"/beheer/selfreport/submission/{submission.pk}/change/", {"decision": "reject"})
        assert response.status_code == 403
        assert Submission.objects.get().status == SubmissionStatus.SUBMITTED
