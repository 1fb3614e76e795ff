"""Two WeasyPrint 70 faults met on the realistic issue's pages, each laid out small with the real WeasyPrint:

- text after an element across the columns (a wide table) printed over the notes called before it
  on the same page: corrected by columns_fix.py, found after layout by overprint.py (``layout.overprint``);
- a word left alone on its line, line after line, before an inline element that follows a no-break
  space (« du » / « comité » before « «\u202fTerritoires »): avoided by glue.py.

Each comparison lays the same HTML out with and without the correction, so the test fails if
WeasyPrint's fault goes away (then drop the correction) or if the correction stops working."""

from __future__ import annotations

import pytest
from helpers import article, load, write_issue
from lxml import html as lxml_html

from horizons_pub.render.pdf import columns_fix
from horizons_pub.render.pdf.glue import glue_no_break_spaces
from horizons_pub.render.pdf.overprint import check_overprint, overprints
from horizons_pub.support.diagnostics import Reporter

pytestmark = pytest.mark.slow

LOREM = ("Les communes rurales ont engagé des travaux d'isolation des écoles et des mairies, financés par des "
         "subventions de l'État et de la région, avec le concours des syndicats d'énergie. ")
STYLE = """@page { size: 148mm 210mm; margin: 15mm;
  @footnote { border-top: 0.5pt solid black; padding-top: 1mm; margin-top: 3mm; } }
body { font: 9pt/12pt serif; } .body { column-count: 2; column-gap: 5mm; }
p { margin: 0 0 2mm; text-align: justify; } .fn { float: footnote; font-size: 7pt; line-height: 9pt; }
.wide { column-span: all; margin: 2mm 0; } table { width: 100%; }"""


def columns_page(note_before: bool) -> str:
    """Two paragraphs (a note called in the first when ``note_before``), a table across both columns, then
    more text than the page holds."""
    note = f'<span class="fn">{"Une note longue, appelée avant le tableau. " * 4}</span>' if note_before else ""
    rows = "".join(f"<tr><td>Strate {i}</td><td>{i * 12}</td></tr>" for i in range(6))
    after = "".join(f'<p data-block="{3 + i}">{LOREM * 3}</p>' for i in range(12))
    return (f"<html lang='fr'><style>{STYLE}</style><body><div class='body'>"
            f"<p data-block='0'>{LOREM[:60]}{note}{LOREM[60:] * 2}</p><p data-block='1'>{LOREM * 2}</p>"
            f"<div class='wide' data-block='2'><table>{rows}</table></div>{after}</div></body></html>")


def lay_out(html: str, corrected: bool):
    from weasyprint import HTML
    from weasyprint.layout import block

    before = block.columns_layout
    block.columns_layout = columns_fix.corrected_columns_layout() if corrected else columns_fix.original
    try:
        return HTML(string=html).render()
    finally:
        block.columns_layout = before


def test_weasyprint_prints_the_text_after_a_wide_table_over_the_notes_called_before_it():
    found = overprints(lay_out(columns_page(note_before=True), corrected=False))
    assert found and found[0][0] == 0 and found[0][1] >= 3, found  # page 1, a paragraph after the table


def test_the_corrected_columns_leave_room_for_those_notes():
    assert columns_fix.corrected_columns_layout() is not None  # WeasyPrint 70, whose source the edits fit
    for note_before in (True, False):
        document = lay_out(columns_page(note_before), corrected=True)
        assert overprints(document) == [], note_before
        assert len(document.pages) >= 2


def test_the_correction_is_used_by_the_build_and_only_for_the_version_it_was_written_for(monkeypatch):
    from weasyprint.layout import block

    from horizons_pub.render.pdf import typeset  # noqa: F401 - lay_out_part installs it

    monkeypatch.setattr(block, "columns_layout", block.columns_layout)
    assert columns_fix.install() and block.columns_layout is not columns_fix.original
    monkeypatch.setattr(columns_fix.weasyprint, "__version__", "71.0")
    assert columns_fix.corrected_columns_layout() is None


def test_an_overprint_is_reported_at_its_block(tmp_path):
    folder = write_issue(tmp_path, {"a": article("Premier paragraphe.\n\nSecond paragraphe.\n")})
    issue, rep = load(folder)
    assert issue is not None, [d.format() for d in rep.diagnostics]
    art = issue.article("a")
    reporter = Reporter(echo=False)
    check_overprint(art, ((1, 1, "manœuvre plus faibles."),), 30, reporter)
    (d,) = reporter.diagnostics
    assert (d.code, d.severity.value) == ("layout.overprint", "error")
    assert d.pos == art.blocks[1].pos and "page 31" in d.message and "manœuvre plus faibles." in d.message


# -- a word alone on its line before an inline element after a no-break space --------------------------------

SIDEBAR = ("Amina Kessler est née en 1979 à Strasbourg. Agrégée d’économie, elle soutient en 2008 une thèse sur les "
           "systèmes d’irrigation collectifs de la région de Valence et du Haouz marocain. Elle dirige depuis 2021 "
           "une équipe consacrée aux institutions de gestion des ressources partagées. Elle a été membre du comité "
           "scientifique du programme «\u202f<span class='nohyph'>Territoires</span> d’expérimentation\u202f» de "
           "l’agence de 2022 à 2025, et M<sup>me</sup>\u00a0<span class='nohyph'>Kessler</span> y siège encore.")


def lone_words(paragraph_html: str, glue: bool) -> dict[float, list[str]]:
    """For each width (mm) of the paragraph where it happens: the lines but the last holding one word."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    p = lxml_html.fragment_fromstring(f"<p>{paragraph_html}</p>")
    if glue:
        glue_no_break_spaces(p)
    body = lxml_html.tostring(p, encoding="unicode")
    out = {}
    for quarter in range(200, 280, 2):
        width = quarter / 4
        html = (f"<html lang='fr'><style>@page {{ size: 120mm 120mm; margin: 5mm }} p {{ width: {width}mm; "
                "font: 8.6pt/11.8pt serif; text-align: justify; hyphens: auto }} .nohyph {{ hyphens: manual }}"
                f"</style>{body}</html>")
        page = HTML(string=html).render().pages[0]._page_box  # the laid-out lines
        lines = [b for b in page.descendants() if isinstance(b, boxes.LineBox)]
        texts = ["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)).split() for line in lines]
        alone = [words[0] for words in texts[:-1] if len(words) == 1]
        if alone:
            out[width] = alone
    return out


def test_weasyprint_leaves_a_word_alone_on_its_line_before_a_no_break_space_and_an_element():
    found = lone_words(SIDEBAR, glue=False)
    assert found and any("du" in words for words in found.values()), found


def test_the_no_break_space_glued_to_the_element_breaks_the_lines_where_they_should():
    assert lone_words(SIDEBAR, glue=True) == {}


def test_glue_moves_the_space_into_the_element_and_leaves_notes_and_the_text_alone():
    p = lxml_html.fragment_fromstring("<p>programme «\u202f<span class='nohyph'>Territoires</span> et "
                                      "M<sup>me</sup>\u00a0<em>Dupont</em>, cité\u00a0<span class='footnote'>Note."
                                      "</span> fin</p>")
    text_before = p.text_content()
    glue_no_break_spaces(p)
    assert p.text_content() == text_before
    assert p.text == "programme «" and p[0].text == "\u202fTerritoires"
    assert p[1].tail == "" and p[2].text == "\u00a0Dupont"
    assert p[2].tail == ", cité\u00a0" and p[3].text == "Note."  # a note's text is not the place for it


# -- a page left blank before a pushed part ---------------------------------------------------------------


def test_a_page_left_blank_before_a_pushed_part_has_no_running_head_nor_folio(tmp_path):
    """paginate.py leaves a page blank so that a pushed part opens on its side: printed blank, unlike the
    reserved pages that end a part's slot, which keep the part's running heads and folios."""
    import subprocess

    from horizons_pub.render.pdf.documents import reserved_doc
    from horizons_pub.render.pdf.job import DocumentMeta, PartJob
    from horizons_pub.render.pdf.typeset import lay_out_part

    folder = write_issue(tmp_path, {"a": article("Un paragraphe.\n", title="Un titre assez long")})
    issue, _ = load(folder)
    part = next(p for p in issue.flatplan if p.article == "a")
    texts = {}
    for blank in (False, True):
        doc = reserved_doc(issue, part, issue.article("a"), 7, 1, "print", linked=False, blank=blank)
        data, _ = lay_out_part(PartJob(str(folder), "print", doc.html, 1_700_000_000, DocumentMeta(title=doc.key),
                                       "test-env"))
        out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
        texts[blank] = " ".join(out.split())
    assert "7" in texts[False].split(), texts  # a reserved page keeps its folio (and its running heads)
    assert texts[True] == "", texts
