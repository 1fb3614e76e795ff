"""The issue as the preview holds it: the current :class:`.Snapshot`, made again from the source on each
reload (the last good pages kept when the source fails), with the pages the last build laid out (from
its layout.json, when it is current); and the console lines that say how each reload went."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ...builder.issue_memo import IssueMemo
from ...builder.recipe import load_issue
from ...model.nodes import Issue
from ...render.pdf.layout_file import LAYOUT_FILE, LayoutFileError, read_layout
from ...support.diagnostics import Diagnostic, Reporter, Severity
from ...support.paths import display_path
from .console import Console
from .parts import render_parts
from .snapshot import Snapshot, clock

Laid = dict[str, tuple[int, int]]  # part key → its first and last pages in the current build


class LiveIssue:
    """The issue of ``issue_dir`` whose outputs go to ``out_root``/<issue>; ``on_reloaded(force)`` after each
    good reload (``force``: it was not the first)."""

    def __init__(self, issue_dir: Path, out_root: Path, console: Console,
                 on_reloaded: Callable[[bool], None] | None = None):
        self.issue_dir = Path(issue_dir)
        self.out_root = Path(out_root)
        self.console = console
        self.on_reloaded = on_reloaded
        self._lock = threading.Lock()
        self._snapshot = Snapshot()
        self._reloading = threading.Lock()  # one reload at a time, so the newest read always wins
        self._memo = IssueMemo()  # the articles read and transformed, for the next reload (under _reloading)

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    @property
    def issue_id(self) -> str:
        issue = self.snapshot.issue
        return issue.id if issue else self.issue_dir.resolve().name

    @property
    def out_dir(self) -> Path:
        return self.out_root / self.issue_id

    def reload(self, changed: tuple[str, ...] = ()) -> bool:
        """Read the issue again and re-render its parts; keep the last good pages when the source fails."""
        with self._reloading:
            return self._reload(changed)

    def _reload(self, changed: tuple[str, ...]) -> bool:
        started = time.monotonic()
        reporter = Reporter(echo=False)
        issue = entries = pages = None
        laid: Laid = {}
        layout_diags: tuple[str, ...] = ()
        try:
            issue = load_issue(self.issue_dir, reporter, memo=self._memo)
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the preview
            reporter.error("preview.crash", f"reading the issue failed: {type(exc).__name__}: {exc}",
                           path=display_path(self.issue_dir))
            issue = None
        if issue is not None:
            try:
                laid, layout_diags = self.layout(issue)
                entries, pages = render_parts(issue, {k: first for k, (first, _) in laid.items()})
            except Exception as exc:  # noqa: BLE001
                reporter.error("preview.render", f"rendering the parts failed: {type(exc).__name__}: {exc}",
                               path=display_path(self.issue_dir))
                issue = None
        with self._lock:
            old = self._snapshot
            if issue is not None:
                new = Snapshot(issue, entries, pages, laid, layout_diags, tuple(reporter.diagnostics), (),
                               old.version + 1, old.generation + 1, clock(), "")
            else:
                new = replace(old, problems=tuple(reporter.diagnostics) or (
                    Diagnostic(Severity.ERROR, "preview.failed", "the issue could not be read",
                               path=display_path(self.issue_dir)),), generation=old.generation + 1,
                              failed_at=clock())
            self._snapshot = new
        self._report(old, new, changed, time.monotonic() - started)
        if issue is not None and self.on_reloaded is not None:
            self.on_reloaded(old.version > 0)
        return issue is not None

    def refresh_layout(self) -> None:
        """After a build: re-render with the folios it laid out (the sommaire) and show its pages."""
        with self._lock:
            snap = self._snapshot
        if snap.issue is None:
            return
        laid, diags = self.layout(snap.issue)
        if (laid, diags) == (dict(snap.laid), snap.layout_diagnostics):
            return
        try:
            entries, pages = render_parts(snap.issue, {k: first for k, (first, _) in laid.items()})
        except Exception:  # noqa: BLE001 - it rendered a moment ago; keep what is shown
            return
        with self._lock:
            if self._snapshot.issue is snap.issue:  # not replaced by a reload meanwhile
                self._snapshot = replace(self._snapshot, entries=entries, pages=pages, laid=laid,
                                         layout_diagnostics=diags, generation=self._snapshot.generation + 1)

    def layout(self, issue: Issue) -> tuple[Laid, tuple[str, ...]]:
        """The pages each part got and the layout's diagnostics, from layout.json when it is current
        (nothing when it is older than the source, missing or unreadable)."""
        path = self.out_root / issue.id / LAYOUT_FILE
        try:
            if path.stat().st_mtime < self.newest_source():
                return {}, ()
            report = read_layout(path, Path(issue.folder))
        except (OSError, LayoutFileError):
            return {}, ()
        laid: Laid = {}
        for part in report.parts:
            if not part.reserved and part.key:
                laid.setdefault(part.key, (part.first, part.last))
        diags = tuple(f"{d.file or issue.folder}{':' + str(d.line) if d.line else ''}: "
                      f"{d.severity}: {d.message} [{d.code}]"
                      for d in report.diagnostics)
        return laid, diags

    def newest_source(self) -> float:
        """The time of the newest file of the issue folder (its outputs aside, when they are inside it)."""
        out = self.out_root.resolve()
        times = [p.stat().st_mtime for p in self.issue_dir.rglob("*")
                 if p.is_file() and not p.resolve().is_relative_to(out)]
        return max(times, default=0.0)

    def _report(self, old: Snapshot, new: Snapshot, changed: tuple[str, ...], seconds: float) -> None:
        say = self.console.say
        what = f" ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})" if changed else ""
        if new.failing:
            if new.problems != old.problems:
                for d in new.problems:
                    say(d.format(), error=True)
            kept = f"still showing version {new.version}" if new.version else "nothing to show yet"
            say(f"{display_path(self.issue_dir)}: the source has errors{what}: {kept}", error=True)
            return
        if {d.format() for d in new.warnings} != {d.format() for d in old.warnings}:
            for d in new.warnings:
                say(d.format(), error=True)
        if old.version or old.failing:
            say(f"reloaded {new.issue.id}{what}: version {new.version} ({seconds:.2f} s)")
