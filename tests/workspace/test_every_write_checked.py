"""Every write is checked: writes that were lost, ignored or allowed without the right.

- A save without the version the editor opened (`version_seen`) skipped optimistic locking, so a
  stale save overwrote another researcher's edit; it is now refused with a message to reload.
- A user without the publish permission could publish through the change or add form.
- Any `is_staff` account without a role saw drafts on the public pages.
- History URLs with an id that cannot exist answered 500.
- The import's confirm step read and deleted any file of the temporary folder a posted name named.
- Import job pages answered 403 for another user's job (and 404 for none), so ids could be probed,
  and checked the URL's model rather than the job's.
"""

import os
import tempfile
import uuid

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from core.models import ImportJob, PublicationStatus, previews_drafts
from investments.models import Investment
from lessons.models import Tip
from tests.workspace_helpers import (
    IGNORE_URLFIELD_SCHEME_WARNING,
    ONDERZOEKER,
    PASSWORD,
    PROCESS_IMPORT_URL,
    SUPERUSER,
    confirm_form_inputs,
    csv_bytes,
    form_data,
    make_user,
    page_text,
    post_import,
    snapshot,
)

SLUG = "tien-beloftevolle-experimenten-verduurzaamd"


def _investment():
    return Investment.objects.get(municipality__cbs_code="GM0363", slug=SLUG)


def _change_url(record):
    opts = record._meta
    return f"/beheer/{opts.app_label}/{opts.model_name}/{record.pk}/change/"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- Optimistic locking without the version seen ------------------------------------------------------


@pytest.mark.django_db
def test_a_save_without_the_version_seen_is_refused_and_writes_nothing():
    investment = _investment()
    client = _client(make_user(ONDERZOEKER))
    data = form_data(client.get(_change_url(investment)))
    del data["version_seen"]
    data["title"] = "Een titel die niet mag overschrijven"
    before = snapshot()

    response = client.post(_change_url(investment), data)

    assert response.status_code == 200
    assert "Laad de pagina opnieuw" in page_text(response)
    assert snapshot() == before


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
def test_an_inline_save_without_the_version_seen_is_refused_too():
    investment = _investment()
    client = _client(make_user(ONDERZOEKER))
    url = _change_url(investment.municipality)
    data = form_data(client.get(url))
    (prefix,) = [
        name[: -len("-id")]
        for name, value in data.items()
        if name.endswith("-id") and value == investment.pk and data.get(f"{name[: -len('-id')]}-slug") == SLUG
    ]
    del data[f"{prefix}-version_seen"]
    data[f"{prefix}-title"] = "Via de gemeente overschreven"
    before = snapshot()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Laad de pagina opnieuw" in page_text(response)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_save_with_the_version_seen_still_works():
    investment = _investment()
    client = _client(make_user(ONDERZOEKER))
    data = form_data(client.get(_change_url(investment)))
    data["title"] = "Tien experimenten, blijvend"

    assert client.post(_change_url(investment), data).status_code == 302
    investment.refresh_from_db()
    assert investment.title == "Tien experimenten, blijvend"


# --- The publish permission on the change and add forms -------------------------------------------------


def _editor_without_publish():
    """A role made in the admin with add, change and view, but not publish."""
    group = Group.objects.create(name="Redacteur")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="investments",
            codename__in=["add_investment", "change_investment", "view_investment", "view_intervention"],
        )
        | Permission.objects.filter(content_type__app_label="municipalities", codename="view_municipality")
    )
    user = User.objects.create_user("redacteur", "redacteur@example.org", PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_without_the_publish_permission_the_change_form_cannot_publish():
    investment = _investment()
    Investment.objects.filter(pk=investment.pk).update(publication_status=PublicationStatus.DRAFT)
    client = _client(_editor_without_publish())
    page = client.get(_change_url(investment))
    assert "publication_status" not in page.context["adminform"].form.fields
    data = form_data(page)
    data["title"] = "Een nieuwe titel"
    data["publication_status"] = PublicationStatus.PUBLISHED

    assert client.post(_change_url(investment), data).status_code == 302

    investment.refresh_from_db()
    assert investment.title == "Een nieuwe titel"  # the change itself is saved
    assert investment.publication_status == PublicationStatus.DRAFT


@pytest.mark.django_db
def test_without_the_publish_permission_the_add_form_makes_a_draft():
    client = _client(_editor_without_publish())
    data = form_data(client.get("/beheer/investments/investment/add/"))
    data |= {
        "municipality": str(_investment().municipality_id),
        "status": "planned",
        "position": "1",
        "title": "Nieuw en meteen openbaar?",
        "slug": "nieuw-en-meteen-openbaar",
        "text": "Een tekst.",
        "publication_status": PublicationStatus.PUBLISHED,
    }
    data = {name: value for name, value in data.items() if value != ""}  # nothing ticked, nothing sent

    response = client.post("/beheer/investments/investment/add/", data)

    assert response.status_code == 302, page_text(response)
    assert Investment.objects.get(slug="nieuw-en-meteen-openbaar").publication_status == PublicationStatus.DRAFT


@pytest.mark.django_db
def test_with_the_publish_permission_the_change_form_publishes():
    investment = _investment()
    Investment.objects.filter(pk=investment.pk).update(publication_status=PublicationStatus.DRAFT)
    client = _client(make_user(ONDERZOEKER))
    data = form_data(client.get(_change_url(investment)))
    data["publication_status"] = PublicationStatus.PUBLISHED

    assert client.post(_change_url(investment), data).status_code == 302
    investment.refresh_from_db()
    assert investment.publication_status == PublicationStatus.PUBLISHED


# --- Who previews drafts ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_role_or_a_superuser_previews_drafts():
    staff_without_role = User.objects.create_user("alleen-staf", "staf@example.org", PASSWORD, is_staff=True)
    inactive = make_user(ONDERZOEKER, username="vertrokken")
    inactive.is_active = False

    assert previews_drafts(make_user(ONDERZOEKER)) is True
    assert previews_drafts(make_user(SUPERUSER)) is True
    assert previews_drafts(staff_without_role) is False
    assert previews_drafts(inactive) is False
    assert previews_drafts(None) is False


@pytest.mark.django_db
def test_staff_without_a_role_does_not_see_a_draft_on_the_public_page():
    investment = _investment()
    Investment.objects.filter(pk=investment.pk).update(publication_status=PublicationStatus.DRAFT)
    staff_without_role = User.objects.create_user("alleen-staf", "staf@example.org", PASSWORD, is_staff=True)

    without_role = _client(staff_without_role).get("/gemeenten/amsterdam/")
    with_role = _client(make_user(ONDERZOEKER)).get("/gemeenten/amsterdam/")

    assert investment.title not in without_role.content.decode()
    assert investment.title in with_role.content.decode()


# --- History URLs with impossible ids ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_history_version_urls_with_impossible_ids_are_404(method):
    tip = Tip.objects.order_by("pk").first()
    version = tip.history.order_by("history_id").first().history_id
    client = _client(make_user(ONDERZOEKER))
    for url in [
        "/beheer/lessons/tip/abc/history/1/",
        f"/beheer/lessons/tip/{tip.pk}/history/abc/",
        f"/beheer/lessons/tip/{tip.pk}/history/99999999/",
        f"/beheer/lessons/tip/abc/history/{version}/",
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get(f"/beheer/lessons/tip/{tip.pk}/history/{version}/").status_code == 200


# --- The confirm step of an import -------------------------------------------------------------------------


def _row(slug):
    return {
        "gemeente": "GM0363",
        "slug": slug,
        "status": "gepland",
        "titel": "Uit een bestand",
        "tekst": "Een tekst.",
        "volgorde": 1,
        "publicatiestatus": "concept",
    }


@pytest.fixture
def planted_file():
    """A valid import file in the temporary folder that no preview of this session stored."""
    name = f"portal-test-{uuid.uuid4().hex}.csv"
    path = os.path.join(tempfile.gettempdir(), name)
    with open(path, "wb") as handle:
        handle.write(csv_bytes([_row("geplant-bestand")]))
    yield name
    if os.path.exists(path):
        os.remove(path)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "../../../tmp/", "absolute"])
def test_the_confirm_step_reads_no_file_its_session_did_not_preview(client, planted_file, prefix):
    prefix = tempfile.gettempdir() + os.sep if prefix == "absolute" else prefix
    client.force_login(make_user(ONDERZOEKER))
    before = snapshot()

    response = client.post(
        PROCESS_IMPORT_URL,
        {"import_file_name": prefix + planted_file, "original_file_name": "x.csv", "format": "0", "resource": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert "hoort niet bij een voorbeeld" in page_text(response)
    assert os.path.exists(os.path.join(tempfile.gettempdir(), planted_file))
    assert snapshot() == before


@pytest.mark.django_db
def test_a_previewed_file_is_imported_once_and_only_by_its_session(client):
    user = make_user(ONDERZOEKER)
    client.force_login(user)
    inputs = confirm_form_inputs(post_import(client, csv_bytes([_row("uit-het-voorbeeld")])))
    other = _client(make_user(ONDERZOEKER, username="andere-onderzoeker"))

    refused = other.post(PROCESS_IMPORT_URL, inputs, follow=True)
    assert "hoort niet bij een voorbeeld" in page_text(refused)
    assert not Investment.objects.filter(slug="uit-het-voorbeeld").exists()

    client.post(PROCESS_IMPORT_URL, inputs)
    assert Investment.objects.filter(slug="uit-het-voorbeeld").count() == 1

    again = client.post(PROCESS_IMPORT_URL, inputs, follow=True)
    assert "hoort niet bij een voorbeeld" in page_text(again)


# --- Import job pages ---------------------------------------------------------------------------------------


def _job(user, resource="investments.resources.InvestmentResource"):
    return ImportJob.objects.create(
        user=user, resource=resource, file_format="x", file_name="z.csv", content=b"", rows_total=1
    )


@pytest.mark.django_db
def test_a_job_page_is_only_for_its_owner_and_its_model(client):
    owner = make_user(ONDERZOEKER)
    client.force_login(owner)
    own = _job(owner)
    someone_elses = _job(make_user(ONDERZOEKER, username="iemand-anders"))
    of_tips = _job(owner, resource="lessons.resources.TipResource")

    assert client.get(f"/beheer/investments/investment/import/{own.pk}/").status_code == 200
    assert client.get(f"/beheer/investments/investment/import/{someone_elses.pk}/").status_code == 404
    assert client.get(f"/beheer/investments/investment/import/{of_tips.pk}/").status_code == 404
    assert client.post(f"/beheer/investments/investment/import/{someone_elses.pk}/bevestigen/").status_code == 404
    assert client.get("/beheer/investments/investment/import/99999999/").status_code == 404
    assert client.get(f"/beheer/lessons/tip/import/{of_tips.pk}/").status_code == 200
