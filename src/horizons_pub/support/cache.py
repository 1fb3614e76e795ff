"""A small content-addressed cache inside the output folder (``<out>/<issue>/.cache/``).

A value is stored under the hash of everything that shapes it (inputs, options, the
versions of the libraries that make it), so a stale entry is never used; a build into an
empty folder is a cold build.  Entries are written atomically, and each holds the sha256 of its
bytes before them: an entry whose bytes do not match it (cut short, a flipped byte) is made
again, as if absent.  An entry is only read as a regular file inside the cache (its folder and
itself no symbolic link, no named pipe nor device: :func:`read_entry`); the same holds for the
part cache's entries (render/pdf/pool.py).
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Callable

from .environment import library_versions
from .atomic import write_bytes

CACHE_DIR = ".cache"
_DIGEST = hashlib.sha256().digest_size  # an entry's first bytes
MAX_ENTRY = 1 << 30  # bytes: a larger "entry" is no entry this cache wrote
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in (*library_versions(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cached(folder: Path | None, kind: str, cache_key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes stored for ``cache_key``, when they match the hash stored with them, or ``make()``'s,
    stored for next time."""
    if folder is None:
        return make()
    stored = read_entry(folder, kind, cache_key)
    if stored is not None and hashlib.sha256(stored[_DIGEST:]).digest() == stored[:_DIGEST]:
        return stored[_DIGEST:]
    data = make()
    write_entry(folder, (kind, cache_key), hashlib.sha256(data).digest() + data)
    return data


def read_entry(folder: Path, *names: str) -> bytes | None:
    """The bytes of the entry ``folder/names…``, or None unless it is a regular file reached without
    following a symbolic link from ``folder`` on (``folder`` itself included)."""
    fds: list[int] = []
    try:
        fds.append(os.open(folder, _DIR_FLAGS))
        for name in names[:-1]:
            fds.append(os.open(name, _DIR_FLAGS, dir_fd=fds[-1]))
        fd = os.open(names[-1], os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0), dir_fd=fds[-1])
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
                return None
            return fh.read(MAX_ENTRY + 1)
    except (OSError, ValueError):  # absent, a link, a folder where the file should be, a bad name
        return None
    finally:
        for fd in fds:
            os.close(fd)


def write_entry(folder: Path, names: tuple[str, ...], data: bytes, durable: bool = False) -> bool:
    """Store ``data`` as the entry ``folder/names…`` (atomically); False when it cannot be written, or
    when the way there is not the cache's own (a symbolic link on it): a cache that cannot be written is
    only a slower next build, and the outputs report a folder that cannot be written."""
    place = folder
    try:
        for name in ("", *names[:-1]):
            place = place / name if name else place
            place.mkdir(parents=not name, exist_ok=True)
            if not stat.S_ISDIR(os.lstat(place).st_mode):
                return False
        write_bytes(place / names[-1], data, durable=durable)
    except (OSError, ValueError):
        return False
    return True
