"""`createsuperuser --noinput` holds DJANGO_SUPERUSER_PASSWORD to the README's rules (12 characters and more)."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["1234", "kort-genoeg", "123456789012345"])
def test_a_weak_password_from_the_environment_is_refused(monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_PASSWORD"):
        call_command("createsuperuser", "--noinput", "--username=beheer", "--email=beheer@example.org")
    assert not User.objects.filter(username="beheer").exists()


@pytest.mark.django_db
def test_a_strong_password_from_the_environment_is_accepted(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "lange-zin-over-eenzaamheid")
    call_command("createsuperuser", "--noinput", "--username=beheer", "--email=beheer@example.org")
    user = User.objects.get(username="beheer")
    assert user.is_superuser and user.check_password("lange-zin-over-eenzaamheid")
