"""The body text of two-column pages on one baseline grid: each block in a column sized in whole lines.

The body's lines are 12.6 pt apart (print.css).  The lines of the two columns of a page align when
every block that interrupts the text in a column (an intertitle, a quote, a list, a figure, a
sidebar, a table) takes a whole number of lines, its margins, borders and padding included.  The
stylesheet does it for the blocks of text (intertitles, questions, quotes, lists, breaks: their
lines are 12.6 pt, their spacing whole or half lines that add up to whole lines).  What it cannot
do is round a height it does not know: a picture's, a caption's, a table's, a sidebar's set on
its own leading.  So, after a layout, each such block in a column whose border box is not a
whole number of lines is given the rest as an empty block under its content (``::after``; a
sidebar or a pull quote half above, half under, so that its text stays centred), and the part is
laid out again (:func:`step_tree`, one pass among the sidebars' in :mod:`.figure_places`).

A block is rounded only where something follows it in its column, and only when the rounded
block still fits there: the last block of a column needs nothing, and growing it would carry it
to the next column.  The room added is recorded on the element (``data-grid-top``,
``data-grid-bottom``, in px), so that a later layout measures the block's own height again: the
passes end when every block measures what it was given (the same HTML always gives the same PDF).
"""

from __future__ import annotations

import math

from lxml import etree

from ..html.writer import BLOCK_ATTR

LINE_PX = 12.6 * 4 / 3  # the body's line (print.css: html { line-height: 12.6pt }), in CSS px
TOLERANCE_PX = 0.05
TOP_ATTR = "data-grid-top"  # px added above a block's content (print.css cannot know its height)
BOTTOM_ATTR = "data-grid-bottom"  # px added under it
STYLE_ID = "grid-lines"
#: blocks whose text is on the grid by the stylesheet alone, or which are never rounded
_WHOLE_BY_CSS = {"p", "hr"}
#: blocks whose room is shared above and under their content (their text stays centred in its frame)
_CENTRED = {"aside"}


def step_tree(tree: etree._Element, document) -> bool:
    """Round the blocks of ``document`` (the layout of ``tree``, an lxml document) that are not a whole
    number of lines, in ``tree``; False when every block is."""
    elements: dict[tuple[str, str], list[etree._Element]] = {}
    for body in tree.xpath("//div[@class='body' or starts-with(@class, 'body ')]"):
        for el in body:
            if isinstance(el.tag, str) and el.get(BLOCK_ATTR) is not None:
                elements.setdefault(_key(el), []).append(el)
    changed = False
    for key, fragments in _column_blocks(document).items():
        found = elements.get(key, [])
        if len(found) != 1 or found[0].tag in _WHOLE_BY_CSS:
            continue  # not one element of the tree (a paragraph cut in two), or on the grid already
        el = found[0]
        if "encadre-split" in (el.get("class") or "").split():
            continue  # ends at its column's foot by construction (sidebars.py)
        top, bottom = float(el.get(TOP_ATTR) or 0), float(el.get(BOTTOM_ATTR) or 0)
        last = fragments[-1]
        given = bottom + (top if len(fragments) == 1 else 0.0)  # what its last fragment holds of the room
        extra = _rest(last.height - given)
        if abs(extra - given) < TOLERANCE_PX:
            continue
        if not last.followed or last.bottom - given + extra > last.foot + TOLERANCE_PX:
            continue  # nothing after it in its column, or it would no longer fit there
        if el.tag in _CENTRED and len(fragments) == 1:
            top = round(extra / 2, 2)
            bottom = round(extra - top, 2)
        else:
            top, bottom = 0.0, round(extra, 2)
        _set(el, TOP_ATTR, top)
        _set(el, BOTTOM_ATTR, bottom)
        changed = True
    if changed:
        _rules(tree)
    return changed


class _Fragment:
    """A top-level block's fragment in a column: its border box's height and foot, the foot of the
    text in its column, and whether another block follows it there."""

    __slots__ = ("height", "bottom", "foot", "followed")

    def __init__(self, height: float, bottom: float, foot: float):
        self.height, self.bottom, self.foot, self.followed = height, bottom, foot, False


def _column_blocks(document) -> dict[tuple[str, str], list[_Fragment]]:
    """Each top-level block laid out in a column: its fragments, in page order."""
    found: dict[tuple[str, str], list[_Fragment]] = {}
    for page in document.pages:
        for column in _columns(page._page_box):  # the laid-out boxes are what we read
            foot = column.position_y + column.height
            previous = None
            for box in _blocks(column):
                fragment = _Fragment(box.border_height(), box.border_box_y() + box.border_height(), foot)
                found.setdefault(_key(box.element), []).append(fragment)
                if previous is not None:
                    previous.followed = True
                previous = fragment
    return found


def _columns(box):
    """The page's column boxes, where two or more stand side by side (not a body of one column)."""
    children = getattr(box, "children", ())
    columns = [child for child in children if getattr(child, "is_column", False)]
    if len(columns) > 1:
        yield from columns
    for child in children:
        if not getattr(child, "is_column", False):
            yield from _columns(child)


def _blocks(box):
    """The column's fragments of the body's top-level blocks, in flow order (not those out of the flow)."""
    for child in getattr(box, "children", ()):
        element = child.element
        if element is not None and element.get(BLOCK_ATTR) is not None and child.element_tag == element.tag:
            if child.style["position"] not in ("absolute", "fixed") and child.style["float"] == "none":
                yield child
            continue
        yield from _blocks(child)


def _key(element) -> tuple[str, str]:
    return element.get(BLOCK_ATTR) or "", element.get("data-sidebar") or ""


def _rest(height: float) -> float:
    """What a block of ``height`` px lacks to fill a whole number of lines."""
    lines = math.ceil(height / LINE_PX - TOLERANCE_PX / LINE_PX)
    return max(0.0, lines * LINE_PX - height)


def _set(el: etree._Element, name: str, value: float) -> None:
    if value > TOLERANCE_PX:
        el.set(name, f"{value:.2f}")
    else:
        el.attrib.pop(name, None)


def _rules(tree: etree._Element) -> None:
    """One rule for each room given: an empty block above or under the content of the blocks that have it."""
    tops = sorted({el.get(TOP_ATTR) for el in tree.iter() if isinstance(el.tag, str) and el.get(TOP_ATTR)})
    bottoms = sorted({el.get(BOTTOM_ATTR) for el in tree.iter() if isinstance(el.tag, str) and el.get(BOTTOM_ATTR)})
    head = tree.find("head")
    style = head.find(f"style[@id='{STYLE_ID}']")
    if style is None:
        style = etree.SubElement(head, "style", id=STYLE_ID)
    style.text = "\n".join(
        [f'[{TOP_ATTR}="{v}"]::before {{ content: ""; display: block; height: {v}px; }}' for v in tops]
        + [f'[{BOTTOM_ATTR}="{v}"]::after {{ content: ""; display: block; height: {v}px; }}' for v in bottoms])


__all__ = ["step_tree"]
