"""``horizons-pub new NUMBER``: start an issue folder that builds as it is.

The folder is a copy of the template ``layouts/new-issue/`` (shipped in the
wheel with the other layouts): an ``issue.yaml`` commented in French for the
editors, with the magazine's usual rubrics and a flatplan to fill in, one
commented example article of each kind and the image the example figure shows.
In the text files, ``{{ numero }}`` becomes the issue number; nothing else is
computed, so the same command always writes the same files (the issue's date is
a placeholder the editors change, never today's date).  Every provisional value
carries a marker (« À CHANGER », « Prénom Nom », the date 2000-01-01) that the
reader reports as ``source.placeholder`` (reader/placeholders.py) until it is
replaced.

The folder is assembled under a hidden temporary name beside its final place,
then renamed: an interrupted ``new`` leaves no half-made issue behind.  An
existing folder is never touched.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from ..support.diagnostics import Reporter
from ..support.paths import display_path
from ..support.resources import layouts_dir

TEMPLATE = "new-issue"
NUMBER_MARK = "{{ numero }}"
TEXT_SUFFIXES = {".md", ".yaml"}
TMP_PREFIX = ".hp-new-"


def template_dir() -> Path:
    return layouts_dir() / TEMPLATE


def issue_folder_name(number: int) -> str:
    return f"hp-{number}"


def template_files(template: Path) -> list[Path]:
    """The template's files, relative to it, in a stable order (hidden files and caches left out)."""
    files = []
    for path in sorted(template.rglob("*")):
        rel = path.relative_to(template)
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            files.append(rel)
    return files


def create_issue(source: Path, number: int, template: Path | None = None) -> tuple[Path, list[Path]]:
    """Write ``source/hp-NUMBER/`` from the template; return the folder and its files (relative).

    Raises FileExistsError when the folder (or a file of that name) already exists.
    """
    template = template_dir() if template is None else template
    target = source / issue_folder_name(number)
    if target.exists() or target.is_symlink():
        raise FileExistsError(str(target))
    files = template_files(template)
    source.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=source))
    try:
        for rel in files:
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if rel.suffix in TEXT_SUFFIXES:
                text = (template / rel).read_text(encoding="utf-8").replace(NUMBER_MARK, str(number))
                dest.write_text(text, encoding="utf-8", newline="\n")
            else:
                shutil.copyfile(template / rel, dest)
        os.chmod(staging, 0o755)  # mkdtemp makes it private to its owner
        if target.exists() or target.is_symlink():  # made meanwhile by someone else: theirs stays
            raise FileExistsError(str(target))
        os.rename(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target, files


def main(args: argparse.Namespace) -> int:
    reporter = Reporter()
    number: int = args.number
    source = Path(args.source)
    verbose = getattr(args, "verbose", False)
    quiet = getattr(args, "quiet", False)
    shown_target = display_path(source / issue_folder_name(number))
    if number < 1:
        reporter.error("new.number", f"{number} is not an issue number: give a whole number from 1 "
                       "(horizons-pub new 39)", path=shown_target)
        return 1
    if source.exists() and not source.is_dir():
        reporter.error("new.source", "this is a file, not a folder: name the folder where issues live with "
                       "--source", path=display_path(source))
        return 1
    try:
        template = template_dir()
    except FileNotFoundError as exc:
        reporter.error("new.template", str(exc), path="horizons-pub")
        return 1
    if not (template / "issue.yaml").is_file():
        reporter.error("new.template", "the issue template has no issue.yaml: reinstall horizons-pub",
                       path=display_path(template))
        return 1
    if verbose and not quiet:
        print(f"template: {display_path(template)}")
    try:
        target, files = create_issue(source, number, template)
    except FileExistsError:
        reporter.error("new.exists", "this folder already exists, and nothing was written: to start issue "
                       f"{number} again, move or delete it first; to go on with it, edit its files",
                       path=shown_target)
        return 1
    except OSError as exc:
        reporter.error("new.write", f"cannot create the issue folder: {exc.strerror or exc}", path=shown_target)
        return 1
    if not quiet:
        _report(target, files, number)
    return 0


def _report(target: Path, files: list[Path], number: int) -> None:
    shown = display_path(target)
    command = shlex.quote(shown)
    lines = [f"Created {shown}/ (Horizons publics n° {number}):"]
    lines += [f"  {shown}/{rel.as_posix()}" for rel in files]
    lines += [
        "",
        "Next:",
        "  1. replace every placeholder, in issue.yaml and in the articles: what is marked « À CHANGER »,",
        "     the people « Prénom Nom », the date 2000-01-01 (horizons-pub build lists each with its line);",
        f"  2. write the articles in {shown}/articles/ (the examples show every construct), then give each",
        "     its page in the flatplan of issue.yaml and remove the examples you do not keep;",
        f"  3. horizons-pub build {command}          (EPUB and PDF into build/{target.name}/)",
        f"     horizons-pub preview {command}        (the pages, rebuilt on save)",
    ]
    print("\n".join(lines), file=sys.stdout)
