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


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in (*library_versions(), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def cached(folder: Path | None, kind: str, cache_key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes stored for ``cache_key``, or ``make()``'s, stored for next time."""
    if folder is None:
        return make()
    path = folder / kind / cache_key
    if path.is_file():
        return path.read_bytes()
    data = make()
    try:
        write_bytes(path, data)
    except OSError:  # a cache that cannot be written is only a slower next build; the outputs report the error
        pass
    return data
