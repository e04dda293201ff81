"""Invitation, draft, submission and review, through the HTTP endpoints a municipality uses."""

import json

import pytest
from django.core import mail

from core import content_version
from core.models import PublicationStatus
from investments.models import Investment
from rounds.models import Interview, InterviewSource
from rounds.services import interview_unit, set_unit_status
from selfreport import services
from selfreport.models import Submission, SubmissionStatus

from .conftest import questionnaire_data

pytestmark = pytest.mark.django_db


def _open_data(client, name):
    response = client.get(f"/open-data/{name}.json")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(body)


def _url(token, view=""):
    return f"/rapporteren/{token}/{view}"


def test_invitation_mail_names_municipality_round_expiry_and_link(invite, open_round):
    invitation, token = invite("heerlen", "beleid@heerlen.example")
    message = mail.outbox[-1]
    assert message.to == ["beleid@heerlen.example"]
    assert open_round.name in message.subject
    assert "Heerlen" in message.body
    assert f"/rapporteren/{token}/" in message.body
    assert open_round.ends_on.strftime("%Y") in message.body
    # Only the hash is stored: the database holds no working link.
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64


def test_page_says_who_it_is_for_and_is_private(client, invite):
    invitation, token = invite("heerlen")
    response = client.get(_url(token))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Heerlen" in text and invitation.round.name in text
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    invitation.refresh_from_db()
    assert invitation.opened_at is not None


def test_english_page(client, invite):
    _invitation, token = invite("heerlen")
    response = client.get(f"/en/rapporteren/{token}/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def test_draft_then_submit_then_return_then_resubmit_then_accept(client, invite, committed):
    invitation, token = invite("heerlen")
    page = client.get(_url(token))
    question = next(row[0] for row in page.context["form"].question_rows if row[0].topic_list)
    topic = question.topic_list[0]
    investment = page.context["form"].investment_rows[0][0]
    data = questionnaire_data(
        page.context,
        contact_name="Jan Jansen",
        contact_role="beleidsmedewerker",
        **{
            f"antwoord_{question.pk}": "We deden een campagne.",
            f"onderwerpen_{question.pk}": [str(topic.pk)],
            f"status_{investment.pk}": "completed",
            f"toelichting_{investment.pk}": "Afgerond in 2021.",
            "nieuw0_titel": "Buurtkamers",
            "nieuw0_tekst": "Drie buurtkamers geopend.",
            "nieuw0_status": "ongoing",
            "nieuw0_budget": "25000",
        },
        actie="opslaan",
    )
    version = content_version.current().value
    with committed():
        response = client.post(_url(token), data)
    assert response.status_code == 200, response.content.decode()[:2000]
    submission = Submission.objects.get(invitation=invitation)
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.answers[str(question.pk)] == {"text": "We deden een campagne.", "topics": [topic.pk]}
    # Saving a draft leaves the public content version (and so the page cache) alone.
    assert content_version.current().value == version

    # Back later: the draft is there.
    again = client.get(_url(token))
    assert "We deden een campagne." in again.content.decode()

    data["actie"] = "indienen"
    with committed():
        response = client.post(_url(token), data)
    assert response.status_code == 302 and response["Location"].endswith("/ingediend/")
    assert content_version.current().value == version
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    copy = mail.outbox[-1]
    assert "Kopie" in copy.subject and "We deden een campagne." in copy.body and "Buurtkamers" in copy.body
    confirmation = client.get(_url(token, "ingediend/"))
    assert confirmation.status_code == 200 and "We deden een campagne." in confirmation.content.decode()

    services.return_submission(submission, "Noem ook het bereik.")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    returned = client.get(_url(token))
    assert "Noem ook het bereik." in returned.content.decode()
    data["nieuw0_bereik"] = "150 inwoners"
    response = client.post(_url(token), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED

    with committed():
        interview = services.accept(submission)
    assert interview.source == InterviewSource.SELF_REPORT
    assert interview.interviewee_role == "beleidsmedewerker"
    assert "Jan Jansen" not in str(Interview.objects.filter(pk=interview.pk).values())
    assert interview.publication_status == PublicationStatus.DRAFT
    new = Investment.objects.get(title="Buurtkamers")
    assert new.publication_status == PublicationStatus.DRAFT and new.reach == "150 inwoners"
    assert new.budget_eur == 25000 and "Budget" not in new.text
    with committed():
        set_unit_status(interview_unit(interview, PublicationStatus.PUBLISHED))
    new.refresh_from_db()
    assert new.publication_status == PublicationStatus.PUBLISHED
    assert interview.answers.get().text == "We deden een campagne."
    investment.refresh_from_db()
    assert investment.status == "completed"


def test_published_self_report_shows_its_source_and_the_response(client, invite, open_round, committed):
    invitation, token = invite("heerlen")
    invite("delft")
    page = client.get(_url(token))
    question = page.context["form"].question_rows[0][0]
    data = questionnaire_data(
        page.context,
        contact_name="Naam Die Niet Openbaar Is",
        contact_role="beleidsadviseur",
        actie="indienen",
        **{
            f"antwoord_{question.pk}": "Zelf gerapporteerd antwoord.",
            "nieuw0_titel": "Fictief zelf gemeld initiatief",
            "nieuw0_tekst": "Een fictief initiatief.",
            "nieuw0_status": "ongoing",
        },
    )
    client.post(_url(token), data)
    with committed():
        interview = services.accept(Submission.objects.get(invitation=invitation))
    # Accepted but not published: nothing public yet.
    assert client.get(f"/rondes/{open_round.slug}/").status_code == 404
    with committed():
        set_unit_status(interview_unit(interview, PublicationStatus.PUBLISHED))

    municipality_page = client.get("/gemeenten/heerlen/").content.decode()
    assert "Zelf gerapporteerd antwoord." in municipality_page
    assert "bron: zelfrapportage" in municipality_page and "bron: interview" in municipality_page
    assert "Naam Die Niet Openbaar Is" not in municipality_page
    round_page = client.get(f"/rondes/{open_round.slug}/")
    text = round_page.content.decode()
    assert "bron: zelfrapportage" in text
    assert round_page.context["response"] == {"invited": 2, "submitted": 1, "accepted": 1}
    english = client.get(f"/en/rondes/{open_round.slug}/").content.decode()
    assert "source: self-report" in english

    rows = _open_data(client, "interviews")
    sources = {(row["gemeente"], row["ronde"]): row["bron_soort"] for row in rows}
    assert sources[("Heerlen", open_round.slug)] == "zelfrapportage"
    assert sources[("Heerlen", "2019")] == "interview"
    answers = [row for row in _open_data(client, "antwoorden") if row["ronde"] == open_round.slug]
    assert answers and {row["bron_soort"] for row in answers} == {"zelfrapportage"}
    assert all("Naam Die Niet Openbaar Is" not in str(row) for row in answers)
    investments = {row["titel"]: row["bron_soort"] for row in _open_data(client, "investeringen")}
    assert investments["Fictief zelf gemeld initiatief"] == "zelfrapportage"
    assert set(investments.values()) == {"interview", "zelfrapportage"}
