"""Research rounds: the 2019 round from the report, a second (fictional) round entered through the
admin page and through the four resources, and where it shows: municipality page, round page,
investment filters, comparison, search and open data. Drafts show nowhere.
"""

import datetime
import json

import pytest
import tablib
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PublicationStatus
from investments.models import Investment, InvestmentStatus
from municipalities.models import Municipality, Province
from report.loader import load_report
from rounds.models import Answer, Interview, Progress, Question, Round, Topic
from rounds.resources import AnswerResource, InterviewResource, ProgressResource, RoundResource
from rounds.services import copy_questionnaire, record_progress
from tests.workspace_helpers import ONDERZOEKER, SUPERUSER, form_data, interview_page_data, make_user

PUBLISHED = PublicationStatus.PUBLISHED
DRAFT = PublicationStatus.DRAFT
SLUG = "test-2099"  # clearly not real
NAME = "Testronde (fictief)"


def _json(client, name, query=""):
    response = client.get(f"/open-data/{name}.json{query}")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def _planned_in_2019(municipality_slug):
    return Investment.objects.filter(
        municipality__slug=municipality_slug, progress__interview__round__slug="2019", status=InvestmentStatus.PLANNED
    ).order_by("position")


def _second_round(status=PUBLISHED):
    round_ = Round.objects.create(slug=SLUG, name=NAME, starts_on=datetime.date(2099, 3, 1), publication_status=status)
    copy_questionnaire(round_)
    return round_


# --- The 2019 round from the report ------------------------------------------------------------------


@pytest.mark.django_db
def test_report_round_has_its_method_questionnaire_and_progress(client):
    round_ = Round.objects.get(slug="2019")
    assert round_.is_report and round_.is_published
    assert round_.description.startswith("Om inzicht te verkrijgen")  # chapter 2
    questions = list(round_.questions.order_by("number"))
    assert [q.number for q in questions] == [1, 2, 3, 4, 5]
    sturing = Topic.objects.get(question=questions[3], slug="sturing")
    # The appendix's third level stays a third level.
    assert [child.text for child in sturing.children.all()] == [
        "Wat werkt daarbij? In de coalitie/ het netwerk de ‘trekker’? Is de gemeente dat? "
        "Is de gemeente een (gelijkwaardige) partner in het netwerk?"
    ]
    assert not Answer.objects.exists()  # the report has no per-question answers; none are invented

    page = client.get("/rondes/2019/").content.decode()
    assert "Interviewronde 2019" in page
    assert "Welke concrete activiteiten hebben jullie ondernomen met de uitkering?" in page
    assert "Wat werkt daarbij?" in page

    rows = _json(client, "voortgang")
    assert sum(row["status"] == "gedaan" and row["ronde"] == "2019" for row in rows) == 77
    assert sum(row["status"] == "gepland" and row["ronde"] == "2019" for row in rows) == 22
    assert len(rows) == 99
    interviews = _json(client, "interviews")
    assert len(interviews) == 16
    assert {row["vorm"] for row in interviews} == {"telefonisch", "niet telefonisch"}


@pytest.mark.django_db
def test_reloading_the_report_keeps_a_later_round_status_and_changes_nothing():
    investment = _planned_in_2019("heerlen").first()
    round_ = _second_round()
    interview = Interview.objects.create(
        municipality=investment.municipality, round=round_, mode="online", publication_status=PUBLISHED
    )
    record_progress(interview, investment, InvestmentStatus.COMPLETED, publication_status=PUBLISHED)
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.COMPLETED

    summary = load_report()

    assert not summary.changed
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.COMPLETED
    assert Progress.objects.get(investment=investment, interview__round__slug="2019").status == "planned"


@pytest.mark.django_db
def test_reload_never_republishes_an_unpublished_interview():
    interview = Interview.objects.get(municipality__slug="delft", round__slug="2019")
    interview.publication_status = DRAFT
    interview.save()
    load_report()
    interview.refresh_from_db()
    assert interview.publication_status == DRAFT


# --- The current status is derived, in one place ----------------------------------------------------


@pytest.mark.django_db
def test_current_status_follows_the_latest_published_round():
    investment = _planned_in_2019("heerlen").first()
    round_ = _second_round(status=DRAFT)
    interview = Interview.objects.create(
        municipality=investment.municipality, round=round_, mode="online", publication_status=PUBLISHED
    )
    record_progress(interview, investment, InvestmentStatus.ONGOING, publication_status=PUBLISHED)
    # A draft round does not count.
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.PLANNED

    round_.publication_status = PUBLISHED
    round_.save()
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.ONGOING

    # Editing the investment cannot make its status disagree with the rounds.
    investment.refresh_from_db()
    investment.status = InvestmentStatus.CANCELLED
    investment.save()
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.ONGOING

    Progress.objects.get(interview=interview).delete()
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.PLANNED


@pytest.mark.django_db
def test_new_round_gets_its_own_copy_of_the_questionnaire():
    round_ = _second_round()
    assert round_.questions.count() == 5
    question = round_.questions.get(number=4)
    assert question.topics.get(slug="sturing-wat-werkt").parent.slug == "sturing"
    question.text = "Een gewijzigde vraag (fictief)?"
    question.save()
    assert Question.objects.get(round__slug="2019", number=4).text.startswith("Wat zijn de belangrijkste lessen")


# --- A second round entered through the admin page ----------------------------------------------------


@pytest.fixture
def researcher_client(client):
    client.force_login(make_user(ONDERZOEKER))
    return client


@pytest.mark.django_db
def test_round_added_in_the_admin_copies_the_previous_questionnaire(researcher_client):
    response = researcher_client.get("/beheer/rounds/round/add/")
    data = form_data(response)
    data.update(
        {"name": NAME, "slug": SLUG, "starts_on": "2099-03-01", "ends_on": "2099-04-30", "publication_status": DRAFT}
    )
    response = researcher_client.post("/beheer/rounds/round/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Round.objects.get(slug=SLUG).questions.count() == 5


@pytest.mark.django_db
def test_interview_entered_on_one_page_shows_everywhere_and_progress_reverts(researcher_client, client):
    round_ = _second_round()
    heerlen = Municipality.objects.get(slug="heerlen")
    planned = list(_planned_in_2019("heerlen"))
    assert planned, "Heerlen planned something in 2019"

    # The add page asks the round, the municipality and the form; then the interview's own page.
    response = researcher_client.post(
        "/beheer/rounds/interview/add/", {"round": round_.pk, "municipality": heerlen.pk, "mode": "online"}
    )
    assert response.status_code == 302
    interview = Interview.objects.get(round=round_, municipality=heerlen)
    url = f"/beheer/rounds/interview/{interview.pk}/change/"
    response = researcher_client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    # The questions are offered as answers, and the investments still open in 2019 as progress rows.
    assert [form.question.number for form in page.answers] == [1, 2, 3, 4, 5]
    assert [form.investment.pk for form in page.progress] == [i.pk for i in planned]

    question_2 = round_.questions.get(number=2)
    training = question_2.topics.get(slug="training")
    data = interview_page_data(response)
    data.update(
        {
            "interview-held_on": "2099-03-15",
            "interview-interviewee_role": "beleidsmedewerker (fictief)",
            "vraag-2-text": "Fictief antwoord: de zorgvuldigheidstraining is gegeven.",
            "vraag-2-topics": [str(training.pk)],
            f"voortgang-{planned[0].pk}-outcome": InvestmentStatus.COMPLETED,
            f"voortgang-{planned[0].pk}-explanation": "Fictieve toelichting.",
            "nieuw-0-title": "Fictieve nieuwe investering",
            "nieuw-0-text": "Een investering die alleen in deze testronde bestaat.",
            "nieuw-0-status": InvestmentStatus.ONGOING,
        }
    )
    response = researcher_client.post(url, data)
    assert response.status_code == 302, response.context["page"].facts.errors
    # Published as a unit, after its preview.
    assert researcher_client.post(f"/beheer/rounds/interview/{interview.pk}/publiceren/").status_code == 302
    interview = Interview.objects.get(round=round_, municipality=heerlen)
    assert interview.answers.get().topics.get() == training
    done = planned[0]
    assert Investment.objects.get(pk=done.pk).status == InvestmentStatus.COMPLETED
    new = Investment.objects.get(municipality=heerlen, title="Fictieve nieuwe investering")
    assert new.status == InvestmentStatus.ONGOING

    # The municipality page: the timeline, the answer question by question, provenance.
    page = client.get("/gemeenten/heerlen/").content.decode()
    assert "Fictief antwoord: de zorgvuldigheidstraining is gegeven." in page
    assert f'id="ronde-{SLUG}"' in page
    assert "Na het rapport toegevoegd" in page
    assert f">{SLUG}</a>" in page  # the timeline: gepland 2019 → gedaan test-2099

    # The round page: figures with a text alternative.
    page = client.get(f"/rondes/{SLUG}/").content.decode()
    assert (
        "Van de 22 investeringen die in Interviewronde 2019 gepland waren, zijn er in Testronde (fictief) 1 gedaan"
        in page
    )

    # Investment filters: planned in 2019 even if done now; without a round, the current status.
    planned_2019 = client.get("/investeringen/?ronde=2019&status=gepland&gemeente=heerlen").content.decode()
    assert done.anchor in planned_2019
    planned_now = client.get("/investeringen/?status=gepland&gemeente=heerlen").content.decode()
    assert done.anchor not in planned_now
    assert done.anchor in client.get("/investeringen/?status=gedaan&gemeente=heerlen").content.decode()
    assert client.get(f"/vergelijken/?ronde={SLUG}").status_code == 200

    # Search and open data.
    assert "zorgvuldigheidstraining" in client.get("/zoeken/?q=zorgvuldigheidstraining").content.decode()
    assert [row["ronde"] for row in _json(client, "antwoorden")] == [SLUG]
    voortgang = _json(client, "voortgang", f"?ronde={SLUG}")
    assert {(row["investering"], row["status"]) for row in voortgang} == {
        (done.pk, "gedaan"),
        (new.pk, "loopt"),
    }
    investments = {row["id"]: row for row in _json(client, "investeringen", "?gemeente=heerlen")}
    assert investments[done.pk]["status"] == "gedaan"
    assert investments[done.pk]["ronde_laatst"] == SLUG
    assert investments[done.pk]["bron"] == "rapport 2019"
    assert investments[new.pk]["bron"].startswith(f"ronde {SLUG}, ingevoerd op ")

    # Reverting the progress change through its history restores the 2019 plan... as 'gepland' again.
    progress = Progress.objects.get(interview=interview, investment=done)
    # The version as published (the first one was the draft the interview page saved).
    first_version = progress.history.filter(publication_status=PUBLISHED).earliest()
    progress.status = InvestmentStatus.CANCELLED
    progress.save()
    assert Investment.objects.get(pk=done.pk).status == InvestmentStatus.CANCELLED
    history_url = f"/beheer/rounds/progress/{progress.pk}/history/{first_version.history_id}/"
    revert_page = researcher_client.get(history_url)
    assert revert_page.status_code == 200
    response = researcher_client.post(history_url, form_data(revert_page))
    assert response.status_code == 302
    assert Progress.objects.get(pk=progress.pk).status == InvestmentStatus.COMPLETED
    assert Investment.objects.get(pk=done.pk).status == InvestmentStatus.COMPLETED


@pytest.mark.django_db
def test_draft_round_shows_nowhere(client):
    round_ = _second_round(status=DRAFT)
    heerlen = Municipality.objects.get(slug="heerlen")
    interview = Interview.objects.create(
        municipality=heerlen, round=round_, mode="online", publication_status=PUBLISHED
    )
    Answer.objects.create(
        interview=interview,
        question=round_.questions.get(number=1),
        text="Geheim conceptantwoord (fictief).",
        publication_status=PUBLISHED,
    )
    investment = _planned_in_2019("heerlen").first()
    record_progress(interview, investment, InvestmentStatus.COMPLETED, publication_status=PUBLISHED)

    assert client.get(f"/rondes/{SLUG}/").status_code == 404
    assert SLUG not in client.get("/rondes/").content.decode()
    assert "Geheim conceptantwoord" not in client.get("/gemeenten/heerlen/").content.decode()
    assert "Geheim conceptantwoord" not in client.get("/zoeken/?q=conceptantwoord").content.decode()
    assert client.get(f"/investeringen/?ronde={SLUG}").context["form"].errors
    for name in ("rondes", "interviews", "antwoorden", "voortgang"):
        assert SLUG not in json.dumps(_json(client, name))
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.PLANNED


# --- A second round through the four resources -------------------------------------------------------


def _dataset(headers, rows):
    return tablib.Dataset(*rows, headers=headers)


@pytest.mark.django_db
def test_second_round_through_the_four_resources():
    investment = _planned_in_2019("heerlen").first()
    result = RoundResource().import_data(
        _dataset(
            ["slug", "naam", "begin", "einde", "omschrijving", "publicatiestatus"],
            [(SLUG, NAME, "2099-03-01", "2099-04-30", "Fictieve methode.", "gepubliceerd")],
        )
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Round.objects.get(slug=SLUG).questions.count() == 5  # a copy of 2019's

    result = InterviewResource().import_data(
        _dataset(
            ["gemeente", "ronde", "datum", "periode", "vorm", "geinterviewden", "publicatiestatus"],
            [("GM0917", SLUG, "2099-03-15", "maart 2099", "online", "beleidsmedewerker", "gepubliceerd")],
        )
    )
    assert not result.has_errors() and not result.has_validation_errors()

    result = AnswerResource().import_data(
        _dataset(
            ["gemeente", "ronde", "vraag", "antwoord", "onderwerpen", "publicatiestatus"],
            [("GM0917", SLUG, 2, "Fictief antwoord uit een spreadsheet.", "training,campagne", "gepubliceerd")],
        )
    )
    assert not result.has_errors() and not result.has_validation_errors()
    answer = Answer.objects.get(interview__round__slug=SLUG)
    assert sorted(answer.topics.values_list("slug", flat=True)) == ["campagne", "training"]

    result = ProgressResource().import_data(
        _dataset(
            ["gemeente", "investering", "ronde", "status", "toelichting", "publicatiestatus"],
            [("GM0917", investment.slug, SLUG, "vervallen", "Fictief.", "gepubliceerd")],
        )
    )
    assert not result.has_errors() and not result.has_validation_errors()
    assert Investment.objects.get(pk=investment.pk).status == InvestmentStatus.CANCELLED

    exported = ProgressResource().export()
    assert [investment.slug, SLUG, "vervallen"] in [
        [row["investering"], row["ronde"], row["status"]] for row in exported.dict
    ]
    assert "training,campagne" in AnswerResource().export().csv or "campagne,training" in AnswerResource().export().csv


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource", "headers", "bad_row", "column", "named"),
    [
        (
            AnswerResource,
            ["gemeente", "ronde", "vraag", "antwoord", "onderwerpen", "publicatiestatus"],
            ("GM0917", "2019", 9, "Fictief.", "", "concept"),
            "vraag",
            "‘9’",
        ),
        (
            AnswerResource,
            ["gemeente", "ronde", "vraag", "antwoord", "onderwerpen", "publicatiestatus"],
            ("GM0917", "2019", 2, "Fictief.", "bestaat-niet", "concept"),
            "onderwerpen",
            "bestaat-niet",
        ),
        (
            ProgressResource,
            ["gemeente", "investering", "ronde", "status", "toelichting", "publicatiestatus"],
            ("GM0917", "bestaat-niet", "2019", "gedaan", "", "concept"),
            "investering",
            "bestaat-niet",
        ),
        (
            ProgressResource,
            ["gemeente", "investering", "ronde", "status", "toelichting", "publicatiestatus"],
            ("GM9999", "x", "2019", "gedaan", "", "concept"),
            "gemeente",
            "GM9999",
        ),
        (
            InterviewResource,
            ["gemeente", "ronde", "datum", "periode", "vorm", "geinterviewden", "publicatiestatus"],
            ("GM0917", "1999", "", "", "online", "", "concept"),
            "ronde",
            "1999",
        ),
    ],
)
def test_one_bad_row_changes_nothing_and_is_named(resource, headers, bad_row, column, named):
    investment = _planned_in_2019("heerlen").first()
    good_rows = {
        AnswerResource: ("GM0917", "2019", 1, "Een goed fictief antwoord.", "", "concept"),
        ProgressResource: ("GM0917", investment.slug, "2019", "loopt", "", "concept"),
        InterviewResource: ("GM0917", "2019", "", "november 2019", "telefonisch", "", "concept"),
    }
    before = (Answer.objects.count(), list(Progress.objects.values_list("pk", "status", "version")))
    result = resource().import_data(_dataset(headers, [good_rows[resource], bad_row]))
    if result.has_validation_errors():
        errors = {key: " ".join(map(str, value)) for key, value in result.invalid_rows[0].error_dict.items()}
        assert named in errors[column]
    else:  # an unknown key of the record itself is a row error
        assert result.has_errors()
        assert named in " ".join(str(error.error) for _number, errors in result.row_errors() for error in errors)
    assert (Answer.objects.count(), list(Progress.objects.values_list("pk", "status", "version"))) == before


# --- Roles --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_roles_cover_the_round_models():
    def codenames(role):
        return set(
            Group.objects.get(name=role)
            .permissions.filter(content_type__app_label="rounds")
            .values_list("codename", flat=True)
        )

    researcher, ministry = codenames("Onderzoeker"), codenames("Ministerie")
    for model in ("round", "interview", "answer", "progress"):
        assert {f"{a}_{model}" for a in ("add", "change", "view", "import", "export", "publish")} <= researcher
        assert f"delete_{model}" not in researcher
        assert {f"{a}_{model}" for a in ("view", "export")} <= ministry
        assert not {f"{a}_{model}" for a in ("add", "change", "delete", "import", "publish")} & ministry
    for model in ("question", "topic"):
        assert {f"{a}_{model}" for a in ("add", "change", "view")} <= researcher
        assert ministry & {f"add_{model}", f"change_{model}", f"delete_{model}"} == set()


@pytest.mark.django_db
def test_answer_admin_pages_render(client):
    client.force_login(make_user(SUPERUSER))
    round_ = _second_round()
    interview = Interview.objects.create(
        municipality=Municipality.objects.get(slug="heerlen"), round=round_, mode="online"
    )
    answer = Answer.objects.create(interview=interview, question=round_.questions.get(number=1), text="Fictief.")
    for url in (
        "/beheer/rounds/answer/",
        f"/beheer/rounds/answer/{answer.pk}/change/",
        "/beheer/rounds/answer/export/",
    ):
        assert client.get(url).status_code == 200


# --- Query counts stay flat as rounds and municipalities grow ----------------------------------------


def _grow(n, start=0):
    provinces = list(Province.values)
    for k in range(start, start + n):
        round_ = Round.objects.create(
            slug=f"test-{2100 + k}",
            name=f"Testronde {k} (fictief)",
            starts_on=datetime.date(2100 + k, 1, 1),
            publication_status=PUBLISHED,
        )
        copy_questionnaire(round_)
        municipality = Municipality.objects.create(
            name=f"Testgemeente {k}",
            slug=f"testgemeente-{k}",
            cbs_code=f"GM{8000 + k}",
            province=provinces[k % len(provinces)],
            publication_status=PUBLISHED,
        )
        for target in (municipality, Municipality.objects.get(slug="heerlen")):
            interview = Interview.objects.create(
                municipality=target, round=round_, mode="online", publication_status=PUBLISHED
            )
            Answer.objects.create(
                interview=interview,
                question=round_.questions.get(number=1),
                text="Fictief.",
                publication_status=PUBLISHED,
            )
        for investment in _planned_in_2019("heerlen"):
            interview = Interview.objects.get(round=round_, municipality__slug="heerlen")
            record_progress(interview, investment, InvestmentStatus.ONGOING, publication_status=PUBLISHED)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/rondes/", "/rondes/2019/", "/gemeenten/heerlen/", "/en/rondes/2019/"])
def test_round_pages_keep_their_query_count(client, url):
    _grow(1)
    before = _count(client, url)
    _grow(3, start=1)
    after = _count(client, url)
    assert after == before
    if "/rondes/" in url:
        assert after <= 10
