"""Figures placed on the built pages (docs/print.md, « Figures »): checked on the laid-out PDFs, where each
image is drawn (pypdfium2) and where each word is (pdftotext), against what layout.json says.

The issue laid out here is the prepress test issue (tests/data/prepress: real photographs) with a
``place=`` given to five of its figures: the interview's portrait (``ouverture``), a photograph at the
top of a page (``haut``), one at the foot of a page (``bas``), one on a page of its own (``page``).
The every-construct issue (``constructs``) has an interview portrait too.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from helpers.outputs import build

from horizons_pub.render.pdf.figure_survey import opener_fill, survey

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
MM = 72 / 25.4
TEXT_TOP, TEXT_BOTTOM = 21.0, 240.0  # the text area, in mm from the trim's top (print.css @page margins)
PLACES = {  # article file → (the image's file name, the place given to it)
    "vasseur.md": ("Portrait Maire.JPG", "ouverture"),
    "halles.md": ("IMG_20240312_101544.jpg", "haut"),
    "vue-du-ciel.md": ("archives_1962_NB.jpg", "bas"),
    "affiche.md": ("affiche_CMJN.jpg", "page"),
}


@pytest.fixture(scope="module")
def placed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("placed") / "placed"
    shutil.copytree(ROOT / "tests" / "data" / "prepress", folder)
    for name, (image, place) in PLACES.items():
        path = folder / "articles" / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        [at] = [i for i, line in enumerate(lines) if line.startswith("![") and image in line]
        assert lines[at].rstrip().endswith('"}')
        lines[at] = lines[at].rstrip()[:-1] + f" place={place}}}\n"
        path.write_text("".join(lines), encoding="utf-8")
    return build(folder, tmp_path_factory.mktemp("placed-out"), "--format", "screen", "--format", "epub")


def _layout(built) -> dict:
    return json.loads((built.folder / "layout.json").read_text(encoding="utf-8"))


def _figures(built) -> dict[str, list[dict]]:
    return {p["key"]: p["figures"] for p in _layout(built)["parts"] if p.get("figures")}


@dataclass(frozen=True)
class Box:
    """A rectangle in mm from the trim's top-left corner."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, margin: float = 0.3) -> bool:
        return (self.left < other.right - margin and other.left < self.right - margin
                and self.top < other.bottom - margin and other.top < self.bottom - margin)


@functools.cache
def _images(pdf: Path) -> tuple[tuple[Box, ...], ...]:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for page in doc:
            height = page.get_size()[1]
            pages.append(tuple(Box(left / MM, (height - top) / MM, right / MM, (height - bottom) / MM)
                               for left, bottom, right, top in (o.get_bounds() for o in page.get_objects(
                                   filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8))))
        return tuple(pages)
    finally:
        doc.close()


@functools.cache
def _words(pdf: Path) -> tuple[tuple[tuple[Box, str], ...], ...]:
    with pikepdf.open(pdf) as doc:
        count = len(doc.pages)
    out = subprocess.run(["pdftotext", "-tsv", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[Box, str]]] = [[] for _ in range(count)]
    for row in out.splitlines()[1:]:
        level, page, *_, left, top, width, height, _conf, text = row.split("\t")
        if level == "5":
            x, y = float(left) / MM, float(top) / MM
            pages[int(page) - 1].append((Box(x, y, x + float(width) / MM, y + float(height) / MM), text))
    return tuple(tuple(p) for p in pages)


def _big_image(built, folio: int) -> Box:
    """The largest image drawn on the page of ``folio`` (the screen PDF keeps every page)."""
    return max(_images(built.screen_pdf)[folio - 1], key=lambda b: (b.right - b.left) * (b.bottom - b.top))


def test_every_figure_gets_the_place_it_asks_for(placed):
    figures = _figures(placed)
    got = {key: [(f["asked"], f["got"], f["column"]) for f in figs] for key, figs in figures.items()}
    assert ("opener", "opener", "page") in got["vasseur"]
    assert ("top", "top", "span") in got["halles"]
    assert ("bottom", "bottom", "span") in got["vue-du-ciel"]
    assert ("page", "page", "page") in got["affiche"]
    assert all(asked == gotten for figs in got.values() for asked, gotten, _ in figs)
    codes = [d["code"] for d in _layout(placed)["diagnostics"]]
    assert "layout.figure-place" not in codes and "layout.empty-opener" not in codes


def _placed(built, key: str, asked: str) -> dict:
    return next(f for f in _figures(built)[key] if f["asked"] == asked)


def test_top_figure_across_the_columns_at_the_top_of_its_page(placed):
    figure = _placed(placed, "halles", "top")
    image = _big_image(placed, figure["folio"])
    assert abs(image.top - TEXT_TOP) < 1, "at the top of the text area"
    assert image.right - image.left > 140, "across both columns (146 mm)"
    words = [w for w in _words(placed.screen_pdf)[figure["folio"] - 1]]
    assert not [text for box, text in words if box.overlaps(image)], "no text under the picture"
    under = [box.top for box, _ in words if box.top > image.bottom]
    assert under and min(under) - image.bottom < 12, "its caption, then the text, right under it"


def test_bottom_figure_across_the_columns_at_the_foot_of_its_page(placed):
    figure = _placed(placed, "vue-du-ciel", "bottom")
    image = _big_image(placed, figure["folio"])
    words = _words(placed.screen_pdf)[figure["folio"] - 1]
    assert not [text for box, text in words if box.overlaps(image)]
    caption = [box for box, text in words if box.top > image.bottom and box.bottom < TEXT_BOTTOM + 1]
    assert caption, "its caption under it"
    assert TEXT_BOTTOM - max(b.bottom for b in caption) < 6, "at the foot of the text area"
    assert image.right - image.left > 100


def test_full_page_figure_alone_on_its_page(placed):
    figure = _placed(placed, "affiche", "page")
    folio = figure["folio"]
    image = _big_image(placed, folio)
    assert image.bottom - image.top > 150, "scaled to the text area"
    body = [text for box, text in _words(placed.screen_pdf)[folio - 1] if TEXT_TOP - 1 < box.top < TEXT_BOTTOM]
    assert " ".join(body).startswith("L’affiche du premier festival"), "nothing but its caption and credit"
    assert len(body) < 25


def test_interview_portrait_faces_the_opening_page(placed):
    figure = _placed(placed, "vasseur", "opener")
    assert figure["folio"] == 4 and figure["folio"] % 2 == 0, "a left-hand page, the interview's flatplan page"
    image = _big_image(placed, 4)
    assert image.left <= 0.5 and image.top <= 0.5 and image.right >= 179.5 and image.bottom >= 259.5, "to the trim"
    page4 = " ".join(text for _, text in _words(placed.screen_pdf)[3])
    assert "Claire Vasseur, dans son bureau" in page4  # the caption on the picture
    assert "HORIZONS" not in page4 and not any(t == "4" for _, t in _words(placed.screen_pdf)[3]), \
        "no running head, no folio on the portrait"
    page5 = " ".join(text for _, text in _words(placed.screen_pdf)[4])
    assert "place publique qui a un toit" in page5 and "Thomas Bellec" in page5, "the whole title block"
    assert "Quand vous êtes arrivée" in page5, "with the first lines"


def test_constructs_interview_portrait(constructs):
    [figure] = _figures(constructs)["entretien"]
    assert (figure["folio"], figure["column"], figure["got"]) == (4, "page", "opener")
    page5 = " ".join(text for _, text in _words(constructs.screen_pdf)[4])
    assert "Une entrevue d’essai" in page5 and "Quelle est votre première question" in page5


def test_no_opening_page_left_nearly_empty(placed, constructs):
    for built in (placed, constructs):
        assert "layout.empty-opener" not in [d["code"] for d in _layout(built)["diagnostics"]]


def test_opener_fill_measures_a_laid_out_page():
    """figure_survey.opener_fill on WeasyPrint's own boxes: a title block alone on its page while the
    article goes on measures well under a third; the same title block followed by its text, over it."""
    from weasyprint import HTML

    def fill(body: str) -> float:
        html = ("<html><head><style>@page { size: 180mm 260mm; margin: 20mm; } .body { column-count: 2; } "
                ".big { height: 215mm; break-inside: avoid; }</style></head><body><article>"
                "<header class='opener'><h1>Un titre</h1></header>"
                f"<div class='body'>{body}</div></article></body></html>")
        return opener_fill(survey(HTML(string=html).render()))

    text = "".join(f"<p data-block='{i}'>{'Un mot de texte. ' * 60}</p>" for i in range(1, 12))
    assert fill("<div class='big' data-block='0'></div>" + text) < 1 / 3
    assert fill(text) > 0.9


@pytest.fixture(scope="module")
def tall_first(tmp_path_factory) -> Path:
    """The prepress issue with its interview's standfirst written twice: its portrait, the first block, no
    longer fits under the title block (the issue's case: title and standfirst alone on the opening page)."""
    folder = tmp_path_factory.mktemp("tall") / "tall"
    shutil.copytree(ROOT / "tests" / "data" / "prepress", folder)
    path = folder / "articles" / "vasseur.md"
    text = path.read_text(encoding="utf-8")
    start = text.index('standfirst: "') + len('standfirst: "')
    end = text.index('"', start)
    path.write_text(text[:start] + text[start:end] + " " + text[start:end] + text[end:], encoding="utf-8")
    return folder


def _lay_out_interview(folder: Path):
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.render.pdf.paginate import Paginator
    from horizons_pub.render.pdf.pool import PartLayouts
    from horizons_pub.render.pdf.typeset import lay_out_part
    from horizons_pub.support.diagnostics import Reporter

    issue = load_issue(folder, Reporter(echo=False))
    paginator = Paginator(issue, "screen", Reporter(echo=False), PartLayouts(None, jobs=1))
    part = next(p for p in issue.flatplan if p.article == "vasseur")
    return lay_out_part(paginator.job(paginator.part_doc(part, part.page)))[1]


def test_a_first_figure_too_tall_keeps_the_title_block_with_its_first_lines(tall_first, monkeypatch):
    facts = _lay_out_interview(tall_first)
    [figure] = facts.figures
    page, moved = figure[1], figure[5]
    assert moved > 0 and page == 1, "the portrait follows the text that fills the opening page"
    assert facts.opener_fill > 0.9
    # the layout as WeasyPrint alone makes it: the title block alone on its page, a page left blank
    from horizons_pub.render.pdf import figure_places

    monkeypatch.setattr(figure_places, "_fill_hole", lambda tree, found: False)
    alone = _lay_out_interview(tall_first)
    assert alone.opener_fill < 0.6 and alone.pages == facts.pages + 1 and alone.figures[0][1] == 2
