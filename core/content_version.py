"""The content version: one row that every change to public content moves (a counter and a new
random token; caches are keyed by the token, see core.models.ContentVersion).

Saves, deletions and many-to-many changes of the models of every app that declares
`holds_public_content = True` on its AppConfig move it through signals. Writes that send no signals
(bulk imports, `.update()`, the report loader) call `bump()` themselves. The bump runs once per
transaction, after it commits: a page rendered from the new content may briefly be stored under the
old number, which is harmless, but a page from before the change can never be stored under the new
one, so no visitor is served a stale page.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F
from django.db.models.expressions import Col
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone
from simple_history.models import HistoricalChanges

from .commit import once_on_commit
from .models import ContentVersion, new_content_token

ROW = 1

# Sent in the process that moved the version, once it has moved (core.derived forgets its copy).
version_moved = Signal()


def current() -> ContentVersion:
    """The current version (one query). Created if a database somehow lacks the row.

    Read with plain SQL: every anonymous request asks for it before anything else, and building the
    ORM query cost more than the cached page it leads to.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    field = ContentVersion._meta.get_field("changed_at")
    with connection.cursor() as cursor:
        cursor.execute(_current_sql(connection), [ROW])
        row = cursor.fetchone()
    if row is None:
        return ContentVersion.objects.get_or_create(pk=ROW)[0]
    value, token, changed_at = row
    for converter in connection.ops.get_db_converters(Col(ContentVersion._meta.db_table, field)):
        changed_at = converter(changed_at, field, connection)
    return ContentVersion(pk=ROW, value=value, token=token, changed_at=changed_at)


def _current_sql(connection) -> str:
    quote = connection.ops.quote_name
    # Only the model's own quoted names go into the text; the row id is a parameter.
    return "SELECT {}, {}, {} FROM {} WHERE {} = %s".format(  # noqa: S608
        quote("value"), quote("token"), quote("changed_at"), quote(ContentVersion._meta.db_table), quote("id")
    )


def _apply_bump():
    updated = ContentVersion.objects.filter(pk=ROW).update(
        value=F("value") + 1, token=new_content_token(), changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=ROW)
    version_moved.send(sender=ContentVersion)


def bump(using: str = "default"):
    """Move the version once the current transaction commits (at once outside a transaction)."""
    once_on_commit("content-version", _apply_bump, using=using)


def is_content(model) -> bool:
    # Not every model belongs to an installed app (Django's own migration recorder does not).
    config = apps.app_configs.get(model._meta.app_label)
    return getattr(config, "holds_public_content", False) and not issubclass(model, HistoricalChanges)


def _changed(sender, using="default", **kwargs):
    if is_content(sender):
        bump(using)


def _m2m_changed(sender, instance, action, using="default", **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and is_content(type(instance)):
        bump(using)


def connect():
    post_save.connect(_changed, dispatch_uid="content_version_save")
    post_delete.connect(_changed, dispatch_uid="content_version_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="content_version_m2m")
