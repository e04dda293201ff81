"""Reverting through the admin history page needs the change permission, for every model with history.

A view-only role (Ministerie) may open old versions, but a POST of the history form is refused
with 403 and writes nothing; a role with change permission (Onderzoeker) reverts as before.
"""

import datetime

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from municipalities.models import Municipality
from rounds.models import Answer, Interview, Round
from selfreport import services
from selfreport.models import Invitation, Submission
from tests.workspace_helpers import IGNORE_URLFIELD_SCHEME_WARNING, MINISTERIE, ONDERZOEKER, form_data, make_user

HISTORY_MODELS = sorted(
    (model for model, model_admin in admin.site._registry.items() if isinstance(model_admin, SimpleHistoryAdmin)),
    key=lambda model: model._meta.label,
)


def test_every_admin_with_history_is_covered():
    labels = {model._meta.label for model in HISTORY_MODELS}
    # ReportSection is the one the issue names; the rest are every content and supporting model.
    assert "report.ReportSection" in labels
    assert len(labels) >= 11


def _record_with_two_versions(model):
    """A record whose history holds an older version to revert to."""
    record = model._default_manager.order_by("pk").first()
    if record is None and model is Answer:
        # The report records no per-question answers (round 2019): enter one as a researcher would.
        interview = Interview.objects.order_by("pk").first()
        question = interview.round.questions.order_by("number").first()
        record = Answer.objects.create(interview=interview, question=question, text="Een antwoord (fictief).")
    if record is None and model in (Invitation, Submission):
        # The report has no self-reporting: invite one municipality and let it save a draft.
        invitation = _invitation()
        record = invitation if model is Invitation else Submission.objects.create(invitation=invitation)
    assert record is not None, f"the loaded report has no {model._meta.label}"
    record.save()
    record.save()
    older = record.history.order_by("history_date", "history_id").first()
    return record, older


def _invitation():
    round_ = Round.objects.create(
        slug="test-2099",
        name="Testronde (fictief)",
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    amsterdam = Municipality.objects.get(slug="amsterdam")
    [invitation] = services.invite(round_, [(amsterdam, "beleid@amsterdam.example")], lambda token: f"/r/{token}/")
    return invitation


def _state(model, record):
    stored = model._default_manager.get(pk=record.pk)
    return model_to_dict(stored), stored.history.count(), getattr(stored, "version", None)


def _history_form_url(model, record, history_record):
    opts = model._meta
    return f"/beheer/{opts.app_label}/{opts.model_name}/{record.pk}/history/{history_record.history_id}/"


def _client(role):
    client = Client()
    client.force_login(make_user(role))
    return client


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.label)
def test_view_only_role_sees_old_versions_but_cannot_revert(model):
    record, older = _record_with_two_versions(model)
    url = _history_form_url(model, record, older)
    client = _client(MINISTERIE)
    before = _state(model, record)

    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, form_data(page))

    assert response.status_code == 403
    assert _state(model, record) == before


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.label)
def test_view_only_role_cannot_revert_even_with_a_hand_made_post(model):
    record, older = _record_with_two_versions(model)
    before = _state(model, record)

    response = _client(MINISTERIE).post(_history_form_url(model, record, older), {"_change_history": "1"})

    assert response.status_code == 403
    assert _state(model, record) == before


@pytest.mark.django_db
@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.parametrize("model", HISTORY_MODELS, ids=lambda model: model._meta.label)
def test_role_with_change_permission_reverts(model):
    record, older = _record_with_two_versions(model)
    url = _history_form_url(model, record, older)
    client = _client(ONDERZOEKER)
    _fields, history_before, version_before = _state(model, record)

    response = client.post(url, form_data(client.get(url)))

    assert response.status_code == 302
    _fields, history_after, version_after = _state(model, record)
    assert history_after > history_before
    if version_before is not None:
        assert version_after == version_before + 1


@pytest.mark.django_db
def test_view_only_role_cannot_recover_a_deleted_record():
    from investments.models import Investment

    investment = Investment.objects.order_by("pk").first()
    pk = investment.pk
    investment.delete()
    last = Investment.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    url = f"/beheer/investments/investment/{pk}/history/{last.history_id}/"
    client = _client(MINISTERIE)

    assert client.get(url).status_code == 200
    response = client.post(url, {"version_seen": ""})

    assert response.status_code == 403
    assert not Investment.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_malformed_object_id_is_not_found_not_an_error():
    client = _client(ONDERZOEKER)
    assert client.post("/beheer/investments/investment/abc/history/1/", {}).status_code == 404
