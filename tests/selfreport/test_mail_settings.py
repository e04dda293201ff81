"""DJANGO_EMAIL_URL: one value for the outgoing mail of the invitations; a bad one stops the start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import email_settings_from_url


def test_starttls_url_with_encoded_credentials():
    settings = email_settings_from_url("smtp+tls://portal%40example.nl:p%3Ass@smtp.example.nl:587")
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.nl", 587)
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("portal@example.nl", "p:ss")
    assert settings["EMAIL_USE_TLS"] and not settings["EMAIL_USE_SSL"]


def test_smtps_defaults_to_port_465_and_ssl():
    settings = email_settings_from_url("smtps://u:p@mail.example.nl")
    assert settings["EMAIL_PORT"] == 465 and settings["EMAIL_USE_SSL"] and not settings["EMAIL_USE_TLS"]


def test_console():
    assert email_settings_from_url("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize("url", ["http://mail.example.nl", "smtp://", "smtp://host:notaport", "nonsense"])
def test_bad_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        email_settings_from_url(url)
