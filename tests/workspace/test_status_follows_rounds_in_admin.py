"""An investment's status follows from the research rounds once a published round mentions it; the
admin must refuse a change to it with what to do instead, not save the form and quietly put the
derived status back (issue 19: no silent drops)."""

import pytest

from investments.models import Investment, InvestmentStatus
from tests.workspace_helpers import ONDERZOEKER, form_data, make_user

pytestmark = pytest.mark.django_db


def _change_status(client, investment, status):
    url = f"/beheer/investments/investment/{investment.pk}/change/"
    data = form_data(client.get(url))
    data["status"] = status
    return client.post(url, data)


def test_a_status_the_rounds_decide_is_refused_with_what_to_do_instead(client):
    client.force_login(make_user(ONDERZOEKER))
    investment = Investment.objects.published().filter(status=InvestmentStatus.PLANNED).first()
    assert investment.progress.published().exists()  # the 2019 report mentions every one of its investments
    version = investment.version

    response = _change_status(client, investment, InvestmentStatus.ONGOING)

    assert response.status_code == 200
    assert "De status volgt uit de onderzoeksrondes" in response.content.decode()
    investment.refresh_from_db()
    assert (investment.status, investment.version) == (InvestmentStatus.PLANNED, version)


def test_a_status_no_published_round_mentions_is_saved(client):
    client.force_login(make_user(ONDERZOEKER))
    investment = Investment.objects.published().filter(status=InvestmentStatus.PLANNED).first()
    investment.progress.all().delete()

    response = _change_status(client, investment, InvestmentStatus.ONGOING)

    assert response.status_code == 302
    investment.refresh_from_db()
    assert investment.status == InvestmentStatus.ONGOING
