"""Checks on laid-out pages, against the model: does every table fit the width it is set in?

A table's cells wrap, but a column is never narrower than its longest word or figure:
a table with too many such columns comes out wider than its block, and WeasyPrint lets it
run over the next column, the margin and the trim.  After layout, each ``div.table-block``
(render/html/tables.py) is compared with the table box inside it: the block is as wide as
where it stands (a column, or the page's text area for a wide table, which spans both).
"""

from __future__ import annotations

from ...model.nodes import Article, Table
from ...model.walk import iter_tables
from ...support.diagnostics import Reporter
from ..html.tables import is_wide, table_id

TOLERANCE_PT = 0.5  # rounding in the layout
PT_PER_MM = 72 / 25.4


def too_wide_tables(document) -> list[tuple[str, float]]:
    """(id of the table block, by how many points its table is wider than it) on the laid-out pages."""
    found: dict[str, float] = {}
    for page in document.pages:
        _walk(page._page_box, found)  # the laid-out boxes are what we check
    return sorted(found.items())


def _walk(box, found: dict[str, float]) -> None:
    element = box.element
    if (element is not None and box.element_tag == element.tag and element.get("id")
            and "table-block" in (element.get("class") or "").split()):
        widest = max((child.margin_width() for child in getattr(box, "children", ())
                      if child.element is not None and child.element.tag == "table"), default=0.0)
        over = widest - box.width
        if over > TOLERANCE_PT:
            found[element.get("id")] = round(max(over, found.get(element.get("id"), 0.0)), 1)
        return
    for child in getattr(box, "children", ()):
        _walk(child, found)


def check_tables(article: Article, prefix: str, too_wide: tuple[tuple[str, float], ...], reporter: Reporter) -> None:
    """``table.too-wide`` at the line of each table of ``article`` that the layout found too wide."""
    over = dict(too_wide)
    spanning = [t for t in article.blocks if isinstance(t, Table) and is_wide(t)]  # an encadré's never spans
    for table in iter_tables(article.blocks):
        points = over.get(table_id(prefix, table))
        if points is None:
            continue
        mm = points / PT_PER_MM
        where = "the page's text area" if any(t is table for t in spanning) else "its column"
        reporter.error("table.too-wide", f"this table is {max(mm, 1):.0f} mm wider than {where} (its "
                       f"{table.columns} columns cannot narrow past their longest word or figure), so it "
                       "prints over what is beside it: use fewer columns, shorter headers, or figures in "
                       "thousands", table.pos, columns=table.columns, over_mm=round(mm, 1))


__all__ = ["check_tables", "too_wide_tables"]
