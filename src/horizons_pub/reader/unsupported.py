"""What markdown-it reads in silence that the format does not have: attributes where none is allowed,
and Pandoc's inline notes.

The attributes plugin (``{.class}``, ``{#id}``, ``{key=value}``) is there for spans
(``[ONU]{.smallcaps}``) and images (``{credit="…"}``).  markdown-it also attaches them to a
code span or a link, where the reader would drop them, and leaves them as text after an
emphasis or a word (``*mot*{.rouge}``), where they would print as typed: both are errors.
An inline note, ``^[texte]`` (Pandoc's), would print as typed too.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from ..model.nodes import Pos
from ..support.diagnostics import Reporter
from .inlines import short

#: What each inline token may carry as attributes (markdown-it's own, not the author's).
ALLOWED = {"link_open": {"href", "title"}, "code_inline": set()}
ATTRIBUTE_TEXT = re.compile(r"\{\s*(?:[.#][\w-]|[\w-]+\s*=)[^{}\n]*\}")
HINT = "attributes in braces follow a span ([mot]{.smallcaps}) or an image only: remove the braces"
INLINE_NOTE = re.compile(r"\^\[")


def check_inline_attributes(children: list[Token], pos: Pos, reporter: Reporter) -> None:
    """Report an attribute on a code span or a link, and one left as text, at its line."""
    line = pos.line
    for tok in children:
        here = Pos(pos.file, line)
        allowed = ALLOWED.get(tok.type)
        if allowed is not None:
            extra = sorted(set(tok.attrs) - allowed)
            if extra:
                what = "a code span" if tok.type == "code_inline" else "a link"
                reporter.error("markup.attribute", f"attribute {', '.join(extra)} on {what}: {HINT}", here)
        elif tok.type == "text":
            match = ATTRIBUTE_TEXT.search(tok.content)
            if match:
                reporter.error("markup.attribute", f"'{short(match.group())}' would print as typed: {HINT}", here)
            if INLINE_NOTE.search(tok.content):
                reporter.error("markup.inline-note", "an inline note '^[…]' would print as typed: write a call "
                               "[^1] here and the note's text in a paragraph of its own starting with '[^1]: '",
                               here)
        if tok.type in ("softbreak", "hardbreak"):
            line += 1


__all__ = ["check_inline_attributes"]
