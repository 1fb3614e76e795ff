"""A model table → a GFM pipe table, then its caption and source paragraphs (docs/source-format.md,
« Tables »; reader/tables.py reads them back).

- the header row is the model's head; a table without a head gets a header row of empty cells (the reader
  reads a blank header row as no header); an empty top-left cell is the reader's header column, so the
  head is written as it is;
- the alignment row: ``:--`` left, ``:-:`` centred, ``--:`` right, ``---`` the default;
- a cell is one line: its forced breaks are spaces, a ``|`` in it is ``\\|`` (in its code spans and
  addresses too);
- the caption is a paragraph « Tableau : … » right after the table, the source line (as typed: its
  « Source : » is part of it) the paragraph after that.
"""

from __future__ import annotations

from typing import Callable

from ...model.nodes import Inline
from ...model.tables import Row, Table
from .inlines import InlineWriter
from .normalise import line

_ALIGN_ROW = {"left": ":--", "center": ":-:", "right": "--:", None: "---"}
#: what reader/tables.py trims after « Tableau : »
_CAPTION_SPACES = " \t\u00a0\u202f"


def _row(cells_writer: InlineWriter, row: Row | None, columns: int) -> str:
    cells = [cells_writer.write(line(cell.children, flat=True)) for cell in row.cells] if row else []
    cells += [""] * (columns - len(cells))
    return "| " + " | ".join(cells) + " |"


def write_table(out: list[str], node: Table, cells: InlineWriter, inline: InlineWriter,
                text_lines: Callable[[tuple[Inline, ...]], list[str]]) -> None:
    """Add the table's lines to ``out``: ``cells`` writes its cells, ``inline`` its caption, ``text_lines``
    its source paragraph."""
    columns = node.columns
    out.append(_row(cells, node.head[0] if node.head else None, columns))
    out.append("|" + "|".join(_ALIGN_ROW.get(a, "---") for a in node.aligns) + "|")
    out.extend(_row(cells, row, columns) for row in node.body)
    caption = line(node.caption, extra_space=_CAPTION_SPACES)
    if caption:
        out.append("")
        out.extend(("Tableau : " + inline.write(caption)).split("\n"))
    if node.source:
        out.append("")
        out.extend(text_lines(node.source))
