"""WeasyPrint 70's multi-column layout given back its last trial of a page's first column instead of laying it out again.

``columns_layout`` (``weasyprint/layout/column.py``) finds the height of a page's columns by laying
them out in trials (at the full height, again at a smaller one when the notes called in them took
room, then growing the height step by step to balance a last page), forgets each trial, and then
lays the columns out once more for good, at the height found (« Replace the current box children
with real columns »).  The first column of that final layout is a call of ``block_box_layout`` with
the same column box (same content, same place: the first column stands at the box's left edge in
the trials and in the final layout alike), the same room, the same resume point and the same
styles as the first column of the last trial; WeasyPrint's layout depends on nothing else than its
arguments and the layout context, so when the context is also the one that trial started from, the
final call gives what the trial gave.  This module keeps the last trial's first column (its result,
and the context it left), and when the final call comes with equal arguments in an equal context,
it returns that result and puts the context back as the trial left it, instead of laying the
column out again.  Whenever anything differs (the page's first column is « empty page » in the
trials but not in the final layout or the reverse, a note went back to the waiting list, a float,
a running element, an absolutely placed box…), the column is laid out as before.  The other columns
are laid out again as before: WeasyPrint's trials lay every column out at the first column's
left edge, and the room a line gets is computed from its left edge (``avoid_collisions``:
``(x + width) - x``), so their trials are not exactly their final layouts.

The context compared: the page's notes (laid out, moved to the next page, the height of their area),
the number of notes still waiting (with the two lists above equal, the waiting notes are the same
ones: in a column a note only moves between the waiting list and those two lists, and is never in
two of them; the notes the trial took from the waiting list must be waiting again), the floats of the formatting context, the boxes broken out of the flow, the running
elements, the page's bottom and its forced break.  The boxes laid out keep one trace of a layout
that the next one reads (the sides whose decoration was removed, read only to round corners):
a column holding a box with a rounded corner is laid out again.  The column box itself is compared
attribute by attribute.  What remains assumed is what WeasyPrint's own trials assume: two layouts
of the same boxes, with equal arguments from an equal context, are the same.  The PDFs are
byte-identical to WeasyPrint's (tests/render/pdf/test_columns_reuse.py; builds compared with
``cmp``).  Only for the version it was written for (70.0: 3 calls of ``block_box_layout`` in
``columns_layout``, the last one the final layout, passing ``None`` as its adjoining margins where
the trials pass ``[]`` and the probe of the next box an infinite bottom space).
"""

from __future__ import annotations

import inspect
from math import inf

import weasyprint
from weasyprint.layout import block as _block
from weasyprint.layout import column as _column

VERSION = "70.0"  # the WeasyPrint whose columns_layout and block_box_layout this was written for
#: column layouts answered from the last trial / laid out again (benchmarks and tests read them)
counts = {"reused": 0, "laid": 0}


class _Trial:
    __slots__ = ("key", "resume", "before", "after", "result", "laid")


def _state(context) -> tuple:
    """What a column's layout reads and changes in the layout context, as values that compare."""
    area = context.current_footnote_area
    running = tuple((name, tuple((page, tuple(boxes)) for page, boxes in pages.items()))
                    for name, pages in context.running_elements.items())
    return (tuple(context.current_page_footnotes), tuple(context.reported_footnotes), len(context.footnotes),
            area.height, area.children is context.current_page_footnotes,
            tuple(context._excluded_shapes_root_boxes), tuple(context.excluded_shapes),
            tuple(context.broken_out_of_flow.items()), running, context.page_bottom, context.forced_break,
            context.in_column)


def _laid_notes(before: tuple, after: tuple) -> tuple:
    """The notes the trial laid out on the page (or moved to the next one): they left the waiting list."""
    old = {id(note) for note in before[0] + before[1]}
    return tuple(note for note in after[0] + after[1] if id(note) not in old)


def _restore(context, trial: _Trial) -> None:
    """The context as the trial left it (called in a context equal to the one it started from)."""
    current, reported, _, height, shared, _, shapes, broken, *_ = trial.after
    for note in trial.laid:  # as layout_footnote takes them (the order of the waiting list is never read)
        context.footnotes.remove(note)
    context.current_page_footnotes[:] = current
    context.reported_footnotes[:] = reported
    context.current_footnote_area.height = height
    if shared:
        context.current_footnote_area.children = context.current_page_footnotes
    context.excluded_shapes[:] = shapes
    context.broken_out_of_flow.clear()
    context.broken_out_of_flow.update(broken)


def _restorable(before: tuple, after: tuple) -> bool:
    """Whether :func:`_restore` can give the context the trial left: the notes it laid out came from the
    waiting list and none went back to it; no float formatting context, running element, page bottom
    or forced break changed."""
    old = {id(note) for note in before[0] + before[1]}
    new = {id(note) for note in after[0] + after[1]}
    return old <= new and after[2] == before[2] - len(new - old) and after[5] == before[5] \
        and after[8:] == before[8:]


_CORNERS = ("top_left", "top_right", "bottom_right", "bottom_left")


def _square(box) -> bool:
    """Whether the box has no rounded corner (WeasyPrint's short track: a zero radius one way or the other)."""
    style = box.style
    return all((0, "px") in style[f"border_{corner}_radius"] for corner in _CORNERS)


def _all_square(column) -> bool:
    """Whether no box of a laid-out column has a rounded corner: the one attribute WeasyPrint's layout leaves
    on the boxes it lays out (the sides whose decoration it removed) is read again only to round corners."""
    return all(_square(box) for box in column.descendants() if hasattr(box, "style"))


def _box_values(box) -> dict:
    """The column box's attributes, but for the sides whose decoration an earlier layout removed when the
    box has no rounded corner: WeasyPrint reads them only to round corners (``resolve_radii_percentages``,
    after the short track for a zero radius), and the margins, paddings and borders they zeroed are
    compared as attributes of their own.  (The trials lay out one column box again and again, and each
    layout marks it; the final layout makes a new one.)"""
    values = dict(vars(box))
    if _square(box):
        del values["remove_decoration_sides"]
    return values


def _key(box, bottom_space, skip_stack, containing_block, page_is_empty, first_letter_style, first_line_style,
         discard, max_lines) -> tuple:
    return (_box_values(box), bottom_space, id(skip_stack), id(containing_block), bool(page_is_empty),
            id(first_letter_style), id(first_line_style), discard, max_lines)


def _reusing_block_box_layout(context, box, bottom_space, skip_stack, containing_block, page_is_empty,
                              absolute_boxes, fixed_boxes, adjoining_margins, first_letter_style, first_line_style,
                              discard, max_lines):
    sessions = context.__dict__.get("_columns_reuse")
    if not box.is_column or not sessions or bottom_space == inf:
        return _original_block_box_layout(
            context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes, fixed_boxes,
            adjoining_margins, first_letter_style, first_line_style, discard, max_lines)
    trials = sessions[-1]
    key = _key(box, bottom_space, skip_stack, containing_block, page_is_empty, first_letter_style,
               first_line_style, discard, max_lines)
    if adjoining_margins is None:  # the final layout (the trials give [])
        trial = trials.get(id(skip_stack))
        if (trial is not None and trial.key == key and _state(context) == trial.before
                and all(note in context.footnotes for note in trial.laid) and _all_square(trial.result[0])):
            counts["reused"] += 1
            _restore(context, trial)
            return trial.result
        counts["laid"] += 1
    elif adjoining_margins == [] and not absolute_boxes and not fixed_boxes:  # a trial: kept if restorable
        trials.pop(id(skip_stack), None)
        trial = _Trial()
        trial.key, trial.before = key, _state(context)
        result = _original_block_box_layout(
            context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes, fixed_boxes,
            adjoining_margins, first_letter_style, first_line_style, discard, max_lines)
        trial.after = _state(context)
        if result[0] is not None and not absolute_boxes and not fixed_boxes and _restorable(trial.before, trial.after):
            trial.resume, trial.result = skip_stack, result  # the resume point kept alive: its id stays its own
            trial.laid = _laid_notes(trial.before, trial.after)
            trials[id(skip_stack)] = trial
        return result
    return _original_block_box_layout(
        context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes, fixed_boxes,
        adjoining_margins, first_letter_style, first_line_style, discard, max_lines)


def _session(columns_layout):
    def reusing_columns_layout(context, *args, **kwargs):
        sessions = context.__dict__.setdefault("_columns_reuse", [])
        sessions.append({})
        try:
            return columns_layout(context, *args, **kwargs)
        finally:
            sessions.pop()
    reusing_columns_layout.reuses = columns_layout
    return reusing_columns_layout


_original_block_box_layout = _block.block_box_layout


#: the calls of block_box_layout in WeasyPrint 70.0's columns_layout, told apart by the module: a column of a
#: trial (adjoining margins ``[]``), the probe of the next box (an infinite bottom space), the final layout
#: (``None``)
_CALLS = (
    """                new_box, resume_at, next_page, _, _, _ = block_box_layout(
                    context, column_box,
                    context.page_bottom - current_position_y - height,
                    column_skip_stack, containing_block,
                    page_is_empty or not balancing, [], [], [], first_letter_style,
                    first_line_style, discard=False, max_lines=None)
""",
    """                        next_box = block_box_layout(
                            context, column_box, inf, column_skip_stack,
                            containing_block, True, [], [], [], first_letter_style,
                            first_line_style, discard=False, max_lines=None)[0]
""",
    """                block_box_layout(
                    context, column_box, bottom_space, skip_stack, containing_block,
                    original_page_is_empty, absolute_boxes, fixed_boxes, None,
                    first_letter_style, first_line_style, discard=False,
                    max_lines=None))
""")


def applies() -> bool:
    """Whether this WeasyPrint is the one the reuse was written for: its version, and its columns_layout
    calling block_box_layout as this module tells the calls apart (three times, each as written above)."""
    if weasyprint.__version__ != VERSION:
        return False
    source = inspect.getsource(_column.columns_layout)
    return source.count("block_box_layout(") == len(_CALLS) and all(source.count(call) == 1 for call in _CALLS)


def install() -> bool:
    """Reuse the last trial's first column in every layout of this process (idempotent; after
    columns_fix.install, whose function it wraps); False when this WeasyPrint is not the one it was
    written for (nothing is changed then)."""
    if hasattr(_block.columns_layout, "reuses"):
        return True
    if not applies() or _block.block_box_layout is not _original_block_box_layout:
        return False
    _block.block_box_layout = _reusing_block_box_layout
    _block.columns_layout = _session(_block.columns_layout)
    return True


def uninstall() -> None:
    """WeasyPrint's layout again (for the tests that compare both)."""
    if hasattr(_block.columns_layout, "reuses"):
        _block.columns_layout = _block.columns_layout.reuses
    _block.block_box_layout = _original_block_box_layout
