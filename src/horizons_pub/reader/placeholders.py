"""The placeholders of the ``new`` template, found where they would be printed or published.

``horizons-pub new`` writes an issue that builds as it is, with provisional values
that carry a marker: « À CHANGER » and « À REMPLIR » in texts, « Prénom Nom » for a
person, and the date 2000-01-01.  A marker left in a *value* of issue.yaml or of an
article's front matter, or in an article's text, is the warning ``source.placeholder``
at its own line (``check`` and ``archive`` make it an error: a placeholder is never
published).  YAML comments are not values: the template explains itself there, markers
included, and they are never read.

The reader looks for the markers in the source as written, before the transforms: the
typography's spaces and quotes cannot hide one, and a marker typed with a no-break space
or cut across two lines of a paragraph is still one.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from ..model.nodes import Pos
from ..support.diagnostics import Reporter
from .yamlsrc import LocList, LocMap

CODE = "source.placeholder"  # what check and archive match to make these warnings errors
#: The placeholder date of the template: obviously provisional, never a real issue's.
PLACEHOLDER_DATE = _dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Marker:
    shown: str  # as the message names it
    pattern: re.Pattern[str]
    todo: str  # what to do; ``{what}``: "value" or "text"


#: The markers, case-sensitive: "à changer" and "à remplir" are ordinary French, the capitals are not.
MARKERS: tuple[Marker, ...] = (
    Marker("« À CHANGER »", re.compile(r"(?<!\w)[AÀ]\s+CHANGER(?!\w)"),
           "replace this {what} with the real one, without the marker"),
    Marker("« À REMPLIR »", re.compile(r"(?<!\w)[AÀ]\s+REMPLIR(?!\w)"),
           "fill in this {what}, and remove the marker"),
    Marker("« Prénom Nom »", re.compile(r"(?<!\w)Prénom\s+Nom(?!\w)"),
           "write the person's real name"),
    Marker("the date 2000-01-01", re.compile(r"(?<![\d-])2000-01-01(?![\d-])"),
           "write the real date, as YYYY-MM-DD (the issue's date is the first day of its period)"),
)
_DATE_MARKER = MARKERS[-1]


def _report(marker: Marker, what: str, pos: Pos, reporter: Reporter) -> None:
    reporter.warning("source.placeholder", f"{marker.shown} is a placeholder left from the new-issue template: "
                     f"{marker.todo.format(what=what)}", pos)


def check_yaml_values(data: Any, text: str, file: str, reporter: Reporter) -> None:
    """Report the markers in the values of ``data`` (loaded by yamlsrc.load_yaml from ``text``, the
    whole file's text: the lines of the values are the file's)."""
    lines = text.split("\n")
    known = sorted(_value_lines(data))  # where each value starts: a value ends before the next one starts
    for value, line in _values(data, getattr(data, "line", 1)):
        for marker in MARKERS:
            if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
                found = marker is _DATE_MARKER and value == PLACEHOLDER_DATE
            else:
                found = isinstance(value, str) and marker.pattern.search(value) is not None
            if found:
                _report(marker, "value", Pos(file, _exact_line(lines, line, known, marker)), reporter)


def check_text(body: str, line_offset: int, file: str, reporter: Reporter) -> None:
    """Report the markers in an article's Markdown ``body``; its first line is the file's ``line_offset + 1``."""
    for marker in MARKERS:
        seen: set[int] = set()
        for match in marker.pattern.finditer(body):
            line = line_offset + body.count("\n", 0, match.start()) + 1
            if line not in seen:
                seen.add(line)
                _report(marker, "text", Pos(file, line), reporter)


def _values(node: Any, line: int):
    """(scalar value, line of its key or item) for every scalar under ``node``."""
    if isinstance(node, LocMap):
        for key, value in node.items():
            yield from _values(value, node.key_lines.get(key, node.line))
    elif isinstance(node, LocList):
        for value, item_line in zip(node, node.item_lines):
            yield from _values(value, item_line)
    elif node is not None:
        yield node, line


def _value_lines(node: Any) -> set[int]:
    if isinstance(node, LocMap):
        return {node.line, *node.key_lines.values()}.union(*(_value_lines(v) for v in node.values()))
    if isinstance(node, LocList):
        return {node.line, *node.item_lines}.union(*(_value_lines(v) for v in node))
    return set()


def _exact_line(lines: list[str], start: int, known: list[int], marker: Marker) -> int:
    """The line, from ``start`` to the next value's, on which the marker is written (a value written
    over several lines); ``start`` when it is cut across lines.  Comment lines are skipped."""
    after = bisect.bisect_right(known, start)
    end = known[after] if after < len(known) else len(lines) + 1
    for number in range(start, max(start + 1, end)):
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        if not text.lstrip().startswith("#") and marker.pattern.search(text):
            return number
    return start
