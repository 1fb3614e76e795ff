"""Full-page figures (``place=page``) on laid-out pages (docs/print.md, « Figures »): each on the page after the
page where it is called, the text before it filling that page and going on after it; a dossier opener's in
the second page of its two-page spread, above the contributors; the caption right under the picture, the
whole centred on its page.

Parts of the realistic test issue (tests/data/magazine) are laid out one at a time, as a build lays them
out (no build: a few layouts each), their PDFs read back with pdftotext -bbox-layout and pypdfium2
(helpers/pages.py)."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.outputs import ROOT
from helpers.pages import MM, Line, bbox_pages, normal, page_images, page_texts

from horizons_pub.model import fr

pytestmark = pytest.mark.slow

MAGAZINE = ROOT / "tests" / "data" / "magazine"
TEXT_TOP, TEXT_FOOT = 21 * MM, 240 * MM  # the text area's top and foot (print.css @page margins), in points
MIDDLE = 90 * MM  # between the two columns


@dataclass(frozen=True)
class Laid:
    facts: object  # job.PartFacts
    pdf: Path

    @property
    def figure(self) -> tuple:
        [figure] = self.facts.figures
        return figure  # (source line, page index, column, asked, got, moved)


def lay_out(folder: Path, key: str, out: Path) -> Laid:
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.render.pdf.paginate import Paginator
    from horizons_pub.render.pdf.pool import PartLayouts
    from horizons_pub.render.pdf.typeset import lay_out_part
    from horizons_pub.support.diagnostics import Reporter

    issue = load_issue(folder, Reporter(echo=False))
    paginator = Paginator(issue, "screen", Reporter(echo=False), PartLayouts(None, jobs=1))
    part = next(p for p in issue.flatplan if p.article == key)
    data, facts = lay_out_part(paginator.job(paginator.part_doc(part, part.page)))
    pdf = out / f"{key}.pdf"
    pdf.write_bytes(data)
    return Laid(facts, pdf)


@pytest.fixture(scope="module")
def piscine(tmp_path_factory) -> Laid:
    return lay_out(MAGAZINE, "piscine", tmp_path_factory.mktemp("piscine"))


@pytest.fixture(scope="module")
def dossier(tmp_path_factory) -> Laid:
    return lay_out(MAGAZINE, "dossier", tmp_path_factory.mktemp("dossier"))


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> Laid:
    """The piscine article with a landscape photograph on its full page (the dossier's)."""
    folder = tmp_path_factory.mktemp("landscape") / "magazine"
    shutil.copytree(MAGAZINE, folder)
    path = folder / "articles" / "piscine.md"
    text = path.read_text(encoding="utf-8")
    assert "(images/piscine.jpg " in text
    path.write_text(text.replace("(images/piscine.jpg ", "(images/dossier-ouverture.jpg "), encoding="utf-8")
    return lay_out(folder, "piscine", folder.parent)


def _lines(laid: Laid, page: int) -> list[Line]:
    return [line for block in bbox_pages(laid.pdf)[page] for line in block]


def _body_lines(laid: Laid, page: int, column: int) -> list[Line]:
    """A page's lines in the text area, in one column (1: left, 2: right), top to bottom; the notes, which
    start at the left margin and run across both columns, are not in the right column."""
    lines = [line for line in _lines(laid, page) if TEXT_TOP - 2 * MM < line.box[1] < TEXT_FOOT]
    inside = [line for line in lines if (line.box[2] < MIDDLE if column == 1 else line.box[0] > MIDDLE)]
    return sorted(inside, key=lambda line: line.box[1])


def _image(laid: Laid, page: int) -> tuple[float, float, float, float]:
    return max(page_images(laid.pdf)[page], key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))


def _source_prose(name: str) -> str:
    """The article's text as printed (note calls, emphasis and links' markup left out), one space apart."""
    text = (MAGAZINE / "articles" / name).read_text(encoding="utf-8")
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"[*_<>]", "", text)
    return normal(text)


def _caption_under(laid: Laid, page: int, first_words: str) -> float:
    """How far under the page's picture its caption's first line starts, in mm."""
    image = _image(laid, page)
    caption = next(line for line in _lines(laid, page) if normal(" ".join(line.words)).startswith(first_words))
    return (caption.box[1] - image[3]) / MM


def test_full_page_figure_on_the_page_after_its_call_with_text_on_both_sides(piscine):
    _, page, column, asked, got, _ = piscine.figure
    assert (column, asked, got) == ("page", "page", "page")
    texts = [text.replace("\u2010 ", "") for text in page_texts(piscine.pdf)]  # words hyphenated made whole
    # called after the paragraph that ends « … d'une commune voisine » (piscine.md): that paragraph's page
    assert "commune voisine" in texts[page - 1] and "commune voisine" not in texts[page]
    image = _image(piscine, page)
    assert (image[3] - image[1]) / MM > 150, "scaled to the text area"
    assert "Le bassin de Saint-Aubin, rouvert" in texts[page]
    assert len(texts[page].split()) < 100, "nothing but its caption, credit and note (a text page: 500 words)"
    assert page + 1 < piscine.facts.pages and len(texts[page + 1].split()) > 400, "the text goes on after it"
    # the page before is filled to its foot: its right column's last line and the next text page's first line
    # are consecutive words of one paragraph
    before, after = _body_lines(piscine, page - 1, 2)[-1], _body_lines(piscine, page + 1, 1)[0]
    assert before.box[3] > 190 * MM, "the right column runs to the notes"
    end, start = before.words[-1], after.words[0]
    joined = end[:-1] + start if end.endswith(("\u2010", "-")) else f"{end} {start}"
    assert normal(joined) in _source_prose("piscine.md"), (end, start)


def test_dossier_opener_fits_its_two_page_spread(dossier):
    assert dossier.facts.pages == 2, "the opener's slot in the flatplan: its text page, then the photo's"
    _, page, column, _, got, _ = dossier.figure
    assert (page, column, got) == (1, "page", "page")
    texts = [text.replace("\u2010 ", "") for text in page_texts(dossier.pdf)]
    assert "voudrait contribuer" in texts[0] and "Un dossier coordonné par Mathilde Roux" in texts[0]
    second = texts[1]
    assert "Die, dans la Drôme" in second, "the photo on the spread's second page"
    names = ["Mathilde Roux", "Bastien Ferrand", "Nadia Belkacem", "Jean-Baptiste Martin", "Sophie Lemaire"]
    assert all(name in second for name in names), "the contributors on the photo's page"
    image = _image(dossier, 1)
    assert (image[2] - image[0]) / MM > 140, "across the text area"
    title = next(line for line in _lines(dossier, 1) if "".join(line.words).upper() == fr.CONTRIBUTORS_TITLE.upper()
                 .replace(" ", ""))
    assert title.box[1] > image[3], "the contributors under the photo"


def test_caption_right_under_the_picture(piscine, dossier, landscape):
    assert 0 <= _caption_under(piscine, piscine.figure[1], "Le bassin de Saint-Aubin") < 3
    assert 0 <= _caption_under(dossier, 1, "Die, dans la Drôme") < 3
    assert 0 <= _caption_under(landscape, landscape.figure[1], "Le bassin de Saint-Aubin") < 3


def test_a_landscape_full_page_figure_is_centred_on_its_page(landscape):
    page = landscape.figure[1]
    image = _image(landscape, page)
    assert (image[2] - image[0]) / MM > 140, "the text area's width"
    lines = [line for line in _lines(landscape, page) if TEXT_TOP - 2 * MM < line.box[1] < TEXT_FOOT]
    caption = [line for line in lines if line.box[1] > image[3] and line.box[0] >= image[0] - 1]
    notes = [line for line in lines if re.match(r"\d+\.$", line.words[0])]
    assert caption and notes, "its caption, and the note called from it"
    caption_foot = max(line.box[3] for line in caption if line not in notes and line.box[1] < notes[0].box[1])
    above = (image[1] - TEXT_TOP) / MM
    below = (min(line.box[1] for line in notes) - caption_foot) / MM
    assert above > 30, "not at the top of the page"
    assert abs(above - below) < 8, (above, below)  # the notes' rule and spacing (4.5 mm) are under the room
