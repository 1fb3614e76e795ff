"""The ``horizons-pub`` command line: the table of commands, each run by ``commands.<name>.main``
(imported only when it runs, which keeps start-up fast)."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .builder.recipe import FORMATS

ISSUES = ("issues", {"nargs": "*", "metavar": "ISSUE_DIR", "help": "issue folders (default: all in source/)"})
OUT = ("--out", {"default": "build", "metavar": "DIR", "help": "output folder (default: build)"})
STRICT = ("--strict", {"action": "store_true", "help": "treat warnings as errors"})


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return int(text)


#: name → (module under commands/, help, description, example, its own arguments)
COMMANDS: dict[str, tuple] = {
    "build": ("build", "build issues into EPUB and PDF",
              "Read, check and build each issue folder (default: every folder of source/).",
              "horizons-pub build source/hp-38 --format epub --out build",
              [ISSUES, OUT, ("--format", {"action": "append", "choices": (*FORMATS, "pdf"), "metavar": "FORMAT",
                                          "help": f"build only this format: {', '.join(FORMATS)} (repeatable; "
                                                  "default: all); 'pdf' is the old name of 'screen', accepted "
                                                  "until the next release"}),
               STRICT, ("--jobs", {"type": _positive, "metavar": "N",
                                   "help": "processes laying out the print parts (default: one per core)"})]),
    "archive": ("archive", "build and bag issues for long-term keeping (BagIt)",
                "Build each issue, then write <out>/<issue>/archive/: a BagIt bag with the archival PDF "
                "(PDF/A-3a, its source attached), the EPUB, the source, Dublin Core and a manifest.",
                "horizons-pub archive && horizons-pub verify build/hp-38/archive", [ISSUES, OUT, STRICT]),
    "verify": ("verify", "check an archive bag: checksums, files, PDF/A claims, EPUB",
               "Check a bag made by 'horizons-pub archive'; exit 0 only when everything holds.",
               "horizons-pub verify build/hp-38/archive",
               [("bags", {"nargs": "+", "metavar": "BAG", "help": "bag folders"})]),
    "check": ("check", "build if needed, then run the validators and print one report",
              "Build each issue if its outputs are missing or older than its source, then run EPUBCheck, "
              "DAISY Ace (when installed), veraPDF, the PDF checks (boxes, output intents, fonts, PDF/A and "
              "PDF/UA identification, page labels) and the layout checks; exit 0 only when nothing fails.",
              "horizons-pub check source/hp-38 --json > report.json",
              [ISSUES, OUT, ("--json", {"action": "store_true", "help": "print the report as JSON"})]),
    "flatplan": ("flatplan", "the chemin de fer: every page as a thumbnail, in spreads (HTML and PNG)",
                 "Write <out>/<issue>/flatplan.html and flatplan.png from the print PDF (built if needed).",
                 "horizons-pub flatplan source/hp-38 && xdg-open build/hp-38/flatplan.html", [ISSUES, OUT]),
    "preview": ("preview", "a local preview server that rebuilds on save and reloads the browser",
                "Serve the issue's pages in the print styles and its flatplan on a loopback address; "
                "rebuild what changed when a source file is saved.",
                "horizons-pub preview source/hp-38 --port 8038  (then open http://127.0.0.1:8038/)",
                [("issue", {"nargs": "?", "metavar": "ISSUE_DIR",
                            "help": "issue folder (default: the only one, or the last one, in source/)"}),
                 ("--port", {"type": int, "default": 8038, "help": "port (default: 8038; 0 for any free port)"}),
                 OUT]),
    "new": ("new", "start a new issue folder that builds as it is",
            "Create source/hp-NUMBER/ with an issue.yaml (the usual rubrics, a flatplan to fill in) and "
            "one commented example article of each kind.",
            "horizons-pub new 39",
            [("number", {"type": int, "help": "the issue number"}),
             ("--source", {"default": "source", "metavar": "DIR", "help": "where issues live (default: source)"})]),
}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="horizons-pub", description="Publishing pipeline of Horizons publics.")
    parser.add_argument("--version", action="version", version=f"horizons-pub {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (module, help_text, description, example, arguments) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=description, epilog=f"example: {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        for flag, options in arguments:
            command.add_argument(flag, **options)
        command.add_argument("--quiet", action="store_true", help="print only diagnostics")
        command.add_argument("--verbose", action="store_true", help="say more about each step")
        command.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .support.progress import showing

    args = make_parser().parse_args(argv)
    try:
        with showing(not getattr(args, "quiet", False) and args.command != "preview"):
            return importlib.import_module(f".commands.{args.module}", __package__).main(args)
    except KeyboardInterrupt:
        print("horizons-pub: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
