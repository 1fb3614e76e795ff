"""pandoc's inlines → the model's inlines, as the Markdown reader would give them.

Every pandoc inline has its case here, and one this module does not know is said (``import.unknown``)
rather than dropped in silence. What the source format has no syntax for is imported as its text with
a warning that says so (underline, strike-through, a link inside the document). A superscript or a
subscript becomes its plain text: the French details make ``1er``, ``Mme``, ``XIXe``, ``m2``, ``CO2``
again from it, and the import checks afterwards that each one did (commands/importer/, ``import.superscript``).
A note's blocks go to ``on_note``, which gives the label of its call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from markdown_it.common.normalize_url import normalizeLink

from ...model.nodes import Code, Emph, Inline, LineBreak, Link, NoteRef, Pos, SmallCaps, Strong, Text
from ...support.diagnostics import Reporter
from .positions import context_around
from .stylemap import StyleMap

LINK_SCHEMES = ("http://", "https://", "mailto:")
_SPACES = re.compile(" {2,}")


@dataclass(frozen=True, slots=True)
class Raised:
    """A superscript or subscript of the Word file, imported as plain text."""

    kind: str  # "superscript" or "subscript"
    text: str
    before: str  # the text just before it in its paragraph (for the message)
    pos: Pos


def plain(inlines: list) -> str:
    """The text of pandoc inlines (for positions and messages)."""
    out: list[str] = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Code", "Math", "RawInline"):
            out.append(content[-1])
        elif kind in ("Emph", "Strong", "SmallCaps", "Superscript", "Subscript", "Underline", "Strikeout"):
            out.append(plain(content))
        elif kind in ("Span", "Quoted", "Cite"):
            out.append(plain(content[1]))
        elif kind in ("Link", "Image"):
            out.append(plain(content[1]))
    return "".join(out)


class InlineConverter:
    def __init__(self, style_map: StyleMap, reporter: Reporter,
                 on_note: Callable[[list, Pos], str | None], on_image: Callable[[list, Pos], None]):
        self.style_map = style_map
        self.reporter = reporter
        self.on_note = on_note
        self.on_image = on_image  # an image met inside a line of text
        self.raised: list[Raised] = []
        self.unknown_styles: dict[str, Pos] = {}
        self._said: set[tuple[str, int]] = set()

    def convert(self, inlines: list, pos: Pos) -> tuple[Inline, ...]:
        out: list[Inline] = []
        self._into(inlines, pos, out, [])
        return _merged(out, pos)

    def _first(self, what: str, pos: Pos) -> bool:
        """Whether this is the first time ``what`` is said of this paragraph (said once per paragraph)."""
        seen = (what, pos.line) in self._said
        self._said.add((what, pos.line))
        return not seen

    def _into(self, inlines: list, pos: Pos, out: list[Inline], before: list[str]) -> None:
        for node in inlines:
            kind, c = node["t"], node.get("c")
            if kind == "Str":
                out.append(Text(c, pos))
                before.append(c)
            elif kind in ("Space", "SoftBreak"):
                out.append(Text(" ", pos))
                before.append(" ")
            elif kind == "LineBreak":
                out.append(LineBreak(pos))
            elif kind in ("Emph", "Strong", "SmallCaps"):
                inner = self._inner(c, pos, before)
                if inner:
                    out.append({"Emph": Emph, "Strong": Strong, "SmallCaps": SmallCaps}[kind](inner, pos))
            elif kind in ("Superscript", "Subscript"):
                text = plain(c)
                self.raised.append(Raised(kind.lower(), text, "".join(before)[-20:], pos))
                self._into(c, pos, out, before)
            elif kind in ("Underline", "Strikeout"):
                what = "underlined" if kind == "Underline" else "struck-through"
                if self._first(what, pos):
                    self.reporter.warning("import.format", f"{_at(pos, plain(c))}: {what} text, imported as ordinary "
                                          "text (the magazine prints neither underline nor strike-through: delete "
                                          "the text if it was meant deleted)", pos)
                self._into(c, pos, out, before)
            elif kind == "Span":
                self._span(c, pos, out, before)
            elif kind == "Quoted":
                opening, closing = ("« ", " »") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
                out.append(Text(opening, pos))
                self._into(c[1], pos, out, before)
                out.append(Text(closing, pos))
            elif kind == "Cite":
                self._into(c[1], pos, out, before)
            elif kind == "Code":
                out.append(Code(c[1], pos))
            elif kind == "Math":
                out.append(Text(c[1], pos))  # its TeX; the scan said where the equation is (import.object)
            elif kind == "RawInline":
                continue
            elif kind == "Link":
                self._link(c, pos, out, before)
            elif kind == "Image":
                self.on_image(c, pos)
            elif kind == "Note":
                label = self.on_note(c, pos)
                if label is not None:
                    out.append(NoteRef(label, pos))
            else:
                self.reporter.error("import.unknown", f"{_at(pos, '')}: pandoc gave an inline '{kind}' that the "
                                    "import does not know; its text is left out", pos)

    def _inner(self, inlines: list, pos: Pos, before: list[str]) -> tuple[Inline, ...]:
        inner: list[Inline] = []
        self._into(inlines, pos, inner, before)
        return _merged(inner, pos)

    def _span(self, c: list, pos: Pos, out: list[Inline], before: list[str]) -> None:
        attrs = dict(c[0][2])
        style = attrs.get("custom-style")
        role = self.style_map.character_role(style) if style else "plain"
        if role is None:
            self.unknown_styles.setdefault(style, pos)
            role = "plain"
        if role == "plain":
            self._into(c[1], pos, out, before)
            return
        inner = self._inner(c[1], pos, before)
        if inner:
            out.append({"smallcaps": SmallCaps, "emphasis": Emph, "strong": Strong}[role](inner, pos))

    def _link(self, c: list, pos: Pos, out: list[Inline], before: list[str]) -> None:
        url = c[2][0]
        inner = self._inner(c[1], pos, before)
        if url.lower().startswith(LINK_SCHEMES):
            if inner:  # the address as the Markdown reader gives it back (percent-encoded: é → %C3%A9)
                out.append(Link(inner, normalizeLink(url), pos))
            return
        where = "a place inside the document" if url.startswith("#") else repr(url)
        if self._first("link", pos):
            self.reporter.warning("import.link", f"{_at(pos, plain(c[1]))}: a link to {where} is imported as its "
                                  "text (links go to web addresses only: http, https, mailto)", pos)
        out.extend(inner)


def _at(pos: Pos, text: str) -> str:
    return f"paragraph {pos.line}" + (f", {context_around(text)}" if text.strip() else "")


def _merged(inlines: list[Inline], pos: Pos) -> tuple[Inline, ...]:
    """Adjacent texts joined, runs of spaces made one (pandoc's Space and Word's double spaces)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text, out[-1].pos)
        else:
            out.append(node)
    return tuple(Text(_one_space(n.text), n.pos) if isinstance(n, Text) else n for n in out)


def _one_space(text: str) -> str:
    return _SPACES.sub(" ", text)
