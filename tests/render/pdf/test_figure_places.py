"""Figures placed in the print layout (render/pdf/figure_places.py), without WeasyPrint: the part's HTML as
documents.py makes it, and a small simulated layout of two columns in place of WeasyPrint's (blocks of
given heights; text splits across columns, a figure that does not fit goes to the next column, leaving a
hole, as WeasyPrint does).  The built PDFs are checked in test_figure_pages.py."""

from __future__ import annotations

import json

import lxml.html
import pytest
from lxml import etree

from horizons_pub.model.nodes import (
    Article,
    Figure,
    Kind,
    Paragraph,
    Placement,
    Pos,
    Text,
)
from horizons_pub.render.pdf import figure_places
from horizons_pub.render.pdf.figure_checks import check_figures
from horizons_pub.render.pdf.figure_survey import Fragment, Survey
from horizons_pub.render.pdf.job import PartFacts
from horizons_pub.render.pdf.layout_file import PlacedFigure, read_layout
from horizons_pub.support.diagnostics import Reporter

COLUMN = 100.0  # the foot of a column, in the simulated layout
HEADER = 40.0  # the title block's foot (and the top of the columns under it)


def _figure(line: int, place: Placement = Placement.COLUMN) -> Figure:
    return Figure("images/x.png", "Une image", (), (), Pos("a.md", line), place)


def _article(blocks, kind: Kind = Kind.ARTICLE) -> Article:
    return Article("a", kind, None, (Text("Un titre", Pos("a.md", 1)),), (), (), tuple(blocks), (), Pos("a.md", 1))


def _part(article: Article, heights: list[float], notes: dict[int, int] | None = None) -> etree._Element:
    """The article element as documents.article_doc makes it: ``heights`` of the body's blocks (data-h)."""
    el = etree.Element("article")
    etree.SubElement(el, "div", {"class": "running"})
    header = etree.SubElement(el, "header", {"class": "opener"})
    etree.SubElement(header, "h1").text = "Un titre"
    body = etree.SubElement(el, "div", {"class": "body"})
    for index, (block, height) in enumerate(zip(article.blocks, heights)):
        child = etree.SubElement(body, "figure" if isinstance(block, Figure) else "p",
                                 {"data-block": str(index), "data-h": str(height)})
        if isinstance(block, Figure):
            cap = etree.SubElement(child, "figcaption")
            cap.text = "Une légende"
        for number in [n for n, at in (notes or {}).items() if at == index]:
            holder = child.find("figcaption") if isinstance(block, Figure) else child
            etree.SubElement(holder, "span", {"class": "footnote", "id": f"a-note-{number}"}).text = "Une note."
    return el


def _html(el: etree._Element) -> str:
    return "<!DOCTYPE html><html><head></head><body>" + etree.tostring(el, encoding="unicode") + "</body></html>"


def simulate(html: str) -> Survey:
    """Two columns of COLUMN a page, the title block over both on the first page."""
    tree = lxml.html.document_fromstring(html)
    found = Survey()
    found.header.append(Fragment(0, "span", 0.0, HEADER))
    page, column, y = 0, 1, HEADER

    def top() -> float:
        return HEADER if page == 0 else 0.0

    def next_column() -> None:
        nonlocal page, column, y
        page, column = (page, 2) if column == 1 else (page + 1, 1)
        y = top()

    for child in tree.xpath("//div[@class='body']")[0]:
        height, block = float(child.get("data-h")), int(child.get("data-block"))
        fragments = found.blocks.setdefault(block, [])
        if child.tag == "figure":
            if "place-top" in (child.get("class") or "") or "place-bottom" in (child.get("class") or ""):
                found.figures.setdefault(int(child.get("data-figure")), []).append(Fragment(page, "span", 0, height))
                continue
            while y + height > COLUMN and not (page > 0 and y == 0):  # a full column takes it
                next_column()
            fragments.append(Fragment(page, str(column), y, y + height, top(), COLUMN))
            found.figures.setdefault(int(child.get("data-figure")), []).append(fragments[-1])
            y += height
            continue
        while height > 0:
            room = COLUMN - y
            if room <= 0:
                next_column()
                continue
            used = min(room, height)
            fragments.append(Fragment(page, str(column), y, y + used, top(), COLUMN))
            y, height = y + used, height - used
    found.pages = page + 1
    for p in range(found.pages):
        found.column_top[p] = HEADER if p == 0 else 0.0
        found.column_bottom[p] = COLUMN
        found.area[p] = (0.0, COLUMN)
    return found


@pytest.fixture
def simulated(monkeypatch):
    rendered: list[str] = []

    def render(html: str) -> str:
        rendered.append(html)
        return html  # the "document" is its HTML: the patched survey lays it out

    monkeypatch.setattr(figure_places, "survey", simulate)
    monkeypatch.setattr(figure_places, "opener_fill", lambda found: None)
    monkeypatch.setattr(figure_places.grid, "step_tree", lambda tree, document: False)  # no boxes to round
    return render, rendered


def _order(html: str) -> list[str]:
    body = lxml.html.document_fromstring(html).xpath("//div[@class='body']")[0]
    return [("F" if c.tag == "figure" else "p") + c.get("data-block") for c in body]


def test_first_figure_too_tall_moves_after_the_first_lines(simulated):
    """The issue's case: a figure as the article's first block, too tall for the room under the title block,
    left the opening page empty under it; it now follows the text that fills the column."""
    render, rendered = simulated
    article = _article([_figure(10)] + [Paragraph((), Pos("a.md", 12 + 2 * i)) for i in range(4)])
    el = _part(article, [80, 40, 30, 50, 200])  # 60 under the title block, a figure of 80
    figure_places.prepare(el, article)
    assert _order(_html(el)) == ["F0", "p1", "p2", "p3", "p4"]
    assert simulate(_html(el)).figures[10][0].page == 1, "as WeasyPrint does: the figure on the next page"
    _, places, _ = figure_places.lay_out(render, _html(el))
    assert _order(rendered[-1]) == ["p1", "p2", "p3", "F0", "p4"]
    assert places == (figure_places.FigurePlace(10, 1, "1", "column", "column", 3),)
    assert simulate(rendered[-1]).first(1) == Fragment(0, "1", HEADER, HEADER + 40, HEADER, COLUMN), \
        "the text under the title block"


def test_figure_that_fits_is_left_where_it_is_called(simulated):
    render, rendered = simulated
    article = _article([Paragraph((), Pos("a.md", 3)), _figure(5), Paragraph((), Pos("a.md", 7))])
    el = _part(article, [30, 30, 100])
    figure_places.prepare(el, article)
    _, places, _ = figure_places.lay_out(render, _html(el))
    assert len(rendered) == 1 and places[0].moved == 0 and places[0].column == "1"


def test_a_small_hole_is_left(simulated):
    """Two lines' slack at a column's foot is what widows and orphans leave anyway: not worth a move."""
    render, rendered = simulated
    article = _article([Paragraph((), Pos("a.md", 3)), _figure(5), Paragraph((), Pos("a.md", 7))])
    el = _part(article, [155, 50, 100])  # the figure leaves 5 px under the text before it
    figure_places.prepare(el, article)
    figure_places.lay_out(render, _html(el))
    assert len(rendered) == 1


def test_never_after_a_heading(simulated):
    """The figure is not put between an intertitle and its text."""
    render, rendered = simulated
    article = _article([Paragraph((), Pos("a.md", 3)), _figure(5), Paragraph((), Pos("a.md", 7)),
                        Paragraph((), Pos("a.md", 9)), Paragraph((), Pos("a.md", 11))])
    el = _part(article, [20, 50, 40, 10, 100])  # p0 leaves 40 under it, the figure needs 50, the h2 fills it
    el.find(".//p[@data-block='2']").tag = "h2"
    figure_places.prepare(el, article)
    figure_places.lay_out(render, _html(el))
    assert _order(rendered[-1]) == ["p0", "p2", "p3", "F1", "p4"]


def test_notes_keep_their_numbers_when_their_figure_moves(simulated):
    render, rendered = simulated
    article = _article([_figure(10), Paragraph((), Pos("a.md", 12)), Paragraph((), Pos("a.md", 14))])
    el = _part(article, [80, 40, 200], notes={1: 0, 2: 1})  # note 1 in the caption, note 2 in the text after
    figure_places.prepare(el, article)
    figure_places.lay_out(render, _html(el))
    tree = lxml.html.document_fromstring(rendered[-1])
    notes = tree.xpath("//span[@class='footnote']")
    assert [n.get("id") for n in notes] == ["a-note-2", "a-note-1"]  # the figure, and its note, now after
    assert [n.get("style") for n in notes] == ["counter-set: footnote 1", "counter-set: footnote 0"]


def test_prepare_places_the_openers_and_full_pages():
    article = _article([_figure(3, Placement.OPENER), Paragraph((), Pos("a.md", 5)), _figure(7, Placement.PAGE),
                        Paragraph((), Pos("a.md", 9))])
    el = _part(article, [10, 10, 10, 10])
    figure_places.prepare(el, article)
    assert el.find("header/figure").get("class") == "opener-picture"
    assert [c.tag for c in el] == ["div", "header", "div", "figure"]  # the full-page figure after the text
    assert el[-1].get("class") == "figure-page" and el[-1].get("data-figure") == "7"
    assert el[-1].get("data-called-after") == "1", "then on the page after its call's: the block before it"
    interview = _article(article.blocks, Kind.INTERVIEW)
    el = _part(interview, [10, 10, 10, 10])
    figure_places.prepare(el, interview)
    assert [c.tag for c in el][:3] == ["figure", "div", "header"]  # the portrait's page, then the opening page
    assert el[0].get("class") == "opener-portrait" and el[1].get("class") == "running"


def test_a_dossier_opener_full_page_figure_goes_above_its_contributors():
    """The opener's spread: its text page, then the photograph's page with the contributors under it."""
    article = _article([Paragraph((), Pos("a.md", 5)), _figure(7, Placement.PAGE), Paragraph((), Pos("a.md", 9))],
                       Kind.OPENER)
    el = _part(article, [10, 10, 10])
    body = el.find("div[@class='body']")
    etree.SubElement(body, "p", {"class": "byline", "data-block": "3"})
    etree.SubElement(body, "section", {"class": "contributors", "data-block": "4"})
    figure_places.prepare(el, article)
    assert [(c.tag, c.get("class")) for c in body][-3:] == [("p", "byline"), ("figure", "figure-page"),
                                                            ("section", "contributors")]
    assert el.find("figure") is None and body.find("figure").get("data-called-after") is None


def test_top_figure_makes_room_on_its_page(simulated):
    render, rendered = simulated
    blocks = [Paragraph((), Pos("a.md", 3 + 2 * i)) for i in range(6)]
    blocks.insert(3, _figure(30, Placement.TOP))
    article = _article(blocks)
    el = _part(article, [60, 60, 60, 50, 60, 60, 60], notes={1: 3})
    figure_places.prepare(el, article)
    _, places, _ = figure_places.lay_out(render, _html(el))
    tree = lxml.html.document_fromstring(rendered[-1])
    assert "@page :nth(2) { padding-top: " in tree.find(".//style").text  # page 1: not above the title block
    assert places == (figure_places.FigurePlace(30, 1, "span", "top", "top", 0),)
    copy = tree.xpath("//span[@class='footnote-call-copy']")
    assert [c.text for c in copy] == ["1"], "the call in the caption: a copy of the note's number"
    note = tree.xpath("//span[contains(@class, 'footnote-moved')]")[0]
    assert note.getparent().tag == "p", "the note itself in the text, where WeasyPrint lays it out"


def _facts(fill: float | None, pages: int = 3, figures=()) -> PartFacts:
    return PartFacts(pages=pages, calls=((),) * pages, notes=((),) * pages, page_blocks=(0,) * (pages - 1),
                     figures=figures, opener_fill=fill)


@pytest.mark.parametrize("fill, pages, warned", [(0.2, 3, True), (0.34, 3, False), (0.2, 1, False)])
def test_empty_opener(fill, pages, warned):
    """The issue's criterion: no opening page under a third used while the article goes on."""
    reporter = Reporter(echo=False)
    check_figures(_article([Paragraph((), Pos("a.md", 3))]), _facts(fill, pages), 12, reporter)
    assert (reporter.codes() == ["layout.empty-opener"]) is warned
    if warned:
        assert reporter.diagnostics[0].data == (("page", 12), ("percent", 20))


def test_figure_without_its_place_is_told():
    reporter = Reporter(echo=False)
    article = _article([_figure(5, Placement.TOP)])
    check_figures(article, _facts(0.9, figures=((5, 1, "1", "top", "column", 0),)), 12, reporter)
    assert reporter.codes() == ["layout.figure-place"] and reporter.diagnostics[0].pos.line == 5


def test_portrait_on_a_right_hand_page_is_told():
    reporter = Reporter(echo=False)
    interview = _article([_figure(5, Placement.OPENER)], Kind.INTERVIEW)
    check_figures(interview, _facts(0.9, figures=((5, 0, "page", "opener", "opener", 0),)), 13, reporter)
    assert reporter.codes() == ["layout.figure-place"]
    reporter = Reporter(echo=False)
    check_figures(interview, _facts(0.9, figures=((5, 0, "page", "opener", "opener", 0),)), 12, reporter)
    assert reporter.codes() == []


def test_layout_file_reads_the_figures_back(tmp_path):
    record = {"issue": "x", "pages": 4, "parts": [{
        "key": "a", "kind": "article", "article": "a", "title": "T", "rubric": [], "rubric_id": "r",
        "has_text": True, "planned": 4, "first": 4, "last": 7,
        "figures": [{"line": 14, "folio": 4, "column": "page", "asked": "opener", "got": "opener", "moved": 0}]}]}
    (tmp_path / "layout.json").write_text(json.dumps(record))
    [part] = read_layout(tmp_path / "layout.json").parts
    assert part.figures == (PlacedFigure(14, 4, "page", "opener", "opener", 0),)
