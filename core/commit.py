"""`once_on_commit`: run a function once when the current transaction commits, however often asked.

An import saves thousands of records, and each save asks for the content version to move and the
search vocabulary to be refreshed; both must happen once, after the commit. Every call registers a
callback with `transaction.on_commit`; the callbacks of one commit share a batch, and only the first
of them runs the function. A rolled-back transaction drops its callbacks: its batch, never run,
stays open for the next transaction's.
"""

from asgiref.local import Local
from django.db import transaction

_local = Local()


def once_on_commit(name: str, func, using=None) -> None:
    """Run `func` once after the current transaction on `using` commits (at once outside one),
    however many times this is called with `name` before then."""
    batches = getattr(_local, "batches", None)
    if batches is None:
        batches = _local.batches = {}
    key = (name, using)
    batch = batches.setdefault(key, {"done": False})

    def run():
        if batch["done"]:
            return
        batch["done"] = True
        if batches.get(key) is batch:
            del batches[key]
        func()

    transaction.on_commit(run, using=using)
