"""Reading a source text file: UTF-8 only, no control characters, a BOM tolerated."""

from __future__ import annotations

from pathlib import Path

from ..support.diagnostics import Reporter
from ..model.nodes import Pos
from ..support.sourcefile import SourceFileError, read_inside
from .textchecks import first_bad, kind, report

MAX_BYTES = 5_000_000


#: the diagnostic of each kind of file support/sourcefile.py refuses (tests/test_diagnostic_codes.py reads them here)
FILE_CODES = {"missing": "file.missing", "outside": "file.outside", "special": "file.special", "loop": "file.loop",
              "too-large": "file.too-large", "path": "file.path"}


def report_file(reporter: Reporter, exc: SourceFileError, message: str, pos: Pos | None = None,
                path: str | None = None) -> None:
    """A source file that ``support/sourcefile.py`` refused, as the diagnostic ``file.<kind>``."""
    reporter.error(FILE_CODES.get(exc.kind, "file.unreadable"), message, pos, path)


def read_text(path: Path, shown: str, reporter: Reporter, root: Path | None = None) -> str | None:
    """The file's text with newlines normalised, or None after reporting why it cannot be used.

    ``root`` is the issue folder the file must stay inside (``support/sourcefile.py``: a symbolic link
    only to a place inside it, a regular file, at most ``MAX_BYTES``); by default the file's folder."""
    root = path.parent if root is None else root
    try:
        data = read_inside(root, path.relative_to(root), MAX_BYTES)
    except SourceFileError as exc:
        report_file(reporter, exc, exc.sentence("the file"), path=shown)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        reporter.warning("encoding.bom", "the file starts with a byte-order mark; it was ignored (save as UTF-8 "
                         "without BOM)", Pos(shown, 1))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reporter.error("encoding.utf8", f"the file is not UTF-8 (byte 0x{data[exc.start]:02x} on this line): "
                       "save it again with the encoding UTF-8", Pos(shown, line))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = first_bad(text)  # the control and bidi characters (textchecks.py)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        report(reporter, bad.group(), f"{kind(bad.group())} is in the text at column {column}: delete it (retype "
               "the characters around it)", Pos(shown, line))
        return None
    return text
