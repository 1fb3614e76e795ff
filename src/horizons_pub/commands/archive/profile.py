"""The bag's BagIt profile (BagIt Profiles specification 1.4.0): what every bag of ``archive`` is, for a library's
ingest to check before it reads the METS document.  The profile ships in the package
(``schemas/bagit/horizons-pub-bagit-profile-1.0.json``) and in each bag (``data/metadata/bagit-profile.json``);
``bag-info.txt`` names it by its ``BagIt-Profile-Identifier``.  It has no web address (the specification would
have one): its identifier is a URN, and the profile is read from the package, never from the network.

A bag is checked against it with the ``bagit_profile`` package (bag-info.txt's tags, the manifests, the tag files,
fetch.txt, the BagIt version), and here for what that package does not read yet (``Payload-Files-Required`` and
``Payload-Files-Allowed``, of the specification's 1.4.0).
"""

from __future__ import annotations

import json
import logging
import os
import stat
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path

PROFILE_FILE = Path(__file__).resolve().parents[2] / "schemas" / "bagit" / "horizons-pub-bagit-profile-1.0.json"
PROFILE_IN_BAG = "metadata/bagit-profile.json"  # under data/
PROFILE_TAG = "BagIt-Profile-Identifier"
_TAG_FILES = ("bagit.txt", "bag-info.txt")


@lru_cache(maxsize=1)
def profile_bytes() -> bytes:
    return PROFILE_FILE.read_bytes()


def profile() -> dict:
    return json.loads(profile_bytes())


def profile_id() -> str:
    return profile()["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]


def profile_problems(bag: Path, rules: dict | None = None) -> list[str]:
    """What the bag at ``bag`` lacks of the profile ``rules`` (the package's by default), one line each."""
    import bagit
    import bagit_profile

    rules = rules if rules is not None else profile()
    ident = rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    problems = []
    logging.disable(logging.CRITICAL)  # bagit_profile logs each problem on the root logger: said here instead
    try:
        checker = bagit_profile.Profile(ident, profile=json.loads(json.dumps(rules)))
        try:
            opened = bagit.Bag(str(bag))
        except bagit.BagError as exc:
            return [f"BagIt profile {ident}: the bag cannot be read: {exc}"]
        if not checker.validate(opened):
            for error in checker.report.errors:
                text = str(getattr(error, "value", error))
                for prefix in (f"{opened}: ", f"{bag}: "):
                    text = text.removeprefix(prefix)
                problems.append(f"BagIt profile {ident}: {text}")
    finally:
        logging.disable(logging.NOTSET)
    problems += [f"BagIt profile {ident}: {p}" for p in payload_problems(bag, rules)]
    return problems


def payload_problems(bag: Path, rules: dict) -> list[str]:
    """``Payload-Files-Required`` (each file there, each folder ending in / there with a file) and
    ``Payload-Files-Allowed`` (every payload file matches one of its patterns)."""
    data = bag / "data"
    files = sorted(p.relative_to(bag).as_posix() for p in data.rglob("*")
                   if stat.S_ISREG(os.lstat(p).st_mode)) if data.is_dir() and not data.is_symlink() else []
    problems = []
    for required in rules.get("Payload-Files-Required", []):
        there = (any(f.startswith(required) for f in files) if required.endswith("/") else required in files)
        if not there:
            problems.append(f"a payload {'folder' if required.endswith('/') else 'file'} the profile requires "
                            f"is missing: {required}")
    allowed = rules.get("Payload-Files-Allowed", ["*"])
    for rel in files:
        if not any(fnmatch(rel, pattern) for pattern in allowed):
            problems.append(f"a payload file the profile does not allow: {rel}")
    return problems


def openable(bag: Path) -> bool:
    """Whether bagit-python (which bagit_profile uses) may open the bag: its tag files at the top are regular
    files (no link, no named pipe) in UTF-8.  Otherwise verify's own BagIt check says what is wrong."""
    try:
        names = os.listdir(bag)
    except OSError:
        return False
    tags = [n for n in names if n in _TAG_FILES or (n.endswith(".txt") and n.startswith(("manifest-",
                                                                                          "tagmanifest-")))]
    for name in (*_TAG_FILES, *tags):
        path = bag / name
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return False
            path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return False
    return True


def declared(bag: Path) -> list[str]:
    """The ``BagIt-Profile-Identifier`` values of the bag's bag-info.txt (read as verify reads it: bytes, UTF-8)."""
    try:
        text = (bag / "bag-info.txt").read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.split(":", 1)[1].strip() for line in text.splitlines()
            if line.split(":", 1)[0].strip() == PROFILE_TAG and ":" in line]


def bag_profile_problems(bag: Path) -> tuple[list[str], str]:
    """verify's profile check: the bag against the profile it declares (the package's; or, for a profile this
    version does not ship, the bag's own copy of it), and a line saying what was checked."""
    names = declared(bag)
    if not names:
        return ([f"bag-info.txt names no {PROFILE_TAG}: a bag of horizons-pub conforms to its BagIt profile "
                 f"{profile_id()}"], "BagIt profile: none declared")
    rules = None
    if profile_id() in names:
        rules, where = profile(), "the profile horizons-pub ships"
    else:
        copy = bag / "data" / PROFILE_IN_BAG
        try:
            own = json.loads(copy.read_bytes()) if stat.S_ISREG(os.lstat(copy).st_mode) else None
        except (OSError, ValueError):
            own = None
        if isinstance(own, dict) and own.get("BagIt-Profile-Info", {}).get("BagIt-Profile-Identifier") in names:
            rules, where = own, f"the bag's own copy, data/{PROFILE_IN_BAG}"
    if rules is None:
        return ([f"bag-info.txt names the BagIt profile {', '.join(names)}, which horizons-pub does not know and "
                 f"the bag does not hold"], "BagIt profile: unknown")
    if not openable(bag):
        return [], "BagIt profile: not checked (the bag's tag files are not all regular UTF-8 files)"
    problems = profile_problems(bag, rules)
    ident = rules["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]
    return problems, (f"BagIt profile {ident} ({where}): " + (f"{len(problems)} problem(s)" if problems
                                                              else "the bag conforms"))
