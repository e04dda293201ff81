"""The researcher workspace speaks Dutch: no English or raw leftovers on any admin page.

Every page type is requested as the shipped researcher role and as an administrator, and the text a
reader sees or hears (text, captions, and the aria-label, title, placeholder and alt attributes, and
the labels of buttons) is checked for words that betray an untranslated string or a raw value.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django.contrib.admin
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from import_export.admin import ExportMixin, ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from core.models import PublicationStatus, Publishable
from tests.workspace_helpers import IGNORE_URLFIELD_SCHEME_WARNING, ONDERZOEKER, SUPERUSER, make_user

# Each a regular expression for a word or phrase that must not reach a Dutch reader.
LEFTOVERS = [
    r"Choose all",
    r"Remove all",
    r"Choose selected",
    r"Remove selected",
    r"(?i)\btablib\b",
    r"(?i)\bdraft\b",
    r"(?i)\bpublished\b",
    r"(?i)\baxes\b",
    r"(?i)model name",
    r"(?i)add link",
    r"(?i)change or view list link",
    r"\bIndienen\b",
    r"\bSubmit\b",
    r"\bVersie\b",
    r"(?i)\bversie\s*:",
    r"(?i)\bversion\b",
    r"u ligt",
    r"(?i)server time",
    r"\bCan (add|change|delete|view|import|export|publish)\b",
    r"\bSearch\b",
    r"\bUsername\b",
    r"If disabled",
]

ATTRIBUTES_READ = {"aria-label", "title", "placeholder", "alt"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ReadText(HTMLParser):
    """What a reader sees or a screen reader reads: text outside script, style and template and
    outside elements nobody sees or hears (the `hidden` class or attribute, aria-hidden), plus the
    attributes and button labels that are read aloud. Visually hidden captions and headings count:
    a screen reader reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipped_tag = None
        self.depth = 0

    @staticmethod
    def _unread(tag, attributes):
        return (
            tag in {"script", "style", "template"}
            or "hidden" in attributes
            or attributes.get("aria-hidden") == "true"
            or "hidden" in (attributes.get("class") or "").split()
        )

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.skipped_tag is not None:
            if tag == self.skipped_tag:
                self.depth += 1
            return
        if tag in VOID_ELEMENTS and attributes.get("type") == "hidden":
            return
        if self._unread(tag, attributes) and tag not in VOID_ELEMENTS:
            self.skipped_tag, self.depth = tag, 1
            return
        self.parts.extend(value for name, value in attrs if name in ATTRIBUTES_READ and value)
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"} and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if self.skipped_tag is not None and tag == self.skipped_tag:
            self.depth -= 1
            if self.depth == 0:
                self.skipped_tag = None

    def handle_data(self, data):
        if self.skipped_tag is None:
            self.parts.append(data)


def read_text(html):
    parser = _ReadText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def leftovers_in(text):
    return [pattern for pattern in LEFTOVERS if re.search(pattern, text)]


def _url(name, *args):
    return reverse(f"admin:{name}", args=args)


def admin_pages(user):
    """Every page type of the workspace this user may open, as its admin decides: (description, url)."""
    request = RequestFactory().get("/beheer/")
    request.user = user
    pages = [("index", reverse("admin:index")), ("password change", reverse("admin:password_change"))]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        if not model_admin.has_view_or_change_permission(request):
            continue
        pages.append((f"{opts.label} list", _url(f"{prefix}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append((f"{opts.label} add", _url(f"{prefix}_add")))
        if isinstance(model_admin, ImportMixin) and model_admin.has_import_permission(request):
            pages.append((f"{opts.label} import", _url(f"{prefix}_import")))
        if isinstance(model_admin, ExportMixin) and model_admin.has_export_permission(request):
            pages.append((f"{opts.label} export", _url(f"{prefix}_export")))
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        pages.append((f"{opts.label} change", _url(f"{prefix}_change", obj.pk)))
        pages.append((f"{opts.label} history", _url(f"{prefix}_history", obj.pk)))
        if model is get_user_model():
            pages.append((f"{opts.label} password", _url(f"{prefix}_password_change", obj.pk)))
        if isinstance(model_admin, SimpleHistoryAdmin):
            record = obj.history.order_by("-history_id").first()
            pages.append((f"{opts.label} old version", _url(f"{prefix}_simple_history", obj.pk, record.history_id)))
    return pages


@pytest.fixture
def changed_content(db):
    """Every content model with an object whose history records a change of its publication state,
    so the history lists show a change of a choice and of the locking counter."""
    for model in admin.site._registry:
        if not issubclass(model, Publishable):
            continue
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        for status in (PublicationStatus.DRAFT, PublicationStatus.PUBLISHED):
            obj.publication_status = status
            obj.save()


@IGNORE_URLFIELD_SCHEME_WARNING
@pytest.mark.django_db
@pytest.mark.parametrize("role", [ONDERZOEKER, SUPERUSER])
def test_every_workspace_page_is_in_dutch(role, changed_content):
    user = make_user(role)
    client = Client()
    client.force_login(user)
    found = {}
    for description, url in admin_pages(user):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
        assert response.status_code == 200, (description, url, response.status_code)
        leftovers = leftovers_in(read_text(response.content.decode()))
        if leftovers:
            found[f"{description} ({url})"] = leftovers
    assert found == {}


def test_the_reader_sees_what_a_reader_sees():
    html = (
        '<table><caption class="visually-hidden">Soort gegevens</caption></table>'
        '<img alt="Search"><input type="submit" value="Submit"><input type="hidden" value="draft">'
        '<div class="form-row hidden"><label>Version seen:</label><div>binnen</div></div>na'
        "<script>gettext('Choose all')</script>"
    )
    assert read_text(html) == "Soort gegevens Search Submit na"


def _admin_script_strings():
    """Every string without a context that Django's admin scripts translate, read from their English
    catalogue: each entry once, a long one over several quoted lines."""
    catalogue = Path(django.contrib.admin.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"
    strings, entry, keyword = set(), {}, None
    for line in [*catalogue.read_text().splitlines(), ""]:
        found = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if found:
            keyword = found.group(1)
            entry[keyword] = found.group(2)
        elif line.startswith('"') and keyword:
            entry[keyword] += line[1:-1]
        elif not line.strip():
            if entry.get("msgid") and "msgctxt" not in entry:
                strings.add(entry["msgid"].replace('\\"', '"'))
            entry, keyword = {}, None
    return sorted(strings)


@pytest.mark.django_db
def test_the_admin_scripts_speak_dutch(admin_client):
    """The selector of a many-to-many field ("Choose all groepen") and the date and time pickers
    are built by scripts, with the words of the admin's JavaScript catalogue."""
    response = admin_client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="nl")
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1))
    strings = _admin_script_strings()
    assert {"Choose all %s", 'Choose %s by selecting them and then select the "Choose" arrow button.'} <= set(strings)
    untranslated = [string for string in strings if not catalogue.get(string)]
    assert untranslated == []
    assert catalogue["Choose all %s"] == "Alle %s kiezen"
