"""``horizons-pub build``: read, check and build each issue; print its outline and the files written.

Every diagnostic is printed on stderr as it is found, ``--quiet`` or not; a build that has
nothing to do (builder/stamp.py) prints the warnings of the build it reuses again.  Each
issue's last line says how it ended and counts its errors and warnings: on stdout
"<issue>: built (0 errors, 2 warnings)" or "<issue>: up to date: nothing changed since the
last build (0 errors, 2 warnings)", on stderr "<issue>: build failed (1 error, 0 warnings)".
``--quiet`` leaves out the outline and the list of files (the articles' files, ``articles/``, as one line
for their folder), nothing else.  ``--verbose`` adds, before
that last line, what changed since the last build ("built because: articles/b.md changed") and each
print part of each variant at its pages, taken from the cache or laid out and why ("laid out: its
text changed"), or, for a build with nothing to do, that every input is as at the last build (on
stderr, before "build failed", for a build that failed).

When a warm builder (builder/warm/: the one a preview of the same ``--out`` runs) serves the output root
and runs the same code, layouts/ and fonts/, the build is sent to it and prints the same lines (its
diagnostics after the build, not as found; ``--verbose`` says "built by the preview's warm builder");
else, with ``--no-warm``, or when its connection fails or drops, the build is made here.  Several issues
built here share one pool of workers (render/pdf/workers.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..builder.recipe import FORMATS, build_issue
from ..builder.summary import output_labels
from ..builder.warm.records import Built
from ..render.pdf.workers import Workers
from ..support.diagnostics import Reporter
from ..support.paths import display_path
from .folders import issue_folders

#: Old names of formats, said for one release more: ``pdf`` was the screen PDF.
FORMAT_ALIASES = {"pdf": "screen"}
WARM_LINE = "built by the preview's warm builder"


def main(args: argparse.Namespace) -> int:
    reporter = Reporter(strict=args.strict)
    folders = issue_folders(args.issues, reporter, "build")
    formats = list(dict.fromkeys(FORMAT_ALIASES.get(f, f) for f in args.format)) if args.format else list(FORMATS)
    failed = reporter.has_errors()
    verbose = getattr(args, "verbose", False)
    warm = folders and not getattr(args, "no_warm", False)
    workers = None
    try:
        for folder in folders:
            issue_reporter = Reporter(strict=args.strict)
            built = warm_build(folder, Path(args.out), formats, args.strict, args.jobs) if warm else None
            if built is None:
                warm = False  # not for the next issues either
                if workers is None and len(folders) > 1 and args.jobs != 1:  # (one job: all in this process)
                    workers = Workers(args.jobs)  # one pool for all of them
                result = build_issue(folder, Path(args.out), formats, issue_reporter, jobs=args.jobs, workers=workers)
                built = Built.of(result, issue_reporter.diagnostics)
            else:
                issue_reporter.replay(list(built.diagnostics))  # printed on stderr now, as a local build does
            failed = print_build(display_path(folder), built, issue_reporter, args.quiet, verbose) or failed
    finally:
        if workers is not None:
            workers.close()
    return 1 if failed else 0


def warm_build(folder: Path, out_root: Path, formats: list[str], strict: bool, jobs: int | None) -> Built | None:
    """The build made by the warm builder of ``out_root``; None when none runs, it refuses (another
    environment key: it ends), fails or drops the connection."""
    from ..builder.warm import places
    from ..builder.warm.client import make_request, request_build

    from ..support import progress

    if places.read_card(out_root) is None:  # no builder: the environment key is not computed
        return None
    progress.step(f"{folder.name}: sent to the warm builder")
    answer = request_build(make_request(folder, out_root, formats, strict, jobs))
    return answer if isinstance(answer, Built) else None


def print_build(shown: str, built: Built, reporter: Reporter, quiet: bool, verbose: bool) -> bool:
    """Print a build's outline, outputs, details and last line (its diagnostics are printed by
    ``reporter``); True when it failed."""
    lines, failed = report_lines(shown, built, reporter, quiet, verbose)
    for on_stderr, line in lines:
        print(line, file=sys.stderr if on_stderr else sys.stdout)
    return failed


def report_lines(shown: str, built: Built, reporter: Reporter, quiet: bool, verbose: bool
                 ) -> tuple[list[tuple[bool, str]], bool]:
    """What :func:`print_build` prints, each with whether it goes to stderr (an item may hold several lines, or
    none: an empty outline is an empty line, as ever); and whether it failed."""
    details = ([WARM_LINE] if built.warm else []) + list(built.details) if verbose else []
    if (not built.has_issue and not built.up_to_date) or reporter.has_errors():
        lines = [(True, "\n".join(details))] if details and built.details and not quiet else []  # what was laid out
        return lines + [(True, f"{shown}: build failed ({reporter.counts()})")], True
    lines = []
    if not quiet:
        lines.append((False, "\n".join(built.outline)))
        lines += [(False, line) for line in output_lines([Path(p) for p in built.outputs])]
        if details and built.details:  # what changed, each part's layout
            lines.append((False, "\n".join(details)))
    if built.up_to_date:
        lines.append((False, f"{shown}: up to date: nothing changed since the last build ({reporter.counts()})"))
    else:
        lines.append((False, f"{shown}: built ({reporter.counts()})"))
    return lines, False


def output_lines(outputs: list[Path]) -> list[str]:
    """« → path » for each output, the files of the articles said as one line for their folder."""
    return [f"  → {label}" for label in output_labels(outputs, display_path)]
