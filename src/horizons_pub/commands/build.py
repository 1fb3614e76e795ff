"""``horizons-pub build``: read, check and build each issue; print its outline and the files written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..builder.recipe import FORMATS, build_issue
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
        if (result.issue is None and not result.up_to_date) or issue_reporter.has_errors():
            failed = True
            print(f"{display_path(folder)}: build failed ({len(issue_reporter.errors)} error(s))", file=sys.stderr)
            continue
        if not args.quiet:
            print("\n".join(result.outline))
            for path in result.outputs:
                print(f"  → {display_path(path)}")
            if result.up_to_date:
                print("  (up to date: nothing changed since the last build)")
    return 1 if failed else 0
