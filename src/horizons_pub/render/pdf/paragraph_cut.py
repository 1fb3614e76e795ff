"""A paragraph cut in two after so many visible characters, its inline markup kept on both sides.

Used where the layout broke a paragraph that the HTML must then hold as two (a sidebar's text split
between its part and its continuation, :mod:`.sidebars`): the characters laid out before the break
are counted (white space, soft hyphens and the text of the notes called in it apart), and the cut
falls after the last whole word, so that a word the hyphenation cut goes whole to the second half.
"""

from __future__ import annotations

import copy

from lxml import etree

from ..html.writer import BLOCK_ATTR


def visible(text: str) -> int:
    """How many characters of ``text`` count: neither white space nor soft hyphens."""
    return sum(1 for ch in text if not _skipped(ch))


def block_lines(box, skipped: tuple[type, ...]):
    """The line boxes under ``box`` (WeasyPrint's laid-out boxes), each with the ``data-block`` of the
    body block it is in (-1 outside any), in flow order; the boxes of the ``skipped`` types (margin
    boxes, the note area) are not entered."""
    from weasyprint.formatting_structure.boxes import LineBox  # only where pages are laid out

    def walk(box, block: int):
        if isinstance(box, skipped):
            return
        element = box.element
        if element is not None and element.get(BLOCK_ATTR) is not None and box.element_tag == element.tag:
            block = int(element.get(BLOCK_ATTR))
        if isinstance(box, LineBox):
            yield box, block
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, block)

    return walk(box, -1)


def line_text(line) -> str:
    """The text a laid-out line box shows (WeasyPrint's boxes), without its note calls' numbers."""
    parts: list[str] = []

    def walk(box) -> None:
        if (box.element_tag or "").endswith("::footnote-call"):
            return
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", ()):
            walk(child)

    walk(line)
    return "".join(parts).rstrip()


def split_paragraph(p: etree._Element, chars: int) -> tuple[etree._Element, etree._Element]:
    """Two copies of ``p``: its content up to ``chars`` visible characters (notes' text not counted), then
    the rest; the cut moves back to the start of the word it falls in."""
    first, second = copy.deepcopy(p), copy.deepcopy(p)
    spot = locate(first, chars)
    if spot is None:
        return first, _empty_like(p)
    _truncate_after(first, *spot)
    _drop_before(second, *locate(second, chars))
    return first, second


def _segments(el: etree._Element):
    """(element, "text" | "tail", string) in reading order, not into notes' text (their tails count)."""
    if el.text:
        yield el, "text", el.text
    for child in el:
        if isinstance(child.tag, str) and "footnote" not in (child.get("class") or "").split():
            yield from _segments(child)
        if child.tail:
            yield child, "tail", child.tail


def _skipped(ch: str) -> bool:
    return ch.isspace() or ch == "\u00ad"


def locate(p: etree._Element, chars: int):
    """Where to cut ``p`` after ``chars`` visible characters: (element, slot, offset).  When that
    character ends a word, just after it; when the word goes on (a hyphen, a URL's break), before the word."""
    flat = [(el, slot, i, ch) for el, slot, text in _segments(p) for i, ch in enumerate(text)]
    count, word_start = 0, None
    for k, (el, slot, i, ch) in enumerate(flat):
        if _skipped(ch):
            word_start = None
            continue
        if word_start is None:
            word_start = (el, slot, i)
        count += 1
        if count == chars:
            following = flat[k + 1][3] if k + 1 < len(flat) else " "
            return (el, slot, i + 1) if _skipped(following) else word_start
    return None


def _truncate_after(root: etree._Element, el: etree._Element, slot: str, offset: int) -> None:
    """Keep what comes before the spot, nothing after."""
    if slot == "text":
        el.text = el.text[:offset]
        for child in list(el):
            el.remove(child)
    else:
        el.tail = el.tail[:offset]
    cur, drop_tail = el, slot == "text"
    while cur is not root:
        parent = cur.getparent()
        for sibling in list(cur.itersiblings()):
            parent.remove(sibling)  # its tail with it
        if drop_tail:
            cur.tail = None
        drop_tail = True
        cur = parent


def _drop_before(root: etree._Element, el: etree._Element, slot: str, offset: int) -> None:
    """Keep what comes after the spot, nothing before."""
    if slot == "text":
        el.text = el.text[offset:].lstrip()
        cur = el
    else:
        rest = el.tail[offset:].lstrip()
        parent = el.getparent()
        for sibling in list(el.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.remove(el)
        parent.text = rest
        cur = parent
    while cur is not root:
        parent = cur.getparent()
        for sibling in list(cur.itersiblings(preceding=True)):
            parent.remove(sibling)
        parent.text = None
        cur = parent


def _empty_like(p: etree._Element) -> etree._Element:
    empty = etree.Element(p.tag, dict(p.attrib))
    return empty
