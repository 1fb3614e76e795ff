"""A figure's ``place=`` (docs/source-format.md, « Figures »): read into ``Figure.place``, French or English."""

from __future__ import annotations

import pytest

from horizons_pub.model.nodes import Figure, Placement
from horizons_pub.reader.markdown import MarkdownReader
from horizons_pub.support.diagnostics import Reporter


def read(text: str) -> tuple[list[Figure], Reporter]:
    reporter = Reporter(echo=False)
    blocks, _ = MarkdownReader("a.md", reporter).read_blocks(text)
    return [b for b in blocks if isinstance(b, Figure)], reporter


@pytest.mark.parametrize("value, place", [
    ("colonne", Placement.COLUMN), ("column", Placement.COLUMN),
    ("haut", Placement.TOP), ("top", Placement.TOP),
    ("bas", Placement.BOTTOM), ("bottom", Placement.BOTTOM),
    ("page", Placement.PAGE),
    ("ouverture", Placement.OPENER), ("opener", Placement.OPENER),
    ("Haut", Placement.TOP), ('"bas"', Placement.BOTTOM),
])
def test_place_names(value, place):
    figures, reporter = read(f'![Une carte](images/carte.png){{credit="© X" place={value}}}\n')
    assert reporter.diagnostics == []
    assert figures[0].place is place
    assert [i.text for i in figures[0].credit] == ["© X"]


def test_column_by_default():
    figures, reporter = read("![Une carte](images/carte.png)\n")
    assert reporter.diagnostics == [] and figures[0].place is Placement.COLUMN


def test_unknown_place_is_an_error_at_its_line():
    figures, reporter = read("Un paragraphe.\n\n![Une carte](images/carte.png){place=gauche}\n")
    [diag] = reporter.diagnostics
    assert (diag.code, diag.pos.line) == ("image.place", 3)
    assert "gauche" in diag.message and "colonne, haut, bas, page, ouverture" in diag.message
    assert figures[0].place is Placement.COLUMN  # read all the same, in its column


def test_one_opener_an_article():
    text = "![Un portrait](images/a.png){place=ouverture}\n\nDu texte.\n\n![Un autre](images/b.png){place=opener}\n"
    figures, reporter = read(text)
    [diag] = reporter.diagnostics
    assert (diag.code, diag.pos.line) == ("image.place", 5)
    assert "line 1" in diag.message
    assert [f.place for f in figures] == [Placement.OPENER, Placement.COLUMN]


def test_each_article_has_its_own_opener():
    """One reader reads one article: two articles may each have their opener."""
    for _ in range(2):
        figures, reporter = read("![Un portrait](images/a.png){place=ouverture}\n")
        assert reporter.diagnostics == [] and figures[0].place is Placement.OPENER


def test_other_attributes_still_refused():
    _, reporter = read("![Une carte](images/carte.png){place=haut taille=grande}\n")
    [diag] = reporter.diagnostics
    assert diag.code == "image.attribute" and "(known: credit, place)" in diag.message
