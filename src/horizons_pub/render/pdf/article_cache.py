"""Each article's finished PDF kept in the build's cache (``<out>/<issue>/.cache/article-pdfs/``), so that a
rebuild after one article's edit cuts only that article's PDF again (and a neighbour's whose folios moved).

An entry is stored under the hash of everything its PDF is made of (article_pdfs.py's ``article_pdf``):
its parts' PDF bytes and stand-in anchors, the folio of each page, the issue as the model holds it without
its other articles (its metadata, ISBN, ISSN, dates, distribution and citation settings, printing, rubrics,
flatplan, folder: whatever of it the article's PDF reads), the article itself whole, the output profile's
bytes, SOURCE_DATE_EPOCH, ``strict``, the environment key (layouts/, fonts/, the code, the libraries) and
this module's :data:`VERSION`.  Its bytes: their sha256, a JSON line (the diagnostics the cut reported,
replayed on every use), then the PDF.  An entry whose bytes do not match their hash, or whose line cannot be
read, is ignored and made again; when one is written, the older entries of the same article are removed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from ...model.nodes import Issue
from ...support.cache import key, read_entry, write_entry
from ...support.dates import EPOCH_VAR
from ...support.sourcefile import read_regular

VERSION = "1"  # bump it when what an article's PDF is made of changes outside the code's hash
KIND = "article-pdfs"
_DIGEST = hashlib.sha256().digest_size


def article_key(issue: Issue, article_id: str, parts: list[tuple[bytes, tuple[str, ...]]], folios: tuple[int, ...],
                profile: Path, strict: bool, environment: str) -> str:
    """The hash of what the article's PDF depends on (see the module's docstring)."""
    article = issue.article(article_id)
    alone = dataclasses.replace(issue, articles=(article,))  # the other articles' text is none of its own
    try:
        profile_hash = hashlib.sha256(read_regular(Path(os.path.realpath(profile)), 50_000_000)).hexdigest()
    except (OSError, ValueError):
        profile_hash = "unreadable"  # the cut reports it (or fails) as it would without the cache
    fields = {"version": VERSION, "article": article_id, "folios": list(folios),
              "parts": [[hashlib.sha256(data).hexdigest(), list(stand_ins)] for data, stand_ins in parts],
              "issue": repr(alone), "profile": [str(profile), profile_hash],
              "epoch": os.environ.get(EPOCH_VAR), "strict": strict, "environment": environment}
    return key(json.dumps(fields, sort_keys=True, ensure_ascii=False))


def _prefix(article_id: str) -> str:
    return hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]


def _read(cache: Path, name: str) -> tuple[bytes, list[dict]] | None:
    stored = read_entry(cache, KIND, name)
    if stored is None or len(stored) <= _DIGEST or hashlib.sha256(stored[_DIGEST:]).digest() != stored[:_DIGEST]:
        return None  # absent, cut short, changed on disk, not a regular file
    line, newline, data = stored[_DIGEST:].partition(b"\n")
    try:
        records = json.loads(line)
    except ValueError:
        return None
    if not newline or not isinstance(records, list) or not all(isinstance(r, dict) for r in records) \
            or not data.startswith(b"%PDF-"):
        return None
    return data, records


def cached_article(cache: Path | None, article_id: str, cache_key: str,
                   make: Callable[[], tuple[bytes, list[dict]]]) -> tuple[tuple[bytes, list[dict]], bool]:
    """The article's PDF and diagnostics records from the entry of ``cache_key`` when it is sound, else
    ``make()``'s, stored for next time; and whether the entry was used."""
    if cache is None:
        return make(), False
    name = f"{_prefix(article_id)}-{cache_key}"
    found = _read(cache, name)
    if found is not None:
        return found, True
    data, records = make()
    body = json.dumps(records, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" + data
    if write_entry(cache, (KIND, name), hashlib.sha256(body).digest() + body):
        _remove_older(cache / KIND, name)
    return (data, records), False


def _remove_older(folder: Path, name: str) -> None:
    """The article's other entries (of earlier versions of it): only this one can be used again."""
    prefix = name.partition("-")[0] + "-"
    try:
        if folder.is_symlink():
            return
        for path in folder.iterdir():
            if path.name.startswith(prefix) and path.name != name:
                path.unlink(missing_ok=True)
    except OSError:  # a cache that cannot be tidied is only a larger one
        pass
