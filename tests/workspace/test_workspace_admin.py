"""The researcher workspace at /beheer/: pages per role, permissions enforced on the server, the
publication workflow, the start page, staff previews of drafts and constant query counts.
"""

import csv
import io

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from report.models import ReportSection
from rounds.models import Answer, Interview, Progress, Question, Round
from selfreport.models import Invitation, Submission
from tests.workspace_helpers import (
    EXPORT_URL,
    IGNORE_URLFIELD_SCHEME_WARNING,
    IMPORT_URL,
    MINISTERIE,
    ONDERZOEKER,
    PROCESS_IMPORT_URL,
    ROLES,
    SUPERUSER,
    csv_bytes,
    make_user,
    page_text,
    post_import,
    snapshot,
)

DRAFT = PublicationStatus.DRAFT
PUBLISHED = PublicationStatus.PUBLISHED

PUBLISHABLE_MODELS = [
    Municipality,
    Investment,
    Intervention,
    Lesson,
    Bottleneck,
    Tip,
    Quote,
    Round,
    Interview,
    Progress,
]
SUPPORTING_MODELS = [Question, Theme, TargetGroup, Partner, ReportSection]
WORKSPACE_MODELS = PUBLISHABLE_MODELS + SUPPORTING_MODELS
# Accounts and login protection: only the superuser manages these.
SYSTEM_MODEL_LABELS = {"auth.User", "auth.Group", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
# Reference figures: loaded by load_reference_data and import_statline_csv, never typed in; no role
# needs them in the workspace, so like the accounts they are the superuser's alone.
SYSTEM_MODEL_LABELS |= {"indicators.Indicator", "indicators.IndicatorValue"}


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def login(client):
    """Log the test client in as a new user in the given role; returns the user."""

    def log_in(role, username=None):
        user = make_user(role, username)
        client.force_login(user)
        return user

    return log_in


@pytest.fixture
def researcher(client, login):
    return login(ONDERZOEKER)


@pytest.fixture
def ministry(client, login):
    return login(MINISTERIE)


# --- Every page renders for every role -------------------------------------------------------------


def test_every_registered_model_is_covered_by_the_page_tests():
    # The render tests below list the workspace's models explicitly; a model admin added later
    # must be added there too, or its pages would go untested.
    registered = {model._meta.label for model in admin.site._registry}
    # The report has no answers; tests/rounds/test_round_workspace.py covers the answer pages.
    # Self-reporting's invitations and submissions have pages of their own: tests/selfreport/test_workspace.py.
    covered = [*WORKSPACE_MODELS, Answer, Invitation, Submission]
    assert registered == {model._meta.label for model in covered} | SYSTEM_MODEL_LABELS


def _expected_status(role, model, view):
    if role in {SUPERUSER, ONDERZOEKER}:
        return 200
    # Ministerie: look and export, nothing else.
    return 403 if view in {"add", "import"} else 200


@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", WORKSPACE_MODELS, ids=lambda model: model._meta.label)
def test_admin_pages_render_for_each_role(client, login, role, model):
    login(role)
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, "the report should provide at least one record of every model"
    views = [("changelist", ()), ("add", ()), ("change", (obj.pk,)), ("history", (obj.pk,))]
    if model in PUBLISHABLE_MODELS:
        views += [("import", ()), ("export", ())]

    statuses = {view: client.get(_url(model, view, *args)).status_code for view, args in views}

    assert statuses == {view: _expected_status(role, model, view) for view, _args in views}


@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.django_db
@pytest.mark.parametrize("model", PUBLISHABLE_MODELS, ids=lambda model: model._meta.label)
def test_ministry_change_page_is_read_only(client, ministry, model):
    obj = model._default_manager.order_by("pk").first()
    response = client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200
    content = response.content.decode()
    # A view-only page has no save buttons and no publish action to offer.
    assert 'name="_save"' not in content
    assert 'name="_continue"' not in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ONDERZOEKER, MINISTERIE])
def test_accounts_and_login_records_are_for_the_superuser_only(client, login, role):
    login(role)
    for label in SYSTEM_MODEL_LABELS:
        app_label, model_name = label.lower().split(".")
        assert client.get(reverse(f"admin:{app_label}_{model_name}_changelist")).status_code == 403, label


@pytest.mark.django_db
def test_superuser_sees_accounts_and_login_records(client, login):
    login(SUPERUSER)
    for label in SYSTEM_MODEL_LABELS:
        app_label, model_name = label.lower().split(".")
        assert client.get(reverse(f"admin:{app_label}_{model_name}_changelist")).status_code == 200, label


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Municipality, Intervention, Partner], ids=lambda model: model._meta.label)
def test_admin_forms_with_url_fields_raise_no_deprecation_warning(client, login, model):
    # The project turns Django 6.0 deprecations into errors; with them on, these pages must render.
    login(ONDERZOEKER)
    obj = model._default_manager.order_by("pk").first()
    assert client.get(_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.django_db
def test_admin_speaks_dutch(client, researcher):
    response = client.get("/beheer/")
    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()
    text = page_text(response)
    assert "Beheer aanpak eenzaamheid" in text
    assert "Onderzoeksgegevens" in text
    assert "Nog in concept" in text


# --- Anonymous visitors -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/beheer/", "/beheer/investments/investment/", IMPORT_URL, EXPORT_URL, "/beheer/investments/investment/1/change/"],
)
def test_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/?next=")


@pytest.mark.django_db
def test_anonymous_post_of_an_action_changes_nothing(client):
    investment = Investment.objects.order_by("pk").first()
    Investment.objects.filter(pk=investment.pk).update(publication_status=DRAFT)
    response = client.post(
        "/beheer/investments/investment/", {"action": "publish_selected", "_selected_action": [investment.pk]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")
    investment.refresh_from_db()
    assert investment.publication_status == DRAFT


# --- Ministerie: look and export, never change -----------------------------------------------------


@pytest.mark.django_db
def test_ministry_cannot_save_a_change_page(client, ministry):
    investment = Investment.objects.order_by("pk").first()
    response = client.post(
        _url(Investment, "change", investment.pk),
        {
            "municipality": investment.municipality_id,
            "status": investment.status,
            "position": investment.position,
            "publication_status": investment.publication_status,
            "version_seen": investment.version,
            "title": "Door het ministerie gewijzigd",
            "slug": investment.slug,
            "text": investment.text,
        },
    )
    assert response.status_code == 403
    investment.refresh_from_db()
    assert investment.title != "Door het ministerie gewijzigd"


@pytest.mark.django_db
def test_ministry_cannot_import(client, ministry):
    before = snapshot()
    assert client.get(IMPORT_URL).status_code == 403
    rows = [
        {
            "gemeente": "GM0363",
            "slug": "via-ministerie",
            "status": "gepland",
            "titel": "Via het ministerie",
            "tekst": "Mag niet.",
            "volgorde": 1,
            "publicatiestatus": "concept",
        }
    ]
    assert post_import(client, csv_bytes(rows)).status_code == 403
    # The confirm step checks the permission on its own too; it must not trust the first step.
    response = client.post(
        PROCESS_IMPORT_URL, {"import_file_name": "x", "original_file_name": "x.csv", "format": "0", "resource": "0"}
    )
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_ministry_cannot_run_the_publish_actions(client, ministry):
    investment = Investment.objects.order_by("pk").first()
    Investment.objects.filter(pk=investment.pk).update(publication_status=DRAFT)
    published = Investment.objects.exclude(pk=investment.pk).order_by("pk").first()
    history_before = Investment.history.count()

    # With nothing it may do to a selection, the ministry gets no action menu at all.
    changelist = client.get("/beheer/investments/investment/")
    assert changelist.status_code == 200
    assert changelist.context["action_form"] is None

    # Django hides the action; posting it by hand must be refused, not silently ignored.
    for action, pk in [("publish_selected", investment.pk), ("unpublish_selected", published.pk)]:
        response = client.post("/beheer/investments/investment/", {"action": action, "_selected_action": [pk]})
        assert response.status_code == 403

    investment.refresh_from_db()
    published.refresh_from_db()
    assert investment.publication_status == DRAFT
    assert published.publication_status == PUBLISHED
    assert Investment.history.count() == history_before


@pytest.mark.django_db
def test_ministry_can_download_an_export(client, ministry):
    assert client.get(EXPORT_URL).status_code == 200
    response = client.post(
        EXPORT_URL,
        {"resource": "0", "format": "0", "investmentresource_gemeente": "on", "investmentresource_titel": "on"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["gemeente", "titel"]
    assert len(rows) == 1 + Investment.objects.count()
    assert ["GM0363", "Bijdrage aan tien beloftevolle experimenten om hun aanpak te verduurzamen"] in rows


# --- Onderzoeker: the publication workflow ---------------------------------------------------------


@pytest.mark.django_db
def test_researcher_publishes_drafts_with_the_bulk_action(client, researcher):
    drafts = list(Investment.objects.filter(municipality__cbs_code="GM0363").order_by("pk")[:3])
    pks = [investment.pk for investment in drafts]
    # .update() writes no history, so every historical record below comes from the action.
    Investment.objects.filter(pk__in=pks).update(publication_status=DRAFT)
    versions = dict(Investment.objects.filter(pk__in=pks).values_list("pk", "version"))

    changelist = client.get("/beheer/investments/investment/")
    offered = {name for name, _label in changelist.context["action_form"].fields["action"].choices}
    assert {"publish_selected", "unpublish_selected"} <= offered

    response = client.post(
        "/beheer/investments/investment/", {"action": "publish_selected", "_selected_action": pks}, follow=True
    )

    assert response.status_code == 200
    assert "3 items gepubliceerd." in [str(message) for message in response.context["messages"]]
    for investment in Investment.objects.filter(pk__in=pks):
        assert investment.publication_status == PUBLISHED
        assert investment.version == versions[investment.pk] + 1
        latest = investment.history.order_by("-history_date", "-history_id").first()
        assert latest.history_type == "~"
        assert latest.publication_status == PUBLISHED
        assert latest.history_user == researcher


@pytest.mark.django_db
def test_researcher_takes_items_offline_with_the_bulk_action(client, researcher):
    quotes = list(Quote.objects.order_by("pk")[:2])
    response = client.post(
        "/beheer/lessons/quote/",
        {"action": "unpublish_selected", "_selected_action": [quote.pk for quote in quotes]},
        follow=True,
    )
    assert "2 items teruggezet naar concept." in [str(message) for message in response.context["messages"]]
    for quote in quotes:
        quote.refresh_from_db()
        assert quote.publication_status == DRAFT
        assert quote.history.order_by("-history_date", "-history_id").first().history_user == researcher


@pytest.mark.django_db
def test_publishing_what_is_already_published_writes_nothing(client, researcher):
    investment = Investment.objects.order_by("pk").first()
    history_before = investment.history.count()
    response = client.post(
        "/beheer/investments/investment/",
        {"action": "publish_selected", "_selected_action": [investment.pk]},
        follow=True,
    )
    assert "0 items gepubliceerd." in [str(message) for message in response.context["messages"]]
    assert investment.history.count() == history_before


# --- The investment list: filters, search, autocomplete, view on site ------------------------------


@pytest.mark.django_db
def test_investment_changelist_filters_and_searches(client, researcher):
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    Investment.objects.filter(pk__in=Investment.objects.order_by("pk").values("pk")[:4]).update(
        publication_status=DRAFT
    )
    meldpunt = Theme.objects.get(slug="meldpunt")

    def result_count(query):
        response = client.get(f"/beheer/investments/investment/?{query}")
        assert response.status_code == 200
        return response.context["cl"].result_count

    assert result_count("publication_status__exact=draft") == 4
    assert result_count("status__exact=planned") == Investment.objects.filter(status=InvestmentStatus.PLANNED).count()
    assert result_count(f"municipality__id__exact={amsterdam.pk}") == amsterdam.investments.count()
    assert result_count(f"themes__id__exact={meldpunt.pk}") == meldpunt.investments.count()
    # Search covers the municipality's name, not only the investment's own words.
    assert result_count("q=Amsterdam") >= amsterdam.investments.count() > 0


@pytest.mark.django_db
def test_investment_form_offers_autocomplete_for_its_relations(client, researcher):
    investment = Investment.objects.order_by("pk").first()
    response = client.get(_url(Investment, "change", investment.pk))
    form = response.context["adminform"].form
    for name in ["municipality", "themes", "target_groups", "interventions", "partners"]:
        # The admin wraps each relation's widget (for the "+" link); the inner one must autocomplete.
        assert type(form.fields[name].widget.widget).__name__.startswith("Autocomplete"), name

    found = client.get(
        "/beheer/autocomplete/",
        {"app_label": "investments", "model_name": "investment", "field_name": "municipality", "term": "Amster"},
    )
    assert found.status_code == 200
    assert [result["text"] for result in found.json()["results"]] == ["Amsterdam"]


@pytest.mark.django_db
def test_investment_change_page_links_to_the_public_page(client, researcher):
    investment = Investment.objects.order_by("pk").first()
    response = client.get(_url(Investment, "change", investment.pk))
    view_on_site_url = f"/beheer/r/{ContentType.objects.get_for_model(Investment).pk}/{investment.pk}/"
    assert f'href="{view_on_site_url}"' in response.content.decode()
    assert "Weergeven op website" in page_text(response)
    view_on_site = client.get(view_on_site_url)
    assert view_on_site.status_code == 302
    assert view_on_site["Location"].endswith(investment.get_absolute_url())


@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.django_db
def test_municipality_page_has_investments_interviews_and_quotes_inline(client, researcher):
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    response = client.get(_url(Municipality, "change", amsterdam.pk))
    inlines = {inline.formset.model: len(inline.formset.forms) for inline in response.context["inline_admin_formsets"]}
    assert inlines[Investment] == amsterdam.investments.count() > 0
    assert inlines[Interview] == amsterdam.interviews.count() > 0
    assert inlines[Quote] == amsterdam.quotes.count()


@pytest.mark.django_db
def test_bottleneck_page_has_tips_and_quotes_inline(client, researcher):
    bottleneck = Bottleneck.objects.filter(tips__isnull=False).distinct().first()
    response = client.get(_url(Bottleneck, "change", bottleneck.pk))
    inlines = {inline.formset.model: len(inline.formset.forms) for inline in response.context["inline_admin_formsets"]}
    assert inlines[Tip] == bottleneck.tips.count() > 0
    assert inlines[Quote] == bottleneck.quotes.count()
    assert "municipalities" in response.context["adminform"].form.fields


# --- The start page ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_start_page_shows_what_is_still_in_draft(client, login, role):
    login(role)
    Investment.objects.filter(pk__in=Investment.objects.order_by("pk").values("pk")[:2]).update(
        publication_status=DRAFT
    )
    Lesson.objects.filter(pk=Lesson.objects.order_by("pk").first().pk).update(publication_status=DRAFT)

    response = client.get("/beheer/")
    drafts = {item.label: (item.count, item.url) for item in response.context["drafts"]}

    assert drafts["investeringen"] == (2, "/beheer/investments/investment/?publication_status__exact=draft")
    assert drafts["lessen"][0] == 1
    assert drafts["gemeenten"][0] == drafts["citaten"][0] == 0
    # The link lists exactly those drafts.
    assert client.get(drafts["investeringen"][1]).context["cl"].result_count == 2


# --- Drafts on the public pages ----------------------------------------------------------------------

PREVIEW_BANNER = "Voorbeeldweergave voor medewerkers"
DRAFT_MARKER = "Concept, niet openbaar"


@pytest.mark.django_db
def test_staff_preview_a_draft_investment_on_the_public_page(client, researcher):
    investment = Investment.objects.get(
        municipality__cbs_code="GM0363", slug="tien-beloftevolle-experimenten-verduurzaamd"
    )
    Investment.objects.filter(pk=investment.pk).update(publication_status=DRAFT)

    text = page_text(client.get("/gemeenten/amsterdam/"))

    assert investment.title in text
    assert DRAFT_MARKER in text
    assert PREVIEW_BANNER in text


@pytest.mark.django_db
def test_anonymous_visitor_never_sees_a_draft_investment(client):
    investment = Investment.objects.get(
        municipality__cbs_code="GM0363", slug="tien-beloftevolle-experimenten-verduurzaamd"
    )
    other = Investment.objects.filter(municipality__cbs_code="GM0363").exclude(pk=investment.pk).first()
    Investment.objects.filter(pk=investment.pk).update(publication_status=DRAFT)

    response = client.get("/gemeenten/amsterdam/")
    text = page_text(response)

    assert response.status_code == 200
    # The page itself works and shows the published investments; only the draft is missing.
    assert other.title in text
    assert investment.title not in text
    assert DRAFT_MARKER not in text
    assert PREVIEW_BANNER not in text
    assert investment.title not in page_text(client.get("/investeringen/?q=beloftevolle"))
    # The same search does find it for staff, so the search above could have found it.
    client.force_login(make_user(MINISTERIE))
    assert investment.title in page_text(client.get("/investeringen/?q=beloftevolle"))


@pytest.mark.django_db
def test_draft_municipality_is_hidden_from_visitors_and_previewed_by_staff(client):
    Municipality.objects.filter(slug="amsterdam").update(publication_status=DRAFT)

    assert client.get("/gemeenten/amsterdam/").status_code == 404
    assert "Amsterdam" not in page_text(client.get("/gemeenten/"))

    client.force_login(make_user(MINISTERIE))
    response = client.get("/gemeenten/amsterdam/")
    assert response.status_code == 200
    text = page_text(response)
    assert DRAFT_MARKER in text
    assert PREVIEW_BANNER in text


# --- No N+1 in the lists ------------------------------------------------------------------------------

CHANGELISTS = {
    "investeringen": "/beheer/investments/investment/",
    "citaten": "/beheer/lessons/quote/",
    "tips": "/beheer/lessons/tip/",
    "gemeenten": "/beheer/municipalities/municipality/",
    "lessen": "/beheer/lessons/lesson/",
    "knelpunten": "/beheer/lessons/bottleneck/",
    "interventies": "/beheer/investments/intervention/",
    "interviews": "/beheer/rounds/interview/",
    "startpagina": "/beheer/",
}


def _measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_changelists_run_the_same_number_of_queries_with_more_data(client, researcher, grow):
    for url in CHANGELISTS.values():
        client.get(url)  # warm process-wide caches (content types, permissions of the session user)
    with_report = {name: _measure(client, url)[0] for name, url in CHANGELISTS.items()}
    counts_before = {name: Model.objects.count() for name, Model in [("i", Investment), ("q", Quote), ("t", Tip)]}

    growth = grow()

    with_more_data = {}
    for name, url in CHANGELISTS.items():
        with_more_data[name], response = _measure(client, url)
        if name == "investeringen":
            # The grown rows are really listed: otherwise equal counts would prove nothing.
            assert response.context["cl"].result_count == counts_before["i"] + growth.investments
        if name == "citaten":
            assert response.context["cl"].result_count == counts_before["q"] + growth.quotes
        if name == "tips":
            assert response.context["cl"].result_count == counts_before["t"] + growth.tips
        if name == "gemeenten":
            assert response.context["cl"].result_count == 16 + growth.municipalities

    assert with_more_data == with_report
