"""The ``layout.*`` checks, from the build's layout.json (read as typed records by render.pdf.layout_file):
``flatplan`` (a part overflows its pages or starts late: a failure here, though only a warning when
building), ``pages`` (pages laid out vs planned), ``notes`` (a lost note fails, a moved one passes with a warning),
``reserved`` (the reserved page ranges, listed), ``messages`` (anything else the layout said)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from ...render.pdf.layout_file import LayoutDiagnostic, LayoutFile, LayoutFileError, read_layout
from ...support.paths import display_path
from .report import Check, failed, passed, warned

USED_CODES = {"layout.overflow", "layout.pushed", "layout.sommaire-overflow", "note.lost", "note.moved"}


def load_layout(path: Path, folder: Path) -> tuple[LayoutFile | None, str]:
    """The layout.json at ``path`` of the issue in ``folder``, or None and why it cannot be read."""
    try:
        return read_layout(path, folder), ""
    except LayoutFileError as exc:
        return None, str(exc)


def check_layout(layout: LayoutFile) -> list[Check]:
    diagnostics = list({json.dumps(asdict(d), sort_keys=True): d for d in layout.diagnostics}.values())
    by_code: dict[str, list[LayoutDiagnostic]] = {}
    for d in diagnostics:
        by_code.setdefault(d.code, []).append(d)
    return [_flatplan(layout, by_code), _page_count(layout), _notes(by_code), _reserved(layout),
            _other(d for d in diagnostics if d.code not in USED_CODES)]


def _diagnostic_line(d: LayoutDiagnostic) -> str:
    where = display_path(Path(d.file)) if d.file else ""
    if where and d.line:
        where += f":{d.line}"
    return f"{where}: {d.message}" if where else str(d.message)


def _flatplan(layout: LayoutFile, by_code: dict[str, list[LayoutDiagnostic]]) -> Check:
    problems = [_diagnostic_line(d) + f" [{code}]"
                for code in ("layout.overflow", "layout.sommaire-overflow", "layout.pushed")
                for d in by_code.get(code, [])]
    if not problems:  # the parts themselves, should a message be missing
        problems = [f"{part.title or part.key}: planned on page {part.planned}, starts on page {part.first}"
                    for part in layout.parts if not part.reserved and part.planned not in (None, part.first)]
    if problems:
        return failed("layout.flatplan", ["the flatplan is not respected", *problems])
    parts = sum(not part.reserved for part in layout.parts)
    return passed("layout.flatplan", [f"each of the {parts} parts fits its pages and starts on its flatplan page"])


def _page_count(layout: LayoutFile) -> Check:
    pages, planned = layout.pages, layout.planned_pages
    if pages != planned:
        return failed("layout.pages", [f"{pages} pages laid out, {planned} planned (pages: in issue.yaml)"])
    return passed("layout.pages", [f"{pages} pages, as planned"])


def _notes(by_code: dict[str, list[LayoutDiagnostic]]) -> Check:
    lost = [_diagnostic_line(d) for d in by_code.get("note.lost", [])]
    moved = [_diagnostic_line(d) for d in by_code.get("note.moved", [])]
    if lost:
        return failed("layout.notes", [f"{len(lost)} note(s) lost, {len(moved)} moved", *lost, *moved])
    if moved:
        return warned("layout.notes", [f"{len(moved)} note(s) printed on another page than their call", *moved])
    return passed("layout.notes", ["every note is printed on the page of its call"])


def _reserved(layout: LayoutFile) -> Check:
    ranges = []
    for part in layout.parts:
        if not part.reserved:
            continue
        pages = f"page {part.first}" if part.first == part.last else f"pages {part.first}–{part.last}"
        ranges.append(f"{pages}: after {_short(part.title or part.key)}")
    if not ranges:
        return passed("layout.reserved", ["no reserved page"])
    count = sum(part.last - part.first + 1 for part in layout.parts if part.reserved)
    return passed("layout.reserved", [f"{count} reserved page(s), in {len(ranges)} range(s)", *ranges])


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _other(diagnostics: Iterable[LayoutDiagnostic]) -> Check:
    found = list(diagnostics)
    if not found:
        return passed("layout.messages", ["no other message from the layout"])
    errors = any(d.severity == "error" for d in found)
    lines = [f"{_diagnostic_line(d)} [{d.code}]" for d in found]
    return failed("layout.messages", lines) if errors else warned("layout.messages", lines)
