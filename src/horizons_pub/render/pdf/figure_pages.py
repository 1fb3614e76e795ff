"""Full-page figures (``place=page``) on the page after the page where they are called, the text going on after it.

WeasyPrint's columns cannot skip a page, so the article's body is cut in two at the foot of the page
where the figure is called, and the figure set between the two halves, on a page of its own
(docs/print.md, « Figures »).  :func:`.figure_places.prepare` puts each full-page figure after the
text, noting the block it is called after (``data-called-after``); then, around WeasyPrint
(bounded passes, each decided from the laid-out pages alone, so the same HTML always gives the same PDF):

1. from that first layout, the page ``P`` where the call falls (the foot of the block before the
   figure) and the first block of the text that goes on past ``P``: the body is cut before that block
   or, when it is a paragraph laid out across the page break, inside it, after the last whole word of
   ``P`` (:mod:`.paragraph_cut`; the first half justified to its last line).  The figure goes between
   the two bodies, on page ``P + 1``, and the text goes on on ``P + 2``.  When the whole text after the
   call is on ``P``, the figure stays after the text (its next page all the same);
2. laid out again: if the first body ran past ``P`` after all (a line more), it is cut a little
   earlier, at most :data:`MAX_FIXES` times;
3. each full-page figure is centred on its page (the room left by the page's notes shared above and
   under it): one more layout.

A dossier opener's full-page figure is not cut in: it is the second page of the opener's spread,
above the contributors (prepare and print.css).
"""

from __future__ import annotations

import copy

from lxml import etree

from ..html.writer import BLOCK_ATTR
from .figure_survey import FIGURE_ATTR, Survey, survey
from .paragraph_cut import line_text, split_paragraph, visible

CALLED_ATTR = "data-called-after"  # a full-page figure: the data-block of the block it is called after (-1: none)
CUT_ATTR = "data-page-cut"  # a body cut at the foot of a page, before a full-page figure (print.css)
CUT_CLASS = "page-cut"  # the first half of a paragraph cut there (print.css: justified to its last line)
CENTRED_ATTR = "data-centred"  # the padding (px) that centres a full-page figure on its page
MAX_FIXES = 3
#: the character WeasyPrint adds where it hyphenates a word (hyphenate-character), not in the source
HYPHEN = "\u2010"


def settle(tree, document, render):
    """Place each full-page figure of ``tree`` (an lxml document) after the page of its call; ``render()``
    lays ``tree`` out again.  Returns the last layout."""
    pending = [f for f in tree.iter("figure") if f.get(CALLED_ATTR) is not None]
    if not pending:
        return document
    originals: dict[int, etree._Element] = {}  # a paragraph cut in two: its whole copy, by data-block
    for figure in pending:
        document = _place(tree, figure, document, render, originals)
    return _centre(tree, document, render)


def _place(tree, figure, document, render, originals) -> object:
    found = survey(document)
    page = _call_page(found, int(figure.get(CALLED_ATTR)))
    if page is None:
        return document
    spot = _cut_spot(tree, found, document, page)
    if spot is None:  # all the text after the call is on its page: the figure stays after it
        return document
    _cut(tree, figure, *spot, originals)
    document = render()
    for _ in range(MAX_FIXES):
        found = survey(document)
        fragments = found.figures.get(int(figure.get(FIGURE_ATTR)), [])
        if not fragments or fragments[0].page <= page + 1 or not _cut_earlier(figure, document, page, originals):
            break
        document = render()
    return document


def _call_page(found: Survey, after: int) -> int | None:
    if after < 0:
        return found.header[-1].page if found.header else 0
    last = found.last(after)
    return last.page if last is not None else None


def _flow(tree) -> list[etree._Element]:
    """The blocks of the text, in order, over the body and its continuations (not those out of the flow)."""
    return [child for body in tree.xpath("//div[@class='body']") for child in body
            if child.get(BLOCK_ATTR) is not None and child.get("data-place") not in ("top", "bottom")]


def _cut_spot(tree, found: Survey, document, page: int) -> tuple[etree._Element, int] | None:
    """The first block that goes on past ``page``, and how many of its characters are on ``page`` or
    before (0: the cut goes before it)."""
    for block in _flow(tree):
        fragments = found.blocks.get(int(block.get(BLOCK_ATTR)), [])
        if not fragments or fragments[-1].page <= page:
            continue
        if fragments[0].page > page or block.tag != "p":
            return block, 0  # it starts after the page, or is not a paragraph: it goes whole after the figure
        return block, laid_chars(document, int(block.get(BLOCK_ATTR)), page)
    return None


def _cut(tree, figure, block, chars: int, originals) -> None:
    """Cut the body before ``block`` (in it after ``chars`` characters), ``figure`` between the halves."""
    body = block.getparent()
    if chars:
        number = int(block.get(BLOCK_ATTR))
        originals.setdefault(number, copy.deepcopy(block))
        first, second = split_paragraph(originals[number], chars)
        _add_class(first, CUT_CLASS)
        block.addprevious(first)
        body.replace(block, second)
        block = second
    if block.getprevious() is None and body.getprevious() is not None and body.getprevious().tag == "figure":
        body.addprevious(figure)  # a body that a full-page figure already starts: this one follows it
        return
    rest = etree.Element("div", {k: v for k, v in body.attrib.items() if k != CUT_ATTR})
    moved = [block, *block.itersiblings()]
    for el in moved:
        rest.append(el)
    body.set(CUT_ATTR, "")
    body.addnext(rest)
    body.addnext(figure)
    figure.tail = rest.tail = None


def _cut_earlier(figure, document, page: int, originals) -> bool:
    """The body before ``figure`` ran past ``page``: its last block goes (in part, or whole) after the
    figure.  False when there is nothing left to move."""
    body, rest = figure.getprevious(), figure.getnext()
    if body is None or rest is None or body.get(CUT_ATTR) is None:
        return False
    blocks = [c for c in body if c.get(BLOCK_ATTR) is not None]
    if len(blocks) < 2:
        return False
    last = blocks[-1]
    number = int(last.get(BLOCK_ATTR))
    head = rest[0] if len(rest) else None
    if CUT_CLASS in (last.get("class") or "").split() and head is not None and head.get(BLOCK_ATTR) == str(number):
        rest.remove(head)  # the paragraph made whole again, then cut earlier
        whole = copy.deepcopy(originals[number])
    else:
        whole = last
    chars = laid_chars(document, number, page) if last.tag == "p" else 0
    if chars:
        originals.setdefault(number, copy.deepcopy(whole))
        first, second = split_paragraph(originals[number], chars)
        if visible(first.xpath("string()")) < visible(last.xpath("string()")):  # shorter: progress
            _add_class(first, CUT_CLASS)
            body.replace(last, first)
            rest.insert(0, second)
            return True
    body.remove(last)
    rest.insert(0, whole)
    return True


def laid_chars(document, block: int, last_page: int) -> int:
    """The visible characters of paragraph ``block`` laid out on the pages up to ``last_page``; a word the
    hyphenation cut at their end not counted (it goes whole to the next half)."""
    lines: list[str] = []
    for page in document.pages[:last_page + 1]:
        for box in _paragraph_boxes(page._page_box, str(block)):  # the laid-out boxes are what we read
            lines += [line_text(line) for line in box.children]
    text = " ".join(lines)
    if lines and lines[-1].endswith(HYPHEN):
        text = " ".join(text.split()[:-1])
    return visible(text)


def _paragraph_boxes(box, block: str):
    element = box.element
    if element is not None and box.element_tag == "p" and element.get(BLOCK_ATTR) == block:
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _paragraph_boxes(child, block)


def _centre(tree, document, render):
    """Each full-page figure centred on its page: the room its page's notes leave, shared above and
    under it (``padding-top``); laid out again when one moved, and undone if it no longer fits."""
    found = survey(document)
    changed = []
    for figure in tree.iter("figure"):
        classes = (figure.get("class") or "").split()
        if "figure-page" not in classes or figure.get(FIGURE_ATTR) is None or _in_opener(figure):
            continue
        fragments = found.figures.get(int(figure.get(FIGURE_ATTR)), [])
        if len(fragments) != 1:
            continue
        fragment = fragments[0]
        before = float(figure.get(CENTRED_ATTR) or 0)
        top, height = found.area.get(fragment.page, (0.0, 0.0))
        free = _foot(document.pages[fragment.page]._page_box, top + height) - top
        padding = max(0.0, (free - (fragment.bottom - fragment.top - before)) / 2)
        if abs(padding - before) > 1:
            figure.set(CENTRED_ATTR, f"{padding:.2f}")
            figure.set("style", f"padding-top: {padding:.2f}px")
            changed.append((figure, fragment.page))
    if not changed:
        return document
    document = render()
    found = survey(document)
    lost = [f for f, page in changed if [x.page for x in found.figures.get(int(f.get(FIGURE_ATTR)), [])] != [page]]
    for figure in lost:
        figure.attrib.pop(CENTRED_ATTR)
        figure.attrib.pop("style")
    return render() if lost else document


def _in_opener(figure) -> bool:
    return any("kind-opener" in (a.get("class") or "").split() for a in figure.iterancestors("article"))


def _foot(page_box, default: float) -> float:
    """Where the page's text area ends: above its notes, if any."""
    # WeasyPrint's boxes, imported where pages are laid out (typeset.py)
    from weasyprint.formatting_structure import boxes

    notes = [b.position_y for b in page_box.descendants() if isinstance(b, boxes.FootnoteAreaBox) and b.children]
    return min(notes, default=default)


def _add_class(el: etree._Element, name: str) -> None:
    classes = (el.get("class") or "").split()
    if name not in classes:
        el.set("class", " ".join([*classes, name]))


__all__ = ["CALLED_ATTR", "CUT_ATTR", "laid_chars", "settle"]
