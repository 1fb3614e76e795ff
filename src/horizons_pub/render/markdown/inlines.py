"""Model inlines → the source format's inline Markdown, escaped so that the project's reader reads back the
same nodes (docs/source-format.md, « Text »).

Each node is written as one *piece*; a sequence's pieces are then joined, which settles what depends on a
neighbour:

- an emphasis is ``*…*`` (``**…**``), or ``_…_`` (``__…__``) where a ``*`` delimiter would touch another
  ``*`` delimiter (``*a*`` then ``**b**``) or is in an emphasis written with ``*``: an emphasis in an
  emphasis takes the other character (``_a **b** c_``, ``**a _b_ c**``);
- CommonMark opens an emphasis only where its delimiter is *left-flanking*, and closes it only where it is
  *right-flanking*: ``*(mot)*s`` is not an emphasis, nor is ``_mot_s``.  Where the character outside an
  emphasis would keep it from opening or closing, that character is written as a character reference
  (``&#115;``): markdown-it sees punctuation (``;``), the reader reads the same letter;
- a ``!`` right before a ``[`` (a link, a span, a note call) is escaped, or it would make an image.

Text is escaped where Markdown (or one of the reader's plugins) would read markup: ``\\ * _ ` [ ] < { } |
~ ^`` always, ``&`` before what reads as a character reference, and at the start of a line ``#``, ``>``,
``-``, ``+``, ``=``, ``1.``, ``1)``, ``:::``; a ``:`` or ``(`` right after a note call (``[^1]:`` would start a
note's definition, ``[^1](…)`` is a link).  Every other character is written as it is (U+00A0, U+202F…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar

from ...model.nodes import Code, Emph, Foreign, Inline, LineBreak, Link, NoteRef, SmallCaps, Strong, Text
from ..visitor import ModelVisitor
from .normalise import is_space

_ALWAYS = re.compile(r"([\\*_`\[\]<{}|~^])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:[#>+=-]|:::)")
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")


def is_punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def is_word(char: str) -> bool:
    """A character that is neither space nor punctuation for CommonMark's flanking rules."""
    return not is_space(char) and not is_punct(char)


def reference(char: str) -> str:
    return f"&#{ord(char)};"


def escape_text(text: str, line_start: bool = False) -> str:
    """``text`` (a ``Text`` node's) as Markdown that reads back as the same characters."""
    out = _ENTITY.sub(r"\\&", _ALWAYS.sub(r"\\\1", text))
    if line_start:
        match = _LIST_NUMBER.match(out)
        if match:
            out = f"{match.group(1)}\\{match.group(2)}{out[match.end():]}"
        elif _LINE_START.match(out):
            out = "\\" + out
    return out


def code_span(text: str) -> str:
    """``text`` as a code span: a fence of backticks longer than any run inside it."""
    text = text.replace("\n", " ")
    runs = [len(r) for r in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = text.startswith("`") or text.endswith("`") or (
        text.startswith(" ") and text.endswith(" ") and text.strip(" ") != "")
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


def link_destination(url: str) -> str:
    """A link's (or an image's) address as written between its parentheses."""
    if re.search(r"[\s<>]", url) or url.count("(") != url.count(")"):
        return "<" + re.sub(r"([\\<>{}])", r"\\\1", url) + ">"
    return _ENTITY.sub(r"\\&", re.sub(r"([\\(){}])", r"\\\1", url))


@dataclass
class Piece:
    text: str
    kind: str  # "text", "emph", "break" or "other"
    delim: str = ""  # an emphasis's delimiter character
    first: str = ""  # an emphasis's first and last characters inside its delimiters
    last: str = ""


@dataclass
class Sequence:
    """The pieces of one inline sequence being written, and its context."""

    nodes: tuple[Inline, ...]
    line_start: bool  # the sequence starts a line
    outer: str = ""  # the delimiter character around the sequence (an emphasis's), if any
    pieces: list[Piece] = field(default_factory=list)


class InlineWriter(ModelVisitor):
    """Writes inline sequences; ``table``: in a table's cell (a ``|`` in a code span or an address is
    escaped too)."""

    def __init__(self, table: bool = False, spans: bool = True):
        self.table = table
        self.spans = spans  # False: SmallCaps and Foreign written as their words (a figure's credit)
        self._blocks = {}
        self._inlines: dict[type, Callable[[Sequence, Inline], None]] = {
            Text: self._text, Emph: self._emph, Strong: self._emph, SmallCaps: self._smallcaps,
            Foreign: self._foreign, Code: self._code, Link: self._link, LineBreak: self._break,
            NoteRef: self._noteref,
        }

    @property
    def rendering(self) -> str:
        return "Markdown"

    def write(self, nodes: tuple[Inline, ...], line_start: bool = False, outer: str = "") -> str:
        """``nodes`` (normalised: render/markdown/normalise.py) as Markdown."""
        seq = Sequence(nodes, line_start, outer)
        self.inlines(seq, nodes)
        return _join(seq.pieces)

    # -- nodes ------------------------------------------------------------

    def _text(self, seq: Sequence, node: Text) -> None:
        before = seq.pieces[-1] if seq.pieces else None
        at_start = before.kind == "break" if before else seq.line_start
        text = escape_text(node.text, at_start)
        if before is not None and before.kind == "other" and before.text.startswith("[^") and text[:1] in (":", "("):
            text = "\\" + text
        seq.pieces.append(Piece(text, "text"))

    def _emph(self, seq: Sequence, node: Emph | Strong) -> None:
        left = seq.pieces[-1].delim if seq.pieces else ""
        kids = node.children
        nested = bool(kids) and (isinstance(kids[0], (Emph, Strong)) or isinstance(kids[-1], (Emph, Strong)))
        prefer = ("_", "*") if nested else ("*", "_")
        char = next((c for c in prefer if c not in (left, seq.outer)), prefer[0])
        inner = self.write(kids, outer=char)
        mark = char * (2 if isinstance(node, Strong) else 1)
        seq.pieces.append(Piece(mark + inner + mark, "emph", char, inner[:1], inner[-1:]))

    def _span(self, seq: Sequence, node: SmallCaps | Foreign, attrs: str) -> None:
        if not self.spans:
            seq.pieces.append(Piece(self.write(node.children, outer=seq.outer), "other"))
            return
        seq.pieces.append(Piece(f"[{self.write(node.children, outer=seq.outer)}]{{{attrs}}}", "other"))

    def _smallcaps(self, seq: Sequence, node: SmallCaps) -> None:
        self._span(seq, node, ".smallcaps")

    def _foreign(self, seq: Sequence, node: Foreign) -> None:
        self._span(seq, node, f"lang={node.lang}")

    def _code(self, seq: Sequence, node: Code) -> None:
        text = code_span(node.text)
        seq.pieces.append(Piece(text.replace("|", "\\|") if self.table else text, "other"))

    def _link(self, seq: Sequence, node: Link) -> None:
        url = link_destination(node.url)
        if self.table:
            url = url.replace("|", "\\|")
        seq.pieces.append(Piece(f"[{self.write(node.children, outer=seq.outer)}]({url})", "other"))

    def _break(self, seq: Sequence, node: LineBreak) -> None:
        seq.pieces.append(Piece("\\\n", "break"))

    def _noteref(self, seq: Sequence, node: NoteRef) -> None:
        seq.pieces.append(Piece(f"[^{node.label}]", "other"))


def _join(pieces: list[Piece]) -> str:
    """The pieces as one text, the characters around each emphasis made to let it open and close."""
    for k, piece in enumerate(pieces):
        if piece.kind != "emph" or not piece.first:
            continue
        before = pieces[k - 1] if k else None
        if (before is not None and before.kind == "text" and is_word(before.text[-1])
                and (piece.delim == "_" or is_punct(piece.first))):
            before.text = before.text[:-1] + reference(before.text[-1])
        after = pieces[k + 1] if k + 1 < len(pieces) else None
        if (after is not None and after.kind == "text" and is_word(after.text[0])
                and (piece.delim == "_" or is_punct(piece.last))):
            after.text = reference(after.text[0]) + after.text[1:]
    for k in range(1, len(pieces)):
        before = pieces[k - 1]
        if pieces[k].text.startswith("[") and before.kind == "text" and before.text.endswith("!"):
            before.text = before.text[:-1] + "\\!"
    return "".join(p.text for p in pieces)
