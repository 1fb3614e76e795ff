"""Where the blocks of an article's body went, read from WeasyPrint's laid-out pages.

A walk of each page's boxes (as :mod:`.note_places` does for the notes) records, for every
top-level block of the body (``data-block``), the fragments it was laid out in: the page,
the column (1 or 2, or ``span`` outside the columns: the opener, a figure across them), and
its top and bottom.  :mod:`.figure_places` reads it to move figures, and to say where each went;
:func:`opener_fill` measures how much of the opening page's text area is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..html.writer import BLOCK_ATTR

FIGURE_ATTR = "data-figure"  # a top-level figure's source line (figure_places.prepare)


@dataclass(frozen=True)
class Fragment:
    page: int  # the page's index in the part
    column: str  # "1", "2", or "span" (not in a column)
    top: float  # px, from the page's top
    bottom: float
    #: the column box it is in (a page may hold two sets of columns, around a block across them):
    #: its top and its foot; the fragment's own for a block across the columns
    column_top: float = 0.0
    column_bottom: float = 0.0


@dataclass
class Survey:
    """The laid-out body: each block's fragments, each page's column area."""

    pages: int = 0
    blocks: dict[int, list[Fragment]] = field(default_factory=dict)  # by data-block
    figures: dict[int, list[Fragment]] = field(default_factory=dict)  # by source line (data-figure)
    header: list[Fragment] = field(default_factory=list)  # the opener (title block)
    column_top: dict[int, float] = field(default_factory=dict)  # per page: the columns' top
    column_bottom: dict[int, float] = field(default_factory=dict)  # per page: the columns' foot
    column_used: dict[int, list[float]] = field(default_factory=dict)  # per page: height used in each column
    area: dict[int, tuple[float, float]] = field(default_factory=dict)  # per page: text area top, height

    def last(self, block: int) -> Fragment | None:
        found = self.blocks.get(block)
        return found[-1] if found else None

    def first(self, block: int) -> Fragment | None:
        found = self.blocks.get(block)
        return found[0] if found else None

    def height(self, block: int) -> float:
        return sum(f.bottom - f.top for f in self.blocks.get(block, ()))


def survey(document) -> Survey:
    """What :class:`Survey` says of a WeasyPrint ``Document``."""
    out = Survey(pages=len(document.pages))
    for index, page in enumerate(document.pages):
        box = page._page_box  # the laid-out boxes are what we read
        out.area[index] = (box.content_box_y(), box.height)
        middle = box.content_box_x() + box.width / 2
        _walk(box, index, "span", middle, out)
    return out


def _walk(box, page: int, column: str, middle: float, out: Survey, bounds: tuple[float, float] | None = None
          ) -> None:
    if getattr(box, "is_column", False):
        column = "1" if box.position_x + box.width / 2 < middle else "2"
        bottom = box.position_y + box.height
        bounds = (box.position_y, bottom)
        out.column_bottom[page] = max(out.column_bottom.get(page, 0.0), bottom)
        out.column_top[page] = min(out.column_top.get(page, box.position_y), box.position_y)
        flow = [c for c in box.children if c.is_in_normal_flow()]
        used = (flow[-1].position_y + flow[-1].margin_height() - box.position_y) if flow else 0.0
        out.column_used.setdefault(page, []).append(used)
    element = box.element
    if element is not None and box.element_tag == element.tag:
        top, bottom = box.position_y, box.position_y + box.margin_height()
        fragment = Fragment(page, column, top, bottom, *(bounds or (top, bottom)))
        if element.get(FIGURE_ATTR) is not None:
            out.figures.setdefault(int(element.get(FIGURE_ATTR)), []).append(fragment)
        if element.tag == "header" and "opener" in (element.get("class") or "").split():
            out.header.append(fragment)
        if element.get(BLOCK_ATTR) is not None and element.tag != "header":
            out.blocks.setdefault(int(element.get(BLOCK_ATTR)), []).append(fragment)
            return
    for child in getattr(box, "children", ()):
        _walk(child, page, column, middle, out, bounds)


def opener_fill(found: Survey) -> float | None:
    """The share of the opening page's text area that is used (the title block, the columns'
    text), or None without a title block.  The issue's criterion: at least a third when the
    article goes on to the next page."""
    if not found.header:
        return None
    page = found.header[0].page
    _, height = found.area[page]
    if height <= 0:
        return None
    header = sum(f.bottom - f.top for f in found.header if f.page == page)
    columns = found.column_used.get(page, [])
    used = header + (sum(columns) / 2 if columns else 0.0)
    return min(1.0, used / height)


__all__ = ["FIGURE_ATTR", "Fragment", "Survey", "opener_fill", "survey"]
