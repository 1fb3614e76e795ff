"""The BagIt part of ``verify``: every problem of the bag at once, each with its file.

bagit-python's ``validate`` stops at the first kind of problem (a wrong Payload-Oxum hides the rest, an added
file hides a changed checksum): here bagit only reads the bag (bagit.txt, bag-info.txt, the manifests), and
every file listed is hashed with every algorithm, every payload file is looked for in the manifests, every
tag file listed is looked for on disk; the Oxum is compared last, when nothing else explains it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import bagit

logging.getLogger("bagit").setLevel(logging.CRITICAL)  # problems are reported by verify itself

CHUNK = 1 << 20


def bag_problems(path: Path) -> tuple[list[tuple[str, str]], str]:
    """(file, what is wrong) for every BagIt problem of the bag at ``path``, and a line saying what was checked."""
    try:
        bag = bagit.Bag(str(path))
    except bagit.BagError as exc:
        return [(str(path), f"not a BagIt bag: {exc}")], "BagIt: the bag could not be read"
    problems: list[tuple[str, str]] = []
    if not (path / "data").is_dir():
        problems.append((str(path / "data"), "the payload folder data/ is missing"))
    missing, added = bag.compare_manifests_with_fs()
    for rel in sorted(missing):
        problems.append((str(path / rel), "listed in the manifest but missing"))
    for rel in sorted(added):
        problems.append((str(path / rel), "not listed in the manifest (an added file)"))
    checked = 0
    for rel, hashes in sorted(bag.entries.items()):
        file = path / bag.normalized_filesystem_names.get(rel, rel)
        if not file.is_file():
            if not rel.startswith("data/"):  # a tag file (the payload's were said above)
                problems.append((str(file), "listed in a tag manifest but missing"))
            continue
        checked += 1
        found = _digests(file, list(hashes))
        differ = [algorithm for algorithm in sorted(hashes) if found.get(algorithm) != hashes[algorithm].lower()]
        if differ:
            what = " and ".join(differ) + (" checksums differ" if len(differ) > 1 else " checksum differs")
            what += ": the file changed"
            problems.append((str(file), what))
    if not problems:
        problems += _oxum(bag, path)
    algorithms = " and ".join(sorted(bag.algorithms))
    said = (f"BagIt {'.'.join(map(str, bag.version_info))}: {checked} files hashed ({algorithms}), "
            + ("every checksum as listed, none missing, none added" if not problems
               else f"{len(problems)} problem(s)"))
    return problems, said


def _digests(file: Path, algorithms: list[str]) -> dict[str, str]:
    hashers = {}
    for name in algorithms:
        try:
            hashers[name] = hashlib.new(name)
        except ValueError:  # an algorithm this Python does not have: said as a differing checksum
            continue
    with file.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            for hasher in hashers.values():
                hasher.update(chunk)
    return {name: hasher.hexdigest() for name, hasher in hashers.items()}


def _oxum(bag: bagit.Bag, path: Path) -> list[tuple[str, str]]:
    oxum = bag.info.get("Payload-Oxum")
    if isinstance(oxum, list):
        oxum = oxum[0]
    if oxum is None:
        return []
    size, _, count = str(oxum).partition(".")
    files = [path / rel for rel in bag.payload_files()]
    total = sum(f.stat().st_size for f in files)
    if not (size.isdigit() and count.isdigit()) or (int(size), int(count)) != (total, len(files)):
        return [(str(path / "bag-info.txt"), (f"Payload-Oxum {oxum} does not match the payload "
                                             f"({total} bytes in {len(files)} files)"))]
    return []
