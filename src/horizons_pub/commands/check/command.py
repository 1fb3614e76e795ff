"""``horizons-pub check``: build each issue if needed, then run the real validators and report.

One report per issue, one line per check, each in one of three states:

``passed``   the check ran and found nothing wrong (it may carry a warning, said first: ``--strict``
             fails it);
``failed``   it ran and found a problem;
``not run``  it could not run, and why: a validator is missing (the line gives the one command that
             installs every validator), or the build failed.

An issue is ``failed`` when a check failed, else ``incomplete`` when a check was not run, else
``passed``.  The exit status is 0 only when every issue passed, or is incomplete only by checks that
``--allow-missing NAME`` names (a validator: ``epubcheck``, ``ace``, ``verapdf``, or a check name:
``epub.ace``…); those lines still say "not run".  ``--json`` carries the same states.

The checks, by name:

- ``build``: the issue builds (it is rebuilt only when an output is missing or older than its source);
- ``source.placeholders``: a value the ``new`` template left (« À CHANGER », « Prénom Nom », the date
  2000-01-01…), each at its line: a failure here, though only a warning when building;
- ``source.empty-articles``: each article without text, at its page (``--allow-empty`` accepts them);
- ``epub.epubcheck``: EPUBCheck on the EPUB (the jar of the ``epubcheck`` package, run by Java);
- ``epub.ace``: DAISY Ace on the EPUB (it drives chromium);
- ``print.*``: the printer's PDF: ``boxes`` (TrimBox on every page, BleedBox = trim + 3 mm, the trim of
  issue.yaml), ``output-intent`` (CMYK, GTS_PDFX), ``pdfx`` (PDF/X-4 in the XMP), ``fonts`` (all
  embedded, all from fonts/), ``page-labels`` (the folios of layout.json, less the cover board's four
  pages, which the cover PDF carries);
- ``screen.*``: the screen and archival PDF: ``pdfa-pdfua`` (PDF/A-3a and PDF/UA-1 identification),
  ``output-intent`` (sRGB), ``tagged``, ``sources`` (the source attached), ``fonts``, ``page-labels``,
  ``verapdf`` (veraPDF's PDF/A-3a and PDF/UA-1 profiles);
- ``layout.*``, from the build's layout.json: ``flatplan`` (a part overflows its pages or starts late:
  a failure here, though only a warning when building), ``pages`` (pages laid out vs planned),
  ``notes`` (a lost note fails, a moved one is a warning), ``reserved`` (the reserved page ranges),
  ``messages`` (anything else the layout said).

The external tools of one issue (EPUBCheck, Ace, veraPDF) run in the background while the next
issue builds.  EPUBCheck's JSON and Ace's reports are kept in ``<out>/<issue>/check/``.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ...model.identity import Edition, file_name
from ...render.pdf.board import interior_folios
from ...render.pdf.layout_file import LAYOUT_FILE
from ...support.diagnostics import Reporter
from ...support.paths import display_path
from .ace import run_ace
from .build_check import build_check
from .epubcheck import run_epubcheck
from .layout_checks import check_layout, load_layout
from .pdf_checks import MM, check_print_pdf, check_screen_pdf
from .printing import OrderedPrinter, TextPrinter, summary_line
from .report import (CHECK_NAMES, FAILED, LAYOUT_CHECKS, TOOLS, Check, IssueReport, allow, allow_names, failed, not_run,
                     overall_status, strict)
from .source_checks import check_empty_articles, check_placeholders
from .tools import capture
from .verapdf import run_verapdf


@dataclass(frozen=True)
class Policy:
    """What the options make of the checks: ``--strict``, ``--allow-missing``, ``--allow-empty``."""

    strict: bool = False
    allow_missing: frozenset[str] = field(default_factory=frozenset)
    allow_empty: bool = False

    def apply(self, check: Check) -> Check:
        return allow(strict(check) if self.strict else check, set(self.allow_missing))

    def later(self, run: Callable[[], Check]) -> Callable[[], Check]:
        return lambda: self.apply(run())


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
    allowed = list(getattr(args, "allow_missing", None) or [])
    unknown = [name for name in allowed if name not in allow_names()]
    if unknown:
        print(f"horizons-pub check: error: --allow-missing {unknown[0]}: neither a validator ({', '.join(TOOLS)}) "
              f"nor a check ({', '.join(CHECK_NAMES)})", file=sys.stderr)
        return 2
    policy = Policy(bool(getattr(args, "strict", False)), frozenset(allowed), bool(getattr(args, "allow_empty", False)))

    top = Reporter(echo=False)
    folders = issue_folders(args.issues, top, "check")
    reports: list[IssueReport] = [
        IssueReport(Path(d.path or "source").name, d.path or "source", [failed("build", [d.format()])])
        for d in top.errors]
    printer = None if as_json else OrderedPrinter(TextPrinter(quiet=quiet))
    for report in reports:
        if printer:
            printer.add(report)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="check") as pool:
        for folder in folders:
            # the tools of this issue run in the background while the next one builds; its report is
            # printed as soon as they are done (and the reports before it are printed)
            report = start_issue(folder, out_root, pool, verbose=verbose, progress=progress, policy=policy)
            reports.append(report)
            if printer:
                printer.add(report)
        for report in reports:
            report.resolved()
    if printer and printer.broken:
        raise BrokenPipeError
    accepted = bool(reports) and all(r.accepted for r in reports)
    if as_json:
        json.dump({"status": overall_status(reports), "accepted": accepted, "strict": policy.strict,
                   "allow_missing": sorted(policy.allow_missing), "allow_empty": policy.allow_empty,
                   "issues": [r.to_json() for r in reports]}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif printer and len(reports) > 1 and not quiet:
        printer.printer.line(summary_line(reports))
    return 0 if accepted else 1


def _progress(message: str) -> None:
    print(f"check: {message}", file=sys.stderr, flush=True)


def start_issue(folder: Path, out_root: Path, pool: ThreadPoolExecutor, *, verbose: bool = False,
                progress: Callable[[str], None] = lambda m: None, policy: Policy = Policy()) -> IssueReport:
    """Build the issue if needed, start its external tools in ``pool``, run the other checks."""
    progress(f"{display_path(folder)}: reading, and building if needed")
    build, result, said = build_check(folder, out_root, verbose=verbose)
    issue = result.issue
    report = IssueReport(issue.id if issue else folder.name, display_path(folder), [policy.apply(build)])
    if build.status == FAILED or issue is None:
        rest = CHECK_NAMES[1:]
        if issue is not None:  # the reader read every file: what it found is known
            report.checks.append(policy.apply(check_placeholders(said)))
            rest = CHECK_NAMES[2:]
        report.checks += [not_run(name, "the build failed") for name in rest]
        return report
    out_dir = out_root / issue.id
    epub, print_pdf, screen_pdf = out_dir / file_name(issue, Edition.EPUB), out_dir / file_name(issue, Edition.PRINT), \
        out_dir / file_name(issue, Edition.SCREEN)
    reports_dir = out_dir / "check"
    progress(f"{issue.id}: EPUBCheck, DAISY Ace and veraPDF started")
    tools = {
        "epub.epubcheck": pool.submit(policy.later(capture(
            "epub.epubcheck", lambda: run_epubcheck(epub, reports_dir / "epubcheck.json")))),
        "epub.ace": pool.submit(policy.later(capture("epub.ace", lambda: run_ace(epub, reports_dir / "ace")))),
        "screen.verapdf": pool.submit(policy.later(capture("screen.verapdf", lambda: run_verapdf(screen_pdf)))),
    }
    progress(f"{issue.id}: PDF and layout checks")
    layout, layout_problem = load_layout(out_dir / LAYOUT_FILE, Path(issue.folder))
    folios = layout.folios() if layout is not None else None
    checks = [check_placeholders(said), check_empty_articles(issue, layout, allow_empty=policy.allow_empty)]
    report.checks += [policy.apply(c) for c in checks]
    report.checks += [tools["epub.epubcheck"], tools["epub.ace"]]
    # the print PDF is the interior: the cover board's pages are the cover PDF's (render/pdf/board.py)
    checks = check_print_pdf(print_pdf, interior_folios(issue, folios) if folios is not None else None,
                             (issue.trim.width_mm * MM, issue.trim.height_mm * MM))
    checks += check_screen_pdf(screen_pdf, folios)
    report.checks += [policy.apply(c) for c in checks]
    report.checks.append(tools["screen.verapdf"])
    if layout is None:
        checks = [failed(name, [layout_problem]) for name in LAYOUT_CHECKS]
    else:
        checks = check_layout(layout)
    report.checks += [policy.apply(c) for c in checks]
    return report
