"""A small content-addressed cache inside the output folder (``<out>/<issue>/.cache/``).

A value is stored under the hash of everything that shapes it (inputs, options, the
versions of the libraries that make it), so a stale entry is never used; a build into an
empty folder is a cold build.  Entries are written atomically.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from .environment import library_versions
from .atomic import write_bytes

CACHE_DIR = ".cache"
_DIGEST = hashlib.sha256().digest_size  # a checked entry's first bytes


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in (*library_versions(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cached(folder: Path | None, kind: str, cache_key: str, make: Callable[[], bytes], checked: bool = False) -> bytes:
    """The bytes stored for ``cache_key``, or ``make()``'s, stored for next time.

    ``checked``: the entry holds the sha256 of its bytes before them, and an entry whose bytes do not
    match it (cut short, or changed on disk) is made again, as if absent."""
    if folder is None:
        return make()
    path = folder / kind / cache_key
    if path.is_file():
        stored = path.read_bytes()
        if not checked:
            return stored
        if hashlib.sha256(stored[_DIGEST:]).digest() == stored[:_DIGEST]:
            return stored[_DIGEST:]
    data = make()
    try:
        write_bytes(path, hashlib.sha256(data).digest() + data if checked else data)
    except OSError:  # a cache that cannot be written is only a slower next build; the outputs report the error
        pass
    return data

