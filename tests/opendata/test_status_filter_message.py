import pytest

from investments.models import STATUS_BY_SLUG


@pytest.mark.django_db
def test_an_unknown_status_names_every_status_the_filter_accepts(client):
    response = client.get("/open-data/investeringen.json?status=klaar")

    body = response.content.decode()
    assert response.status_code == 400
    assert "‘klaar’" in body
    for slug in STATUS_BY_SLUG:
        assert f"‘{slug}’" in body
        assert client.get(f"/open-data/investeringen.json?status={slug}").status_code == 200
    assert "Choose from:" in body
