"""A sidebar that fits a column but not what is left of the column: moved after the text that fills the hole.

Kept whole (``break-inside: avoid``), a sidebar that does not fit under the text before it is
carried by WeasyPrint to the next column, leaving a hole at the foot of the previous one.  As a
magazine does, the text goes on in the column and the sidebar follows it: after a layout,
:func:`holes` finds each top-level sidebar that starts a column after a hole taller than two
lines, and :func:`move_on` moves it after the next block of the text (an intertitle with the block
it heads; never past another sidebar, a figure or a table); the layout passes (:func:`.sidebars.step_tree`, run by figure_places.py) lay the part out again (bounded passes, decided from the
pages alone).  A sidebar is moved at most :data:`MAX_MOVES` blocks from its call.
"""

from __future__ import annotations

from lxml import etree

from ..html.writer import BLOCK_ATTR

SIDEBAR_ATTR = "data-sidebar"
MOVED_ATTR = "data-sidebar-moved"  # how many blocks a sidebar was moved after its call
#: a hole under the text before a sidebar is left as it is up to this height (two lines), as for figures
HOLE_PX = 2 * 12.6 * 4 / 3
MAX_MOVES = 3
_KEEP_WITH_NEXT = {"h2", "h3"}
_NOT_PASSED = {"aside", "figure", "table", "div"}
_LONG = {"encadre-long", "encadre-suite"}


def holes(document) -> list[str]:
    """The sidebars (their ``data-sidebar``) that start a column after a hole at the previous one's foot."""
    flow = [(index, box) for index, page in enumerate(document.pages)
            for box in _blocks(page._page_box)]  # the laid-out boxes are what we read
    foots = [_foot(page._page_box) for page in document.pages]
    seen: set[str] = set()
    found = []
    for i, (page, box) in enumerate(flow):
        key = box.element.get(SIDEBAR_ATTR)
        if key and _LONG & set((box.element.get("class") or "").split()):
            key = None  # a long sidebar starts where it is called, a continuation its column: never moved
        if not key or key in seen or i == 0:
            if key:
                seen.add(key)
            continue
        seen.add(key)
        previous_page, previous = flow[i - 1]
        if previous_page == page and abs(previous.position_x - box.position_x) < 1:
            continue  # it follows the text in its column
        if foots[previous_page] - (previous.position_y + previous.margin_height()) > HOLE_PX:
            found.append(key)
    return found


def move_on(aside: etree._Element) -> bool:
    """Move ``aside`` after the next block (an intertitle with the block after it); False when it may not
    move (the last block, or moved far enough)."""
    moved = int(aside.get(MOVED_ATTR, "0"))
    following = _next_element(aside)
    if following is None or moved >= MAX_MOVES or following.tag in _NOT_PASSED:
        return False  # never past another sidebar, a figure, a table: the order of the boxes is kept
    while following.tag in _KEEP_WITH_NEXT and _next_element(following) is not None:
        following = _next_element(following)
    following.addnext(aside)  # its tail (white space) with it
    aside.set(MOVED_ATTR, str(moved + 1))
    return True


def _next_element(el: etree._Element) -> etree._Element | None:
    following = el.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def _blocks(box):
    """The page's fragments of the body's top-level blocks, in flow order (not those set out of the flow)."""
    element = box.element
    if element is not None and element.get(BLOCK_ATTR) is not None and box.element_tag == element.tag:
        if box.style["position"] not in ("absolute", "fixed"):
            yield box
        return
    for child in getattr(box, "children", ()):
        yield from _blocks(child)


def _foot(page_box) -> float:
    """Where the text of the page ends: above its notes, or at the foot of its text area."""
    from weasyprint.formatting_structure import boxes  # where pages are laid out (typeset.py)

    notes = [b.position_y for b in page_box.descendants() if isinstance(b, boxes.FootnoteAreaBox) and b.children]
    return min(notes, default=page_box.content_box_y() + page_box.height)
