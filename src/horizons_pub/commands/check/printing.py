"""The report as text: one line per check, in colour with rich on a terminal, plain otherwise; each issue's
report printed as soon as its background checks are done, in the order of the issues."""

from __future__ import annotations

import io
import sys
import threading
from concurrent.futures import Future

from .report import CHECK_NAMES, FAILED, ISSUE_FAILED, ISSUE_INCOMPLETE, ISSUE_PASSED, NOT_RUN, PASSED, STATUSES, \
    Check, IssueReport

STYLES = {PASSED: "green", FAILED: "bold red", NOT_RUN: "bold magenta",
          ISSUE_PASSED: "bold green", ISSUE_FAILED: "bold red", ISSUE_INCOMPLETE: "bold magenta"}
WARNING_STYLE = "yellow"
LABEL_WIDTH = max(len(s) for s in STATUSES) + 2
NAME_WIDTH = max(len(n) for n in CHECK_NAMES)


def report_lines(report: IssueReport, quiet: bool = False) -> list[list[tuple[str, str | None]]]:
    """The report as lines of (text, style) segments; ``quiet``: only what is not a clean pass (failed,
    not run, or passed with a warning)."""
    lines: list[list[tuple[str, str | None]]] = []
    if not quiet:
        lines.append([(f"{report.issue} ", "bold"), (report.status, STYLES[report.status]),
                      (f"  ({report.folder}): {_counts(report)}", None)])
    for check in report.resolved():
        if quiet and check.status == PASSED and not check.warning:
            continue
        details = _details(check)
        head = f"{report.issue}: " if quiet else "  "
        indent = " " * (len(head) + LABEL_WIDTH + NAME_WIDTH + 2)
        first: list[tuple[str, str | None]] = [(head, None), (f"{check.status:<{LABEL_WIDTH}}", STYLES[check.status]),
                                               (f"{check.name:<{NAME_WIDTH}}  ", None)]
        if check.warning:
            first.append(("warning: ", WARNING_STYLE))
        lines.append(first + [(details[0], None)])
        lines[-1] = _rstrip(lines[-1])
        lines.extend([[(indent + detail, None)] for detail in details[1:]])
    return lines


def _details(check: Check) -> list[str]:
    details = list(check.details or [""])
    if check.status == NOT_RUN and check.install:
        details.append(f"install every validator with: {check.install}")
    if check.allowed:
        details.append("accepted by --allow-missing: it still did not run")
    return details


def _rstrip(segments: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    text, style = segments[-1]
    return segments[:-1] + [(text.rstrip(), style)]


def _counts(report: IssueReport) -> str:
    counts = report.counts()
    text = f"{counts[PASSED]} passed, {counts[FAILED]} failed, {counts[NOT_RUN]} not run"
    warnings = sum(c.warning for c in report.resolved())
    if warnings:
        text += f"; {warnings} warning(s)"
    if report.status == ISSUE_INCOMPLETE and report.accepted:
        text += " (accepted by --allow-missing)"
    return text


def summary_line(reports: list[IssueReport]) -> str:
    """The closing line when several issues are checked."""
    counts = {status: sum(r.status == status for r in reports) for status in (ISSUE_FAILED, ISSUE_INCOMPLETE,
                                                                                ISSUE_PASSED)}
    return (f"{len(reports)} issues checked: {counts[ISSUE_FAILED]} failed, {counts[ISSUE_INCOMPLETE]} incomplete, "
            f"{counts[ISSUE_PASSED]} passed")


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
