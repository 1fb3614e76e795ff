"""A :class:`~horizons_pub.model.tables.Table` → a semantic ``<table>``, for both targets.

The markup (``HtmlWriter`` dispatches ``Table`` here; the cells' inlines go back through it):

- a ``div.table-block`` holds the table (an article body's direct child: the print
  layout keeps it whole and spans it across the columns; the EPUB's page breaks count it
  as one block); it has the id ``<prefix>table-<line>``, which the print layout's check
  (render/pdf/table_widths.py) reads back;
- ``<caption>``: the caption (``span.caption``); in the EPUB the source line follows it
  in the caption (``span.table-source``), so that it belongs to the table for assistive
  technologies; in print the source is printed *under* the table, as the magazine does: a
  ``p.table-source`` after the table, in the block;
- ``<thead>``: the header row, ``<th scope="col">``; a table without a header (its header
  row left blank in the source) has no ``<thead>``;
- the first column is a header column (``<th scope="row">``) only when the top-left header
  cell is empty (``|  | 2022 | 2023 |``: the model's ``Table.row_headers``); never otherwise;
- a column's alignment is a class (``align-left``, ``align-center``, ``align-right``), never
  an inline style.

**Wide tables.**  A table in an article's body (not in an encadré) is *wide* when it has
more than :data:`MAX_COLUMNS` columns or when its rows are longer than :data:`MAX_ROW_CHARS`
characters (the sum over the columns of each column's longest cell, in plain text): what
fits on one line of a column (68.5 mm) in the tables' type (Inter 7.4 pt, about 1.4 mm a
character, with 3 mm of padding a cell).  A wide table gets the class ``wide``: print lays it
across both columns (``column-span: all``).

**Long tables.**  A table of more than :data:`MAX_WHOLE_ROWS` body rows gets the class
``long``: print lets it break between rows (its header row repeated), where a shorter one is
kept whole with its caption; kept whole, a table longer than a page would push everything
before it in the columns to the next page.
"""

from __future__ import annotations

from typing import Protocol

from lxml import etree

from ...model.nodes import Cell, Inline, Table, plain_text


class HtmlWriter(Protocol):
    """What this module uses of :class:`.writer.HtmlWriter` (which imports this module)."""

    target: str
    id_prefix: str

    def inlines(self, parent: etree._Element, inlines: tuple[Inline, ...]) -> etree._Element: ...

MAX_COLUMNS = 3
MAX_ROW_CHARS = 44
MAX_WHOLE_ROWS = 30  # a row is about 5.3 mm in print: 30 rows and the caption fit in a column (219 mm)


def row_chars(table: Table) -> int:
    """The sum over the columns of the longest cell, in characters of plain text."""
    widths = [0] * table.columns
    for row in table.rows:
        for k, cell in enumerate(row.cells[:table.columns]):
            widths[k] = max(widths[k], len(plain_text(cell.children)))
    return sum(widths)


def is_wide(table: Table) -> bool:
    return table.columns > MAX_COLUMNS or row_chars(table) > MAX_ROW_CHARS


def table_id(prefix: str, table: Table) -> str:
    return f"{prefix}table-{table.pos.line}"


def _el(parent: etree._Element, tag: str, cls: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if cls:
        el.set("class", cls)
    for key, value in attrs.items():
        el.set(key, value)
    return el


def write_table(writer: HtmlWriter, parent: etree._Element, node: Table) -> None:
    in_box = any(el.tag == "aside" for el in parent.iterancestors()) or parent.tag == "aside"
    wide = is_wide(node) and not in_box
    classes = ["table-block"] + ["wide"] * wide + ["long"] * (len(node.body) > MAX_WHOLE_ROWS)
    block = _el(parent, "div", " ".join(classes), id=table_id(writer.id_prefix, node))
    block.set("data-columns", str(node.columns))
    table = _el(block, "table")
    if node.caption or (node.source and writer.target == "epub"):
        caption = _el(table, "caption")
        if node.caption:
            writer.inlines(_el(caption, "span", "caption"), node.caption)
        if node.source and writer.target == "epub":
            writer.inlines(_el(caption, "span", "table-source"), node.source)
    if node.head:
        thead = _el(table, "thead")
        for row in node.head:
            tr = _el(thead, "tr")
            for k, cell in enumerate(row.cells):
                if k == 0 and node.row_headers:
                    _cell(writer, tr, "td", cell, node.aligns[k])  # the empty corner heads nothing
                else:
                    _cell(writer, tr, "th", cell, node.aligns[k], scope="col")
    tbody = _el(table, "tbody")
    for row in node.body:
        tr = _el(tbody, "tr")
        for k, cell in enumerate(row.cells):
            if k == 0 and node.row_headers:
                _cell(writer, tr, "th", cell, node.aligns[k], scope="row")
            else:
                _cell(writer, tr, "td", cell, node.aligns[k])
    if node.source and writer.target != "epub":
        writer.inlines(_el(block, "p", "table-source"), node.source)


def _cell(writer: HtmlWriter, tr: etree._Element, tag: str, cell: Cell, align: str | None, **attrs: str) -> None:
    el = _el(tr, tag, f"align-{align}" if align else None, **attrs)
    writer.inlines(el, cell.children)


__all__ = ["MAX_COLUMNS", "MAX_ROW_CHARS", "MAX_WHOLE_ROWS", "is_wide", "row_chars", "table_id", "write_table"]
