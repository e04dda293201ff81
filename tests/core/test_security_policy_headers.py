"""Permissions-Policy and Cross-Origin-Resource-Policy on every response the portal makes.

The portal uses no camera, microphone, location, payment or similar browser feature, so it denies
them all; its resources are for its own pages (open data reaches other sites through CORS, which
CORP does not restrict).
"""

import pytest

URLS = [
    "/",
    "/en/gemeenten/",
    "/open-data/investeringen.csv",
    "/open-data/catalogus.jsonld",
    "/bestaat-niet/",
    "/zoeken/?q=%00",
    "/robots.txt",
    "/beheer/login/",
    "/healthz",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_every_response_denies_unused_features_and_cross_origin_embedding(client, url):
    response = client.get(url)

    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_open_data_is_still_shared_through_cors(client):
    response = client.get("/open-data/investeringen.json", headers={"Origin": "https://elders.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
