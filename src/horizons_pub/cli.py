"""The ``horizons-pub`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .build import BuildResult, build_issue, discover_issues, load_issue
from .diagnostics import Reporter
from .reader.issue import display_path

FORMATS = ("epub", "print", "pdf")


def _issue_folders(args: argparse.Namespace, reporter: Reporter) -> list[Path]:
    if args.issues:
        folders = [Path(p) for p in args.issues]
        for folder in folders:
            if not (folder / "issue.yaml").is_file():
                reporter.error("issue.missing", "not an issue folder: it has no issue.yaml", path=str(folder))
        return [f for f in folders if (f / "issue.yaml").is_file()]
    folders = discover_issues(Path("source"))
    if not folders:
        reporter.error("issue.none", "no issue folder (with an issue.yaml) in source/; name one: "
                       "horizons-pub build path/to/issue", path="source")
    return folders


def cmd_build(args: argparse.Namespace) -> int:
    reporter = Reporter(strict=args.strict)
    folders = _issue_folders(args, reporter)
    formats = args.format or list(FORMATS)
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


def cmd_archive(args: argparse.Namespace) -> int:
    """Build each issue (all formats), then bag it into <out>/<issue>/archive/."""
    from .archive import make_archive

    reporter = Reporter(strict=args.strict)
    folders = _issue_folders(args, reporter)
    failed = reporter.has_errors()
    for folder in folders:
        issue_reporter = Reporter(strict=args.strict)
        result = build_issue(folder, Path(args.out), list(FORMATS), issue_reporter)
        if result.up_to_date:
            result = BuildResult(load_issue(folder, issue_reporter), result.outputs)
        if result.issue is None or issue_reporter.has_errors():
            failed = True
            print(f"{display_path(folder)}: archive not made ({len(issue_reporter.errors)} error(s))", file=sys.stderr)
            continue
        bag = make_archive(result.issue, Path(args.out) / result.issue.id)
        if not args.quiet:
            print(f"{display_path(folder)} → {display_path(bag)}")
    return 1 if failed else 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .verify import verify_bag

    failed = False
    for bag in args.bags:
        verdict = verify_bag(Path(bag))
        for file, what in verdict.problems:
            print(f"{display_path(Path(file))}: error: {what} [archive.invalid]", file=sys.stderr)
        if verdict.ok:
            print(f"{bag}: valid")
        else:
            failed = True
            print(f"{bag}: NOT valid ({len(verdict.problems)} problem(s))", file=sys.stderr)
    return 1 if failed else 0


#: The commands: name → (help, description, example, what it runs, its own arguments).
ISSUES = ("issues", {"nargs": "*", "metavar": "ISSUE_DIR", "help": "issue folders (default: all in source/)"})
OUT = ("--out", {"default": "build", "metavar": "DIR", "help": "output folder (default: build)"})
STRICT = ("--strict", {"action": "store_true", "help": "treat warnings as errors"})


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


def _commands() -> dict[str, tuple]:
    return {
        "build": ("build issues into EPUB and PDF",
                  "Read, check and build each issue folder (default: every folder of source/).",
                  "horizons-pub build source/hp-38 --format epub --out build", cmd_build,
                  [ISSUES, OUT, ("--format", {"action": "append", "choices": FORMATS,
                                              "help": "build only this format (repeatable; default: all)"}),
                   STRICT, ("--jobs", {"type": _positive, "metavar": "N",
                                       "help": "processes laying out the print parts (default: one per core)"})]),
        "archive": ("build and bag issues for long-term keeping (BagIt)",
                    "Build each issue, then write <out>/<issue>/archive/: a BagIt bag with the archival PDF "
                    "(PDF/A-3a, its source attached), the EPUB, the source, Dublin Core and a manifest.",
                    "horizons-pub archive && horizons-pub verify build/hp-38/archive", cmd_archive,
                    [ISSUES, OUT, STRICT]),
        "verify": ("check an archive bag: checksums, files, PDF/A claims, EPUB",
                   "Check a bag made by 'horizons-pub archive'; exit 0 only when everything holds.",
                   "horizons-pub verify build/hp-38/archive", cmd_verify,
                   [("bags", {"nargs": "+", "metavar": "BAG", "help": "bag folders"})]),
        "check": ("build if needed, then run the validators and print one report",
                  "Build each issue if its outputs are missing or older than its source, then run EPUBCheck, "
                  "DAISY Ace (when installed), veraPDF, the PDF checks (boxes, output intents, fonts, PDF/A and "
                  "PDF/UA identification, page labels) and the layout checks; exit 0 only when nothing fails.",
                  "horizons-pub check source/hp-38 --json > report.json", _lazy("check"),
                  [ISSUES, OUT, ("--json", {"action": "store_true", "help": "print the report as JSON"})]),
        "flatplan": ("the chemin de fer: every page as a thumbnail, in spreads (HTML and PNG)",
                     "Write <out>/<issue>/flatplan.html and flatplan.png from the print PDF (built if needed).",
                     "horizons-pub flatplan source/hp-38 && xdg-open build/hp-38/flatplan.html",
                     _lazy("flatplan_view"), [ISSUES, OUT]),
        "preview": ("a local preview server that rebuilds on save and reloads the browser",
                    "Serve the issue's pages in the print styles and its flatplan on a loopback address; "
                    "rebuild what changed when a source file is saved.",
                    "horizons-pub preview source/hp-38 --port 8038  (then open http://127.0.0.1:8038/)",
                    _lazy("preview"),
                    [("issue", {"nargs": "?", "metavar": "ISSUE_DIR",
                                "help": "issue folder (default: the only one, or the last one, in source/)"}),
                     ("--port", {"type": int, "default": 8038,
                                 "help": "port (default: 8038; 0 for any free port)"}), OUT]),
        "new": ("start a new issue folder that builds as it is",
                "Create source/hp-NUMBER/ with an issue.yaml (the usual rubrics, a flatplan to fill in) and "
                "one commented example article of each kind.",
                "horizons-pub new 39", _lazy("newissue"),
                [("number", {"type": int, "help": "the issue number"}),
                 ("--source", {"default": "source", "metavar": "DIR",
                               "help": "where issues live (default: source)"})]),
    }


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="horizons-pub", description="Publishing pipeline of Horizons publics.")
    parser.add_argument("--version", action="version", version=f"horizons-pub {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, description, example, func, arguments) in _commands().items():
        command = sub.add_parser(name, help=help_text, description=description, epilog=f"example: {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        for flag, options in arguments:
            command.add_argument(flag, **options)
        command.add_argument("--quiet", action="store_true", help="print only diagnostics")
        command.add_argument("--verbose", action="store_true", help="say more about each step")
        command.set_defaults(func=func)
    return parser


def _lazy(module: str):
    """A command implemented in its own module, imported only when it runs (keeps start-up fast)."""

    def run(args: argparse.Namespace) -> int:
        import importlib

        return importlib.import_module(f".{module}", __package__).main(args)

    return run


def main(argv: list[str] | None = None) -> int:
    from .progress import showing

    args = make_parser().parse_args(argv)
    try:
        with showing(not getattr(args, "quiet", False) and args.command != "preview"):
            return args.func(args)
    except KeyboardInterrupt:
        print("horizons-pub: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
