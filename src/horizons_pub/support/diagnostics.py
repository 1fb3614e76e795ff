"""Diagnostics: one reporter collects every message as ``path:line: level: text [code]``.

The exit status follows the worst level (as in docutils).  A user error never
shows a Python traceback: a command reports what the reporter holds and exits
non-zero.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum
from typing import TextIO

from ..model.nodes import Pos


class Severity(str, Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    pos: Pos | None = None
    path: str | None = None  # when no line is known
    data: tuple[tuple[str, int], ...] = ()  # the facts the message states, for tools (pages, note numbers)

    def record(self) -> dict:
        """The diagnostic as plain data (stored in the build stamp, sent back by a worker process)."""
        return {"severity": self.severity.value, "code": self.code, "message": self.message,
                "file": self.pos.file if self.pos else None, "line": self.pos.line if self.pos else None,
                "path": self.path, "data": dict(self.data)}

    def format(self) -> str:
        where = str(self.pos) if self.pos else (self.path or "horizons-pub")
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


_COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m"}


def _colours(stream: TextIO) -> bool:
    """Colour on a terminal, plain text otherwise (and never with NO_COLOR set)."""
    return hasattr(stream, "isatty") and stream.isatty() and not os.environ.get("NO_COLOR")


def _coloured(diag: Diagnostic) -> str:
    where, _, rest = diag.format().partition(f": {diag.severity.value}: ")
    return f"\033[1m{where}\033[0m: {_COLOURS[diag.severity]}{diag.severity.value}\033[0m: {rest}"



def file_of(diag: Diagnostic) -> str:
    """The file a diagnostic is about (its position's, else its path's)."""
    return diag.pos.file if diag.pos else (diag.path or "")


def in_source_order(diagnostics: list[Diagnostic], files: tuple[str, ...] = ()) -> list[Diagnostic]:
    """``diagnostics`` in source order: by file, in the order of ``files`` (the files in the order they
    are read), the others after them in the order they were found; then by line.  Stable: what was
    found at the same line keeps the order it was found in."""
    rank: dict[str, int] = {file: n for n, file in enumerate(files)}
    for diag in diagnostics:
        rank.setdefault(file_of(diag), len(rank))
    return sorted(diagnostics, key=lambda d: (rank[file_of(d)], d.pos.line if d.pos else 0))


def count_text(errors: int, warnings: int) -> str:
    """"0 errors, 1 warning"."""
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


class Reporter:
    """Collects diagnostics; ``strict`` turns warnings into errors."""

    def __init__(self, strict: bool = False, stream: TextIO | None = None, echo: bool = True):
        self.strict = strict
        self.stream = stream
        self.echo = echo
        self.diagnostics: list[Diagnostic] = []

    def _add(self, diag: Diagnostic) -> None:
        if diag in self.diagnostics:  # the same fact found twice (both PDF variants are laid out) is said once
            return
        self.diagnostics.append(diag)
        if self.echo:
            stream = self.stream or sys.stderr
            print(_coloured(diag) if _colours(stream) else diag.format(), file=stream)

    def error(self, code: str, message: str, pos: Pos | None = None, path: str | None = None, **data: int) -> None:
        self._add(Diagnostic(Severity.ERROR, code, message, pos, path, tuple(sorted(data.items()))))

    def warning(self, code: str, message: str, pos: Pos | None = None, path: str | None = None,
                **data: int) -> None:
        severity = Severity.ERROR if self.strict else Severity.WARNING
        self._add(Diagnostic(severity, code, message, pos, path, tuple(sorted(data.items()))))

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        """Add diagnostics collected by another reporter (each printed as it is added, when ``echo``)."""
        for diag in diagnostics:
            self._add(diag)

    def replay(self, records: list[dict]) -> None:
        """Say again the diagnostics recorded by an earlier build (see builder/stamp.py), or by a worker
        process: each is printed as it is added (when ``echo``), and counted like the others."""
        for r in records:
            pos = Pos(r["file"], r["line"]) if r.get("file") and r.get("line") else None
            self._add(Diagnostic(Severity(r["severity"]), r["code"], r["message"], pos, r.get("path"),
                                 tuple(sorted((r.get("data") or {}).items()))))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def counts(self) -> str:
        """"1 error, 3 warnings": what a command's last line says of the diagnostics held."""
        return count_text(len(self.errors), len(self.warnings))

    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]
