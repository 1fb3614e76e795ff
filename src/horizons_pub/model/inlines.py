"""The inline nodes of the model, and where a node comes from (:class:`Pos`).

Part of the closed model of :mod:`horizons_pub.model.nodes`, which re-exports
every name here: readers and renderers import from ``nodes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a node comes from: a file (as the user named it) and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Emph:
    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class SmallCaps:
    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Code:
    """Literal text: typography never touches it."""

    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Link:
    children: tuple[Inline, ...]
    url: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class LineBreak:
    pos: Pos


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote call as read (``[^label]``), before the notes transform.

    The notes transform replaces every ``NoteRef`` with a :class:`Note`;
    renderers refuse a model that still holds one.
    """

    label: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote, inline at its call site (as in pandoc); each writer places it."""

    label: str
    number: int
    blocks: tuple[Block, ...]  # noqa: F821  (model.nodes.Block: the blocks hold inlines, a note holds blocks)
    pos: Pos


Inline = Union[Text, Emph, Strong, SmallCaps, Code, Link, LineBreak, NoteRef, Note]
INLINE_TYPES: tuple[type, ...] = (Text, Emph, Strong, SmallCaps, Code, Link, LineBreak, NoteRef, Note)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline nodes without markup or notes (for metadata and outlines)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong, SmallCaps, Link)):
            out.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Note, NoteRef)):
            continue
        else:  # pragma: no cover - the model is closed
            raise TypeError(f"unknown inline node {type(node).__name__}")
    return "".join(out)
