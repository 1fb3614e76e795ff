"""Loose justified lines (render/pdf/loose_lines.py): a line whose word spaces the justification stretched
past twice their natural width is reported, ``layout.loose-line``, with its page and first words, at its
paragraph's line; one warning per article; layout.json keeps it with its pages."""

from __future__ import annotations

import json

import pytest
from helpers import article, line_of, write_issue

from horizons_pub.builder.recipe import build_issue
from horizons_pub.model.nodes import Article, Kind, Paragraph, Pos
from horizons_pub.render.pdf.job import PartFacts
from horizons_pub.render.pdf.layout_file import LAYOUT_FILE
from horizons_pub.render.pdf.loose_lines import check_loose_lines
from horizons_pub.support.diagnostics import Reporter

# short words only: each line has a dozen spaces to share what is left of it, never a loose one
TIGHT = " ".join(["Le chat et le rat ont vu un âne, un ours et un loup sur le pré de la rue."] * 12)
# the long capitalised word is never hyphenated (span.nohyph) and does not fit after « Il cite la »: those
# three words are spread over the whole line, their two spaces many times their width
LOOSE = ("Il cite la Hochschwarzwaldstrassenverwaltung, puis il s'en va et le reste de la phrase suit "
         "de mots courts, qui font des lignes pleines et serrées comme il se doit.")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("loose")
    texts = {"a": article(TIGHT, title="Des mots courts"),
             "b": article(TIGHT + "\n\n" + LOOSE, title="Un mot trop long")}
    folder = write_issue(root, texts)
    reporter = Reporter(echo=False)
    build_issue(folder, root / "out", ["print"], reporter, jobs=1)
    assert not reporter.has_errors(), [d.format() for d in reporter.diagnostics]
    return texts, reporter, root / "out" / folder.name


@pytest.mark.slow  # lays out a small issue
def test_a_loose_line_is_reported_with_its_page_and_words(built):
    texts, reporter, _ = built
    [loose] = [d for d in reporter.diagnostics if d.code == "layout.loose-line"]
    line = line_of(texts["b"], "Il cite la")
    assert loose.pos.file.endswith("b.md") and loose.pos.line == line
    data = dict(loose.data)
    assert data["page"] == data["first"] == data["last"] == 6  # article b has pages 6-7 of the flatplan
    # « Il cite la » spread over its line, the loosest; the long word's own line after it is loose too
    # (« …, puis il »: its spaces 2.8 times their width, measured on the page too), nothing else
    assert data["lines"] == 2
    assert loose.message.startswith("2 justified lines are loose"), loose.message
    assert f"page 6 (2); the loosest: page 6 « Il cite la » (line {line}, " in loose.message, loose.message
    assert f"page 6 « Hochschwarzwaldstrassenverwaltung, puis… » (line {line}, " in loose.message
    assert "soft hyphen" in loose.message


@pytest.mark.slow
def test_tight_text_reports_nothing(built):
    texts, reporter, _ = built
    found = [d for d in reporter.diagnostics if d.code == "layout.loose-line"]
    # nothing for article a, whose paragraph is b's first one, and nothing for that paragraph in b
    assert [d.pos.file.rsplit("/", 1)[-1] for d in found] == ["b.md"], [d.format() for d in found]
    listed = found[0].message.count(" (line ")
    assert listed == dict(found[0].data)["lines"]
    assert found[0].message.count(f" (line {line_of(texts['b'], 'Il cite la')}, ") == listed


@pytest.mark.slow
def test_layout_json_keeps_the_warning_and_its_pages(built):
    _, _, out = built
    layout = json.loads((out / LAYOUT_FILE).read_text(encoding="utf-8"))
    [loose] = [d for d in layout["diagnostics"] if d["code"] == "layout.loose-line"]
    assert {k: v for k, v in loose["data"].items() if k != "lines"} == {"first": 6, "last": 6, "page": 6}
    assert loose["data"]["lines"] == 2
    assert loose["file"].endswith("b.md")


def test_one_warning_per_article_loosest_first_pages_counted():
    blocks = tuple(Paragraph((), Pos("a.md", 10 + 2 * i)) for i in range(3))
    art = Article(id="a", kind=Kind.ARTICLE, rubric=None, title=(), standfirst=(), people=(), blocks=blocks,
                  note_defs=(), pos=Pos("a.md", 1))
    reporter = Reporter(echo=False)
    lines = ((0, 0, 2.1, "un"), (0, 1, 3.5, "deux"), (1, 2, 2.4, "trois"), (1, 2, 2.2, "quatre"),
             (1, -1, 4.0, "cinq"))
    check_loose_lines(art, lines, 12, reporter)
    [d] = reporter.diagnostics
    assert d.code == "layout.loose-line"
    assert d.message.startswith("5 justified lines are loose")
    assert "page 12 (2), page 13 (3)" in d.message
    # the three loosest, loosest first; the fourth and fifth are counted only
    assert "the loosest: page 13 « cinq » (4.00 times); page 12 « deux » (line 12, 3.50 times); " \
           "page 13 « trois » (line 14, 2.40 times);" in d.message, d.message
    assert "quatre" not in d.message and "« un »" not in d.message
    assert d.pos == art.pos  # the loosest line is in no body block: the article's own line
    assert dict(d.data) == {"page": 13, "first": 12, "last": 13, "lines": 5}


def test_a_single_loose_line_is_said_in_the_singular():
    art = Article(id="a", kind=Kind.ARTICLE, rubric=None, title=(), standfirst=(), people=(),
                  blocks=(Paragraph((), Pos("a.md", 20)),), note_defs=(), pos=Pos("a.md", 1))
    reporter = Reporter(echo=False)
    check_loose_lines(art, ((0, 0, 2.44, "pour imaginer, construire et orienter…"),), 30, reporter)
    [d] = reporter.diagnostics
    assert d.message.startswith("a justified line is loose, its word spaces stretched past twice their natural "
                                "width: page 30 « pour imaginer, construire et orienter… » (line 20, 2.44 times); "
                                "rephrase near the line"), d.message
    assert d.pos == Pos("a.md", 20)


def test_nothing_loose_nothing_said():
    reporter = Reporter(echo=False)
    check_loose_lines(None, (), 4, reporter)
    assert not reporter.diagnostics


def test_facts_from_an_older_cache_have_no_loose_lines():
    old = {"pages": 1, "calls": [[]], "notes": [[]], "page_blocks": [], "messages": [], "refused": [],
           "read": [], "figures": [], "opener_fill": None}
    assert PartFacts.from_json(old).loose == ()
    facts = PartFacts(pages=1, calls=((),), notes=((),), page_blocks=(), loose=((0, 3, 2.5, "Il cite la"),))
    assert PartFacts.from_json(json.loads(json.dumps(facts.to_json()))) == facts

