"""GFM pipe tables → :class:`~horizons_pub.model.tables.Table`, with their caption and source paragraphs.

markdown-it's ``table`` rule reads the rows; what it does in silence is reported here:
a row longer than the header (markdown-it drops the extra cells), a row shorter than
it (markdown-it adds empty cells), a line without ``|`` that continues the table (the
paragraph after it without a blank line between), a table without rows.  The paragraph
right after the table that starts with « Tableau : » (``Table :``, ``Table:``) is its
caption, with the label removed; a paragraph right after the table or its caption that
starts with « Source : » (``Sources :``) is its source line, kept as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from ..model.nodes import Inline, LineBreak, Pos, Text
from ..model.tables import ALIGNS, Cell, Row, Table
from ..support.diagnostics import Reporter
from .inlines import InlineReader

_SPACE = r"[ \t\u00a0\u202f]*"
CAPTION = re.compile(rf"^(?:Tableau|Table){_SPACE}:{_SPACE}")
SOURCE = re.compile(rf"^Sources?{_SPACE}:")
_ALIGN = re.compile(r"text-align:\s*(\w+)")
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+")

#: The containers a table may stand in: none (the article's body) or an encadré.  A table in a list,
#: a quotation or a question is refused; in a note, the notes transform refuses it (``note.block``).
PLACE_NAMES = {"bullet_list_open": "a list", "ordered_list_open": "a list", "blockquote_open": "a quotation"}


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")


def looks_like_rows(text: str) -> bool:
    """A paragraph of two or more lines that all start and end with ``|``: a table that markdown-it
    did not read (no delimiter row ``|---|---|`` under its header), which would print as typed."""
    lines = text.splitlines()
    return len(lines) >= 2 and all(_PIPE_ROW.match(line) for line in lines)


def table_parents(tokens: list[Token]) -> dict[int, tuple[Token, ...]]:
    """For each ``table_open`` of ``tokens`` (by index), the open tokens it stands in, outermost first."""
    stack: list[Token] = []
    out: dict[int, tuple[Token, ...]] = {}
    for index, tok in enumerate(tokens):
        if tok.type == "table_open":
            out[index] = tuple(stack)
        if tok.nesting == 1:
            stack.append(tok)
        elif tok.nesting == -1 and stack:
            stack.pop()
    return out


class TableReader:
    """Reads the tokens of one table (from ``table_open``), then its caption and source paragraphs."""

    def __init__(self, reporter: Reporter, inline: InlineReader, lines: list[str], pos_of: Callable[[Token], Pos]):
        self.reporter = reporter
        self.inline = inline
        self.lines = lines  # the source lines markdown-it parsed (its ``map`` indexes them)
        self.pos_of = pos_of

    def read(self, tokens: list[Token], i: int, pos: Pos) -> tuple[Table | None, int]:
        head: list[Row] = []
        body: list[Row] = []
        aligns: list[str | None] = []
        cells: list[Cell] = []
        row_pos = pos
        section = head
        i += 1
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "tbody_open":
                section = body
            elif tok.type == "tr_open":
                row_pos, cells = self.pos_of(tok), []
            elif tok.type == "th_open":
                match = _ALIGN.search(str(tok.attrs.get("style", "")))
                aligns.append(match.group(1) if match and match.group(1) in ALIGNS else None)
            elif tok.type == "inline":
                cells.append(Cell(self.inline.read(tok.children or [], row_pos, tok.content), row_pos))
            elif tok.type == "tr_close":
                section.append(Row(tuple(cells), row_pos))
                if section is body:
                    self._check_row(tokens, i, row_pos, len(aligns))
            i += 1
        i += 1
        caption, source, i = self._caption_and_source(tokens, i)
        if not body:
            self.reporter.error("table.empty", "a table with a header row and no row under it: add its rows, "
                                "or write the header as a sentence", pos)
            return None, i
        if all(not cell.children for row in head for cell in row.cells):
            head = []  # a blank header row: the table has no header, not empty header cells
        return Table(tuple(head), tuple(body), tuple(aligns), caption, source, pos), i

    def _check_row(self, tokens: list[Token], close: int, pos: Pos, columns: int) -> None:
        """markdown-it pads a short row with empty cells and drops what a long row has past the header's
        columns: say so, from the row's source line."""
        opening = next(t for t in reversed(tokens[:close]) if t.type == "tr_open")
        if not opening.map or opening.map[0] >= len(self.lines):
            return
        text = _QUOTE_MARKS.sub("", self.lines[opening.map[0]]).strip()  # a table in a quotation: '> | a |'
        if "|" not in text:
            self.reporter.error("table.row", f"the line '{text[:40]}' continues the table above it (a table ends "
                                "at a blank line): put a blank line between the table and this paragraph", pos)
            return
        count = _cell_count(text)
        if count > columns:
            self.reporter.error("table.row-long", f"this row has {count} cells but the table's header has "
                                f"{columns}: the cells past the last column would be lost; add a column to the "
                                "header, or join the cells", pos)
        elif count < columns:
            cells = f"{count} cell" + ("s" if count > 1 else "")
            self.reporter.warning("table.row-short", f"this row has {cells} but the table's header has "
                                  f"{columns}: the missing cells are left empty; write them as '| |' to say so",
                                  pos)

    def _caption_and_source(self, tokens: list[Token], i: int) -> tuple[tuple[Inline, ...], tuple[Inline, ...], int]:
        caption: tuple[Inline, ...] = ()
        source: tuple[Inline, ...] = ()
        para = self._paragraph(tokens, i, CAPTION)
        if para is not None:
            caption, i = para
            caption, source = _split_source(_strip_label(caption, CAPTION))
        if not source:
            para = self._paragraph(tokens, i, SOURCE)
            if para is not None:
                source, i = para
                if not caption:  # written the other way round: the source, then the caption
                    para = self._paragraph(tokens, i, CAPTION)
                    if para is not None:
                        caption, i = _strip_label(para[0], CAPTION), para[1]
        return caption, source, i

    def _paragraph(self, tokens: list[Token], i: int, label: re.Pattern) -> tuple[tuple[Inline, ...], int] | None:
        """The inlines of the paragraph at ``i`` when it starts with ``label``, and the index after it."""
        if i + 2 >= len(tokens) or tokens[i].type != "paragraph_open" or tokens[i + 1].type != "inline":
            return None
        inline = tokens[i + 1]
        if not label.match(inline.content):
            return None
        return self.inline.read(inline.children or [], self.pos_of(tokens[i]), inline.content), i + 3


def _cell_count(line: str) -> int:
    """The cells of a row's source line, as markdown-it splits it before it pads or cuts the row."""
    columns = escapedSplit(line)
    if columns and columns[0].strip() == "":
        columns.pop(0)
    if columns and columns[-1].strip() == "":
        columns.pop()
    return len(columns)


def _strip_label(inlines: tuple[Inline, ...], label: re.Pattern) -> tuple[Inline, ...]:
    """``inlines`` without the « Tableau : » its first text starts with."""
    if not inlines or not isinstance(inlines[0], Text):
        return inlines
    first = inlines[0]
    rest = label.sub("", first.text, count=1)
    return ((replace(first, text=rest),) if rest else ()) + inlines[1:]


def _split_source(caption: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """A caption paragraph whose next line starts with « Source : »: the caption, and that source line."""
    for k, node in enumerate(caption[:-1]):
        after = caption[k + 1]
        is_break = isinstance(node, LineBreak) or (isinstance(node, Text) and node.text == " ")
        if is_break and isinstance(after, Text) and SOURCE.match(after.text) and after.pos.line > node.pos.line:
            return caption[:k], caption[k + 1:]
    return caption, ()


__all__ = ["CAPTION", "PLACE_NAMES", "SOURCE", "TableReader", "table_parents"]
