"""The report as text: one line per check, in colour with rich on a terminal, plain otherwise; each issue's
report printed as soon as its background checks are done, in the order of the issues."""

from __future__ import annotations

import io
import sys
import threading
from concurrent.futures import Future

from .report import CHECK_NAMES, FAIL, INFO, OK, SKIPPED, WARN, IssueReport

LABELS = {OK: "ok", FAIL: "FAIL", WARN: "warn", SKIPPED: "skipped", INFO: "info"}
STYLES = {OK: "green", FAIL: "bold red", WARN: "yellow", SKIPPED: "dim", INFO: "cyan"}
NAME_WIDTH = max(len(n) for n in CHECK_NAMES)


def report_lines(report: IssueReport, quiet: bool = False) -> list[list[tuple[str, str | None]]]:
    """The report as lines of (text, style) segments; ``quiet``: the failures only."""
    lines: list[list[tuple[str, str | None]]] = []
    if not quiet:
        verdict = OK if report.ok else FAIL
        lines.append([(f"{report.issue} ", "bold"), (LABELS[verdict], STYLES[verdict]),
                      (f"  ({report.folder})", None)])
    for check in report.resolved():
        if quiet and check.status != FAIL:
            continue
        details = check.details or [""]
        head = f"{report.issue}: " if quiet else "  "
        indent = " " * (len(head) + 8 + NAME_WIDTH + 2)
        lines.append([(head, None), (f"{LABELS[check.status]:<8}", STYLES[check.status]),
                      (f"{check.name:<{NAME_WIDTH}}  {details[0]}".rstrip(), None)])
        lines.extend([[(indent + detail, None)] for detail in details[1:]])
    return lines


class TextPrinter:
    """Prints reports as they are ready: in colour with rich on a terminal, plain text otherwise."""

    def __init__(self, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.console = None
        if _isatty(self.stream):
            try:
                from rich.console import Console
            except ImportError:  # pragma: no cover - rich is optional
                Console = None
            if Console is not None:
                self.console = Console(file=self.stream, highlight=False, soft_wrap=True)

    def issue(self, report: IssueReport) -> None:
        for segments in report_lines(report, self.quiet):
            self._print(segments)
        self.stream.flush()

    def line(self, text: str) -> None:
        self._print([(text, None)])

    def _print(self, segments: list[tuple[str, str | None]]) -> None:
        if self.console is None:
            print("".join(text for text, _ in segments), file=self.stream)
            return
        from rich.text import Text

        line = Text()
        for text, style in segments:
            line.append(text, style=style)
        self.console.print(line)


class OrderedPrinter:
    """Prints each report once its background checks are done, in the order the reports were added."""

    def __init__(self, printer: TextPrinter):
        self.printer = printer
        self.lock = threading.RLock()
        self.queue: list[list] = []  # [report, ready]
        self.broken = False

    def add(self, report: IssueReport) -> None:
        running = [c for c in report.checks if isinstance(c, Future)]
        entry = [report, not running]
        with self.lock:
            self.queue.append(entry)
        remaining = len(running)

        def finished(_future) -> None:
            nonlocal remaining
            with self.lock:
                remaining -= 1
                entry[1] = remaining == 0
                self._flush()

        for future in running:
            future.add_done_callback(finished)
        with self.lock:
            self._flush()

    def _flush(self) -> None:
        while self.queue and self.queue[0][1]:
            report = self.queue.pop(0)[0]
            if self.broken:
                continue
            try:
                self.printer.issue(report)
            except BrokenPipeError:
                self.broken = True  # said by the main thread, once every check is done


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False
