"""Whole open-data files on disk, written once per version of a dataset's published content.

The full files are the most requested downloads and the most expensive to write (10,000 investments:
seconds of work, megabytes of text), while they change only when published content does. They are
not pages, so this store does not depend on the page cache (`PORTAL_CACHE`): every full file is
written once per version and then served from disk, with its exact size as Content-Length. Disk
rather than the cache: a file is sent in blocks without holding it in memory, and locmem or Redis
would keep megabytes per version and host. With several app servers each writes its own copy once,
which costs one build per server per version.

A file's name holds its dataset, a digest of its version and of the site's origin (rows carry
absolute URLs), and its extension. A file is written under a temporary name and renamed into
place, so a reader never sees half a file; two processes building the same file at once both
succeed and the last rename wins with identical content.

A file of rows (JSON, CSV) can have its rows' places beside it (`RowSpans`, in a file of the same
name ending in `.rows`), written before the file itself is renamed into place: a filtered download
is then those rows cut out of the whole file instead of written afresh (see opendata.views).
"""

import functools
import hashlib
import os
import tempfile
from array import array
from pathlib import Path

from django.conf import settings

# Files of older versions (or other hosts) kept per dataset and format; older ones are removed.
KEEP_FILES = 4


def _directory() -> Path:
    return Path(settings.OPEN_DATA_FILES_DIR)


def path_for(name: str, extension: str, version: str, origin: str) -> Path:
    digest = hashlib.sha256(f"{version}\n{origin}".encode()).hexdigest()[:32]
    return _directory() / f"{name}.{digest}.{extension}"


def whole_file(name: str, extension: str, version: str, origin: str, write):
    """The file for this version and origin, open for reading; `write(handle)` writes it if it is missing.
    What `write` returns, if anything, are the file's rows' places: (key, first byte, end) of each.

    Opened rather than tested for existence: a file removed in between (another process cleaning
    up) is then simply written again instead of failing.
    """
    path = path_for(name, extension, version, origin)
    try:
        return path.open("rb")
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=f".{extension}.part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            spans = write(handle)
        if spans is not None:
            RowSpans(spans).save(_spans_path(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    handle = path.open("rb")
    _remove_old_files(name, extension)
    return handle


def _remove_old_files(name: str, extension: str):
    files = sorted(_directory().glob(f"{name}.*.{extension}"), key=_modified, reverse=True)
    for old in files[KEEP_FILES:]:
        # A file being sent stays readable after unlinking; a file already gone is fine.
        old.unlink(missing_ok=True)
        _spans_path(old).unlink(missing_ok=True)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def clear():
    """Remove every stored file (they are rebuilt on demand)."""
    directory = _directory()
    if directory.is_dir():
        for path in directory.iterdir():
            if path.is_file():
                path.unlink(missing_ok=True)


def _spans_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.rows")


class RowSpans:
    """Where each row of a whole file is: its key (the record's id) and its first byte and end."""

    def __init__(self, spans=()):
        self.keys, self.starts, self.ends = array("q"), array("q"), array("q")
        for key, start, end in spans:
            self.keys.append(key)
            self.starts.append(start)
            self.ends.append(end)
        self.position = {key: index for index, key in enumerate(self.keys)}

    def save(self, path: Path):
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                array("q", [len(self.keys)]).tofile(handle)
                for values in (self.keys, self.starts, self.ends):
                    values.tofile(handle)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> "RowSpans":
        spans = cls()
        with path.open("rb") as handle:
            count = array("q")
            count.fromfile(handle, 1)
            for values in (spans.keys, spans.starts, spans.ends):
                values.fromfile(handle, count[0])
        spans.position = {key: index for index, key in enumerate(spans.keys)}
        return spans

    def of(self, keys) -> list[tuple[int, int]] | None:
        """(first byte, end) of the rows of `keys`, in the file's order (so the keys may come in any
        order); None if the file lacks one of them."""
        try:
            indexes = sorted(map(self.position.__getitem__, keys))
        except KeyError:
            return None
        starts, ends = self.starts, self.ends
        return [(starts[index], ends[index]) for index in indexes]


def row_spans(handle) -> RowSpans | None:
    """The rows' places in the whole file open as `handle`, or None if it was written without them
    (or they do not fit it: a file and its places are written together, but a reader trusts neither
    blindly)."""
    status = os.fstat(handle.fileno())
    try:
        spans = _load_spans(_spans_path(Path(handle.name)), status.st_size, status.st_mtime_ns)
    except (FileNotFoundError, EOFError):
        return None
    if spans.ends and spans.ends[-1] > status.st_size:
        return None
    return spans


# A file's name holds its version, so what is read for a name stays true; its size and time are
# part of the key all the same, so a file written again under the same name is never read with
# the places of the one before. Each process reads the places of the few files in use once.
@functools.lru_cache(maxsize=KEEP_FILES * 4)
def _load_spans(path: Path, size: int, modified: int) -> RowSpans:
    return RowSpans.load(path)
