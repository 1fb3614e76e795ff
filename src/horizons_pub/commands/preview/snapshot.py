"""What the preview shows: an immutable snapshot of the issue, replaced whole after each reload, and the
state of the background build (records only; :mod:`.live` makes the snapshots, :mod:`.builder` the
build states)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from ...model.nodes import Issue
from ...support.diagnostics import Diagnostic


@dataclass(frozen=True)
class Entry:
    """One part of the flatplan, as the index lists it."""

    key: str
    kind: str
    title: str
    planned: int
    rubric: str = ""
    has_text: bool = True
    source: str = ""  # the article's file, as diagnostics name it
    boxes: tuple[tuple[str, str], ...] = ()  # (article id, title) printed on the same page


@dataclass(frozen=True)
class Snapshot:
    issue: Issue | None = None  # the last good model
    entries: tuple[Entry, ...] = ()
    pages: Mapping[str, str] = field(default_factory=dict)  # key → the part's HTML for a browser
    laid: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # key → pages of the current build
    layout_diagnostics: tuple[str, ...] = ()  # from the current build's layout.json
    warnings: tuple[Diagnostic, ...] = ()  # of the last good load
    problems: tuple[Diagnostic, ...] = ()  # of the last reload when it failed; empty when it succeeded
    version: int = 0  # bumped after each successful reload
    generation: int = 0  # bumped after each reload, good or not
    good_at: str = ""
    failed_at: str = ""

    @property
    def failing(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class BuildStatus:
    state: str = "off"  # off, idle, waiting, build, flatplan, done, failed, stopped
    step: str = ""
    ok: bool | None = None
    log: tuple[str, ...] = ()
    started: str = ""
    finished: str = ""
    seconds: float | None = None
    runs: int = 0


def clock() -> str:
    """The time of day, as the pages and the status show when something happened."""
    return time.strftime("%H:%M:%S")
