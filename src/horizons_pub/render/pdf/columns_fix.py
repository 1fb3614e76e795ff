"""WeasyPrint 70's multi-column layout corrected for the notes laid out before an element that spans the columns.

In ``weasyprint/layout/column.py`` (``columns_layout``), while the columns are laid out the page's
foot is not moved up by the notes called in them (``context.in_column``): each run of columns
subtracts only the growth of the note area it sees itself.  A run after an element set across the
columns (``column-span: all``, our wide tables) starts again from the page's foot, so the notes
called before that element on the same page are forgotten and the run's last lines are printed
over them (and so may be the spanning element itself).  The correction: each run, and each
spanning element, is given as many points less as the note area has grown since the multi-column
box started on this page.

The function is WeasyPrint's own, its source changed in two places and compiled again in a copy
of its module's namespace (WeasyPrint's module itself is left as it is); only for the version it was written for, and only if both places read as
expected (otherwise nothing is changed, and the layout check ``layout.overprint`` still reports
any text printed over the notes: overprint.py)."""

from __future__ import annotations

import inspect

import weasyprint
from weasyprint.layout import block as _block
from weasyprint.layout import column as _column

VERSION = "70.0"  # the WeasyPrint whose columns_layout these edits were written for
_EDITS = (
    # each run of columns: as much less room as the notes already laid out on this page take
    (("        height = max_height = (\n"
      "            context.page_bottom - current_position_y - original_bottom_space)\n"),
     ("        height = max_height = (\n"
      "            context.page_bottom - current_position_y - original_bottom_space -\n"
      "            (_note_area(context) - footnote_area_heights[0]))\n"
      "        footnote_area_heights.append(_note_area(context))\n")),
    # an element across the columns: likewise
    ("                    context, block, original_bottom_space, skip_stack, containing_block,\n",
     ("                    context, block,\n"
      "                    original_bottom_space + _note_area(context) - footnote_area_heights[0],\n"
      "                    skip_stack, containing_block,\n")),
)


def _note_area(context) -> float:
    """The height the page's note area takes now (as columns_layout measures it)."""
    area = context.current_footnote_area
    return 0 if area.height == "auto" else area.margin_height()


def corrected_columns_layout():
    """WeasyPrint's ``columns_layout`` with the edits made, or None when this WeasyPrint is not the one
    they were written for (another version, or a function that no longer reads as expected)."""
    if weasyprint.__version__ != VERSION:
        return None
    source = inspect.getsource(_column.columns_layout)
    if any(source.count(old) != 1 for old, _ in _EDITS):
        return None
    for old, new in _EDITS:
        source = source.replace(old, new)
    namespace = dict(vars(_column), _note_area=_note_area)
    exec(compile(source, _column.__file__, "exec"), namespace)  # noqa: S102 - WeasyPrint's own source, edited
    return namespace["columns_layout"]


#: WeasyPrint's own function, as its block layout calls it before :func:`install`
original = _block.columns_layout


def install() -> bool:
    """Use the corrected function for every layout in this process (idempotent); False when it cannot be."""
    corrected = _block.columns_layout if _block.columns_layout is not original else corrected_columns_layout()
    if corrected is None:
        return False
    _block.columns_layout = corrected
    return True
