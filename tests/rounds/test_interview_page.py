"""The interview page in the workspace: one page per interview, saved as a draft in one step, and
an interview or a round published (or put back to draft) as a unit. The round is clearly fictional.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import content_version
from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus, TargetGroup, Theme
from municipalities.models import Municipality
from rounds.models import Answer, Interview, Progress, Round
from rounds.services import InterviewSaved, copy_questionnaire, round_unit
from tests.workspace_helpers import MINISTERIE, ONDERZOEKER, interview_page_data, make_user, page_text

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
SLUG = "test-2099"


@pytest.fixture
def researcher(db):
    return make_user(ONDERZOEKER, "onderzoeker")


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def round_(db, committed):
    # Each change runs what waits for its commit, so that a later one moves the content version anew.
    with committed():
        round_ = Round.objects.create(slug=SLUG, name="Testronde (fictief)", starts_on=datetime.date(2099, 3, 1))
        copy_questionnaire(round_)
    return round_


@pytest.fixture
def heerlen(db):
    return Municipality.objects.get(slug="heerlen")


@pytest.fixture
def interview(round_, heerlen, committed):
    with committed():
        return Interview.objects.create(municipality=heerlen, round=round_, mode="online")


def _url(interview, view="change"):
    return f"/beheer/rounds/interview/{interview.pk}/{view}/"


def _planned_in_2019(municipality):
    return list(
        Investment.objects.filter(
            municipality=municipality, progress__interview__round__slug="2019", progress__status="planned"
        ).order_by("status", "position", "pk")
    )


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def _post(client, interview, changes=(), drop=()):
    """Open the interview page, change what a researcher changes, and save; follows the redirect."""
    data = interview_page_data(client.get(_url(interview)))
    for name in drop:
        data.pop(name, None)
    data.update(changes)
    return client.post(_url(interview), data, follow=True)


def _form(response, prefix):
    page = response.context["page"]
    return next(form for form in [*page.answers, *page.progress] if form.prefix == prefix)


# --- The page ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_answer_has_its_question_as_heading_and_only_its_topics(researcher_client, interview, round_):
    response = researcher_client.get(_url(interview))
    assert response.status_code == 200
    html = response.content.decode()
    for form, question in zip(response.context["page"].answers, round_.questions.order_by("number"), strict=True):
        assert form.question == question
        assert {int(pk) for pk, _label in form.fields["topics"].choices} == set(
            question.topics.values_list("pk", flat=True)
        )
        assert f"<legend>{question.number}. {question.text}</legend>" in html
    # No select of questions, and the sub-topic is nested under its topic.
    assert 'name="vraag-1-question"' not in html
    tree = {
        parent.choice_label: [child.choice_label for child in children]
        for parent, children in _form(response, "vraag-4").topic_tree()
    }
    assert tree["Sturing"][0].startswith("Wat werkt daarbij?")
    # The locking counter is kept, hidden; it is not shown.
    assert 'type="hidden" name="interview-version_seen"' in html
    assert "Versie" not in page_text(response)


@pytest.mark.django_db
def test_new_interview_starts_with_round_and_municipality_and_saves_empty_rows_as_nothing(
    researcher_client, round_, heerlen
):
    add = researcher_client.get(f"/beheer/rounds/interview/add/?round={round_.pk}&municipality={heerlen.pk}")
    assert {field.name for field in add.context["adminform"].form.visible_fields()} == {"round", "municipality", "mode"}
    response = researcher_client.post(
        "/beheer/rounds/interview/add/", {"round": round_.pk, "municipality": heerlen.pk, "mode": "online"}, follow=True
    )
    interview = Interview.objects.get(round=round_, municipality=heerlen)
    assert response.redirect_chain[-1][0] == _url(interview)
    assert _messages(response) == ["Het interview is aangemaakt. Vul nu de antwoorden en de voortgang in."]

    response = _post(researcher_client, interview)
    assert response.status_code == 200
    assert _messages(response) == ["Er was niets gewijzigd; er is niets opgeslagen."]
    assert not interview.answers.exists() and not interview.progress.exists()
    assert not Investment.objects.filter(municipality=heerlen, progress__interview=interview).exists()


@pytest.mark.django_db
def test_one_save_stores_answers_progress_and_a_new_investment_with_one_message(
    researcher_client, interview, round_, heerlen
):
    planned = _planned_in_2019(heerlen)
    assert len(planned) >= 3, "Heerlen planned at least three things in 2019"
    unchanged, ongoing, skipped = planned[:3]
    training = round_.questions.get(number=2).topics.get(slug="training")
    theme, group = Theme.objects.first(), TargetGroup.objects.first()

    response = _post(
        researcher_client,
        interview,
        {
            "interview-held_on": "2099-03-15",
            "vraag-2-text": "Fictief: de training is gegeven.",
            "vraag-2-topics": [str(training.pk)],
            f"voortgang-{unchanged.pk}-outcome": "unchanged",
            f"voortgang-{ongoing.pk}-outcome": "ongoing",
            f"voortgang-{ongoing.pk}-explanation": "Fictieve notitie.",
            f"voortgang-{skipped.pk}-outcome": "not_discussed",
            "nieuw-0-title": "Fictieve nieuwe investering",
            "nieuw-0-text": "Een investering die alleen in deze testronde bestaat.",
            "nieuw-0-status": "ongoing",
            "nieuw-0-themes": [str(theme.pk)],
            "nieuw-0-target_groups": [str(group.pk)],
        },
    )

    assert _messages(response) == [
        "Opgeslagen: de gegevens van het interview, 1 antwoord, 3 keer voortgang, 1 nieuwe investering."
    ]
    interview.refresh_from_db()
    assert interview.held_on == datetime.date(2099, 3, 15)
    answer = interview.answers.get()
    assert answer.question.number == 2 and list(answer.topics.all()) == [training]
    progress = dict(interview.progress.values_list("investment_id", "status"))
    new = Investment.objects.get(municipality=heerlen, title="Fictieve nieuwe investering")
    # Unchanged is stored as the previous status; not discussed stores nothing.
    assert progress == {unchanged.pk: "planned", ongoing.pk: "ongoing", new.pk: "ongoing"}
    assert interview.progress.get(investment=ongoing).explanation == "Fictieve notitie."
    assert list(new.themes.all()) == [theme] and list(new.target_groups.all()) == [group]
    assert new.slug == "fictieve-nieuwe-investering" and new.publication_status == DRAFT
    # Everything stays a draft until published as a unit.
    assert set(Answer.objects.filter(interview=interview).values_list("publication_status", flat=True)) == {DRAFT}

    # The page shows what was stored, and saving it again as it is stores nothing more.
    assert _form(response, f"voortgang-{unchanged.pk}")["outcome"].value() == "unchanged"
    assert _form(response, f"voortgang-{skipped.pk}")["outcome"].value() == "not_discussed"
    assert _form(response, f"voortgang-{new.pk}")["outcome"].value() == "unchanged"
    versions = list(Progress.objects.order_by("pk").values_list("pk", "version"))
    assert _messages(_post(researcher_client, interview)) == ["Er was niets gewijzigd; er is niets opgeslagen."]
    assert list(Progress.objects.order_by("pk").values_list("pk", "version")) == versions


@pytest.mark.django_db
def test_not_discussed_and_an_emptied_answer_remove_what_was_stored(researcher_client, interview, heerlen):
    first = _planned_in_2019(heerlen)[0]
    _post(
        researcher_client,
        interview,
        {"vraag-1-text": "Fictief antwoord.", f"voortgang-{first.pk}-outcome": "completed"},
    )
    assert interview.progress.count() == 1 and interview.answers.count() == 1
    assert Investment.objects.get(pk=first.pk).status == InvestmentStatus.PLANNED  # a draft round counts not

    response = _post(
        researcher_client, interview, {"vraag-1-text": "", f"voortgang-{first.pk}-outcome": "not_discussed"}
    )
    assert _messages(response) == ["Verwijderd: 1 antwoord, 1 keer voortgang."]
    assert not interview.progress.exists() and not interview.answers.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"vraag-2-topics": ["TOPIC_OF_Q3"]}, "topics", "Selecteer een geldige keuze."),
        ({"vraag-2-topics": ["TOPIC_OF_Q2"]}, "text", "Schrijf een antwoord bij de gekozen onderwerpen"),
        ({"nieuw-0-title": "Alleen een titel (fictief)"}, None, "Geef de nieuwe investering een titel en een tekst"),
        ({"voortgang-FIRST-outcome": "bestaat-niet"}, "outcome", "Selecteer een geldige keuze."),
        # A control character (Word's soft line break) in any text of the page: core.text.
        ({"vraag-2-text": "Fictief\x0bantwoord."}, "text", "onzichtbaar stuurteken"),
        ({"interview-notes": "Fictief\x01"}, None, "onzichtbaar stuurteken"),
        (
            {"nieuw-0-title": "Fictief\x0bnieuw", "nieuw-0-text": "Een tekst.", "nieuw-0-status": "ongoing"},
            None,
            "onzichtbaar stuurteken",
        ),
    ],
)
def test_bad_input_is_named_and_changes_nothing(researcher_client, interview, round_, heerlen, changes, field, message):
    topics = {
        "TOPIC_OF_Q3": str(round_.questions.get(number=3).topics.first().pk),
        "TOPIC_OF_Q2": str(round_.questions.get(number=2).topics.first().pk),
    }
    first = _planned_in_2019(heerlen)[0]
    changes = {
        key.replace("FIRST", str(first.pk)): [topics.get(v, v) for v in value] if isinstance(value, list) else value
        for key, value in changes.items()
    }
    investments = Investment.objects.count()
    response = _post(
        researcher_client, interview, {"vraag-2-text": "Fictief.", **changes} if field != "text" else changes
    )
    assert response.status_code == 200
    assert "Er is niets opgeslagen." in page_text(response)
    assert message in page_text(response)
    assert not _messages(response)
    assert not interview.answers.exists() and not interview.progress.exists()
    assert Investment.objects.count() == investments


@pytest.mark.django_db
def test_a_save_based_on_an_older_version_is_refused(researcher_client, interview):
    data = interview_page_data(researcher_client.get(_url(interview)))
    interview.notes = "Intussen door een ander gewijzigd (fictief)."
    interview.save()
    data.update({"interview-notes": "Mijn wijziging", "vraag-1-text": "Fictief antwoord."})
    response = researcher_client.post(_url(interview), data)
    assert response.status_code == 200
    assert "Iemand anders heeft dit record opgeslagen" in page_text(response)
    interview.refresh_from_db()
    assert interview.notes.startswith("Intussen") and not interview.answers.exists()


@pytest.mark.django_db
def test_the_page_keeps_its_query_count_as_answers_and_progress_grow(researcher_client, interview, heerlen):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert researcher_client.get(_url(interview)).status_code == 200
        return len(queries)

    planned = _planned_in_2019(heerlen)
    _post(researcher_client, interview, {"vraag-1-text": "Fictief.", f"voortgang-{planned[0].pk}-outcome": "ongoing"})
    before = count()
    _post(
        researcher_client,
        interview,
        {
            **{f"vraag-{n}-text": f"Fictief antwoord {n}." for n in range(1, 6)},
            **{f"voortgang-{investment.pk}-outcome": "completed" for investment in planned},
            "nieuw-0-title": "Fictief",
            "nieuw-0-text": "Fictieve tekst.",
        },
    )
    assert interview.answers.count() == 5
    assert count() == before
    assert before <= 40


# --- Publishing as a unit -----------------------------------------------------------------------------


def _filled(client, interview, heerlen):
    first = _planned_in_2019(heerlen)[0]
    _post(
        client,
        interview,
        {
            "vraag-1-text": "Fictief antwoord dat openbaar wordt.",
            f"voortgang-{first.pk}-outcome": "completed",
            "nieuw-0-title": "Fictieve nieuwe investering",
            "nieuw-0-text": "Fictieve tekst.",
        },
    )
    return first


@pytest.mark.django_db
def test_publishing_an_interview_publishes_everything_listed_at_once(
    researcher_client, researcher, interview, round_, heerlen, committed
):
    visitor = Client()
    with committed():
        first = _filled(researcher_client, interview, heerlen)
    new = Investment.objects.get(title="Fictieve nieuwe investering")

    preview = researcher_client.get(_url(interview, "publiceren"))
    assert preview.status_code == 200
    text = page_text(preview)
    for expected in ("Onderzoeksrondes (1)", "Interviews (1)", "Antwoorden (1)", "Voortgang (2)", "Investeringen (1)"):
        assert expected in text
    assert new.title in text
    assert interview.publication_status == DRAFT  # a GET changes nothing

    before = content_version.current().value
    with committed():
        response = researcher_client.post(_url(interview, "publiceren"), follow=True)
    assert _messages(response) == ["6 onderdelen gepubliceerd."]
    assert content_version.current().value == before + 1
    for record in (round_, interview, interview.answers.get(), new, *interview.progress.all()):
        record.refresh_from_db()
        assert record.publication_status == PUBLISHED, record
    assert interview.history.latest().history_user == researcher
    assert Investment.objects.get(pk=first.pk).status == InvestmentStatus.COMPLETED
    assert "Fictief antwoord dat openbaar wordt." in visitor.get("/gemeenten/heerlen/").content.decode()
    assert new.anchor in visitor.get(f"/investeringen/?ronde={SLUG}").content.decode()

    # Back to draft: the interview and what belongs to it, not the round.
    preview = researcher_client.get(_url(interview, "terugzetten"))
    assert "Onderzoeksrondes (" not in page_text(preview)
    before = content_version.current().value
    with committed():
        response = researcher_client.post(_url(interview, "terugzetten"), follow=True)
    assert _messages(response) == ["5 onderdelen teruggezet naar concept."]
    assert content_version.current().value == before + 1
    round_.refresh_from_db()
    assert round_.publication_status == PUBLISHED
    assert not Progress.objects.filter(interview=interview, publication_status=PUBLISHED).exists()
    assert Investment.objects.get(pk=new.pk).publication_status == DRAFT
    assert Investment.objects.get(pk=first.pk).status == InvestmentStatus.PLANNED
    assert "Fictief antwoord dat openbaar wordt." not in visitor.get("/gemeenten/heerlen/").content.decode()


@pytest.mark.django_db
def test_publishing_a_round_publishes_its_interviews_and_back(researcher_client, interview, round_, heerlen, committed):
    with committed():
        _filled(researcher_client, interview, heerlen)
        delft = Municipality.objects.get(slug="delft")
        other = Interview.objects.create(municipality=delft, round=round_, mode="online")
    page = researcher_client.get(f"/beheer/rounds/round/{round_.pk}/change/").content.decode()
    assert f"/beheer/rounds/round/{round_.pk}/publiceren/" in page
    assert "Interviews (2)" in page_text(researcher_client.get(f"/beheer/rounds/round/{round_.pk}/publiceren/"))

    before = content_version.current().value
    with committed():
        researcher_client.post(f"/beheer/rounds/round/{round_.pk}/publiceren/")
    assert content_version.current().value == before + 1
    assert set(Interview.objects.filter(round=round_).values_list("publication_status", flat=True)) == {PUBLISHED}
    assert set(Progress.objects.filter(interview__round=round_).values_list("publication_status", flat=True)) == {
        PUBLISHED
    }
    # The report's investments belong to the report: putting its round back to draft would not take them.
    assert not round_unit(Round.objects.get(slug="2019"), DRAFT).investments.exists()

    with committed():
        researcher_client.post(f"/beheer/rounds/round/{round_.pk}/terugzetten/")
    round_.refresh_from_db()
    other.refresh_from_db()
    assert round_.publication_status == DRAFT and other.publication_status == DRAFT
    assert not Answer.objects.filter(interview__round=round_, publication_status=PUBLISHED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["publiceren", "terugzetten"])
def test_publishing_as_a_unit_needs_every_publish_permission(client, interview, round_, path):
    interview.publication_status = PUBLISHED
    interview.save()
    client.force_login(make_user(MINISTERIE, "ministerie"))
    for url in (_url(interview, path), f"/beheer/rounds/round/{round_.pk}/{path}/"):
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    # A researcher who may publish interviews but not investments may not publish the unit either.
    researcher = make_user(ONDERZOEKER, "onderzoeker-zonder-investeringen")
    permission = researcher.groups.get().permissions.get(codename="publish_investment")
    researcher.groups.get().permissions.remove(permission)
    client.force_login(researcher)
    assert client.post(_url(interview, path)).status_code == 403
    interview.refresh_from_db()
    round_.refresh_from_db()
    assert (interview.publication_status, round_.publication_status) == (PUBLISHED, DRAFT)


def test_the_summary_has_its_english_translation():
    # The workspace itself is served in Dutch (no language prefix); the catalogue has the English.
    saved = InterviewSaved(answers=2, progress=1, investments=1, answers_removed=1)
    with translation.override("en"):
        assert saved.message() == "Saved: 2 answers, 1 progress record, 1 new investment. Removed: 1 answer."
    assert (
        saved.message() == "Opgeslagen: 2 antwoorden, 1 keer voortgang, 1 nieuwe investering. Verwijderd: 1 antwoord."
    )


@pytest.mark.django_db
def test_an_interview_of_the_report_opens_and_an_unchanged_save_writes_nothing(researcher_client):
    interview = Interview.objects.get(round__slug="2019", municipality__slug="heerlen")
    response = researcher_client.get(_url(interview))
    assert response.status_code == 200
    # No earlier round: its own progress rows are offered, each as it stands.
    rows = response.context["page"].progress
    assert len(rows) == interview.progress.count() > 0
    assert {form["outcome"].value() for form in rows} == {"unchanged"}
    versions = list(interview.progress.order_by("pk").values_list("version", flat=True))
    response = _post(researcher_client, interview)
    assert _messages(response) == ["Er was niets gewijzigd; er is niets opgeslagen."]
    assert list(interview.progress.order_by("pk").values_list("version", flat=True)) == versions


@pytest.mark.django_db
@pytest.mark.parametrize("object_id", ["999999", "abc"])
def test_publishing_an_unknown_interview_is_not_found(researcher_client, object_id):
    assert researcher_client.get(f"/beheer/rounds/interview/{object_id}/publiceren/").status_code == 404
    assert researcher_client.post(f"/beheer/rounds/round/{object_id}/terugzetten/").status_code == 404
