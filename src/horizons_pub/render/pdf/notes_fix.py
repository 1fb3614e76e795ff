"""WeasyPrint 70's list of the notes waiting to be laid out, given a membership test in constant time.

While it lays out a page, WeasyPrint keeps the document's notes not laid out yet in a list,
``LayoutContext.footnotes`` (weasyprint/layout/__init__.py).  For every line it lays out, and
again for every trial layout of a two-column page, ``_linebox_layout`` (weasyprint/layout/block.py)
asks of *each box of the line* whether its note is in that list
(``descendant.footnote in context.footnotes``): a box that calls no note asks for ``None``, which
is never there, so the list is read to its end, comparing ``None`` with every note still waiting.
An article's lines grow with its notes, and so does the list: the layout is quadratic in the
number of notes (measured in benchmarks/README.md, « Notes: growth with the number of notes »).

The correction: the list is a :class:`PendingNotes`, a list that also counts its members by
identity, so that ``in`` answers from that count.  A box defines no ``__eq__``, so ``in`` on the
plain list compared identities too: every answer, every order and every layout is the same (the
PDFs are byte-identical).  It is put in place by a property on ``LayoutContext`` that wraps every
list assigned to ``footnotes`` (its ``__init__`` and ``layout_document``'s repagination assign
one), and only for the version this was written for.

A second correction, :func:`install_area_memo`: ``LayoutContext._update_footnote_area`` lays the page's
whole note area out again each time a note is added to the page or taken back, only to learn its
height (the laid-out copy is thrown away; the area is laid out for drawing when the page is done), and
the trial layouts of a two-column page add and take back the same notes again and again: 6.6 times
per note at three notes a page, 63 % of the layout at seven.  The memo keeps, for the page's area, the
height, outer height and overflow each list of notes gave, and answers from it when the same notes
are in the area again; it is put in place only if WeasyPrint's function reads as it was written for.
"""

from __future__ import annotations

import inspect
from math import inf

import weasyprint
from weasyprint.formatting_structure import build
from weasyprint.layout import LayoutContext, block_level_layout

VERSION = "70.0"  # the WeasyPrint whose LayoutContext.footnotes this was written for


class PendingNotes(list):
    """A list of note boxes whose ``in`` takes constant time (a count of its members by ``id``: a member
    is alive while the list holds it, so no other object has its ``id``)."""

    __slots__ = ("_counts",)

    def __init__(self, items=()):
        super().__init__(items)
        self._recount()

    def _recount(self) -> None:
        self._counts: dict[int, int] = {}
        for item in self:
            self._counts[id(item)] = self._counts.get(id(item), 0) + 1

    def _add(self, item) -> None:
        self._counts[id(item)] = self._counts.get(id(item), 0) + 1

    def _drop(self, item) -> None:
        left = self._counts[id(item)] - 1
        if left:
            self._counts[id(item)] = left
        else:
            del self._counts[id(item)]

    def __contains__(self, item) -> bool:
        return id(item) in self._counts

    def append(self, item) -> None:
        super().append(item)
        self._add(item)

    def insert(self, index, item) -> None:
        super().insert(index, item)
        self._add(item)

    def extend(self, items) -> None:
        items = list(items)
        super().extend(items)
        for item in items:
            self._add(item)

    def __iadd__(self, items):
        self.extend(items)
        return self

    def remove(self, item) -> None:
        super().remove(item)  # the first member equal to it: itself (identity, as ``in`` tests it)
        self._drop(item)

    def pop(self, index=-1):
        item = super().pop(index)
        self._drop(item)
        return item

    def clear(self) -> None:
        super().clear()
        self._counts = {}

    def copy(self) -> PendingNotes:
        return PendingNotes(self)

    def __setitem__(self, index, value) -> None:
        super().__setitem__(index, value)
        self._recount()

    def __delitem__(self, index) -> None:
        super().__delitem__(index)
        self._recount()

    def __imul__(self, times):
        super().__imul__(times)
        self._recount()
        return self


def _get(context) -> PendingNotes:
    return context.__dict__["footnotes"]


def _set(context, notes) -> None:
    context.__dict__["footnotes"] = notes if isinstance(notes, PendingNotes) else PendingNotes(notes)


def applies() -> bool:
    """Whether this WeasyPrint is the one the correction was written for."""
    return weasyprint.__version__ == VERSION and "footnotes" not in vars(LayoutContext)


def install() -> bool:
    """Keep every layout context's waiting notes in a :class:`PendingNotes` (idempotent); False when this
    WeasyPrint is not the one it was written for (nothing is changed then)."""
    if isinstance(vars(LayoutContext).get("footnotes"), property):
        return True
    if not applies():
        return False
    LayoutContext.footnotes = property(_get, _set, doc="the notes not laid out yet (notes_fix.py)")
    return True


def uninstall() -> None:
    """WeasyPrint's plain list again (for the tests that compare both)."""
    if isinstance(vars(LayoutContext).get("footnotes"), property):
        del LayoutContext.footnotes


#: WeasyPrint 70.0's LayoutContext._update_footnote_area, whose behaviour :func:`_update_footnote_area` keeps
_AREA_SOURCE = """    def _update_footnote_area(self):
        \"\"\"Update the page bottom size and our footnote area height.\"\"\"
        if self.current_footnote_area.height != 'auto' and not self.in_column:
            self.page_bottom += self.current_footnote_area.margin_height()
        self.current_footnote_area.children = self.current_page_footnotes
        if self.current_footnote_area.children:
            footnote_area = build.create_anonymous_boxes(
                self.current_footnote_area.deepcopy())
            footnote_area = block_level_layout(
                self, footnote_area, -inf, None,
                self.current_footnote_area.page)[0]
            self.current_footnote_area.height = footnote_area.height
            if not self.in_column:
                self.page_bottom -= footnote_area.margin_height()
            last_child = footnote_area.children[-1]
            last_child_bottom = (
                last_child.position_y + last_child.margin_height() -
                last_child.margin_bottom)
            footnote_area_bottom = (
                footnote_area.position_y + footnote_area.margin_height() -
                footnote_area.margin_bottom)
            overflow = last_child_bottom > footnote_area_bottom
            return overflow
        else:
            self.current_footnote_area.height = 0
            if not self.in_column:
                self.page_bottom -= self.current_footnote_area.margin_height()
            return False
"""
_original_area = LayoutContext._update_footnote_area
#: how many times the note area was laid out / answered from the memo (benchmarks and tests read them)
area_counts = {"laid": 0, "memo": 0}


def _measure(context) -> tuple[float, float, bool]:
    """The note area laid out with its notes now: its height, its outer height, whether its notes overflow."""
    area = context.current_footnote_area
    memo = context.__dict__.get("_note_area_memo")
    if memo is None or memo[0] is not area:  # one memo per page's area
        memo = context.__dict__["_note_area_memo"] = (area, {})
    key = tuple(map(id, area.children))
    found = memo[1].get(key)
    if found is not None:
        area_counts["memo"] += 1
        return found[1]
    area_counts["laid"] += 1
    laid = block_level_layout(context, build.create_anonymous_boxes(area.deepcopy()), -inf, None, area.page)[0]
    last = laid.children[-1]
    overflow = (last.position_y + last.margin_height() - last.margin_bottom
                > laid.position_y + laid.margin_height() - laid.margin_bottom)
    result = (laid.height, laid.margin_height(), overflow)
    memo[1][key] = (tuple(area.children), result)  # the notes kept alive: their ids stay theirs
    return result


def _update_footnote_area(self):
    """WeasyPrint's, the area's layout answered from the memo for notes it has measured on this page."""
    if self.current_footnote_area.height != "auto" and not self.in_column:
        self.page_bottom += self.current_footnote_area.margin_height()
    self.current_footnote_area.children = self.current_page_footnotes
    if self.current_footnote_area.children:
        height, outer, overflow = _measure(self)
        self.current_footnote_area.height = height
        if not self.in_column:
            self.page_bottom -= outer
        return overflow
    self.current_footnote_area.height = 0
    if not self.in_column:
        self.page_bottom -= self.current_footnote_area.margin_height()
    return False


def install_area_memo() -> bool:
    """Measure each page's note area once per list of notes (idempotent); False when this WeasyPrint's
    function does not read as the one it was written for (nothing is changed then)."""
    if LayoutContext._update_footnote_area is _update_footnote_area:
        return True
    if weasyprint.__version__ != VERSION or inspect.getsource(_original_area) != _AREA_SOURCE:
        return False
    LayoutContext._update_footnote_area = _update_footnote_area
    return True


def uninstall_area_memo() -> None:
    LayoutContext._update_footnote_area = _original_area
