"""The ``horizons-pub`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .build import BuildResult, build_issue, discover_issues, load_issue
from .diagnostics import BuildAborted, Reporter
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
        try:
            result = build_issue(folder, Path(args.out), formats, issue_reporter)
        except BuildAborted:
            result = None
        if result is None or (result.issue is None and not result.up_to_date) or issue_reporter.has_errors():
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


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="horizons-pub", description="Publishing pipeline of Horizons publics.")
    parser.add_argument("--version", action="version", version=f"horizons-pub {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser(
        "build", help="build issues into EPUB and PDF",
        description="Read, check and build each issue folder (default: every folder of source/).",
        epilog="example: horizons-pub build source/hp-38 --format epub --out build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("issues", nargs="*", metavar="ISSUE_DIR", help="issue folders (default: all in source/)")
    build.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    build.add_argument("--format", action="append", choices=FORMATS,
                       help="build only this format (repeatable; default: all)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--quiet", action="store_true", help="print only diagnostics")
    build.set_defaults(func=cmd_build)

    archive = sub.add_parser(
        "archive", help="build and bag issues for long-term keeping (BagIt)",
        description="Build each issue, then write <out>/<issue>/archive/: a BagIt bag with the archival PDF "
                    "(PDF/A-3a, its source attached), the EPUB, the source, Dublin Core and a manifest.",
        epilog="example: horizons-pub archive && horizons-pub verify build/hp-38/archive",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    archive.add_argument("issues", nargs="*", metavar="ISSUE_DIR", help="issue folders (default: all in source/)")
    archive.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    archive.add_argument("--strict", action="store_true", help="treat warnings as errors")
    archive.add_argument("--quiet", action="store_true", help="print only diagnostics")
    archive.set_defaults(func=cmd_archive)

    verify = sub.add_parser(
        "verify", help="check an archive bag: checksums, files, PDF/A claims, EPUB",
        description="Check a bag made by 'horizons-pub archive'; exit 0 only when everything holds.",
        epilog="example: horizons-pub verify build/hp-38/archive",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("bags", nargs="+", metavar="BAG", help="bag folders")
    verify.set_defaults(func=cmd_verify)

    check = sub.add_parser(
        "check", help="build if needed, then run the validators and print one report",
        description="Build each issue if its outputs are missing or older than its source, then run EPUBCheck, "
                    "DAISY Ace (when installed), the PDF checks (boxes, output intents, fonts, PDF/A and PDF/UA "
                    "identification, page labels) and the layout checks; exit 0 only when nothing fails.",
        epilog="example: horizons-pub check source/hp-38 --json > report.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("issues", nargs="*", metavar="ISSUE_DIR", help="issue folders (default: all in source/)")
    check.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(func=_lazy("check"))

    flatplan = sub.add_parser(
        "flatplan", help="the chemin de fer: every page as a thumbnail, in spreads (HTML and PNG)",
        description="Write <out>/<issue>/flatplan.html and flatplan.png from the print PDF (built if needed).",
        epilog="example: horizons-pub flatplan source/hp-38 && xdg-open build/hp-38/flatplan.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    flatplan.add_argument("issues", nargs="*", metavar="ISSUE_DIR", help="issue folders (default: all in source/)")
    flatplan.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    flatplan.set_defaults(func=_lazy("flatplan_view"))

    preview = sub.add_parser(
        "preview", help="a local preview server that rebuilds on save and reloads the browser",
        description="Serve the issue's pages in the print styles and its flatplan on a loopback address; "
                    "rebuild what changed when a source file is saved.",
        epilog="example: horizons-pub preview source/hp-38 --port 8038  (then open http://127.0.0.1:8038/)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    preview.add_argument("issue", nargs="?", metavar="ISSUE_DIR", help="issue folder (default: the only one, "
                         "or the last one, in source/)")
    preview.add_argument("--port", type=int, default=8038, help="port (default: 8038; 0 for any free port)")
    preview.add_argument("--out", default="build", metavar="DIR", help="output folder (default: build)")
    preview.set_defaults(func=_lazy("preview"))

    new = sub.add_parser(
        "new", help="start a new issue folder that builds as it is",
        description="Create source/hp-NUMBER/ with an issue.yaml (the usual rubrics, a flatplan to fill in) and "
                    "one commented example article of each kind.",
        epilog="example: horizons-pub new 39",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("number", type=int, help="the issue number")
    new.add_argument("--source", default="source", metavar="DIR", help="where issues live (default: source)")
    new.set_defaults(func=_lazy("newissue"))

    for command in sub.choices.values():
        if not any(a.dest == "quiet" for a in command._actions):  # noqa: SLF001 - argparse has no public way
            command.add_argument("--quiet", action="store_true", help="print only diagnostics")
        command.add_argument("--verbose", action="store_true", help="say more about each step")
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
