"""The ISBN of each edition in issue.yaml (issue 21): ``isbn`` the print edition's, ``isbn_epub`` the EPUB's."""

from __future__ import annotations

from pathlib import Path

from helpers import line_of, messages, write_issue

from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter

PRINT, EPUB = "978-2-7013-0000-9", "978-2-7013-0001-6"


def read(folder: Path):
    reporter = Reporter(echo=False)
    return read_issue(folder, reporter), reporter


def test_each_edition_has_its_isbn_digits_only(workdir):
    issue, reporter = read(write_issue(workdir, issue={"isbn": PRINT, "isbn_epub": EPUB}))
    assert messages(reporter) == []
    assert (issue.isbn, issue.isbn_epub) == ("9782701300009", "9782701300016")


def test_isbn_epub_is_optional(workdir):
    issue, reporter = read(write_issue(workdir, issue={"isbn": PRINT}))
    assert messages(reporter) == [] and issue.isbn_epub is None


def test_a_wrong_isbn_epub_is_said_at_its_line(workdir):
    folder = write_issue(workdir, issue={"isbn": PRINT, "isbn_epub": "978-2-7013-0001-7"})
    issue, reporter = read(folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert issue is None
    [diag] = reporter.diagnostics
    assert diag.code == "issue.isbn" and ": error: " in diag.format()
    assert diag.pos.line == line_of(text, "isbn_epub:")
    assert "978-2-7013-0001-7" in diag.message


def test_the_print_isbn_is_still_checked_at_its_line(workdir):
    folder = write_issue(workdir, issue={"isbn": "978-2-7013-0000-8", "isbn_epub": EPUB})
    _, reporter = read(folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert [(d.code, d.pos.line) for d in reporter.diagnostics] == [("issue.isbn", line_of(text, "isbn:"))]


def test_the_same_isbn_for_both_editions_is_an_error(workdir):
    folder = write_issue(workdir, issue={"isbn": PRINT, "isbn_epub": "978 2 7013 0000 9"})  # same digits
    issue, reporter = read(folder)
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert issue is None
    assert [(d.code, d.pos.line) for d in reporter.diagnostics] == [("issue.isbn-same", line_of(text, "isbn_epub:"))]
