"""The build stamp: skip a build whose every input is unchanged since the last one.

The stamp is the hash of everything that shapes the outputs: the issue's files, the
layouts and the fonts, the versions of horizons-pub and of the libraries, the formats and
SOURCE_DATE_EPOCH.  It is written (with the outline to print) after a successful build, in
the output folder's cache; a build with the same stamp and its outputs in place does nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..support.atomic import write_bytes
from ..support.environment import environment_key, tree_digest

STAMP = ".cache/build-stamp.json"


def build_key(folder: Path, formats: list[str], strict: bool, environment: str | None = None) -> str:
    """``environment``: environment_key(), when the caller has it already."""
    digest = hashlib.sha256()
    tree_digest(digest, (("source", folder),))
    extra = [environment or environment_key(), ",".join(sorted(formats)), str(strict), os.environ.get("SOURCE_DATE_EPOCH", "")]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()


def up_to_date(out_dir: Path, key: str) -> dict | None:
    """The stored stamp when it matches ``key`` and every output it lists is still there."""
    path = out_dir / STAMP
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("key") != key or not all((out_dir / name).is_file() for name in stamp.get("outputs", [])):
        return None
    return stamp


def write_stamp(out_dir: Path, key: str, outputs: list[Path], outline: list[str], diagnostics: list) -> None:
    """Record a successful build: its outputs, its outline, and its warnings (said again when it is skipped)."""
    stamp = {"key": key, "outputs": [p.name for p in outputs], "outline": outline,
             "diagnostics": [d.record() for d in diagnostics]}
    write_bytes(out_dir / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1).encode("utf-8"))
