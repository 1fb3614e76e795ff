"""What ``horizons-pub build`` prints, through the command line: every diagnostic on stderr (a build that
reuses an earlier one says that build's warnings again, ``--quiet`` too), and each issue's last line,
which counts its errors and warnings."""

from __future__ import annotations

import re
import shutil

import pytest

from helpers.longissue import NEXT_ID, write_long_issue
from helpers.outputs import run_build

pytestmark = pytest.mark.slow  # the first build lays out the issue

NAME = "hp-warned"


@pytest.fixture(scope="module")
def warned(tmp_path_factory):
    """A small issue that builds with warnings of the reader (a placeholder) and of the layout (its long
    article overflows its one page), built, then built again three ways."""
    root = tmp_path_factory.mktemp("warned")
    folder = write_long_issue(root, long_pages=1, name=NAME, paragraphs=14, note_every=1000)
    suite = folder / "articles" / f"{NEXT_ID}.md"
    suite.write_text(suite.read_text(encoding="utf-8") + "\nSigné : Prénom Nom.\n", encoding="utf-8")
    out = root / "out"
    runs = {"first": run_build(folder, out), "again": run_build(folder, out),
            "quiet": run_build(folder, out, "--quiet"), "strict": run_build(folder, out, "--strict")}
    return folder, runs


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": warning: " in line]


def test_a_build_with_warnings_says_them_and_counts_them_last(warned):
    folder, runs = warned
    proc = runs["first"]
    assert proc.returncode == 0, proc.stderr
    said = warnings_of(proc.stderr)
    codes = [re.search(r"\[([a-z.-]+)\]$", line)[1] for line in said]
    assert {"source.placeholder", "layout.overflow"} <= set(codes), proc.stderr
    assert proc.stderr.splitlines() == said  # nothing but the warnings on stderr
    assert proc.stdout.splitlines()[-1] == f"{folder}: built (0 errors, {len(said)} warnings)"
    assert any("→" in line for line in proc.stdout.splitlines())  # the list of files


def test_an_up_to_date_build_says_the_warnings_again_and_counts_them(warned):
    folder, runs = warned
    first, proc = runs["first"], runs["again"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == first.stderr  # every warning, in the same order
    count = len(warnings_of(first.stderr))
    assert proc.stdout.splitlines()[-1] == (f"{folder}: up to date: nothing changed since the last build "
                                            f"(0 errors, {count} warnings)")


def test_quiet_leaves_out_the_outline_and_the_files_not_the_warnings(warned):
    folder, runs = warned
    proc = runs["quiet"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == runs["first"].stderr
    count = len(warnings_of(runs["first"].stderr))
    assert proc.stdout.splitlines() == [f"{folder}: up to date: nothing changed since the last build "
                                        f"(0 errors, {count} warnings)"]


def test_strict_fails_and_counts_the_errors(warned):
    folder, runs = warned
    proc = runs["strict"]
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert errors and all(line.endswith("[source.placeholder]") for line in errors)  # the reader stops it
    assert lines[-1] == f"{folder}: build failed ({len(errors)} error{'s' if len(errors) > 1 else ''}, 0 warnings)"
    assert proc.stdout == ""


def test_a_failed_build_counts_its_warnings_too(warned, tmp_path):
    folder, _ = warned
    broken = shutil.copytree(folder, tmp_path / NAME)
    article = broken / "articles" / f"{NEXT_ID}.md"
    text = article.read_text(encoding="utf-8")
    assert "rubric: actualite\n" in text
    article.write_text(text.replace("rubric: actualite\n", "rubric: actualites\n"), encoding="utf-8")
    proc = run_build(broken, tmp_path / "out", "--quiet")
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    # in source order: the rubric (line 2 of the front matter) before the placeholder further down
    assert [line.rsplit("[", 1)[1] for line in lines[:-1]] == ["article.unknown-rubric]", "source.placeholder]"]
    assert lines[-1] == f"{broken}: build failed (1 error, 1 warning)"
    assert proc.stdout == ""
