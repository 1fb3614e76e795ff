"""Tables: a closed node of the model (``Table`` → ``Row`` → ``Cell``), read from GFM pipe tables.

Part of the closed model of :mod:`horizons_pub.model.nodes`, which re-exports these names.
A table has one header row (``head``) and its body rows, every row as many cells as the
header (the reader checks it), one alignment per column, a caption (the « Tableau : »
paragraph after it, label removed) and a source line (the « Source : » paragraph, as
typed: its label is printed).  Cells hold inlines only; notes may be called in them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .inlines import Inline, Pos

#: The alignments a column may have (``|:--|:-:|--:|``); None: the column's default.
ALIGNS = ("left", "center", "right")


@dataclass(frozen=True, slots=True)
class Cell:
    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Table:
    head: tuple[Row, ...]  # the header row(s): GFM gives one
    body: tuple[Row, ...]  # at least one row (an empty table is an error of the reader)
    aligns: tuple[str | None, ...]  # per column: "left", "center", "right" or None
    caption: tuple[Inline, ...]  # may be empty
    source: tuple[Inline, ...]  # « Source : Insee, 2023. », as typed; may be empty
    pos: Pos

    @property
    def columns(self) -> int:
        return len(self.aligns)

    @property
    def row_headers(self) -> bool:
        """The first column holds the rows' headers when the top-left header cell is empty
        (``|  | 2022 | 2023 |``); otherwise no column is a header column."""
        return bool(self.head) and bool(self.head[0].cells) and not self.head[0].cells[0].children

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.head + self.body


def cell_sequences(table: Table):
    """Every inline sequence of a table, in reading order: caption, cells (head, then body), source."""
    yield table.caption
    for row in table.rows:
        for cell in row.cells:
            yield cell.children
    yield table.source


__all__ = ["ALIGNS", "Cell", "Row", "Table", "cell_sequences"]
