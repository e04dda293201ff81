"""Self-reporting fixtures: a fictional open round with the 2019 questionnaire, and invitations."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from municipalities.models import Municipality
from rounds.models import Round
from rounds.services import copy_questionnaire
from selfreport import services

LINK = re.compile(r"https?://\S+/rapporteren/([A-Za-z0-9_-]+)/")


@pytest.fixture
def open_round(db, committed):
    with committed():
        round_ = Round.objects.create(
            slug="test-2099",
            name="Testronde (fictief)",
            starts_on=timezone.localdate() - datetime.timedelta(days=10),
            ends_on=timezone.localdate() + datetime.timedelta(days=30),
        )
        copy_questionnaire(round_)
    return round_


def link_for(token):
    return f"http://testserver/rapporteren/{token}/"


def token_in_mail(message) -> str:
    return LINK.search(message.body).group(1)


@pytest.fixture
def invite(open_round):
    """invite(slug, email) → (invitation, token), through the service and the mail it sends."""

    def make(slug, email=None):
        municipality = Municipality.objects.get(slug=slug)
        [invitation] = services.invite(open_round, [(municipality, email or f"beleid@{slug}.example")], link_for)
        return invitation, token_in_mail(mail.outbox[-1])

    return make


def questionnaire_data(form_page_context=None, **extra):
    """Minimal POST data for a questionnaire: built from the rendered form's initial values."""
    data = {}
    if form_page_context is not None:
        form = form_page_context["form"]
        for name in form.fields:
            value = form[name].value()
            if value in (None, ""):
                continue
            data[name] = value
        for index, _row in enumerate(form.new_rows):
            data.setdefault(f"nieuw{index}_titel", "")
    data.update(extra)
    return data
