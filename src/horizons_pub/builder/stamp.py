"""The build stamp: skip a build whose every input is unchanged since the last one.

The stamp is the hash of everything that shapes the outputs: every entry of the issue folder (no
name is special: hidden files and ``_`` names are inputs too; only the build's own output folder,
when it lies inside, is not), the layouts and the fonts, the versions of horizons-pub and of the
libraries, the formats and SOURCE_DATE_EPOCH.  The folder's own place is not an input: the same
source in any folder gives the same bytes.  The stamp is written (with the outline to print, and
the size and sha256 of each output) after a successful build, in the output folder's cache; a build
with the same stamp and its outputs in place, each of the size and hash it was written with, does
nothing.  Beside the key it keeps the inputs themselves (each source entry's hash, the
environment's, the formats…), so that ``build --verbose`` can say what changed since
(:func:`rebuild_lines`), or that nothing did (:func:`unchanged_lines`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path

from ..support.cache import CACHE_DIR, read_entry, write_entry
from ..support.environment import environment_key

_NAME = "build-stamp.json"
STAMP = f"{CACHE_DIR}/{_NAME}"
_SHORT = 16  # hex digits of a hash kept in the stamp's inputs: enough to tell two versions apart
_SHOWN = 6  # files named at most when many changed
_CHUNK = 1 << 20


def source_digests(folder: Path, skip: Path | None = None) -> dict[str, str]:
    """Every entry of the issue folder (relative path → sha256), in name order, hidden ones included.

    A regular file is hashed by its bytes; a symbolic link by what it names (and, when that is a
    regular file inside the folder, its bytes: a folder inside is hashed under its own path; a place
    outside is not read, the reader refuses it); a named pipe, a device or a socket by its kind only
    (never opened: the reader refuses it); an empty folder, and one that cannot be listed, as such.
    ``skip``: the build's output folder, not an input when it lies inside the issue folder."""
    root = os.path.realpath(folder)
    skipped = os.path.realpath(skip) if skip is not None else None
    if skipped == root:  # outputs written into the issue folder itself: its cache is not an input
        skipped = os.path.join(root, ".cache")
    entries: dict[str, str] = {}
    _walk(Path(folder), "", root, skipped, entries)
    return entries


def _walk(path: Path, prefix: str, root: str, skipped: str | None, entries: dict[str, str]) -> None:
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        entries[prefix or "./"] = _tag("unlistable", exc.__class__.__name__)
        return
    for name in names:
        child, rel = path / name, prefix + name
        try:
            info = os.lstat(child)
        except OSError as exc:
            entries[rel] = _tag("unreadable", exc.__class__.__name__)
            continue
        if stat.S_ISDIR(info.st_mode):
            real = os.path.realpath(child)
            if real == skipped:
                continue  # the output folder inside the issue folder
            _walk(child, rel + "/", root, skipped, entries)
        elif stat.S_ISLNK(info.st_mode):
            entries[rel] = _link_digest(child, root)
        elif stat.S_ISREG(info.st_mode):
            entries[rel] = _file_digest(child, "file")
        else:
            entries[rel] = _tag("special", oct(stat.S_IFMT(info.st_mode)))
    if not names and prefix:
        entries[prefix] = _tag("folder", "")  # an empty folder


def _tag(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\0{text}".encode("utf-8", "surrogateescape")).hexdigest()


def _file_digest(path: Path, kind: str, prefix: bytes = b"") -> str:
    """The sha256 of the file's bytes, read by chunks (a named pipe put in its place is not waited on)."""
    digest = hashlib.sha256(f"{kind}\0".encode() + prefix)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) * (kind == "file"))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return _tag("special", str(path.name))
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        return _tag("unreadable", exc.__class__.__name__)
    return digest.hexdigest()


def _link_digest(path: Path, root: str) -> str:
    try:
        target = os.readlink(path)
    except OSError as exc:
        return _tag("unreadable", exc.__class__.__name__)
    real = os.path.realpath(path)
    named = f"{target}\0".encode("utf-8", "surrogateescape")
    if (real == root or real.startswith(root + os.sep)) and os.path.isfile(real):
        return _file_digest(Path(real), "link", named)
    return _tag("link", target)


def build_key(folder: Path, formats: list[str], strict: bool, environment: str | None = None,
              files: dict[str, str] | None = None) -> str:
    """``environment``: environment_key(), ``files``: source_digests(folder), when the caller has them already."""
    digest = hashlib.sha256()
    for name, file_digest in (source_digests(folder) if files is None else files).items():
        digest.update(f"source/{name}\0".encode("utf-8", "surrogateescape"))  # a name's bytes as they are
        digest.update(bytes.fromhex(file_digest))
    extra = [environment or environment_key(), ",".join(sorted(formats)), str(strict), os.environ.get("SOURCE_DATE_EPOCH", "")]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()


def stamp_inputs(files: dict[str, str], formats: list[str], strict: bool, environment: str) -> dict:
    """The inputs the key hashes, kept in the stamp to say later what changed."""
    return {"files": {_said(name): digest[:_SHORT] for name, digest in files.items()},
            "environment": environment[:_SHORT],
            "formats": sorted(formats), "strict": strict, "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}


def _said(name: str) -> str:
    """A file name as UTF-8 text (a name that is not UTF-8 keeps its bytes as escapes)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def up_to_date(out_dir: Path, key: str) -> dict | None:
    """The stored stamp when it matches ``key`` and every output it lists is in place as it was written
    (a regular file of the same size and sha256: a damaged or replaced output is built again)."""
    stamp = _read(out_dir)
    if stamp is None or stamp.get("key") != key or not isinstance(stamp.get("outputs"), dict):
        return None  # no stamp, other inputs, or an older version's stamp (its outputs by name only)
    if _damaged(out_dir, stamp):
        return None
    return stamp


def _damaged(out_dir: Path, stamp: dict) -> list[str]:
    """The outputs the stamp lists that are not as the build wrote them: missing, or changed."""
    outputs = stamp.get("outputs")
    if not isinstance(outputs, dict):
        return []
    return [name for name, written in outputs.items() if _output_record(out_dir / name) != written]


def _output_record(path: Path) -> dict | None:
    """An output's size and sha256, as the stamp keeps them (None when it is not a regular file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    digest, size = hashlib.sha256(), 0
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def replayed(stamp: dict, folder: Path) -> list[dict]:
    """The stamp's diagnostics, to say again, with the issue folder as it is named now (the folder may
    have moved since: its place is not an input)."""
    then, now = stamp.get("folder"), str(folder)
    records = [dict(r) for r in stamp.get("diagnostics", []) if isinstance(r, dict)]
    if isinstance(then, str) and then != now:
        for record in records:
            for field in ("file", "path"):
                value = record.get(field)
                if isinstance(value, str) and (value == then or value.startswith(then + "/")):
                    record[field] = now + value[len(then):]
    return records


def _read(out_dir: Path) -> dict | None:
    raw = read_entry(out_dir / CACHE_DIR, _NAME)  # a regular file of the cache, no link followed
    try:
        stamp = json.loads(raw.decode("utf-8")) if raw is not None else None
    except ValueError:
        return None
    return stamp if isinstance(stamp, dict) else None


def write_stamp(out_dir: Path, key: str, outputs: list[Path], outline: list[str], diagnostics: list,
                inputs: dict | None = None, folder: Path | None = None) -> None:
    """Record a successful build: its outputs (each one's size and sha256, as written, under its path in the
    output folder: ``articles/edito.pdf``), its outline, and its warnings (said again when it is skipped;
    ``folder``: the issue folder as they name it).  The files of :data:`OWN_FOLDERS` that an earlier build
    made and this one did not (an article gone from the flatplan) are removed first (:func:`remove_stale`)."""
    names = [output_name(out_dir, p) for p in outputs]
    made = remove_stale(out_dir, names)
    stamp = {"key": key, "outputs": {name: _output_record(out_dir / name) for name in names}, "outline": outline,
             "made": made,
             "diagnostics": [d.record() for d in diagnostics], "folder": str(folder) if folder is not None else None,
             # for --verbose only (the stamp is no output: two builds' stamps may differ)
             "built": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "inputs": inputs}
    # not written (a symbolic link on the way, a read-only cache): the next build is only not skipped
    write_entry(out_dir / CACHE_DIR, (_NAME,), json.dumps(stamp, ensure_ascii=False, indent=1).encode(), durable=True)


#: the folders of the output folder whose files are one set per article (render/platforms.py, article_pdfs.py:
#: ``articles/edito.pdf``, ``articles/edito.xml``, the JATS figures under ``articles/edito/``): a build that
#: writes there removes what an earlier build made there and it did not
OWN_FOLDERS = ("articles",)


def output_name(out_dir: Path, path: Path) -> str:
    """An output's name in the stamp: its path in the output folder (``articles/edito.pdf``)."""
    try:
        return path.relative_to(out_dir).as_posix()
    except ValueError:
        return path.name


def _own(name: str) -> bool:
    """Whether ``name`` (from a stamp) is a file a build makes under one of :data:`OWN_FOLDERS`."""
    parts = name.split("/")
    return (len(parts) > 1 and parts[0] in OWN_FOLDERS
            and all(part and not part.startswith(".") for part in parts[1:]))


def remove_stale(out_dir: Path, names: list[str]) -> list[str]:
    """Remove the files under :data:`OWN_FOLDERS` that earlier builds made (the last stamp's outputs and the
    files it says were made before) and this build, which wrote ``names`` there, did not, and the folders
    that leaves empty; only regular files, no link followed, nothing when this build wrote nothing there (a
    build of other formats leaves the articles as they are).  Returns what the stamp keeps as made: the
    files still there."""
    stamp = _read(out_dir) or {}
    before = [n for n in [*(stamp.get("outputs") or {}), *(stamp.get("made") or [])] if isinstance(n, str)]
    now = set(names)
    written = {name.partition("/")[0] for name in now if _own(name)}
    for name in dict.fromkeys(before):
        if _own(name) and name not in now and name.partition("/")[0] in written:
            path = out_dir / name
            try:
                if stat.S_ISREG(os.lstat(path).st_mode):
                    os.unlink(path)
                for folder in list(path.parents)[:name.count("/") - 1]:  # up to the own folder, not it
                    folder.rmdir()  # only when empty: OSError otherwise
            except OSError:  # gone already, a folder not empty, a read-only folder: left
                pass
    return sorted(n for n in {*before, *now} if _own(n) and os.path.isfile(out_dir / n)
                  and not os.path.islink(out_dir / n))


def unchanged_lines(stamp: dict, formats: list[str], strict: bool) -> list[str]:
    """What ``build --verbose`` says of a build the stamp skipped: why nothing was done."""
    when = f" ({stamp['built']})" if stamp.get("built") else ""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    outputs = len(stamp.get("outputs", []))
    return [f"  nothing done: every input is as at the last build{when}:",
            f"    the issue's files, layouts/, fonts/, the code and the libraries' versions, the formats "
            f"({', '.join(formats)}), {'--strict' if strict else 'no --strict'}, SOURCE_DATE_EPOCH "
            f"({epoch if epoch else 'not set'});",
            f"    its {outputs} output(s) are in place as they were written: nothing read into the model, no part "
            "laid out, no file written"]


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
        damaged = [name for name in _damaged(out_dir, stamp) if name not in missing]
        changes = ([f"{', '.join(missing)} missing"] if missing else []) + (
            [f"{', '.join(damaged)} changed since it was written"] if damaged else [])
        changes = changes or ["the last build's stamp did not match"]
    return [f"  built because: {'; '.join(changes)}"]
