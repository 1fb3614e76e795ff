"""The interior of a perfect-bound issue: the print PDF without the pages of its cover board.

The cover board carries the front cover, page 2, page N − 1 and the back cover (board.py); they
are printed on the cover PDF (cover_spread.py).  So the merged print PDF loses its first two and
last two pages before it is finished: its page labels are still the real folios (3 … N − 2), and
what pointed at the pages cut (named destinations, links) goes with them.  The screen PDF and
the EPUB keep every page.
"""

from __future__ import annotations

import pikepdf
from pikepdf import NameTree

from ...model.nodes import Issue, PartKind
from ..pages import PageMap
from .board import BOARD_PAGES, board_indexes, has_cover_board, interior_folios


def cut_cover_board(pdf: pikepdf.Pdf, issue: Issue, folios: list[int], pages: PageMap) -> tuple[list[int], PageMap]:
    """Remove the cover board's pages from the merged ``pdf`` (in place) when the issue has a cover
    board; return the folios of the pages kept, and where things start without the covers (the outline
    then names no part that is not in the PDF)."""
    if not has_cover_board(issue) or len(pdf.pages) <= BOARD_PAGES:
        return folios, pages
    cut = {pdf.pages[i].obj.objgen for i in board_indexes(len(pdf.pages))}
    _drop_destinations(pdf, cut)
    for index in sorted(board_indexes(len(pdf.pages)), reverse=True):
        del pdf.pages[index]
    covers = (PartKind.COVER, PartKind.BACK_COVER)
    kept = PageMap(articles=dict(pages.articles), parts={k: v for k, v in pages.parts.items() if k not in covers},
                   breaks=pages.breaks, ends=pages.ends)
    return interior_folios(issue, folios), kept


def _page_of(dest) -> tuple[int, int] | None:
    """The page object a destination (an array, or a dictionary with /D) points at."""
    if isinstance(dest, pikepdf.Dictionary):
        dest = dest.get("/D")
    if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], pikepdf.Dictionary):
        return dest[0].objgen
    return None


def _drop_destinations(pdf: pikepdf.Pdf, cut: set[tuple[int, int]]) -> None:
    """The named destinations on the pages cut, and the links (on the pages kept) that lead to them."""
    gone: set[str] = set()
    names = pdf.Root.get("/Names")
    if names is not None and "/Dests" in names:
        tree = NameTree(names.Dests)
        gone = {name for name, dest in tree.items() if _page_of(dest) in cut}
        for name in gone:
            del tree[name]
    for page in pdf.pages:
        if page.obj.objgen in cut or "/Annots" not in page.obj:
            continue
        kept = [a for a in page.obj.Annots if not _leads_to(a, gone, cut)]
        if len(kept) != len(page.obj.Annots):
            page.obj.Annots = pikepdf.Array(kept)


def _leads_to(annot, gone: set[str], cut: set[tuple[int, int]]) -> bool:
    if annot.get("/Subtype") != "/Link":
        return False
    target = annot.get("/Dest")
    action = annot.get("/A")
    if target is None and isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/GoTo":
        target = action.get("/D")
    if isinstance(target, (pikepdf.String, pikepdf.Name)):
        return str(target).lstrip("/") in gone
    return target is not None and _page_of(target) in cut
