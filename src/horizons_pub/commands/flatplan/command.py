"""``horizons-pub flatplan``: the chemin de fer of an issue, as a production editor reads it.

Every page of the print PDF (its trim box: no bleed, no crop marks) as a
thumbnail, in spreads (page 1 alone on the right, then 2–3, 4–5, …), each page
under a band of its rubric's colour, the title of each part over its first page,
the reserved pages hatched, the pages an overflow makes (or moves) in red, the
notes printed away from their call marked on their page, and the layout's
diagnostics listed below the plan.

Written for each issue into ``<out>/<issue>/``:

* ``flatplan.html``: one page, its CSS inlined, opening from the file system with
  no network; it shows the thumbnails of ``flatplan/page-NNN.png``;
* ``flatplan.png``: the whole plan as one image, composed with Pillow from the
  same thumbnails (to paste into a mail or a ticket).

What the plan shows comes from ``layout.json`` (see render/pdf/layout_file.py),
written by the build; the issue is built first when its outputs are missing or
older than its source (builder.recipe.ensure_built).  When that build fails after
reading the issue (an overflow the sommaire cannot take, a lost note), the plan is
drawn all the same, from the layout as it stands (builder/draft.py: laid out again
from the parts' cache, written under ``.cache/draft/``), its errors listed below it,
and the command exits 1: that is when the editor needs the plan most.  This module
runs the command; plan.py makes the plan, thumbnails.py, page_html.py and png.py
draw it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ...builder.draft import write_draft
from ...builder.recipe import ensure_built
from ...model.nodes import Issue
from ...render.pdf.layout_file import LAYOUT_FILE, LayoutFileError, read_layout
from ...support.atomic import write_bytes
from ...support.diagnostics import Reporter
from ...support.paths import display_path
from .page_html import HTML_FILE, flatplan_html
from .plan import OVERLAP_CODE, build_plan, thumbnails_by_folio
from .png import PNG_FILE, flatplan_png
from .records import THUMB_WIDTH
from .thumbnails import THUMB_DENSITY, render_thumbnails, source_pdf, write_thumbnails


def write_flatplan(issue: Issue, out_dir: Path, reporter: Reporter, say=lambda text: None,
                   layout_file: Path | None = None, pdf: Path | None = None) -> list[Path]:
    """Write flatplan.html, flatplan.png and the thumbnails into ``out_dir`` (built); the paths written.

    ``layout_file`` and ``pdf``: a layout.json and the print PDF to draw instead of the build's (a draft)."""
    from PIL import Image

    layout_file = layout_file or out_dir / LAYOUT_FILE
    if not layout_file.is_file():
        reporter.error("flatplan.no-layout", f"no {LAYOUT_FILE}: build the issue first", path=display_path(out_dir))
        return []
    try:
        layout = read_layout(layout_file, Path(issue.folder))
    except LayoutFileError as exc:
        reporter.error("flatplan.no-layout", str(exc), path=display_path(out_dir))
        return []
    plan = build_plan(layout, issue)
    for diag in plan.diagnostics:
        if diag.code == OVERLAP_CODE:
            reporter.warning("flatplan.overlap", diag.message, path=display_path(out_dir))
    pdf = pdf or source_pdf(issue, out_dir, len(plan.pages))
    if pdf is None:
        reporter.error("flatplan.no-pdf", "no PDF to draw the pages from: build the issue first",
                       path=display_path(out_dir))
        return []
    say(f"rendering {len(plan.pages)} pages of {display_path(pdf)}")
    thumbs = thumbnails_by_folio(layout, render_thumbnails(pdf, THUMB_WIDTH * THUMB_DENSITY))
    if not thumbs:
        reporter.error("flatplan.no-pdf", f"{display_path(pdf)} has no page", path=display_path(out_dir))
        return []
    if len(thumbs) != len(plan.pages):
        reporter.warning("flatplan.pages", f"{display_path(pdf)} has {len(thumbs)} pages, {LAYOUT_FILE} "
                         f"{len(plan.pages)}: the thumbnails may not match the plan", path=display_path(out_dir))
    plan.thumb_size = (THUMB_WIDTH, round(THUMB_WIDTH * thumbs[0].height / thumbs[0].width))
    plan.source_pdf = pdf.relative_to(out_dir).as_posix() if pdf.is_relative_to(out_dir) else pdf.name
    write_thumbnails(plan, thumbs, out_dir)
    say(f"composing {HTML_FILE} and {PNG_FILE}")
    html = out_dir / HTML_FILE
    write_bytes(html, flatplan_html(plan).encode("utf-8"))
    small = [t.resize(plan.thumb_size, Image.Resampling.LANCZOS) for t in thumbs]
    while len(small) < len(plan.pages):
        small.append(Image.new("RGB", plan.thumb_size, "white"))
    png = out_dir / PNG_FILE
    write_bytes(png, flatplan_png(plan, small))
    return [html, png]


def main(args) -> int:
    from ..folders import issue_folders

    reporter = Reporter()
    folders = issue_folders(args.issues, reporter, "flatplan")
    failed = reporter.has_errors()
    verbose = getattr(args, "verbose", False)
    quiet = getattr(args, "quiet", False)
    for folder in folders:
        issue_reporter = Reporter()
        shown = display_path(folder)

        def say(text: str, shown: str = shown) -> None:
            if verbose:
                print(f"{shown}: {text}", file=sys.stderr)

        out_root = Path(args.out)
        layout_before = _mtime(out_root / folder.name / LAYOUT_FILE)
        result = ensure_built(folder, out_root, issue_reporter)
        if result.issue is None:  # the source has errors: there is nothing to lay out
            failed = True
            print(f"{shown}: build failed ({issue_reporter.counts()}): flatplan not made", file=sys.stderr)
            continue
        out_dir = out_root / result.issue.id
        said = len(issue_reporter.errors)
        if said:  # the layout failed: draw it as it stands, as the editor needs
            failed = True
            draft = None if "output.write" in issue_reporter.codes() else write_draft(result.issue, out_dir)
            if draft is None:
                print(f"{shown}: build failed ({issue_reporter.counts()}): flatplan not made", file=sys.stderr)
                continue
            print(f"{shown}: build failed ({issue_reporter.counts()}), no output written: the flatplan shows "
                  f"the layout as it stands, from {display_path(draft.pdf)}", file=sys.stderr)
            written = write_flatplan(result.issue, out_dir, issue_reporter, say, draft.layout, draft.pdf)
        else:
            say("built" if _mtime(out_dir / LAYOUT_FILE) != layout_before else "outputs up to date: not rebuilt")
            written = write_flatplan(result.issue, out_dir, issue_reporter, say)
        if not written or len(issue_reporter.errors) > said:
            failed = True
            print(f"{shown}: flatplan not made", file=sys.stderr)
            continue
        if not quiet:
            for path in written:
                print(f"{shown} → {display_path(path)}")
    return 1 if failed else 0


def _mtime(path: Path) -> float | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


__all__ = ["main", "write_flatplan"]
