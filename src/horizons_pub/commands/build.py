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
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..builder.recipe import FORMATS, build_issue
from ..builder.summary import output_labels
from ..support.diagnostics import Reporter
from ..support.paths import display_path
from .folders import issue_folders

#: Old names of formats, said for one release more: ``pdf`` was the screen PDF.
FORMAT_ALIASES = {"pdf": "screen"}


def main(args: argparse.Namespace) -> int:
    reporter = Reporter(strict=args.strict)
    folders = issue_folders(args.issues, reporter, "build")
    formats = list(dict.fromkeys(FORMAT_ALIASES.get(f, f) for f in args.format)) if args.format else list(FORMATS)
    failed = reporter.has_errors()
    for folder in folders:
        issue_reporter = Reporter(strict=args.strict)
        result = build_issue(folder, Path(args.out), formats, issue_reporter, jobs=args.jobs)
        shown = display_path(folder)
        if (result.issue is None and not result.up_to_date) or issue_reporter.has_errors():
            failed = True
            if getattr(args, "verbose", False) and result.details and not args.quiet:  # what was laid out
                print("\n".join(result.details), file=sys.stderr)
            print(f"{shown}: build failed ({issue_reporter.counts()})", file=sys.stderr)
            continue
        if not args.quiet:
            print("\n".join(result.outline))
            for line in output_lines(result.outputs):
                print(line)
            if getattr(args, "verbose", False) and result.details:  # what changed, each part's layout
                print("\n".join(result.details))
        if result.up_to_date:
            print(f"{shown}: up to date: nothing changed since the last build ({issue_reporter.counts()})")
        else:
            print(f"{shown}: built ({issue_reporter.counts()})")
    return 1 if failed else 0


def output_lines(outputs: list[Path]) -> list[str]:
    """« → path » for each output, the files of the articles said as one line for their folder."""
    return [f"  → {label}" for label in output_labels(outputs, display_path)]
