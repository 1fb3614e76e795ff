"""Checks on laid-out pages: is any line of text printed over the notes at the foot of its page?

WeasyPrint sets a page's notes in its note area (``@footnote``) and should end the text above it;
in two columns interrupted by an element across them (a wide table) it once forgot the notes called
before that element (corrected in :mod:`.columns_fix`).  Whatever the cause, after layout each page's
line boxes outside the note area are compared with the note area's top: a line that reaches into it
is printed over the notes (``layout.overprint``).
"""

from __future__ import annotations

from ...model.nodes import Article
from ...support.diagnostics import Reporter
from .paragraph_cut import block_lines

TOLERANCE_PX = 1.0  # rounding in the layout


def overprints(document) -> list[tuple[int, int, str]]:
    """(page index, ``data-block`` of the body block, or -1, the line's first words) for the first line of
    each page printed over its notes."""
    # only where pages are laid out (typeset.py)
    from weasyprint.formatting_structure import boxes

    found = []
    for index, page in enumerate(document.pages):
        page_box = page._page_box  # the laid-out boxes are what we check
        areas = [b for b in page_box.descendants() if isinstance(b, boxes.FootnoteAreaBox) and b.children]
        if not areas:
            continue
        area = areas[0]
        top = area.position_y + area.margin_top  # its rule (border-top) and the notes under it
        bottom = area.position_y + area.margin_height() - area.margin_bottom
        left, right = area.position_x, area.position_x + area.margin_width()
        for line, block in block_lines(page_box, (boxes.FootnoteAreaBox, boxes.MarginBox)):
            # a figure's caption under the notes (a figure at the page's foot, figure_places.py) is not over them
            if line.position_y + line.height > top + TOLERANCE_PX and line.position_y < bottom - TOLERANCE_PX \
                    and line.position_x < right and line.position_x + line.width > left and _text(line).strip():
                found.append((index, block, " ".join(_text(line).split())[:48]))
                break
    return found



def _text(box) -> str:
    text = getattr(box, "text", None)
    if isinstance(text, str):
        return text
    return "".join(_text(child) for child in getattr(box, "children", ()))


def check_overprint(article: Article, overprinted: tuple[tuple[int, int, str], ...], first_folio: int,
                    reporter: Reporter) -> None:
    """``layout.overprint`` at the block of ``article`` whose line the layout printed over the notes."""
    for page, block, words in overprinted:
        node = article.blocks[block] if 0 <= block < len(article.blocks) else None
        reporter.error("layout.overprint", f"on page {first_folio + page} the line « {words} » is printed over "
                       "the notes at the foot of the page: move the table or figure set across the columns on "
                       "that page, or a note called before it, or shorten the text",
                       node.pos if node is not None else article.pos, page=first_folio + page)


__all__ = ["check_overprint", "overprints"]
