"""Reading a source text file: UTF-8 only, no control characters, a BOM tolerated."""

from __future__ import annotations

import re
from pathlib import Path

from ..support.diagnostics import Reporter
from ..model.nodes import Pos

# Characters XML 1.0 forbids, plus the C1 controls: none has a place in an article.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
MAX_BYTES = 5_000_000


def read_text(path: Path, shown: str, reporter: Reporter) -> str | None:
    """The file's text with newlines normalised, or None after reporting why it cannot be used."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        reporter.error("file.missing", "the file does not exist", path=shown)
        return None
    except OSError as exc:
        reporter.error("file.unreadable", f"cannot read the file: {exc.strerror}", path=shown)
        return None
    if len(data) > MAX_BYTES:
        reporter.error("file.too-large", f"the file is {len(data):,} bytes; a source file is at most {MAX_BYTES:,}",
                       path=shown)
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
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        reporter.error("text.control-char", f"an invisible control character (U+{ord(bad.group()):04X}) is in the "
                       f"text at column {column}: delete it (retype the characters around it)", Pos(shown, line))
        return None
    return text
