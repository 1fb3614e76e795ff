"""The print layout as it stands, for an issue whose build failed after it was read.

An overflow the sommaire cannot take, a lost note, a font missing from ``fonts/``: the build
stops, and no output is replaced (the previous good files stay).  Yet that is exactly when a
production editor needs to see the pages, so ``flatplan`` draws this draft instead.

The draft is the print variant laid out again in this process, from the parts' cache the
failed build has just filled (so it costs little more than a merge), then merged and finished
like the real one.  It is written under ``<out>/<issue>/.cache/draft/``, never beside the
outputs: its ``layout.json`` (with the layout's diagnostics, errors included) and its print
PDF describe the layout as it stands, and nothing else reads them as the issue's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.nodes import Issue
from ..support.atomic import write_bytes
from ..support.cache import CACHE_DIR
from ..support.diagnostics import Reporter

DRAFT_DIR = f"{CACHE_DIR}/draft"


@dataclass(frozen=True)
class Draft:
    layout: Path  # <out>/<issue>/.cache/draft/layout.json
    pdf: Path  # the draft's print PDF beside it


def write_draft(issue: Issue, out_dir: Path, jobs: int | None = None) -> Draft | None:
    """Lay out and write the draft of ``issue`` (read and transformed) into ``out_dir``'s cache; None when
    it cannot be written (the reason is the build's own error, already said)."""
    from ..render.pdf.layout_file import LAYOUT_FILE, layout_report
    from ..render.pdf.pool import PartLayouts
    from ..render.pdf.renderer import lay_out_issue, pdf_path

    reporter = Reporter(echo=False)  # the build has said every problem already; layout.json keeps them
    parts = PartLayouts(out_dir / CACHE_DIR, jobs=jobs)
    try:
        paged, data = lay_out_issue(issue, "print", reporter, parts, whole=True)  # every page, covers too
    finally:
        parts.close()
    folder = out_dir / DRAFT_DIR
    draft = Draft(folder / LAYOUT_FILE, pdf_path(issue, folder, "print"))
    try:
        write_bytes(draft.pdf, data)
        write_bytes(draft.layout, layout_report(issue, paged, reporter))
    except OSError:  # the output folder cannot be written: the build said so (output.write)
        return None
    return draft
