"""The BagIt part of ``verify``: every problem of the bag at once, each with its file.

bagit-python's ``validate`` stops at the first kind of problem (a wrong Payload-Oxum hides the rest, an added
file hides a changed checksum), follows symbolic links, opens whatever a manifest names (a named pipe hangs it)
and reads the tag files as text (a byte that is not UTF-8 is a traceback).  Here the bag is read as this tool
writes it, and nothing else is taken:

- the bag's tree is walked without following a link: a symbolic link or a special file (a named pipe, a
  device, a socket) is a problem, never opened; only regular files are read, and hashed;
- the tag files (``bagit.txt``, ``bag-info.txt``, the manifests) are read as bytes, then decoded as UTF-8: a
  byte that is not is said with its line;
- both payload manifests and both tag manifests (sha256 and sha512) must be there, as in every bag
  ``archive`` makes: without the tag manifests, a bag whose manifests were rewritten would pass;
- every file listed is hashed with every algorithm (a changed file is named once, with the algorithms that
  differ), every payload file is looked for in every payload manifest, every tag file in every tag manifest
  (an added file), every listed file on disk (a missing one); a path outside the bag is refused;
- the Payload-Oxum is compared last, when nothing else explains a difference.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path, PurePosixPath

CHUNK = 1 << 20
ALGORITHMS = ("sha256", "sha512")  # what every bag of archive has (archive/bag.py's CHECKSUMS)
TAG_LIMIT = 64 << 20  # a tag file larger than this is no tag file of ours: not read whole
MANIFEST = re.compile(r"(tag)?manifest-([A-Za-z0-9]+)\.txt")
UNREADABLE = "BagIt: the bag could not be read"


class _Bag:
    """What was found of one bag: its files by kind, its manifests, its problems."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[tuple[str, str]] = []
        self.files: set[str] = set()  # the regular files, as bag paths ("data/x.pdf", "bagit.txt")
        self.refused: set[str] = set()  # the links and special files (said, never read)
        self.payload: dict[str, dict[str, str]] = {}  # algorithm → path → checksum
        self.tags: dict[str, dict[str, str]] = {}

    def fail(self, rel: str, what: str) -> None:
        self.problems.append((str(self.path / rel) if rel else str(self.path), what))


def bag_problems(path: Path) -> tuple[list[tuple[str, str]], str]:
    """(file, what is wrong) for every BagIt problem of the bag at ``path``, and a line saying what was checked."""
    if not path.is_dir():
        return [(str(path), "not a BagIt bag: no such folder")], UNREADABLE
    if not os.path.lexists(path / "bagit.txt"):
        return [(str(path), "not a BagIt bag: there is no bagit.txt")], UNREADABLE
    bag = _Bag(path)
    _walk(bag)
    version = _declaration(bag)
    info = _info(bag)
    _manifests(bag)
    checked = _hash_all(bag)
    if not bag.problems:
        _oxum(bag, info)
    algorithms = " and ".join(sorted(set(bag.payload) | set(bag.tags))) or "no algorithm"
    said = (f"BagIt {version or '(version unknown)'}: {checked} files hashed ({algorithms}), "
            + ("every checksum as listed, none missing, none added" if not bag.problems
               else f"{len(bag.problems)} problem(s)"))
    return bag.problems, said


def _walk(bag: _Bag) -> None:
    """Every entry of the bag, without following a link: regular files kept, anything else said."""
    data = bag.path / "data"
    if not data.is_symlink() and not data.is_dir():  # a link is said below
        bag.fail("data", "the payload folder data/ is missing")
    for root, dirs, files in os.walk(bag.path):
        for name in sorted([*dirs, *files]):
            full = Path(root) / name
            rel = full.relative_to(bag.path).as_posix()
            try:
                mode = os.lstat(full).st_mode
            except OSError as exc:
                bag.fail(rel, f"cannot be read: {exc.strerror}")
                continue
            if stat.S_ISDIR(mode):
                continue
            if stat.S_ISREG(mode):
                bag.files.add(rel)
                continue
            bag.refused.add(rel)
            bag.fail(rel, _not_regular(full, mode) + ": a bag holds only regular files (never read); remove it, "
                     "or make the bag again with horizons-pub archive")


def _not_regular(path: Path, mode: int) -> str:
    if stat.S_ISLNK(mode):
        try:
            return f"a symbolic link (to {os.readlink(path)})"
        except OSError:
            return "a symbolic link"
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"))
    return next((what for test, what in kinds if test(mode)), "a special file")


def _tag_text(bag: _Bag, rel: str) -> list[str] | None:
    """A tag file's lines, read as bytes and decoded as UTF-8; None (said) when it cannot be."""
    if rel in bag.refused or rel not in bag.files:
        return None
    file = bag.path / rel
    try:
        with open(file, "rb") as stream:
            data = stream.read(TAG_LIMIT + 1)
    except OSError as exc:
        bag.fail(rel, f"cannot be read: {exc.strerror}")
        return None
    if len(data) > TAG_LIMIT:
        bag.fail(rel, f"larger than {TAG_LIMIT >> 20} MiB: not a tag file of a bag horizons-pub made (not read)")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bag.fail(rel, f"line {line}: byte 0x{data[exc.start]:02x} is not UTF-8: a tag file is UTF-8 (bagit.txt says "
                 "so); the file was changed or damaged")
        return None
    return text.removeprefix("\ufeff").splitlines()


def _declaration(bag: _Bag) -> str | None:
    """bagit.txt's BagIt-Version (None when unreadable)."""
    if "bagit.txt" in bag.refused:
        return None
    lines = _tag_text(bag, "bagit.txt")
    if lines is None:
        return None
    values = dict(_label(line) for line in lines if ":" in line)
    version = values.get("BagIt-Version")
    if not version or not re.fullmatch(r"\d+\.\d+", version):
        bag.fail("bagit.txt", "no 'BagIt-Version: M.N' line")
        version = None
    encoding = values.get("Tag-File-Character-Encoding")
    if encoding is None or encoding.upper().replace("-", "") != "UTF8":
        bag.fail("bagit.txt", f"Tag-File-Character-Encoding is {encoding or 'missing'}: bags of horizons-pub "
                 "are UTF-8")
    return version


def _label(line: str) -> tuple[str, str]:
    label, _, value = line.partition(":")
    return label.strip(), value.strip()


def _info(bag: _Bag) -> dict[str, list[str]]:
    """bag-info.txt's labels and their values (a value may go on over lines that begin with white space)."""
    info: dict[str, list[str]] = {}
    if "bag-info.txt" not in bag.files:
        if "bag-info.txt" not in bag.refused:
            bag.fail("bag-info.txt", "missing: every bag horizons-pub archive makes has one")
        return info
    last: list[str] | None = None
    for number, line in enumerate(_tag_text(bag, "bag-info.txt") or [], 1):
        if line[:1] in (" ", "\t") and last is not None:
            last[-1] += " " + line.strip()
        elif ":" in line:
            label, value = _label(line)
            last = info.setdefault(label, [])
            last.append(value)
        elif line.strip():
            bag.fail("bag-info.txt", f"line {number}: not a 'Label: value' line")
    return info


def _manifests(bag: _Bag) -> None:
    """Read every manifest and tag manifest; both of each algorithm of the archive must be there."""
    for name in sorted(bag.files | bag.refused):
        match = MANIFEST.fullmatch(name)
        if not match:
            continue
        algorithm = match.group(2).lower()
        table = bag.tags if match.group(1) else bag.payload
        table[algorithm] = _manifest(bag, name, algorithm, tag=bool(match.group(1)))
    for kind, table in (("manifest", bag.payload), ("tagmanifest", bag.tags)):
        for algorithm in ALGORITHMS:
            name = f"{kind}-{algorithm}.txt"
            if algorithm not in table and name not in bag.refused:
                what = "the payload's files" if kind == "manifest" else "bagit.txt, bag-info.txt and the manifests"
                bag.fail(name, f"missing: every bag horizons-pub archive makes has it; without it {what} are not "
                         "checked by it")


def _manifest(bag: _Bag, name: str, algorithm: str, tag: bool) -> dict[str, str]:
    try:
        hashlib.new(algorithm)
    except ValueError:
        bag.fail(name, f"the algorithm {algorithm} is unknown to this Python: its checksums cannot be checked")
    entries: dict[str, str] = {}
    for number, line in enumerate(_tag_text(bag, name) or [], 1):
        if not line.strip():
            continue
        checksum, _, rel = line.strip().partition(" ")
        rel = _unescape(rel.strip())
        pure = PurePosixPath(rel)
        if not rel or not re.fullmatch(r"[0-9A-Fa-f]+", checksum):
            bag.fail(name, f"line {number}: not 'CHECKSUM PATH'")
        elif pure.is_absolute() or ".." in pure.parts or rel.startswith("./"):
            bag.fail(name, f"line {number}: {rel} is outside the bag: a manifest lists only the bag's own files")
        elif not tag and not rel.startswith("data/"):
            bag.fail(name, f"line {number}: {rel} is not under data/: a payload manifest lists only the payload")
        elif tag and (rel.startswith("data/") or MANIFEST.fullmatch(rel) and rel.startswith("tagmanifest-")):
            bag.fail(name, f"line {number}: {rel} is not a tag file a tag manifest lists")
        elif rel in entries:
            bag.fail(name, f"line {number}: {rel} is listed twice")
        else:
            entries[rel] = checksum.lower()
    return entries


def _unescape(rel: str) -> str:
    return rel.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _hash_all(bag: _Bag) -> int:
    """Hash every file listed with every algorithm that lists it; say what is missing, added, changed."""
    listed: dict[str, dict[str, str]] = {}
    for table in (bag.payload, bag.tags):
        for algorithm, entries in table.items():
            for rel, checksum in entries.items():
                listed.setdefault(rel, {})[algorithm] = checksum
    payload = {rel for rel in bag.files if rel.startswith("data/")}
    tag_files = {rel for rel in bag.files - payload if not (rel.startswith("tagmanifest-") and MANIFEST.fullmatch(rel))}
    for rel in sorted(payload):
        _in_every(bag, rel, bag.payload, "manifest", "not listed in the manifest (an added file)")
    for rel in sorted(tag_files):
        _in_every(bag, rel, bag.tags, "tagmanifest", "a tag file listed in no tag manifest (an added file)")
    checked = 0
    for rel, hashes in sorted(listed.items()):
        if rel in bag.refused:
            continue
        if rel not in bag.files:
            bag.fail(rel, "listed in the manifest but missing" if rel.startswith("data/")
                     else "listed in a tag manifest but missing")
            continue
        checked += 1
        found = _digests(bag.path / rel, list(hashes))
        differ = [algorithm for algorithm in sorted(hashes) if found.get(algorithm) != hashes[algorithm]]
        if differ:
            what = " and ".join(differ) + (" checksums differ" if len(differ) > 1 else " checksum differs")
            bag.fail(rel, what + ": the file changed")
    return checked


def _in_every(bag: _Bag, rel: str, table: dict[str, dict[str, str]], kind: str, added: str) -> None:
    lacking = [algorithm for algorithm in sorted(table) if rel not in table[algorithm]]
    if table and len(lacking) == len(table):
        bag.fail(rel, added)
    elif lacking:
        bag.fail(rel, "not listed in " + " nor ".join(f"{kind}-{a}.txt" for a in lacking))


def _digests(file: Path, algorithms: list[str]) -> dict[str, str]:
    hashers = {}
    for name in algorithms:
        try:
            hashers[name] = hashlib.new(name)
        except ValueError:  # an algorithm this Python does not have: said as a differing checksum
            continue
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:  # a file swapped for a link or a pipe since the walk is not followed, and does not block
        fd = os.open(file, flags)
    except OSError:
        return {}
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return {}
        while chunk := stream.read(CHUNK):
            for hasher in hashers.values():
                hasher.update(chunk)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def _oxum(bag: _Bag, info: dict[str, list[str]]) -> None:
    values = info.get("Payload-Oxum")
    if not values:
        return
    oxum = values[0]
    size, _, count = oxum.partition(".")
    files = [rel for rel in bag.files if rel.startswith("data/")]
    total = sum(os.lstat(bag.path / rel).st_size for rel in files)
    if not (size.isdigit() and count.isdigit()) or (int(size), int(count)) != (total, len(files)):
        bag.fail("bag-info.txt", f"Payload-Oxum {oxum} does not match the payload ({total} bytes in {len(files)} "
                 "files)")
