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
class Foreign:
    """Words in another language (``[the commons]{lang=en}``): ``lang`` is a BCP 47 tag.

    Written with ``lang`` (and ``xml:lang`` in XHTML), never hyphenated, and left alone by the
    French details (:mod:`horizons_pub.transforms.details`) unless the tag is French.
    """

    children: tuple[Inline, ...]
    lang: str
    pos: Pos

    @property
    def french(self) -> bool:
        """The tag is French (``fr``, ``fr-CA``…): the French rules apply inside."""
        return self.lang.lower().split("-")[0] == "fr"


@dataclass(frozen=True, slots=True)
class Superscript:
    """Raised text made by the French details: ``1er``, ``Mme``, ``n°``, ``m2``."""

    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Subscript:
    """Lowered text made by the French details: the 2 of ``CO2``."""

    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Capitals:
    """Letters typed in capitals and set in small capitals (all-small-caps), never hyphenated.

    Made by the French details for acronyms (``INRAE``) and the roman numerals of centuries
    (``XXIe``); the text keeps its capitals (for search, copy and speech).
    """

    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class NoHyphens:
    """Words never hyphenated (a word that starts with a capital: a proper name), made by the details."""

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


Inline = Union[Text, Emph, Strong, SmallCaps, Foreign, Superscript, Subscript, Capitals, NoHyphens, Code, Link,
               LineBreak, NoteRef, Note]
INLINE_TYPES: tuple[type, ...] = (Text, Emph, Strong, SmallCaps, Foreign, Superscript, Subscript, Capitals, NoHyphens,
                                  Code, Link, LineBreak, NoteRef, Note)
#: The inline nodes that hold inlines (``children``): every traversal enters these, and only these.
INLINE_CONTAINERS: tuple[type, ...] = (Emph, Strong, SmallCaps, Foreign, Superscript, Subscript, Capitals, NoHyphens,
                                       Link)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of inline nodes without markup or notes (for metadata and outlines)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, INLINE_CONTAINERS):
            out.append(plain_text(node.children))
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, (Note, NoteRef)):
            continue
        else:  # pragma: no cover - the model is closed
            raise TypeError(f"unknown inline node {type(node).__name__}")
    return "".join(out)
