"""Atomic outputs: write to a temporary file in the same folder, then rename into place.

A build that fails or is killed part-way leaves the previous good file where it
stood; temporary files left by a killed build are swept by the next one.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TMP_PREFIX = ".hp-tmp-"


@contextmanager
def atomic_path(target: Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.  ``durable``: the
    data reach the disk before the rename (not needed for a cache entry that checks itself)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if durable:
            with open(tmp_path, "rb") as fh:
                os.fsync(fh.fileno())
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(target: Path, data: bytes, durable: bool = True) -> None:
    with atomic_path(target, durable) as tmp:
        tmp.write_bytes(data)


def sweep_temporaries(folder: Path) -> None:
    """Remove what a killed build left behind."""
    if folder.is_dir():
        for leftover in folder.rglob(TMP_PREFIX + "*"):
            if leftover.is_file():
                leftover.unlink()
