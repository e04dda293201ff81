"""A request with a bad Host header is one warning line in the log, not a traceback at ERROR."""

import io
import logging

import pytest


@pytest.fixture
def security_log():
    handler = logging.getLogger("django.security.DisallowedHost").handlers[0]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_bad_host_is_one_warning_line(client, security_log, caplog):
    caplog.set_level(logging.WARNING)

    response = client.get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    lines = security_log.getvalue().splitlines()
    assert len(lines) == 1, security_log.getvalue()
    assert lines[0].startswith("WARNING django.security.DisallowedHost: Invalid HTTP_HOST header: 'evil.example'")
    assert "Traceback" not in security_log.getvalue()
    # Nothing about it reaches the general log at ERROR either.
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.django_db
def test_bad_host_gets_the_portal_400_page(client, security_log):
    response = client.get("/gemeenten/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "Ongeldig adres" in response.content.decode()
