"""The admin export page has no inline handlers or styles, which the Content Security Policy blocks.

The behaviour under the policy is tested in Chromium (tests/browser/test_admin_export_page_csp.py).
"""

import re

import pytest
from django.test import Client

from tests.workspace_helpers import EXPORT_URL, ONDERZOEKER, make_user


@pytest.mark.django_db
def test_export_page_has_no_inline_handlers_or_styles():
    client = Client()
    client.force_login(make_user(ONDERZOEKER))

    response = client.get(EXPORT_URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert not re.search(r"\son[a-z]+\s*=", html), re.search(r".{60}\son[a-z]+\s*=.{60}", html)
    assert not re.search(r"\sstyle\s*=", html), re.search(r".{60}\sstyle\s*=.{60}", html)
    assert 'id="select-all-toggle"' in html
    assert "js/admin-export.js" in html
    assert "css/admin-export.css" in html
