"""Database constraints of interviews.

Tested by writing around the model validators (`.objects.create` and `.update()`), because imports,
the loader and raw SQL never run `full_clean()`: only the database itself stands between them and
invalid rows.
"""

import pytest

from municipalities.models import Municipality
from rounds.models import Interview, Round
from tests.core.test_content_models import _raises_integrity_error


@pytest.mark.django_db
def test_interview_mode_must_be_valid():
    amsterdam = Municipality.objects.get(cbs_code="GM0363")
    _raises_integrity_error(
        lambda: Interview.objects.create(
            municipality=amsterdam, round=Round.objects.get(slug="2019"), period="mei 2020", mode="email"
        )
    )
