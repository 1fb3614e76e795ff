"""Tables laid out: the every-construct issue's table (a note in a cell, a caption and a source) in both PDFs
and the EPUB, and the print layout's rules on small issues (across the columns, broken with its head
repeated, too wide for the page)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import article, write_issue
from helpers.outputs import epubcheck, pdftotext_pages
from lxml import etree

from horizons_pub.builder.recipe import load_issue
from horizons_pub.render.pdf.renderer import lay_out_issue
from horizons_pub.support.diagnostics import Reporter

pytestmark = pytest.mark.slow  # every test here lays pages out

XHTML = "{http://www.w3.org/1999/xhtml}"
MM = 72 / 25.4


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points, of one page (1-based), as poppler finds them."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        found.append((m.group(5), *(float(m.group(k)) for k in range(1, 5))))
    return found


def _page_with(pdf: Path, text: str) -> int:
    pages = pdftotext_pages(pdf)
    return next(i + 1 for i, page in enumerate(pages) if text in page)


# -- the every-construct issue ----------------------------------------------------------------------------


def test_no_pipe_text_in_the_pdfs_or_the_epub(constructs):
    for pdf in (constructs.print_pdf, constructs.screen_pdf):
        text = "\n".join(pdftotext_pages(pdf))
        assert "Commune" in text and "Bègles" in text  # the table is printed …
        assert "|---" not in text and "| " not in text and "|:-" not in text  # … not its source
    with zipfile.ZipFile(constructs.epub) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                assert "|---" not in z.read(name).decode("utf-8")


def test_epub_table_is_semantic_and_valid(constructs, tmp_path):
    with zipfile.ZipFile(constructs.epub) as z:
        doc = etree.fromstring(z.read(next(n for n in z.namelist() if n.endswith("terrain.xhtml"))))
    table = doc.find(f".//{XHTML}table")
    heads = table.findall(f"{XHTML}thead/{XHTML}tr/{XHTML}th")
    assert len(heads) == 5 and all(th.get("scope") == "col" for th in heads)
    assert "".join(table.find(f"{XHTML}caption").itertext()).startswith("Budgets verts des communes")
    assert table.find(f"{XHTML}thead//{XHTML}a[@role='doc-noteref']").text == "4"
    report = epubcheck(constructs.epub, tmp_path)
    assert (report["checker"]["nFatal"], report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0, 0), \
        [m["message"] for m in report["messages"]]


def test_print_table_across_the_columns_with_its_note_at_the_foot(constructs):
    pdf = constructs.print_pdf
    page = _page_with(pdf, "Commune")
    words = _words(pdf, page)
    (commune,) = [w for w in words if w[0] == "Commune"]
    (evolution,) = [w for w in words if w[0] == "Évolution"]
    assert evolution[3] - commune[1] > 100 * MM  # spans both columns (each is 68.5 mm wide)
    (caption,) = [w for w in words if w[0] == "Budgets"]
    source = [w for w in words if w[0] == "comptes"]
    bottom_row = max(w[4] for w in words if w[0] == "Bègles")
    assert caption[4] < commune[2] and source[0][2] > bottom_row  # caption above, source under it
    # the note called in the header cell is at the foot of the same page, under everything else
    note = [w for w in words if w[0] == "primitif"]
    assert note and note[0][2] > source[0][4] + 20 and note[0][2] > max(w[4] for w in words if w[0] == "reprenne")
    assert "note.moved" not in constructs.stderr and "note.lost" not in constructs.stderr


# -- the layout's rules, on small issues --------------------------------------------------------------------


def _lay_out(workdir: Path, body: str) -> tuple[Reporter, bytes]:
    folder = write_issue(workdir, {"a": article(body, rubric="terrain")}, issue={
        "pages": 8, "flatplan": [{"page": 1, "part": "cover"}, {"page": 2, "article": "a"}]})
    reporter = Reporter(echo=False)
    issue = load_issue(folder, reporter)
    assert issue is not None and not reporter.has_errors(), [d.format() for d in reporter.diagnostics]
    _, data = lay_out_issue(issue, "screen", reporter)
    return reporter, data


def _row(k: int, columns: int, cell: str) -> str:
    return "| " + " | ".join(f"{cell}{k}" for _ in range(columns)) + " |\n"


def test_a_table_too_wide_for_the_page_is_reported_at_its_line(workdir, tmp_path):
    columns = 12
    figures = "1 234 567 890"  # no break inside a figure: the columns cannot narrow
    body = "Avant.\n\n" + _row(0, columns, "Colonne") + "|" + "---|" * columns + "\n" + _row(1, columns, figures)
    reporter, _ = _lay_out(workdir, body)
    found = [d for d in reporter.diagnostics if d.code == "table.too-wide"]
    assert [(d.pos.line, d.severity.value) for d in found] == [(9, "error")]
    assert "mm wider than the page's text area" in found[0].message


def test_a_table_that_fits_is_not_reported(workdir):
    body = "Avant.\n\n" + _row(0, 5, "Col") + "|---|---|---|---|---|\n" + _row(1, 5, "1 234")
    reporter, _ = _lay_out(workdir, body)
    assert [d.format() for d in reporter.diagnostics if d.code.startswith("table.")] == []


def test_a_long_table_breaks_between_rows_and_repeats_its_head(workdir, tmp_path):
    body = ("Avant.\n\n| Commune | Budget |\n|:--|--:|\n" + "".join(f"| Ville {k} | {k} 000 |\n" for k in range(120))
            + "\nTableau : Une longue liste.\n\nSource : Insee.\n")
    _, data = _lay_out(workdir, body)
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(data)
    pages = [p for p in pdftotext_pages(pdf) if "Ville" in p]
    assert len(pages) >= 2
    assert "Un titre" in pages[0] and "Ville 0" in pages[0]  # begun under the opener, not pushed whole
    assert all("Commune" in p and "Budget" in p for p in pages)  # the head on every page of the table
    rows = [int(m) for p in pages for m in re.findall(r"Ville (\d+)", p)]
    assert sorted(rows) == list(range(120))  # every row once: broken between rows, none lost
