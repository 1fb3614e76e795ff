"""Figures placed as a magazine places them, in the print layout (docs/print.md, « Figures »).

WeasyPrint has no page floats, so the placement is done in two steps:

1. :func:`prepare`, on the article's HTML before any layout: each top-level figure is tagged with
   its source line and its placement; the opener's picture goes under the title block (an
   interview's portrait: on a page of its own before the opening page, see print.css), the
   full-page figures after the text, each on a page of its own (a dossier opener's: above its
   contributors, the second page of its spread).
2. :func:`lay_out`, around WeasyPrint: the part is laid out, its pages read (figure_survey.py),
   and the HTML changed, then laid out again, until nothing is left to change (a bounded number of
   passes, each change decided from the pages alone, so the same HTML always gives the same PDF):

   * first, each full-page figure goes to the page after the page where it is called, the text
     cut at that page's foot and going on after it (:mod:`.figure_pages`);
   * a figure at the top or foot of the page (``haut``, ``bas``) is positioned out of the flow
     (``position: absolute``) across both columns, and its page is given that much padding at its
     top or foot (a ``@page :nth(n)`` rule): the text of both columns flows round it.  It is
     anchored after the first block of the page where it is called, so that it stays there;
   * a figure in its column that does not fit where it is called (WeasyPrint then carries it to
     the next column and leaves a hole under the text before it) is moved after the blocks that
     fill the hole: the text goes on in the column, and the figure follows it.  That also keeps an
     article's first figure from leaving its opening page empty under the title block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from ...model.nodes import Article, Figure, Kind, Placement
from ..html.writer import BLOCK_ATTR
from . import figure_pages
from .figure_pages import CALLED_ATTR
from .figure_survey import FIGURE_ATTR, Survey, opener_fill, survey
from .sidebars import MAX_PASSES as SIDEBAR_PASSES
from .sidebars import step_tree as sidebars_step
from . import grid

PLACE_ATTR = "data-place"  # the placement the source asks for
GOT_ATTR = "data-got"  # where the layout put it, when it differs from the class it was given
MOVED_ATTR = "data-moved"  # how many blocks a figure was moved after its call
ASKED_ATTR = "data-place-asked"  # the placement asked, for a figure that could not get it
PAGE_ATTR = "data-page"  # the page (index in the part) a figure across the columns is given
NOTE_FROM_ATTR = "data-figure-note"  # a note lifted out of a figure's caption: the figure's line
#: A hole under the text before a figure is left as it is up to this height (two lines): slack that
#: widows and orphans leave anyway.
HOLE_PX = 2 * 12.6 * 4 / 3
GAP_PX = 4 * 96 / 25.4  # between a figure across the columns and the text
MAX_PASSES = 10
_KEEP_WITH_NEXT = {"h2", "h3"}
_OUT_OF_FLOW = (Placement.TOP.value, Placement.BOTTOM.value, Placement.PAGE.value)


@dataclass(frozen=True)
class FigurePlace:
    """Where one top-level figure went: its source line, its page (index in the part), its column
    (``1``, ``2``, ``span`` across the columns, ``page`` a page of its own), the placement asked and
    the one it got, and how many blocks it was moved after its call."""

    line: int
    page: int
    column: str
    asked: str
    got: str
    moved: int = 0


def prepare(article_el: etree._Element, article: Article) -> None:
    """Tag and pre-place the article's top-level figures (see the module's docstring)."""
    body = next((c for c in article_el if c.tag == "div" and c.get("class") == "body"), None)
    if body is None:
        return
    header = next((c for c in article_el if c.tag == "header"), None)
    figures = [b for b in article.blocks if isinstance(b, Figure)]
    elements = [c for c in body if c.tag == "figure"]
    for node, el in zip(figures, elements):
        el.set(FIGURE_ATTR, str(node.pos.line))
        el.set(PLACE_ATTR, node.place.value)
        if node.place is Placement.OPENER and header is not None:
            if article.kind is Kind.INTERVIEW:  # the portrait's page, then the opening page
                _add_class(el, "opener-portrait")
                header.addprevious(el)
            else:
                _add_class(el, "opener-picture")
                header.append(el)
        elif node.place is Placement.PAGE:
            _add_class(el, "figure-page")
            if article.kind is Kind.OPENER:  # the second page of the opener's spread, above the contributors
                end = next((c for c in body if "contributors" in (c.get("class") or "").split()), None)
                end.addprevious(el) if end is not None else body.append(el)
            else:  # after the text at first; then on the page after its call (figure_pages.py)
                el.set(CALLED_ATTR, _called_after(el))
                article_el.append(el)
        elif node.place in (Placement.TOP, Placement.BOTTOM):
            _lift_notes(el, el.getprevious() if el.getprevious() is not None else el.getnext())
    if figures:  # moved figures take their notes along: each keeps its source number
        _number_notes(article_el)
    if not any("opener-portrait" in (c.get("class") or "").split() for c in article_el if c.tag == "figure"):
        return
    running = next((c for c in article_el if c.get("class") == "running"), None)
    if running is not None:  # no running head on the portrait's page; the opening page shows none either
        header.addprevious(running)


def _called_after(figure: etree._Element) -> str:
    """The data-block of the block of the text a full-page figure is called after ("-1": none)."""
    for el in figure.itersiblings(preceding=True):
        if el.get(BLOCK_ATTR) is not None and el.get(PLACE_ATTR) not in _OUT_OF_FLOW:
            return el.get(BLOCK_ATTR)
    return "-1"


def lay_out(render, html: str) -> tuple[object, tuple[FigurePlace, ...], float | None]:
    """``render(html)`` → a WeasyPrint Document, laid out again until the figures are placed.
    Returns the last document, where each figure went, and the opening page's fill."""
    tree = lxml.html.document_fromstring(html)
    # the sidebars settle in the same tree as the figures: each later layout starts from their splits
    document = _sidebars(render, tree, render(html))
    if FIGURE_ATTR not in html:
        return document, (), opener_fill(survey(document))
    pages: dict[int, dict[str, float]] = {}  # page index → {"top"|"bottom": padding px}
    # the full-page figures first: each adds a page in the text, which moves the figures after it
    document = figure_pages.settle(tree, document, lambda: _render(render, tree, pages))
    for _ in range(MAX_PASSES):
        found = survey(document)
        # the holes first: a figure moved there moves the pages after it, and the figures across them
        if not (_fill_hole(tree, found) or _place_across(tree, found, pages)):
            break
        document = _render(render, tree, pages)
    found = survey(document)
    if _give_up(tree, found, pages):  # a figure across the columns still off the page made room for
        document = _render(render, tree, pages)
        found = survey(document)
    return document, _places(tree, found), opener_fill(found)


def _render(render, tree, pages: dict[int, dict[str, float]]):
    _page_rules(tree, pages)
    _number_notes(tree)
    return _sidebars(render, tree, render(_html(tree)))


def _sidebars(render, tree, document):
    """Split or move the sidebars ``document`` shows broken (sidebars.py), then round the blocks in a column
    to whole lines (grid.py), in ``tree``, laying out again after each change; ``document`` when none is."""
    for _ in range(SIDEBAR_PASSES - 1):
        if not (sidebars_step(tree, document) or grid.step_tree(tree, document)):
            break
        document = render(_html(tree))
    return document


def _html(tree) -> str:
    return lxml.html.tostring(tree, doctype="<!DOCTYPE html>", encoding="unicode")


def _give_up(tree, found: Survey, pages: dict[int, dict[str, float]]) -> bool:
    """The figures across the columns that the passes left off the page that makes room for them go back
    in their column (and layout.json says so); True when there was one."""
    lost = [el for body in _bodies(tree) for el in body.iter("figure") if _across(el) and (
        el.get(PAGE_ATTR) is None
        or [f.page for f in found.figures.get(int(el.get(FIGURE_ATTR)), [])][:1] != [int(el.get(PAGE_ATTR))])]
    for el in lost:
        if el.get(PAGE_ATTR) is not None:
            pages.get(int(el.get(PAGE_ATTR)), {}).pop(el.get(GOT_ATTR), None)
        for name in (GOT_ATTR, PAGE_ATTR, "style"):
            el.attrib.pop(name, None)
        el.set("class", " ".join(c for c in (el.get("class") or "").split() if not c.startswith("place-")))
        el.set(ASKED_ATTR, el.get(PLACE_ATTR))
        el.set(PLACE_ATTR, Placement.COLUMN.value)
        for note in tree.xpath(f"//*[@{NOTE_FROM_ATTR}='{el.get(FIGURE_ATTR)}']"):
            note.attrib.pop(NOTE_FROM_ATTR)
    return bool(lost)


def _bodies(tree) -> list[etree._Element]:
    """The article's body, and its continuations after a full-page figure (figure_pages.py)."""
    return tree.xpath("//div[@class='body']")


def _children(tree) -> list[etree._Element]:
    return [child for body in _bodies(tree) for child in body]


def _place_across(tree, found: Survey, pages: dict[int, dict[str, float]]) -> bool:
    """Give the first top or foot figure without a page its page; True when something changed."""
    for el in [f for body in _bodies(tree) for f in body.iter("figure")]:
        place = el.get(PLACE_ATTR)
        if place not in (Placement.TOP.value, Placement.BOTTOM.value):
            continue
        if el.get(GOT_ATTR):
            if _keep_on_page(el, found, pages):
                return True
            continue
        side = "top" if place == Placement.TOP.value else "bottom"
        # print.css lays it out of the flow, where it is called: its page, and its height
        fragments = found.figures.get(int(el.get(FIGURE_ATTR)), [])
        if not fragments:
            continue
        page = fragments[0].page
        if page == 0 and found.header and found.header[0].page == 0 and found.pages > 1:
            page = 1  # not above the title block: on the next page
        while side in pages.get(page, {}) and page + 1 < found.pages:
            page += 1  # one figure at the top (at the foot) of a page: the next goes to the next page
        anchor = _first_block_on(tree, found, page)
        if anchor is not None and anchor is not el:
            anchor.addnext(el)
            for note in tree.xpath(f"//*[@{NOTE_FROM_ATTR}='{el.get(FIGURE_ATTR)}']"):
                anchor.append(note)
        # laid out where it is called, it may run past the page's foot, and go on on the next page
        height = sum(f.bottom - f.top for f in fragments) + GAP_PX
        pages.setdefault(page, {})[side] = height
        el.set("style", f"top: {-height:.2f}px" if side == "top" else f"top: auto; bottom: {-height:.2f}px")
        el.set(GOT_ATTR, side)
        el.set(PAGE_ATTR, str(page))
        return True
    return False


def _keep_on_page(el: etree._Element, found: Survey, pages: dict[int, dict[str, float]]) -> bool:
    """A figure drawn on the page next to the one that makes room for it (the text before it moved: its
    notes went with it) is anchored a block later, or earlier; one drawn farther away (a figure moved
    before it moved the pages) is placed again.  True when it was."""
    fragments = found.figures.get(int(el.get(FIGURE_ATTR)), [])
    page = int(el.get(PAGE_ATTR))
    if not fragments or fragments[0].page == page:
        return False
    if abs(fragments[0].page - page) > 1:
        pages.get(page, {}).pop(el.get(GOT_ATTR), None)
        for name in (GOT_ATTR, PAGE_ATTR, "style"):
            el.attrib.pop(name, None)
        return True
    step = el.getnext() if fragments[0].page < page else el.getprevious()
    while step is not None and (step.get(BLOCK_ATTR) is None or _across(step)):
        step = step.getnext() if fragments[0].page < page else step.getprevious()
    if step is None:
        return False
    if fragments[0].page < page:
        step.addnext(el)
    else:
        step.addprevious(el)
    anchor = el.getprevious()
    while anchor is not None and (anchor.get(BLOCK_ATTR) is None or _across(anchor)):
        anchor = anchor.getprevious()
    if anchor is not None:  # its notes with it, in the text beside it
        for note in el.getroottree().xpath(f"//*[@{NOTE_FROM_ATTR}='{el.get(FIGURE_ATTR)}']"):
            anchor.append(note)
    return True


def _first_block_on(tree, found: Survey, page: int) -> etree._Element | None:
    for child in _children(tree):
        if child.get(BLOCK_ATTR) is None or child.tag == "figure":
            continue
        if any(f.page == page for f in found.blocks.get(int(child.get(BLOCK_ATTR)), ())):
            return child
    return None


def _fill_hole(tree, found: Survey) -> bool:
    """Move the first figure in its column that left a hole under the text before it after the blocks
    that fill the hole; True when one was moved."""
    flow = [c for c in _children(tree) if c.get(BLOCK_ATTR) is not None and not _across(c)]
    for index, el in enumerate(flow):
        if el.tag != "figure" or el.get(FIGURE_ATTR) is None:
            continue
        fig = found.first(int(el.get(BLOCK_ATTR)))
        before = found.last(int(flow[index - 1].get(BLOCK_ATTR))) if index else (found.header or [None])[-1]
        if fig is None or before is None:
            continue
        if before.column == "span":  # the title block: the figure should start the first column under it
            if (fig.page, fig.column) == (before.page, "1"):
                continue
        elif (before.page, before.column) == (fig.page, fig.column):
            continue
        if before.column == "span":  # under the title block: the columns' foot on its page, or the page's
            area_top, area_height = found.area.get(before.page, (0.0, 0.0))
            bottom = found.column_bottom.get(before.page, area_top + area_height)
            top = found.column_top.get(before.page, before.bottom)
        else:
            top, bottom = before.column_top, before.column_bottom
        hole = max(0.0, bottom - before.bottom)
        if before.column != "2" and fig.page > before.page:  # the second column of that page is empty too
            hole += max(0.0, bottom - top)
        if hole <= _slack(found, before, top, bottom):
            continue
        filled, last = 0.0, None
        for follower in flow[index + 1:]:
            first = found.first(int(follower.get(BLOCK_ATTR)))
            if follower.tag == "figure" or first is None or first.column == "span":
                break  # not past another figure, nor past a block across the columns (a wide table)
            filled += found.height(int(follower.get(BLOCK_ATTR)))
            last = follower
            if filled >= hole and follower.tag not in _KEEP_WITH_NEXT and "question" not in (
                    follower.get("class") or ""):
                break
        if last is None:
            continue
        last.addnext(el)
        el.set(MOVED_ATTR, str(int(el.get(MOVED_ATTR) or 0) + flow.index(last) - index))
        return True
    return False


def _slack(found: Survey, before, top: float, bottom: float) -> float:
    """The room under a column's text left as it is: two lines where the columns run to the page's foot;
    where WeasyPrint balances them (on the part's last page, above a block across the columns), a
    quarter of their height too, that the balancing leaves beside a figure it cannot split."""
    balanced = before.page == found.pages - 1 or any(
        f.page == before.page and f.column == "span" and f.top >= bottom - 1
        for fragments in found.blocks.values() for f in fragments)
    return max(HOLE_PX, (bottom - top) / 4) if balanced else HOLE_PX


def _across(el: etree._Element) -> bool:
    """A figure across the columns, out of the flow (print.css: ``.body > figure.place-top``)."""
    return el.get(PLACE_ATTR) in (Placement.TOP.value, Placement.BOTTOM.value)


def _page_rules(tree, pages: dict[int, dict[str, float]]) -> None:
    """The ``@page :nth(n)`` rules that make room for the figures across the columns."""
    head = tree.find("head")
    style = head.find("style[@id='figure-pages']")
    if style is None:
        style = etree.SubElement(head, "style", id="figure-pages")
    style.text = "\n".join(
        f"@page :nth({page + 1}) {{ " + " ".join(f"padding-{side}: {px:.2f}px;" for side, px in sorted(sides.items()))
        + " }" for page, sides in sorted(pages.items()))


def _places(tree, found: Survey) -> tuple[FigurePlace, ...]:
    out = []
    for el in tree.iter("figure"):
        if el.get(FIGURE_ATTR) is None:
            continue
        line = int(el.get(FIGURE_ATTR))
        fragments = found.figures.get(line, [])
        asked = el.get(ASKED_ATTR) or el.get(PLACE_ATTR) or Placement.COLUMN.value
        classes = (el.get("class") or "").split()
        if "opener-portrait" in classes or "figure-page" in classes:
            got, column = asked, "page"
        elif "opener-picture" in classes:
            got, column = asked, "span"
        elif el.get(GOT_ATTR):
            got, column = el.get(GOT_ATTR), "span"
        else:
            got, column = Placement.COLUMN.value, fragments[0].column if fragments else "1"
        if asked in (Placement.TOP.value, Placement.BOTTOM.value) and not el.get(GOT_ATTR):
            got, column = Placement.COLUMN.value, fragments[0].column if fragments else "1"
        out.append(FigurePlace(line, fragments[0].page if fragments else -1, column, asked, got,
                               int(el.get(MOVED_ATTR) or 0)))
    return tuple(sorted(out, key=lambda f: f.line))


def _lift_notes(figure: etree._Element, holder: etree._Element | None) -> None:
    """The notes called from the caption of a figure out of the flow, which WeasyPrint would not lay
    out: each goes to the end of ``holder`` (a block of the text beside the figure, on its page), its
    call left in the caption as a copy of the number (print.css: ``.footnote-call-copy``)."""
    if holder is None:
        return
    for note in figure.xpath(".//span[contains(concat(' ', @class, ' '), ' footnote ')]"):
        number = _note_number(note)
        if number is None:
            continue
        call = etree.Element("span", {"class": "footnote-call-copy"})
        call.text = str(number)
        call.tail = note.tail
        note.tail = None
        note.addprevious(call)
        _add_class(note, "footnote-moved")
        note.set(NOTE_FROM_ATTR, figure.get(FIGURE_ATTR))
        holder.append(note)


def _number_notes(tree) -> None:
    """Each note numbered as the source numbers it, whatever order the moves left the notes in
    (``counter-set`` to the number before: the note's own increment follows)."""
    for note in tree.xpath(".//span[contains(concat(' ', @class, ' '), ' footnote ')]"):
        number = _note_number(note)
        if number is not None:
            note.set("style", f"counter-set: footnote {number - 1}")


def _note_number(note: etree._Element) -> int | None:
    match = re.search(r"note-(\d+)$", note.get("id") or "")
    return int(match.group(1)) if match else None


def _add_class(el: etree._Element, name: str) -> None:
    classes = (el.get("class") or "").split()
    if name not in classes:
        el.set("class", " ".join(classes + [name]))


__all__ = ["FigurePlace", "lay_out", "prepare"]
