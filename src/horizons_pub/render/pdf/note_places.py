"""Checks on laid-out pages, against the model: is every note printed on the page of its call?

WeasyPrint can push a note to the next page, or never lay it out, when
widows and orphans force a line over to the next page (see FIELD-NOTES).  After
layout we walk each page's boxes: a footnote call is an inline box whose
``element_tag`` ends in ``::footnote-call`` (its element is the note), and a
laid-out note is a child of the page's ``FootnoteAreaBox``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...support.diagnostics import Reporter
from ...model.nodes import Article
from ...model.walk import iter_notes
from ..html.writer import BLOCK_ATTR


@dataclass(frozen=True)
class PageNotes:
    calls: frozenset[str]  # ids of the notes whose call is on the page
    notes: frozenset[str]  # ids of the notes printed at the foot of the page


def notes_per_page(document) -> list[PageNotes]:
    out = []
    for page in document.pages:
        calls: set[str] = set()
        notes: set[str] = set()
        _walk(page._page_box, calls, notes)  # noqa: SLF001 - the laid-out boxes are what we check
        out.append(PageNotes(frozenset(calls), frozenset(notes)))
    return out


def _walk(box, calls: set[str], notes: set[str]) -> None:
    from weasyprint.formatting_structure import boxes  # only where pages are laid out (typeset.py)

    if isinstance(box, boxes.FootnoteAreaBox):
        notes.update(child.element.get("id") for child in box.children
                     if child.element is not None and child.element.get("id"))
        return
    if (box.element_tag or "").endswith("::footnote-call"):
        if box.element is not None and box.element.get("id"):
            calls.add(box.element.get("id"))
        return
    for child in getattr(box, "children", ()):
        _walk(child, calls, notes)


def page_blocks(document) -> list[int]:
    """For each page after the first, the first numbered body block (``data-block``) that begins on it.

    A page that only continues a block (a long paragraph) gets the next block that
    begins later, or one past the last block: its page break goes there.
    """
    seen: set[int] = set()
    starts: list[int | None] = []
    for page in document.pages:
        here: list[int] = []
        _blocks(page._page_box, here)  # noqa: SLF001
        fresh = [b for b in here if b not in seen]
        starts.append(min(fresh) if fresh else None)
        seen.update(here)
    end = max(seen, default=-1) + 1
    resolved: list[int] = []
    for value in reversed(starts[1:]):
        end = value if value is not None else end
        resolved.append(end)
    return resolved[::-1]


def _blocks(box, found: list[int]) -> None:
    element = box.element
    if element is not None and element.get(BLOCK_ATTR) is not None and box.element_tag == element.tag:
        found.append(int(element.get(BLOCK_ATTR)))
        return
    for child in getattr(box, "children", ()):
        _blocks(child, found)


def check_notes(article: Article, note_id, pages: list[PageNotes], first_folio: int, reporter: Reporter) -> None:
    """Report a note that is lost (error) or printed on another page than its call (warning);
    ``pages``: what :func:`notes_per_page` found on the part's pages (read once: each note is then looked
    up, not searched for on every page)."""
    call_pages = _folios(pages, "calls", first_folio)
    note_pages = _folios(pages, "notes", first_folio)
    for note in iter_notes(article):
        nid = note_id(note)
        calls, notes = call_pages.get(nid, ()), note_pages.get(nid, ())
        if not notes:
            where = f" (its call is on page {calls[0]})" if calls else ""
            reporter.error("note.lost", f"note {note.number} is not printed{where}: the layout lost it; "
                           "shorten the paragraph around the call or move the call", note.pos,
                           note=note.number, **({"call": calls[0]} if calls else {}))
        elif calls and notes[0] != calls[0]:
            reporter.warning("note.moved", f"note {note.number} is printed on page {notes[0]}, "
                             f"not on page {calls[0]} where it is called", note.pos,
                             note=note.number, page=notes[0], call=calls[0])


def _folios(pages: list[PageNotes], field: str, first_folio: int) -> dict[str, list[int]]:
    """Each note id of the pages' ``field`` (``calls`` or ``notes``) → the folios it is on, in page order."""
    found: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        for nid in getattr(page, field):
            found.setdefault(nid, []).append(first_folio + i)
    return found


__all__ = ["check_notes", "notes_per_page", "page_blocks", "PageNotes"]
