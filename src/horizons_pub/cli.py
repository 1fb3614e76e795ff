"""The ``horizons-pub`` command line: the table of commands, each run by ``commands.<name>.main``
(imported only when it runs, which keeps start-up fast)."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .builder.recipe import FORMATS

ISSUES = ("issues", {"nargs": "*", "metavar": "ISSUE_DIR", "help": "issue folders (default: all in source/)"})
#: one issue folder, for the commands that work on one article of it
ISSUE = ("--issue", {"metavar": "ISSUE_DIR", "help": "issue folder (default: the only one, or the last one, in source/)"})
OUT = ("--out", {"default": "build", "metavar": "DIR", "help": "output folder (default: build)"})
#: The validators --allow-missing may name in archive and verify (check takes them and its check names).
VALIDATORS = ("verapdf", "epubcheck", "ace")
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
                                                  "default: all); 'articles' (each article's PDF and JATS XML "
                                                  "in articles/) and 'records' lay the screen edition out "
                                                  "without writing its PDF unless 'screen' is asked too; "
                                                  "'pdf' is the old name of 'screen', accepted "
                                                  "until the next release"}),
               STRICT, ("--jobs", {"type": _positive, "metavar": "N",
                                   "help": "processes laying out the print parts (default: one per core)"}),
               ("--no-warm", {"action": "store_true",
                              "help": "build in this process even when a preview of the same --out runs its "
                                      "warm builder (which otherwise makes the build)"})]),
    "archive": ("archive", "build, validate and bag issues for long-term keeping (BagIt)",
                "Build each issue, run veraPDF (PDF/A-3a, PDF/UA-1) on the archival PDF, EPUBCheck and DAISY Ace "
                "on the EPUB and the preflight of the print master, then write <out>/<issue>/archive/: a BagIt "
                "bag with the archival PDF (its source attached), the print master, the EPUB, the source, the "
                "validators' reports, Dublin Core and a manifest. An issue whose validators fail, or did not "
                "run, or whose source still has a placeholder, is not bagged.",
                "horizons-pub archive && horizons-pub verify build/hp-38/archive",
                [ISSUES, OUT, STRICT,
                 ("--allow-unvalidated", {"action": "store_true",
                                          "help": "bag the issue even though a validator failed it; "
                                                  "bag-info.txt says which (Bagged-Unvalidated)"}),
                 ("--allow-missing", {"action": "append", "choices": VALIDATORS,
                                      "metavar": "NAME",
                                      "help": "bag the issue even though this validator (verapdf, epubcheck, "
                                              "ace) is not installed; bag-info.txt says so (repeatable)"})]),
    "verify": ("verify", "check an archive bag again: checksums, files, veraPDF, EPUBCheck, Ace, print master",
               "Check a bag made by 'horizons-pub archive': every checksum and file (BagIt), veraPDF on the "
               "archival PDF, EPUBCheck and DAISY Ace on the EPUB, the archival PDF's claims and the print "
               "master's preflight; every problem is said, with its file; exit 0 only when everything holds.",
               "horizons-pub verify build/hp-38/archive",
               [("bags", {"nargs": "+", "metavar": "BAG", "help": "bag folders"}),
                ("--allow-missing", {"action": "append", "choices": VALIDATORS,
                                     "metavar": "NAME",
                                     "help": "exit 0 even though this validator (verapdf, epubcheck, ace) is not "
                                             "installed; it is still said 'not run' (repeatable)"})]),
    "check": ("check", "build if needed, then run the validators and print one report",
              "Build each issue if its outputs are missing or older than its source, then run EPUBCheck, "
              "DAISY Ace, veraPDF, the PDF checks (boxes, output intents, fonts, PDF/A and PDF/UA "
              "identification, page labels), the layout checks and the source checks (placeholders, articles "
              "without text). Each check passed, failed or not run; exit 0 only when every check passed "
              "(see --allow-missing and --allow-empty).",
              "horizons-pub check source/hp-38 --allow-empty --json > report.json",
              [ISSUES, OUT, ("--json", {"action": "store_true", "help": "print the report as JSON"}),
               ("--strict", {"action": "store_true", "help": "fail every check that passed with a warning"}),
               ("--allow-missing", {"action": "append", "metavar": "NAME",
                                    "help": "exit 0 even though this validator (epubcheck, ace, verapdf) or "
                                            "this check (e.g. epub.ace) was not run; it is still reported "
                                            "'not run' (repeatable)"}),
               ("--allow-empty", {"action": "store_true",
                                  "help": "accept articles without text (listed, with their pages)"})]),
    "flatplan": ("flatplan", "the chemin de fer: every page as a thumbnail, in spreads (HTML and PNG)",
                 "Write <out>/<issue>/flatplan.html and flatplan.png from the print PDF (built if needed).",
                 "horizons-pub flatplan source/hp-38 && xdg-open build/hp-38/flatplan.html", [ISSUES, OUT]),
    "preview": ("preview", "a local preview server: the laid-out pages, in spreads, updated on save",
                "Serve the issue's laid-out pages (print or screen edition) on a loopback address: the chemin "
                "de fer, each page a thumbnail that opens its spread; when a source file is saved, the edited "
                "article is laid out again first (in a layout process kept warm), then the rest of the issue, "
                "then the outputs are built in the background.",
                "horizons-pub preview source/hp-38 --port 8038  (then open http://127.0.0.1:8038/)",
                [("issue", {"nargs": "?", "metavar": "ISSUE_DIR",
                            "help": "issue folder (default: the only one, or the last one, in source/)"}),
                 ("--port", {"type": int, "default": 8038, "help": "port (default: 8038; 0 for any free port)"}),
                 ("--no-build", {"action": "store_true",
                                 "help": "do not build the outputs (EPUB, PDFs, flatplan) in the background"}),
                 OUT]),
    "import": ("importer", "turn an author's Word file (.docx) into an article of the issue",
               "Read a .docx (its text, notes, lists, tables, images, and the styles of the magazine's Word "
               "template) and write articles/<id>.md and images/<id>/ in the issue folder; then check the new "
               "article as a build does. A file with tracked changes, comments or a note inside a note is "
               "refused, at its paragraphs; what cannot be mapped is said at its paragraph.",
               "horizons-pub import ~/Téléchargements/entretien-dupont.docx --issue source/hp-39 --rubric entretien",
               [("file", {"metavar": "FILE.docx", "help": "the Word file"}),
                ISSUE,
                ("--id", {"metavar": "ID", "help": "the article's id, its file name (default: from the Word "
                                                   "file's name: « Entretien Dupont.docx » → entretien-dupont)"}),
                ("--rubric", {"metavar": "RUBRIC", "help": "the article's rubric id (one of issue.yaml's rubrics)"}),
                ("--style-map", {"metavar": "FILE", "help": "the Word styles' roles (default: the magazine's "
                                                            "template, layouts/import/word-styles.yaml)"}),
                ("--force", {"action": "store_true", "help": "replace the article if the issue has it already"}),
                STRICT]),
    "proof": ("proof", "the author's proof (BAT) of one article: its laid-out PDF pages, and its edited text as .docx",
              "Build the issue if needed and write <out>/<issue>/proofs/<id>-bat.pdf: the article as laid out, "
              "its pages with their folios (the build's articles/<id>.pdf, copied); with --docx also "
              "<id>-bat.docx, the edited text as a Word file the author compares with what they sent "
              "(Word: Révision › Comparer).",
              "horizons-pub proof dupont --issue source/hp-39 --docx",
              [("id", {"metavar": "ID", "help": "the article's id (its file name in articles/, without .md)"}),
               ISSUE,
               OUT,
               ("--docx", {"action": "store_true", "help": "also write <id>-bat.docx, the edited text as a Word "
                                                          "file (made by pandoc, from pypandoc-binary)"})]),
    "new": ("new", "start a new issue folder that builds as it is",
            "Create source/hp-NUMBER/ with an issue.yaml (the usual rubrics, a flatplan to fill in) and "
            "one commented example article of each kind.",
            "horizons-pub new 39",
            [("number", {"type": int, "help": "the issue number"}),
             ("--source", {"default": "source", "metavar": "DIR", "help": "where issues live (default: source)"})]),
}


#: What --verbose adds, for the commands where it says something of its own.
VERBOSE = {"build": "after the build, list each print part of each variant at its pages: taken from the cache, or "
                    "laid out and why (its text changed, its first page moved, an image it shows changed, the "
                    "stylesheets, fonts or code changed…); for an issue with nothing to do, say why"}


#: What an editor types most: said by ``horizons-pub`` alone, under the table of commands.
COMMON = (("horizons-pub new 39", "start issue 39 in source/hp-39/"),
          ("horizons-pub import auteur.docx --issue source/hp-39 --rubric dossier", "an author's Word file "
                                                                                    "becomes an article"),
          ("horizons-pub preview source/hp-39", "watch its pages while you edit"),
          ("horizons-pub build source/hp-39", "make its EPUB and PDFs in build/hp-39/"))


def overview() -> str:
    """What ``horizons-pub`` alone prints: each command on one line, then the editor's usual commands."""
    width = max(len(name) for name in COMMANDS)
    lines = [f"horizons-pub {__version__}: the publishing pipeline of Horizons publics", "", "commands:"]
    lines += [f"  {name:<{width}}  {help_text}" for name, (_m, help_text, *_rest) in COMMANDS.items()]
    lines += ["", "most used:"]
    example_width = max(len(example) for example, _ in COMMON)
    lines += [f"  {example:<{example_width}}  {what}" for example, what in COMMON]
    lines += ["", "help on one command: horizons-pub COMMAND --help"]
    return "\n".join(lines)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="horizons-pub", description="Publishing pipeline of Horizons publics.")
    parser.add_argument("--version", action="version", version=f"horizons-pub {__version__}")
    sub = parser.add_subparsers(dest="command")
    for name, (module, help_text, description, example, arguments) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=description, epilog=f"example: {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
        for flag, options in arguments:
            command.add_argument(flag, **options)
        command.add_argument("--quiet", action="store_true", help="print only diagnostics")
        command.add_argument("--verbose", action="store_true", help=VERBOSE.get(name, "say more about each step"))
        command.set_defaults(module=module)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .support.progress import showing

    args = make_parser().parse_args(argv)
    if args.command is None:  # no command: the table of commands and the usual ones, not a usage error
        print(overview())
        return 0
    try:
        with showing(not getattr(args, "quiet", False) and args.command != "preview"):
            return importlib.import_module(f".commands.{args.module}", __package__).main(args)
    except KeyboardInterrupt:
        print("horizons-pub: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
