"""Where each block pandoc read stands in the Word file: its paragraph number.

pandoc's AST carries no positions. The OOXML scan (``ooxml.py``) numbers every paragraph of the
document and gives its text; the converter meets pandoc's blocks in the same order, so each block
is matched with the first paragraph at or after the last match whose text is the same (compared
without spaces or case: pandoc and Word count spaces, tabs and breaks differently). A block whose
text matches no paragraph close after (a caption pandoc moved, an empty one) takes the last match's
number: a diagnostic is then one paragraph early, never in another part of the file.
"""

from __future__ import annotations

import re

from ...model.nodes import Pos

LOOKAHEAD = 60  # paragraphs: how far after the last match a block's text is looked for
CONTEXT = 30  # characters of text each side of a place, in a diagnostic

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200b\u2060\u00ad]+")


def comparable(text: str) -> str:
    return _SPACES.sub("", text).casefold()


class Positions:
    """Matches blocks to paragraphs, in reading order."""

    def __init__(self, shown: str, paragraphs: list[tuple[int, str]]):
        self.shown = shown
        self.numbers = [number for number, _ in paragraphs]
        self.texts = [comparable(text) for _, text in paragraphs]
        self.raw = {number: text for number, text in paragraphs}
        self.cursor = 0  # index of the last match

    @property
    def current(self) -> int:
        return self.numbers[self.cursor] if self.numbers else 1

    def pos(self) -> Pos:
        return Pos(self.shown, self.current)

    def match(self, text: str) -> Pos:
        """The position of a block of this text (see the module's docstring)."""
        wanted = comparable(text)
        if wanted:
            end = min(len(self.texts), self.cursor + LOOKAHEAD)
            for index in range(self.cursor, end):
                if self.texts[index] == wanted:
                    self.cursor = index
                    return self.pos()
            for index in range(self.cursor, end):  # a paragraph pandoc split (a line break, a note)
                if self.texts[index].startswith(wanted[:40]):
                    self.cursor = index
                    return self.pos()
        return self.pos()

    def advance_to(self, number: int) -> None:
        """Follow a paragraph number known otherwise (an image's)."""
        if number in self.numbers:
            self.cursor = max(self.cursor, self.numbers.index(number))

    def where(self, pos: Pos) -> str:
        """« paragraph 12, « …its text… » », for a message (the paragraph alone when it has no text)."""
        text = self.raw.get(pos.line, "")
        return f"paragraph {pos.line}, {context_around(text)}" if text.strip() else f"paragraph {pos.line}"


def context_around(text: str, needle: str = "") -> str:
    text = " ".join(text.split())
    at = text.find(needle) if needle else -1
    if at < 0:
        snippet = text[: 2 * CONTEXT]
        return f"« {snippet}{'…' if len(text) > len(snippet) else ''} »" if snippet else "« »"
    start, end = max(0, at - CONTEXT), min(len(text), at + len(needle) + CONTEXT)
    return f"« {'…' if start else ''}{text[start:end]}{'…' if end < len(text) else ''} »"
