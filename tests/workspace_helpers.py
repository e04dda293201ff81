"""What the researcher-workspace tests share: users in a role, admin form data, import uploads.

Plain functions rather than fixtures, so that every test module can use them without a shared
conftest; each module wraps what it needs in its own fixtures.
"""

import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from investments.models import Intervention, Investment
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality

# Admin forms with a URL field (municipality, intervention, partner) build forms.URLField without
# `assume_scheme`, which raises RemovedInDjango60Warning, an error in this test run (see
# test_admin_forms_with_url_fields_raise_no_deprecation_warning). Tests that need those pages for
# something else ignore exactly that warning, so that they still test what they are about.
IGNORE_URLFIELD_SCHEME_WARNING = pytest.mark.filterwarnings(
    "ignore:The default scheme will be changed:django.utils.deprecation.RemovedInDjango60Warning"
)

PASSWORD = "een-lang-genoeg-wachtwoord"
ONDERZOEKER = "Onderzoeker"
MINISTERIE = "Ministerie"
SUPERUSER = "superuser"
ROLES = [SUPERUSER, ONDERZOEKER, MINISTERIE]

CONTENT_MODELS = (Municipality, Investment, Intervention, Lesson, Bottleneck, Tip, Quote)

# The admin's import and export formats, in the order ContentAdmin lists them.
FORMAT_INDEX = {"csv": "0", "xlsx": "1", "json": "2"}

INVESTMENT_COLUMNS = [
    "gemeente",
    "slug",
    "status",
    "titel",
    "tekst",
    "themas",
    "doelgroepen",
    "interventies",
    "partners",
    "bereik",
    "volgorde",
    "publicatiestatus",
]

IMPORT_URL = "/beheer/investments/investment/import/"
PROCESS_IMPORT_URL = "/beheer/investments/investment/process_import/"
EXPORT_URL = "/beheer/investments/investment/export/"


def make_user(role, username=None):
    """A user as the researcher workspace knows them: a superuser, or staff in one role group."""
    username = username or f"{role.lower()}-gebruiker"
    if role == SUPERUSER:
        return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _post_value(bound_field):
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return value


def form_data(response):
    """The POST data the browser would send for an admin change page (or history form) as rendered.

    Read from the form objects in the response's context: what each field shows, including the
    hidden `version_seen` and every inline formset with its management form. Unticked checkboxes
    (an inline's DELETE) are left out, as a browser leaves them out.
    """
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound_field in form:
            value = _post_value(bound_field)
            if value is False:
                continue
            data[bound_field.html_name] = "on" if value is True else value
    return data


class _FormInputs(HTMLParser):
    """Collects the named inputs of the form whose action ends with `action_suffix`."""

    def __init__(self, action_suffix):
        super().__init__()
        self.action_suffix = action_suffix
        self.inside = False
        self.found = False
        self.inputs = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("action") or "").endswith(self.action_suffix):
            self.inside = self.found = True
        elif tag == "input" and self.inside and attributes.get("name") and attributes.get("type") != "submit":
            self.inputs[attributes["name"]] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def confirm_form_inputs(response):
    """The hidden fields of the dry run's "confirm import" form, or None when it offers none."""
    parser = _FormInputs("process_import/")
    parser.feed(response.content.decode())
    return parser.inputs if parser.found else None


def upload(name, content):
    return SimpleUploadedFile(name, content)


def post_import(client, content, file_format="csv", name=None, url=IMPORT_URL):
    """The first step of the admin import: upload a file, get the dry run's preview or its errors."""
    name = name or f"import.{file_format}"
    return client.post(
        url,
        {"resource": "0", "format": FORMAT_INDEX[file_format], "import_file": upload(name, content)},
    )


def confirm_import(client, dry_run_response, url=PROCESS_IMPORT_URL):
    """The second step: post the confirm form exactly as the dry run rendered it."""
    inputs = confirm_form_inputs(dry_run_response)
    assert inputs is not None, "the dry run offered no confirm form"
    return client.post(url, inputs)


def export(client, file_format="csv", url=EXPORT_URL):
    """The admin export as a browser sends it: the export form with every column ticked."""
    form = client.get(url).context["form"]
    data = {"resource": "0", "format": FORMAT_INDEX[file_format]}
    data |= {name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)}
    return client.post(url, data)


def csv_bytes(rows, columns=INVESTMENT_COLUMNS, encoding="utf-8"):
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(_csv_cell(row.get(column, "")) for column in columns))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _csv_cell(value):
    text = str(value)
    if any(char in text for char in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def xlsx_bytes(rows, columns=INVESTMENT_COLUMNS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_bytes(rows, columns=INVESTMENT_COLUMNS):
    return json.dumps([{column: row.get(column, "") for column in columns} for row in rows]).encode()


def encode(rows, file_format):
    return {"csv": csv_bytes, "xlsx": xlsx_bytes, "json": json_bytes}[file_format](rows)


def snapshot():
    """Everything an import could touch: each content model's rows and versions, and its history."""
    state = {}
    for model in CONTENT_MODELS:
        label = model._meta.label
        state[label] = list(model.objects.order_by("pk").values_list("pk", "version", "publication_status"))
        state[f"{label} history"] = model.history.count()
    state["Investment values"] = list(
        Investment.objects.order_by("pk").values_list("pk", "title", "text", "status", "reach", "position")
    )
    return state


def page_text(response):
    """The response's HTML as one line of text, entities decoded, for checking messages."""
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def interview_page_data(response):
    """The POST data of the interview page (rounds.admin.InterviewAdmin.change_view) as rendered:
    every form's values; unticked boxes are left out, as a browser leaves them out."""
    page = response.context["page"]
    data = {}
    forms = [page.facts, *page.answers, *page.progress, page.new_investments.management_form, *page.new_investments]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or value == []:
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data
