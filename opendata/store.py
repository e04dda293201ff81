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
"""

import hashlib
import os
import tempfile
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
            write(handle)
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
