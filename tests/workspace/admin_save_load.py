"""Save through the admin many times in a row, against the real database in DATABASE_URL.

Run as a script (`python tests/workspace/admin_save_load.py KIND COUNT PREFIX`) by the concurrency
test, twice at once beside a real `db_worker`, and prints what happened as JSON: every response's
status and, for a 500, the exception. KIND `users` adds users; KIND `content` changes a round, of
every ten saves one a municipality instead and one an upload of a file that the worker previews in
the background. A separate process because the database must be a real one that other processes share,
not pytest's test database.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.workspace.worker_settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from municipalities.models import Municipality  # noqa: E402
from municipalities.resources import MunicipalityResource  # noqa: E402
from rounds.models import Round  # noqa: E402
from tests.workspace_helpers import form_data, post_import  # noqa: E402

ADMIN = "beheerder"
MUNICIPALITY_IMPORT_URL = "/beheer/municipalities/municipality/import/"


def outcome(response, expected):
    if response.status_code == expected:
        return None
    error = getattr(response, "exc_info", None)
    return f"{response.status_code}: {error[0].__name__}: {error[1]}" if error else str(response.status_code)


def add_users(client, count, prefix):
    for number in range(count):
        password = f"Wachtwoord-{prefix}-{number}-lang"
        response = client.post(
            "/beheer/auth/user/add/",
            {"username": f"{prefix}-{number}", "password1": password, "password2": password, "usable_password": "true"},
        )
        yield outcome(response, 302)


def change(client, url, field, text):
    page = client.get(url)
    if page.status_code != 200:
        return outcome(page, 200)
    data = form_data(page)
    data[field] = text
    return outcome(client.post(url, data), 302)


def change_content(client, count, prefix):
    round_url = f"/beheer/rounds/round/{Round.objects.order_by('pk').first().pk}/change/"
    municipality_url = f"/beheer/municipalities/municipality/{Municipality.objects.order_by('pk').first().pk}/change/"
    upload = MunicipalityResource().export(queryset=Municipality.objects.order_by("pk")[:3]).csv.encode()
    for number in range(count):
        if number % 10 == 9:
            response = post_import(client, upload, url=MUNICIPALITY_IMPORT_URL)
            yield outcome(response, 302)
        elif number % 10 == 4:
            yield change(client, municipality_url, "programme", f"{prefix} {number}")
        else:
            yield change(client, round_url, "description", f"{prefix} {number}")


def main(kind, count, prefix):
    setup_test_environment()
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=ADMIN))
    saves = add_users if kind == "users" else change_content
    problems = [problem for problem in saves(client, count, prefix) if problem]
    print(json.dumps({"saves": count, "problems": problems}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
