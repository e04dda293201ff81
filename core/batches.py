"""Lists of ids sent to the database a batch at a time.

A query with `IN (…)` over a list sends one parameter per id: SQLite refuses more than 32,766
("too many SQL variables"), and either database slows down long before. Any list that grows with
the data (the records an import wrote, the documents a rebuild replaces) is sent in batches.
"""

import itertools
from collections.abc import Iterable, Iterator

IN_LIST_BATCH = 500


def batched(items: Iterable, size: int = IN_LIST_BATCH) -> Iterator[list]:
    """Lists of up to `size` items, in order (itertools.batched arrives with Python 3.12)."""
    items = iter(items)
    while batch := list(itertools.islice(items, size)):
        yield batch
