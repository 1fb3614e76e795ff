"""Why a part was laid out again rather than taken from the cache, in the editor's words.

Beside the part cache (pool.py), ``<out>/<issue>/.cache/part-inputs.json`` keeps, for each part of
each variant (``print:terrain``), the inputs of the layout the last build used: the cache key, the
hash of its HTML without its first folio, that folio, the environment key (layouts/, fonts/, the
code, the libraries), the build's date and the files of the issue folder it read with their hashes.
A part that the next build lays out is compared with that record (:func:`why`): its text changed,
its first page moved, the stylesheets, fonts or code changed, an image it shows changed, the cache
was cleared…  The file is small (a few hundred bytes a part) and written atomically.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ...reader.images import MAX_BYTES
from ...support import cache
from ...support.sourcefile import SourceFileError, read_inside

LOG = "part-inputs.json"
_SHORT = 16  # hex digits kept of a hash: enough to tell two versions of a part apart
_FOLIO = re.compile(r"@page :first \{ counter-reset: page (\d+); \}")
#: what the part's HTML says of its first folio (layouts/print/part.html.j2): left out of its text's hash
_FOLIO_SAID = re.compile(r"counter-reset: page \d+|break-before: (?:left|right)")

FROM_CACHE = "from the cache"
FIRST_BUILD = "first build (no cache)"
NEW_PART = "first layout of this part"
CLEARED = "the cache was cleared or pruned"
DAMAGED = "its cache entry was damaged"
NO_RECORD = "the cache has no record of its last layout"
ENVIRONMENT = "the stylesheets, fonts or code changed"
DATE = "the build's date changed (SOURCE_DATE_EPOCH, or the issue's date)"
TEXT = "its text changed"
SOMMAIRE_TEXT = "its text or the pages it lists changed"
SETTINGS = "its document settings changed"


def first_folio(html: str) -> int | None:
    """The part's first folio, as its HTML sets it (None when it does not)."""
    found = _FOLIO.search(html)
    return int(found.group(1)) if found else None


def text_hash(html: str) -> str:
    """The hash of the part's HTML without what says its first folio (its folio is told apart)."""
    return hashlib.sha256(_FOLIO_SAID.sub("", html, count=2).encode("utf-8")).hexdigest()[:_SHORT]


@dataclass(frozen=True)
class PartInputs:
    """What shaped the layout of one part of one variant."""

    key: str  # the part's cache key (pool.PartLayouts.key)
    text: str  # text_hash of its HTML
    folio: int | None
    environment: str
    epoch: int
    read: tuple[tuple[str, str], ...] = ()  # files of the issue folder it read: (relative path, sha256)

    def to_json(self) -> dict:
        return {"key": self.key[:_SHORT], "text": self.text[:_SHORT], "folio": self.folio,
                "environment": self.environment[:_SHORT], "epoch": self.epoch, "read": [list(r) for r in self.read]}

    def same(self, other: "PartInputs", field: str) -> bool:
        """Whether ``field`` is alike in both (a record read back keeps the hashes' first digits only)."""
        mine, theirs = getattr(self, field), getattr(other, field)
        return mine[:_SHORT] == theirs[:_SHORT] if isinstance(mine, str) else mine == theirs

    @classmethod
    def from_json(cls, data: dict) -> "PartInputs":
        return cls(str(data["key"]), str(data["text"]), data["folio"], str(data["environment"]), int(data["epoch"]),
                   tuple((str(name), str(digest)) for name, digest in data["read"]))


@dataclass(frozen=True)
class PartVerdict:
    """One part as this build got it: from the cache, or laid out and why."""

    variant: str
    part: str  # the part's key: the article's id, cover, sommaire, reserved-…
    first: int | None  # its first folio
    pages: int
    reason: str = FROM_CACHE

    @property
    def cached(self) -> bool:
        return self.reason == FROM_CACHE

    @property
    def folios(self) -> str:
        if self.first is None:
            return f"{self.pages} page{'s' if self.pages > 1 else ''}"
        if self.pages <= 1:
            return f"page {self.first}"
        return f"pages {self.first}–{self.first + self.pages - 1}"

    @property
    def said(self) -> str:
        return FROM_CACHE if self.cached else f"laid out: {self.reason}"


def load(cache_dir: Path) -> dict[str, PartInputs] | None:
    """The records of the last build (``variant:part`` → inputs); None when there is no readable log."""
    raw = cache.read_entry(cache_dir, LOG)  # a regular file of the cache, no link followed
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return {name: PartInputs.from_json(record) for name, record in data["parts"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save(cache_dir: Path, records: dict[str, PartInputs]) -> None:
    data = {"parts": {name: records[name].to_json() for name in sorted(records)}}
    # a log that cannot be written only makes the next --verbose vaguer
    cache.write_entry(cache_dir, (LOG,), json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def why(previous: PartInputs | None, now: PartInputs, *, log_found: bool, cache_had_entries: bool,
        miss: str | None, changed: list[str], part: str) -> str:
    """Why the part ``now`` was laid out rather than taken from the cache.

    ``previous``: the record of its last layout; ``log_found``: whether the build found a log at all;
    ``cache_had_entries``: whether the cache held any part when the build began; ``miss``: what the
    cache lookup of this key found ("absent", "damaged", "changed"); ``changed``: the files the
    previous layout read that now differ (relative paths, see :func:`changed_files`)."""
    if previous is None:
        if log_found:
            return NEW_PART
        return NO_RECORD if cache_had_entries else FIRST_BUILD
    said = [file_said(name) for name in changed]
    if previous.same(now, "key"):  # same inputs: the entry itself went, or a file it read changed
        if said:
            return "; ".join(said)
        return DAMAGED if miss == "damaged" else CLEARED
    reasons = []
    if not previous.same(now, "environment"):
        reasons.append(ENVIRONMENT)
    if previous.epoch != now.epoch:
        reasons.append(DATE)
    if previous.folio is not None and now.folio is not None and previous.folio != now.folio:
        reasons.append(f"its first page changed (now page {now.folio}, was {previous.folio})")
    if not previous.same(now, "text"):
        reasons.append(SOMMAIRE_TEXT if part == "sommaire" else TEXT)
    reasons += said
    return "; ".join(reasons) or SETTINGS


def file_said(name: str) -> str:
    what = "image" if Path(name).suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".webp",
                                                     ".svg") else "file"
    return f"the {what} {name} changed"


def changed_files(read: tuple[tuple[str, str], ...], issue_dir: str) -> list[str]:
    """The files of ``read`` whose bytes in ``issue_dir`` are not those the layout was given (or are gone, or
    are not a regular file inside the folder: read as the sandbox reads them, support/sourcefile.py)."""
    return [name for name, digest in read if _hash_inside(Path(issue_dir), name) != digest]


def _hash_inside(root: Path, name: str) -> str | None:
    try:
        return hashlib.sha256(read_inside(root, name, MAX_BYTES)).hexdigest()
    except SourceFileError:
        return None
