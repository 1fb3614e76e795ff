"""The characters refused wherever text enters the model, and identifiers compared as an editor sees them.

Text reaches the model by three ways: a source file as typed (checked whole by ``textfile.read_text``),
a YAML escape in double quotes (``"\\x01"``, ``"\\e[31m"``, ``"\\u202e"``: checked by ``yamlsrc`` on
every scalar), and an HTML entity in Markdown (``&#12;``: checked by ``inlines`` on every text token).
Each way refuses the same characters:

- the control characters XML 1.0 forbids, the C1 controls, U+FFFE, U+FFFF and lone surrogates
  (``text.control-char``);
- the bidirectional embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069
  (``text.bidi-control``): invisible, they reorder the letters around them, so that a title prints
  reversed (the "Trojan Source" characters).  The marks U+200E, U+200F and U+061C stay allowed: they
  only set the direction of the neutral characters next to them, and a name copied from an Arabic or
  Hebrew text may hold one.

Identifiers (article ids, rubric ids, keys) are NFC-normalised where they are read, so that a
decomposed accent (a macOS file name) matches its composed form; an identifier that holds an invisible
character is shown with it escaped and named (:func:`quoted`, :func:`invisible_note`).
"""

from __future__ import annotations

import re
import unicodedata

from ..model.nodes import Pos
from ..support.diagnostics import Reporter

# Characters XML 1.0 forbids, plus the C1 controls: none has a place in an article.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
BAD = re.compile(f"{CONTROL.pattern[:-1]}{BIDI.pattern[1:]}")
#: Letters that print as nothing though Unicode does not class them as format characters.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def codepoint(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``; ``U+0001`` for a character without a name (the controls)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def is_bidi(char: str) -> bool:
    return BIDI.fullmatch(char) is not None


def kind(char: str) -> str:
    """What a refused character is, as a message names it."""
    if is_bidi(char):
        return (f"a bidirectional control character ({codepoint(char)}, which reorders the letters around it "
                "on the page)")
    return f"an invisible control character (U+{ord(char):04X})"


def report(reporter: Reporter, char: str, message: str, pos: Pos) -> None:
    """``message`` about the refused ``char``, under its code: ``text.bidi-control`` or ``text.control-char``."""
    if is_bidi(char):
        reporter.error("text.bidi-control", message, pos)
    else:
        reporter.error("text.control-char", message, pos)


def first_bad(text: str) -> re.Match[str] | None:
    """The first refused character of ``text``, or None."""
    return BAD.search(text)


def without_bad(text: str) -> str:
    return BAD.sub("", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_ENTITY = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")


def entity_for(char: str, raw: str | None) -> str | None:
    """The numeric HTML entity of ``raw`` that stands for ``char`` (``&#12;``, ``&#x202E;``), if any."""
    for match in _ENTITY.finditer(raw or ""):
        value = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
        if value == ord(char):
            return match.group()
    return None


def is_invisible(char: str) -> bool:
    """A character an editor cannot see: a format character (zero-width space, word joiner, BOM, soft
    hyphen, bidi controls), a control, a space other than the plain space, a blank letter."""
    category = unicodedata.category(char)
    return (category in ("Cf", "Cc", "Zl", "Zp") or (category == "Zs" and char != " ")
            or char in _BLANK_LETTERS)


def invisible_note(word: str) -> str:
    """`` (it holds an invisible character: U+200B ZERO WIDTH SPACE at position 6)`` when ``word`` holds
    one or more characters an editor cannot see (positions count from 1), else ''."""
    found = [f"{codepoint(c)} at position {n}" for n, c in enumerate(word, start=1) if is_invisible(c)]
    if not found:
        return ""
    what = "an invisible character" if len(found) == 1 else "invisible characters"
    return f" (it holds {what}: {', '.join(found)})"


def visible(word: str) -> str:
    """``word`` with each invisible character written as its escape (``edito\\u200b``)."""
    return "".join(f"\\u{ord(c):04x}" if is_invisible(c) and ord(c) <= 0xFFFF
                   else f"\\U{ord(c):08x}" if is_invisible(c) else c for c in word)


def quoted(word: str) -> str:
    """``'edito'``, or ``'edito\\u200b' (it holds an invisible character: U+200B ZERO WIDTH SPACE at
    position 6)``: how a message names an identifier."""
    return f"'{visible(word)}'{invisible_note(word)}"


def without_invisible(word: str) -> str:
    return "".join(c for c in word if not is_invisible(c))
