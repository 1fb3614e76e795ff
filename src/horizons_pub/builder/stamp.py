"""The build stamp: skip a build whose every input is unchanged since the last one.

The stamp is the hash of everything that shapes the outputs: the issue's files, the
layouts and the fonts, the versions of horizons-pub and of the libraries, the formats and
SOURCE_DATE_EPOCH.  It is written (with the outline to print) after a successful build, in
the output folder's cache; a build with the same stamp and its outputs in place does nothing.
Beside the key it keeps the inputs themselves (each source file's hash, the environment's, the
formats…), so that ``build --verbose`` can say what changed since (:func:`rebuild_lines`), or that
nothing did (:func:`unchanged_lines`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from ..support.atomic import write_bytes
from ..support.environment import environment_key, tree_files

STAMP = ".cache/build-stamp.json"
_SHORT = 16  # hex digits of a hash kept in the stamp's inputs: enough to tell two versions apart
_SHOWN = 6  # files named at most when many changed


def source_digests(folder: Path) -> dict[str, str]:
    """Every file of the issue folder that is an input (relative path → sha256), in the order hashed:
    hidden files and folders (an editor's swap file, a .cache) are not inputs."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in tree_files(folder)}


def build_key(folder: Path, formats: list[str], strict: bool, environment: str | None = None,
              files: dict[str, str] | None = None) -> str:
    """``environment``: environment_key(), ``files``: source_digests(folder), when the caller has them already."""
    digest = hashlib.sha256()
    for name, file_digest in (source_digests(folder) if files is None else files).items():
        digest.update(f"source/{name}\0".encode())
        digest.update(bytes.fromhex(file_digest))
    extra = [environment or environment_key(), ",".join(sorted(formats)), str(strict), os.environ.get("SOURCE_DATE_EPOCH", "")]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()


def stamp_inputs(files: dict[str, str], formats: list[str], strict: bool, environment: str) -> dict:
    """The inputs the key hashes, kept in the stamp to say later what changed."""
    return {"files": {name: digest[:_SHORT] for name, digest in files.items()}, "environment": environment[:_SHORT],
            "formats": sorted(formats), "strict": strict, "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}


def up_to_date(out_dir: Path, key: str) -> dict | None:
    """The stored stamp when it matches ``key`` and every output it lists is still there."""
    stamp = _read(out_dir)
    if stamp is None or stamp.get("key") != key or not all((out_dir / name).is_file()
                                                            for name in stamp.get("outputs", [])):
        return None
    return stamp


def _read(out_dir: Path) -> dict | None:
    try:
        stamp = json.loads((out_dir / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def write_stamp(out_dir: Path, key: str, outputs: list[Path], outline: list[str], diagnostics: list,
                inputs: dict | None = None) -> None:
    """Record a successful build: its outputs, its outline, and its warnings (said again when it is skipped)."""
    stamp = {"key": key, "outputs": [p.name for p in outputs], "outline": outline,
             "diagnostics": [d.record() for d in diagnostics],
             # for --verbose only (the stamp is no output: two builds' stamps may differ)
             "built": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "inputs": inputs}
    write_bytes(out_dir / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1).encode("utf-8"))


def unchanged_lines(stamp: dict, formats: list[str], strict: bool) -> list[str]:
    """What ``build --verbose`` says of a build the stamp skipped: why nothing was done."""
    when = f" ({stamp['built']})" if stamp.get("built") else ""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    outputs = len(stamp.get("outputs", []))
    return [f"  nothing done: every input is as at the last build{when}:",
            f"    the issue's files, layouts/, fonts/, the code and the libraries' versions, the formats "
            f"({', '.join(formats)}), {'--strict' if strict else 'no --strict'}, SOURCE_DATE_EPOCH "
            f"({epoch if epoch else 'not set'});",
            f"    its {outputs} output(s) are in place: no file was read again, no part laid out"]


def rebuild_lines(out_dir: Path, inputs: dict) -> list[str]:
    """What ``build --verbose`` says before the parts of a build the stamp did not skip: what changed
    since the last build in ``out_dir`` (call it before the new stamp is written)."""
    stamp = _read(out_dir)
    if stamp is None:
        return ["  built: no earlier build in this output folder"]
    before = stamp.get("inputs")
    if not isinstance(before, dict):
        return ["  built: the last build's stamp does not say its inputs (an older version of horizons-pub)"]
    old, new = before.get("files", {}), inputs["files"]
    changes = [f"{name} changed" for name in new if name in old and old[name] != new[name]]
    changes += [f"{name} added" for name in new if name not in old]
    changes += [f"{name} removed" for name in old if name not in new]
    if len(changes) > _SHOWN:
        changes = changes[:_SHOWN] + [f"{len(changes) - _SHOWN} more files"]
    if before.get("environment") != inputs["environment"]:
        changes.append("layouts/, fonts/, the code or the libraries changed")
    if before.get("formats") != inputs["formats"]:
        changes.append(f"the formats were {', '.join(before.get('formats') or ['?'])}, now {', '.join(inputs['formats'])}")
    if before.get("strict") != inputs["strict"]:
        changes.append("--strict given" if inputs["strict"] else "--strict no longer given")
    if before.get("epoch") != inputs["epoch"]:
        changes.append(f"SOURCE_DATE_EPOCH was {before.get('epoch') or 'not set'}, "
                       f"now {inputs['epoch'] or 'not set'}")
    if not changes:
        missing = [name for name in stamp.get("outputs", []) if not (out_dir / name).is_file()]
        changes = [f"{', '.join(missing)} missing" if missing else "the last build's stamp did not match"]
    return [f"  built because: {'; '.join(changes)}"]
