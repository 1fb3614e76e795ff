"""Markdown → model: markdown-it-py's tokens become the closed set of model nodes.

Like MyST's renderer, there is one method per token type; a token this reader
does not know is a diagnostic at its line, never dropped in silence.  Raw HTML
is refused.  Fenced divs (``::: encadre``) carry the magazine's own blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..support.diagnostics import Reporter
from ..model.nodes import (
    Block,
    BlockQuote,
    BulletList,
    Figure,
    Heading,
    Inline,
    ListItem,
    NoteDef,
    NoteRef,
    OrderedList,
    Paragraph,
    Placement,
    Pos,
    PullQuote,
    Question,
    Sidebar,
    ThematicBreak,
)
from ..model.walk import iter_inlines
from .figures import KNOWN_PLACES, read_place
from .images import ImageChecker
from .inlines import HTML_HINT, InlineReader, short
from .tables import PLACE_NAMES, TableReader, looks_like_rows, table_parents
from .textchecks import nfc
from .unsupported import check_inline_attributes

#: The fenced-div classes of the source format, with their French and English names.
DIV_CLASSES = {
    "encadre": "sidebar", "encadré": "sidebar", "sidebar": "sidebar",
    "exergue": "pullquote", "pullquote": "pullquote",
    "question": "question",
}
_DIV_INFO = re.compile(r"^\s*(?:\{\s*\.([\w-]+)\s*\}|\.?([\w\u00C0-\u017F-]+))\s*$")


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    md.use(attrs_plugin, spans=True)
    # One catch-all fenced div; its class is checked by the reader, so that an
    # unknown class is reported instead of being printed as text.
    md.use(container_plugin, name="div", validate=lambda params, *args: True)
    # GFM tables are read (reader/tables.py); ~~strikethrough~~ is parsed so that it is reported, not
    # printed with its tildes.
    md.enable(["table", "strikethrough"])
    # markdown-it silently turns a link to a "javascript:", "vbscript:", "file:" or
    # "data:" address into plain text; accept every address here so that the
    # reader sees the link and reports it (only http, https and mailto pass).
    md.validateLink = lambda url: True
    return md


_PARSER = make_parser()
MAX_DEPTH = 6  # levels of nested quotations and lists
MAX_PARAGRAPH = 20_000  # characters; the longest paragraph of a revue is a few thousand
_NESTING_OPEN = {"blockquote_open", "bullet_list_open", "ordered_list_open"}
_NESTING_CLOSE = {"blockquote_close", "bullet_list_close", "ordered_list_close"}


@dataclass
class _Ctx:
    file: str
    line_offset: int
    reporter: Reporter
    images: ImageChecker | None

    def pos(self, token: Token | None, fallback: int = 1) -> Pos:
        if token is not None and token.map:
            return Pos(self.file, token.map[0] + 1 + self.line_offset)
        return Pos(self.file, fallback + self.line_offset)


class MarkdownReader:
    """Reads one article body (or one inline snippet) into model nodes."""

    def __init__(self, file: str, reporter: Reporter, line_offset: int = 0, images: ImageChecker | None = None):
        self.ctx = _Ctx(file, line_offset, reporter, images)
        self.inline = InlineReader(reporter)
        self._nested_defs: list[NoteDef] = []
        self._handlers: dict[str, Callable[[list[Token], int, Pos], tuple[Block | NoteDef | None, int]]] = {
            "paragraph_open": self._paragraph,
            "heading_open": self._heading,
            "blockquote_open": self._blockquote,
            "bullet_list_open": self._list,
            "ordered_list_open": self._list,
            "hr": self._hr,
            "container_div_open": self._div,
            "footnote_reference_open": self._note_def,
            "table_open": self._table,
        }
        self._tables = TableReader(reporter, self.inline, [], self.ctx.pos)
        self._table_parents: dict[int, tuple[Token, ...]] = {}

    # -- entry points -----------------------------------------------------

    def read_blocks(self, text: str) -> tuple[tuple[Block, ...], tuple[NoteDef, ...]]:
        self._nested_defs = []
        tokens = _PARSER.parse(text, {})
        self._check_depth(tokens)
        self._tables.lines = text.split("\n")
        self._table_parents = table_parents(tokens)
        for tok in tokens:
            if tok.type == "inline":
                check_inline_attributes(tok.children or [], self.ctx.pos(tok), self.ctx.reporter)
        blocks, defs, _ = self._blocks(tokens, 0, close=None, last_pos=self.ctx.pos(None))
        # A definition written inside an encadré, a quotation or a list is still a note of the article.
        defs = sorted(defs + self._nested_defs, key=lambda d: d.pos.line)
        return tuple(blocks), tuple(defs)

    def _check_depth(self, tokens: list[Token]) -> None:
        """Quotations and lists nest a few levels deep in a magazine; fifty levels is a mistake (or an attack)."""
        depth = 0
        for tok in tokens:
            if tok.type in _NESTING_OPEN:
                depth += 1
                if depth > MAX_DEPTH:
                    self.ctx.reporter.error("markup.too-deep", f"quotations and lists are nested more than "
                                            f"{MAX_DEPTH} levels deep here: flatten them", self.ctx.pos(tok))
                    return
            elif tok.type in _NESTING_CLOSE:
                depth -= 1

    def read_inline(self, text: str, line: int, what: str) -> tuple[Inline, ...]:
        """Inline Markdown from a YAML value (a title, a standfirst, a description)."""
        tokens = _PARSER.parseInline(text, {})
        children = tokens[0].children if tokens else []
        pos = Pos(self.ctx.file, line)
        check_inline_attributes(children or [], pos, self.ctx.reporter)
        inlines = self.inline.read(children or [], pos, text)
        for node in iter_inlines(inlines):
            if isinstance(node, NoteRef):
                self.ctx.reporter.error("note.in-title", f"a note cannot stand in {what}: put the call in the text",
                                        node.pos)
        return tuple(n for n in inlines if not isinstance(n, NoteRef))

    # -- blocks -----------------------------------------------------------

    def _blocks(self, tokens: list[Token], i: int, close: str | None, last_pos: Pos):
        blocks: list[Block] = []
        defs: list[NoteDef] = []
        while i < len(tokens):
            tok = tokens[i]
            if close is not None and tok.type == close:
                return blocks, defs, i + 1
            pos = self.ctx.pos(tok, last_pos.line - self.ctx.line_offset) if tok.map else last_pos
            last_pos = pos
            handler = self._handlers.get(tok.type)
            if handler is None:
                i = self._unknown_block(tokens, i, pos)
                continue
            node, i = handler(tokens, i, pos)
            if isinstance(node, NoteDef):
                defs.append(node)
            elif node is not None:
                blocks.append(node)
        return blocks, defs, i

    def _children(self, tokens: list[Token], i: int, close: str, pos: Pos, what: str) -> tuple[tuple[Block, ...], int]:
        blocks, defs, i = self._blocks(tokens, i, close, pos)
        # markdown-it reads a definition inside a fenced div, a quotation or a list item too:
        # it belongs to the article like any other (read_blocks collects it).
        self._nested_defs.extend(defs)
        return tuple(blocks), i

    def _unknown_block(self, tokens: list[Token], i: int, pos: Pos) -> int:
        tok = tokens[i]
        rep = self.ctx.reporter
        if tok.type == "html_block":
            rep.error("markup.raw-html", f"raw HTML is not allowed: {short(tok.content)}; {HTML_HINT}", pos)
        elif tok.type == "fence":
            rep.error("markup.code-block", "code blocks are not part of the magazine's source format: remove the "
                      f"'{tok.markup}' lines around this text", pos)
        elif tok.type == "code_block":
            rep.error("markup.code-block", "code blocks are not part of the magazine's source format "
                      "(a line indented by 4 spaces or more starts one): remove the indentation", pos)
        else:
            rep.error("markup.unknown", f"unsupported Markdown construct '{tok.type}'", pos)
        # skip to the matching close token, if any
        if tok.nesting == 1:
            depth = 0
            while i < len(tokens):
                depth += tokens[i].nesting
                i += 1
                if depth == 0:
                    break
            return i
        return i + 1

    def _paragraph(self, tokens: list[Token], i: int, pos: Pos):
        inline = tokens[i + 1]
        if len(inline.content) > MAX_PARAGRAPH:
            self.ctx.reporter.error("text.paragraph-too-long", f"a paragraph of {len(inline.content):,} characters: "
                                    f"a paragraph has at most {MAX_PARAGRAPH:,} (did a blank line go missing?)", pos)
            return None, i + 3
        if looks_like_rows(inline.content):
            self.ctx.reporter.error("table.no-delimiter", "these lines look like a table, but it has no delimiter "
                                    "row: put a line such as '|---|---|' (one '---' per column) under the header "
                                    "row, or it prints as typed", pos)
            return None, i + 3
        children = inline.children or []
        images = [c for c in children if c.type == "image"]
        if images:
            if len(children) == 1:
                return self._figure(images[0], pos, inline.content), i + 3
            self.ctx.reporter.error("image.inline", "an image must stand alone in its paragraph (it becomes a "
                                    "figure): put blank lines before and after it", pos)
            children = [c for c in children if c.type != "image"]
        return Paragraph(self.inline.read(children, pos, inline.content), pos), i + 3

    def _heading(self, tokens: list[Token], i: int, pos: Pos):
        level = int(tokens[i].tag[1:])
        children = self.inline.read(tokens[i + 1].children or [], pos, tokens[i + 1].content)
        if level == 1:
            self.ctx.reporter.error("markup.heading-level",
                                    "a level-1 heading in the body: the title comes from the front matter; "
                                    "use '##' for an intertitle", pos)
        elif level > 3:
            self.ctx.reporter.error("markup.heading-level", f"a level-{level} heading: intertitles are '##' or '###'",
                                    pos)
        for node in iter_inlines(children):
            if isinstance(node, NoteRef):
                self.ctx.reporter.error("note.in-title", "a note cannot stand in a heading: put the call in the text",
                                        node.pos)
        children = tuple(n for n in children if not isinstance(n, NoteRef))
        return Heading(min(max(level, 2), 3), children, pos), i + 3

    def _blockquote(self, tokens: list[Token], i: int, pos: Pos):
        blocks, i = self._children(tokens, i + 1, "blockquote_close", pos, "a quotation")
        return BlockQuote(blocks, pos), i

    def _list(self, tokens: list[Token], i: int, pos: Pos):
        open_tok = tokens[i]
        ordered = open_tok.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        items: list[ListItem] = []
        i += 1
        while tokens[i].type != close:
            item_pos = self.ctx.pos(tokens[i], pos.line - self.ctx.line_offset)
            blocks, i = self._children(tokens, i + 1, "list_item_close", item_pos, "a list")
            items.append(ListItem(blocks, item_pos))
        if ordered:
            start = int(open_tok.attrs.get("start", 1) or 1)
            return OrderedList(tuple(items), start, pos), i + 1
        return BulletList(tuple(items), pos), i + 1

    def _hr(self, tokens: list[Token], i: int, pos: Pos):
        return ThematicBreak(pos), i + 1

    def _table(self, tokens: list[Token], i: int, pos: Pos):
        """A table stands in the body or in an encadré; a note refuses it later (``note.block``)."""
        parents = self._table_parents.get(i, ())
        table, i = self._tables.read(tokens, i, pos)
        if any(p.type == "footnote_reference_open" for p in parents):
            return table, i
        where = next((PLACE_NAMES[p.type] for p in parents if p.type in PLACE_NAMES), None)
        for p in parents:
            if where is None and p.type == "container_div_open":
                match = _DIV_INFO.match(p.info.strip())
                kind = DIV_CLASSES.get((match.group(1) or match.group(2)).lower()) if match else None
                where = None if kind == "sidebar" else "a pull quote or a question"
        if where is not None:
            self.ctx.reporter.error("table.place", f"a table cannot stand in {where}: put it in the text, "
                                    "or in an encadré", pos)
            return None, i
        return table, i

    def _note_def(self, tokens: list[Token], i: int, pos: Pos):
        label = nfc(tokens[i].meta["label"])  # compared with its calls' NFC labels
        blocks, i = self._children(tokens, i + 1, "footnote_reference_close", pos, "a note")
        return NoteDef(label, blocks, pos), i

    def _div(self, tokens: list[Token], i: int, pos: Pos):
        info = tokens[i].info.strip()
        match = _DIV_INFO.match(info)
        name = (match.group(1) or match.group(2)).lower() if match else info
        kind = DIV_CLASSES.get(name)
        blocks, i = self._children(tokens, i + 1, "container_div_close", pos, "a fenced div")
        if kind is None:
            if not info:
                self.ctx.reporter.error(
                    "markup.unknown-div", "a ':::' line without a block name opens a new block here; if it was meant "
                    "to close one, that block was already closed by an earlier ':::' (to put a block inside "
                    "another, open and close the outer one with more colons: ':::: encadre' … '::::')", pos)
                return None, i
            known = ", ".join(sorted({"encadre", "exergue", "question"}))
            self.ctx.reporter.error("markup.unknown-div", f"unknown fenced div '::: {info}' (known: {known})", pos)
            return None, i
        if kind == "sidebar":
            title: tuple[Inline, ...] = ()
            if blocks and isinstance(blocks[0], Heading):
                title, blocks = blocks[0].children, blocks[1:]
            return Sidebar(title, blocks, pos), i
        if kind == "pullquote":
            if len(blocks) != 1 or not isinstance(blocks[0], Paragraph):
                self.ctx.reporter.error("markup.pullquote", "a pull quote (::: exergue) holds exactly one paragraph",
                                        pos)
                return None, i
            return PullQuote(blocks[0].children, pos), i
        return Question(blocks, pos), i

    def _figure(self, tok: Token, pos: Pos, raw: str) -> Figure:
        alt = "".join(c.content if c.type in ("text", "code_inline") else " " if c.type in ("softbreak", "hardbreak")
                      else "" for c in (tok.children or [])).strip()
        alt = self.inline.checked(alt, raw, pos)
        # markdown-it percent-encodes the address (images/été.jpg → images/%C3%A9t%C3%A9.jpg): decode it back
        # to the file name.
        src = unquote(str(tok.attrs.get("src", "")))
        caption_text = str(tok.attrs.get("title", "") or "")
        credit_text = str(tok.attrs.get("credit", "") or "")
        for key in tok.attrs:
            if key not in ("src", "alt", "title", "credit", "place"):
                self.ctx.reporter.error("image.attribute", f"unknown image attribute '{key}' (known: credit, place)",
                                        pos)
        place = read_place(str(tok.attrs.get("place", "colonne") or ""))
        if place is None:
            self.ctx.reporter.error("image.place", f"unknown placement place={tok.attrs.get('place')!r} "
                                    f"(known: {KNOWN_PLACES})", pos)
        elif place is Placement.OPENER:  # one opener picture an article (one reader reads one article)
            first = self.__dict__.setdefault("_opener_line", pos.line)
            if first != pos.line:
                self.ctx.reporter.error("image.place", f"a second place=ouverture: the article's opener picture is "
                                        f"the one of line {first}; give this one another place", pos)
                place = None
        if not alt:
            self.ctx.reporter.error("image.alt", f"the image '{src}' has no alternative text: describe it between "
                                    "the brackets, ![like this](images/file.jpg)", pos)
        if self.ctx.images is not None:
            src = self.ctx.images.check(src, pos)
        caption = self._inline_text(caption_text, pos)
        credit = self._inline_text(credit_text, pos)
        return Figure(src, alt, caption, credit, pos, place or Placement.COLUMN)

    def _inline_text(self, text: str, pos: Pos) -> tuple[Inline, ...]:
        if not text:
            return ()
        tokens = _PARSER.parseInline(text, {})
        check_inline_attributes(tokens[0].children or [], pos, self.ctx.reporter)
        return self.inline.read(tokens[0].children or [], pos, text)
