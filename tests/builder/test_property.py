"""Arbitrary Markdown in an article: either diagnostics, or an EPUB whose every XHTML file parses and a PDF
that opens (hypothesis, a bounded number of examples); EPUBCheck on a few of them."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from helpers import article, write_issue
from horizons_pub.builder.recipe import load_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.render.epub.book import epub_bytes
from horizons_pub.render.pages import PageMap
from horizons_pub.render.pdf.renderer import lay_out_issue
from helpers.outputs import epubcheck

#: Pieces of Markdown that exercise the reader: structure, the magazine's blocks, notes, and hostile bits.
pytestmark = pytest.mark.slow  # each example is laid out

PIECES = [
    "\n\n", "\n", " ", "*", "**", "_", "`", "[", "]", "(", ")", "{", "}", "!", "#", "## ", "> ", "- ", "1. ", ":::",
    "::: encadre\n", "::: exergue\n", "::: question\n", "\n:::\n", "[^1]", "[^1]: ", "[^a]", "[^a]: note\n",
    "[x]{.smallcaps}", "[lien](https://horizonspublics.fr)", "<b>", "<script>", "&amp;", "&#0;", "«", "»", "’",
    "'", "\"", ";", "?", ":", "…", "1 000", "n° 3", "\u202f", "\u00a0", "\\", "---\n", "![alt](images/x.png)",
    "|a|b|\n|-|-|\n", "~~x~~", "    code\n", "```\n", "\u0301", "é", "œ", "😀", "\u200b", "<!-- -->",
]
MARKDOWN = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=40).map("".join)


def _build(tmp: Path, body: str) -> tuple[list[str], bytes | None, bytes | None]:
    """(diagnostics, EPUB bytes, PDF bytes) for an issue whose only article has ``body``."""
    folder = write_issue(tmp, {"a": article(body)}, issue={
        "pages": 4, "flatplan": [{"page": 1, "part": "cover"}, {"page": 2, "article": "a"}]})
    reporter = Reporter(echo=False)
    issue = load_issue(folder, reporter)
    if issue is None or reporter.has_errors():
        return [d.format() for d in reporter.diagnostics], None, None
    book = epub_bytes(issue, folder, PageMap.planned(issue))
    _, pdf = lay_out_issue(issue, "screen", reporter)
    return [d.format() for d in reporter.diagnostics], book, pdf


def _check_outputs(book: bytes, pdf: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                etree.fromstring(z.read(name))  # raises if not well-formed XML
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 1


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=MARKDOWN)
def test_any_markdown_gives_diagnostics_or_valid_outputs(body, tmp_path_factory, monkeypatch):
    tmp = tmp_path_factory.mktemp("prop")
    monkeypatch.chdir(tmp)
    diagnostics, book, pdf = _build(tmp, body)
    if book is None:
        assert diagnostics and all(": error: " in d or ": warning: " in d for d in diagnostics)
        assert any(": error: " in d for d in diagnostics)
        return
    _check_outputs(book, pdf)


SAMPLES = [
    "Un texte « cité » ; une note[^1] et *de l'emphase*…\n\n[^1]: La note, avec un [lien](https://horizonspublics.fr).",
    "## Un intertitre\n\n::: encadre\n### Titre\n\n- un\n- deux[^n]\n:::\n\n::: exergue\nUne phrase.\n:::\n\n"
    "[^n]: Note dans une liste.",
    "::: question\nUne question ?\n:::\n\nUne réponse 1 000 fois, n° 3 : voilà !\n\n> citation\n> > imbriquée",
]


@pytest.mark.tools
def test_epubcheck_on_a_few_generated_articles(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for n, body in enumerate(SAMPLES):
        case = tmp_path / f"case{n}"
        case.mkdir()
        diagnostics, book, pdf = _build(case, body)
        assert book is not None, diagnostics
        _check_outputs(book, pdf)
        path = case / "book.epub"
        path.write_bytes(book)
        report = epubcheck(path, case)
        assert report["checker"]["nError"] == 0 and report["checker"]["nFatal"] == 0, report["messages"]
        shutil.rmtree(case / "hp-test")
