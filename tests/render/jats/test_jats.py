"""Each article's JATS 1.3 XML (render/jats/): valid against the vendored Archiving DTD, its pages the
layout's, its notes, tables, sidebars, interviews and figures mapped to their JATS elements.

The fast tests read the issues' models (no layout: the flatplan's pages); the ``slow`` ones read the
session builds of issue 38 and of the realistic magazine issue (helpers/outputs.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from helpers.outputs import HP38, MAGAZINE, pdftotext_pages
from horizons_pub.builder.recipe import load_issue
from horizons_pub.model.nodes import (
    Article,
    Emph,
    Heading,
    Kind,
    LineBreak,
    Note,
    Paragraph,
    Person,
    Pos,
    Role,
    Text,
    plain_text,
)
from horizons_pub.model.walk import iter_notes
from horizons_pub.render.jats import JATS_SCHEMA
from horizons_pub.render.jats.article import jats_article
from horizons_pub.render.jats.body import JatsWriter
from horizons_pub.render.visitor import UnknownNode
from horizons_pub.model.bylines import split_name
from horizons_pub.render.pages import PageMap
from horizons_pub.render.pdf.layout_file import read_layout
from horizons_pub.render.platforms import platform_articles
from horizons_pub.support.dates import source_datetime
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.support.xmlschemas import validate

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
P = Pos("t.md", 1)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))


@pytest.fixture(scope="module")
def hp38_issue():
    return load_issue(HP38, Reporter(echo=False))


@pytest.fixture(scope="module")
def magazine_issue():
    return load_issue(MAGAZINE, Reporter(echo=False))


def xml_of(issue, article_id: str, pages: PageMap | None = None) -> bytes:
    return jats_article(issue, issue.article(article_id), pages or PageMap.planned(issue), source_datetime(issue))


# -- fast: the models of the two issues, with the flatplan's pages ------------------------------------------


@pytest.mark.parametrize("which", ["hp38_issue", "magazine_issue"])
def test_every_article_of_the_model_validates(which, request):
    issue = request.getfixturevalue(which)
    ids = platform_articles(issue)
    assert len(ids) == (21 if issue.number == 38 else 11)
    for article_id in ids:
        assert validate(JATS_SCHEMA, xml_of(issue, article_id)) == [], article_id


def test_the_schema_refuses_what_jats_does_not_allow():
    """The vendored DTD really validates: a made-up element, a broken reference, a wrong order are refused."""
    assert validate(JATS_SCHEMA, b"<article><front/><wrong/></article>")
    assert any("nope" in e for e in validate(JATS_SCHEMA, b"<article><front><article-meta><title-group>"
                                             b"<article-title>t</article-title></title-group></article-meta></front>"
                                             b"<body><p><xref ref-type='fn' rid='nope'>1</xref></p></body>"
                                             b"</article>"))


def test_an_issue_without_issn_writes_none_and_is_valid(hp38_issue):
    """Issue 38 has no ISSN in its source: none is written (the Archiving tag set lets journal-meta go
    without one), and no DOI without a prefix."""
    root = parse(xml_of(hp38_issue, "edito"))
    assert root.find(".//issn") is None and root.find(".//article-id[@pub-id-type='doi']") is None
    assert root.get("dtd-version") == "1.3"
    assert root.findtext(".//journal-title") == "Horizons publics"
    assert root.findtext(".//publisher-name") == hp38_issue.publisher


def test_the_magazine_metadata(magazine_issue):
    root = parse(xml_of(magazine_issue, "kessler"))
    issns = {i.get("publication-format"): i.text for i in root.iter("issn")}
    assert issns == {"print": magazine_issue.issn, "electronic": magazine_issue.distribution.eissn}
    assert root.findtext(".//article-id[@pub-id-type='doi']") == "10.99999/hp.99.kessler"
    assert root.findtext(".//issue") == "99"
    assert root.find(".//self-uri").get(XLINK_HREF) == "https://www.horizonspublics.fr/revue/99/kessler"
    assert root.findtext(".//permissions/copyright-statement") == magazine_issue.rights
    assert root.find(".//pub-date[@publication-format='print'][@date-type='pub']").get("iso-8601-date") == "2025-11-01"
    article = magazine_issue.article("kessler")
    assert "".join(root.find(".//abstract/p").itertext()) == plain_text(article.standfirst)
    contribs = root.findall(".//contrib")
    assert [c.get("contrib-type") for c in contribs] == [p.role.value for p in article.people]
    for person, contrib in zip(article.people, contribs):
        orcid = contrib.findtext("contrib-id[@contrib-id-type='orcid']")
        assert orcid == (f"https://orcid.org/{person.orcid}" if person.orcid else None)
        if person.orcid:
            assert contrib.find("contrib-id[@contrib-id-type='orcid']").get("authenticated") == "false"
        assert contrib.findtext("contrib-id[@contrib-id-type='idref']") == (
            f"https://www.idref.fr/{person.idref}" if person.idref else None)
    # the rubric under its parent: Dossier → Sur le terrain
    drome = parse(xml_of(magazine_issue, "drome"))
    path = [r.title for r in magazine_issue.rubric_path(magazine_issue.article("drome").rubric)]
    assert len(path) == 2 and [s.text for s in drome.iter("subject")] == path


def test_the_magazine_maps_its_constructs(magazine_issue):
    """Table → table-wrap (XHTML model, source in table-wrap-foot), sidebar → boxed-text with its title,
    interview question → question-wrap (question, answer pointing at it), figure → fig/graphic, pull quote →
    disp-quote content-type="pullquote"."""
    roots = {a: parse(xml_of(magazine_issue, a)) for a in platform_articles(magazine_issue)}
    every = [el for root in roots.values() for el in root.iter()]
    tables = [el for el in every if el.tag == "table-wrap"]
    assert tables and all(t.find("table/tbody/tr/td") is not None for t in tables)
    assert any(t.find("table/thead/tr/th[@scope='col']") is not None for t in tables)
    assert any(t.findtext("table-wrap-foot/p[@content-type='source']") for t in tables)
    assert any(el.get("align") in ("left", "center", "right") for t in tables for el in t.iter("th", "td"))
    boxes = [el for el in every if el.tag == "boxed-text"]
    assert boxes and any(b.findtext("caption/title") for b in boxes)
    kessler = roots["kessler"]
    wraps = kessler.findall(".//question-wrap")
    questions = [q for q in magazine_issue.article("kessler").blocks if type(q).__name__ == "Question"]
    assert len(wraps) == len(questions) > 0
    for wrap in wraps:
        assert wrap.find("answer").get("pointer-to-question") == wrap.find("question").get("id")
    figs = [el for el in every if el.tag == "fig"]
    assert figs and all(f.find("graphic/alt-text").text for f in figs)
    assert all(re.fullmatch(r"[a-z0-9-]+/[A-Za-z0-9._-]+", f.find("graphic").get(XLINK_HREF)) for f in figs)
    assert any(el.tag == "disp-quote" and el.get("content-type") == "pullquote" for el in every)


def test_the_editorials_notes_and_their_calls(hp38_issue):
    article = hp38_issue.article("edito")
    notes = list(iter_notes(article))
    root = parse(xml_of(hp38_issue, "edito"))
    assert_notes(root, notes)
    assert len(notes) == 2


def assert_notes(root: etree._Element, notes: list[Note]) -> None:
    calls = root.findall(".//body//xref[@ref-type='fn']")
    fns = root.findall("back/fn-group/fn")
    assert [c.text for c in calls] == [str(n.number) for n in notes]
    assert [c.get("rid") for c in calls] == [f.get("id") for f in fns]
    for note, fn in zip(notes, fns):
        assert fn.findtext("label") == str(note.number)
        text = " ".join("".join(p.itertext()) for p in fn.findall("p"))
        assert text == " ".join(plain_text(b.children) for b in note.blocks)


# -- fast: the visitor on small models ---------------------------------------------------------------------


class Strange:  # a node the model does not have
    pos = P


def test_an_unknown_node_raises():
    writer = JatsWriter(lambda src: src)
    with pytest.raises(UnknownNode, match="block Strange"):
        writer.flow(etree.Element("body"), (Strange(),))
    with pytest.raises(UnknownNode, match="inline Strange"):
        writer.inlines(etree.Element("p"), (Text("a", P), Strange()))


def test_headings_nest_sections_and_text_is_kept():
    body = etree.Element("body")
    para = lambda *c: Paragraph(tuple(c), P)  # noqa: E731
    JatsWriter(lambda src: src).flow(body, (
        para(Text("avant", P)), Heading(2, (Text("Un", P),), P), para(Text("a\u202f!", P)),
        Heading(3, (Text("Un-un", P),), P), para(Emph((Text("b", P),), P), LineBreak(P), Text("c", P)),
        Heading(2, (Text("Deux", P),), P), para(Text("d", P))))
    assert [el.tag for el in body] == ["p", "sec", "sec"]
    first, second = body.findall("sec")
    assert first.findtext("title") == "Un" and first.find("sec/title").text == "Un-un"
    assert first.findtext("p") == "a\u202f!"  # the narrow no-break space stays a character
    inner = first.find("sec/p")
    assert inner.find("italic").text == "b" and inner.find("break") is None  # no <break/> in a <p>
    assert second.findtext("title") == "Deux" and second.find("sec") is None


def test_a_title_keeps_its_break_and_notes_go_to_the_back(magazine_issue):
    note = Note("1", 1, (Paragraph((Text("La note.", P),), P),), P)
    base = magazine_issue.article("edito")
    article = replace(base, title=(Text("Un", P), LineBreak(P), Text("titre", P)), standfirst=(),
                      blocks=(Paragraph((Text("Appel", P), note), P),))
    data = jats_article(magazine_issue, article, PageMap.planned(magazine_issue), source_datetime(magazine_issue))
    assert validate(JATS_SCHEMA, data) == []
    root = parse(data)
    assert root.find(".//article-title/break") is not None
    assert_notes(root, [note])


@pytest.mark.parametrize("name, parts", [
    ("Julien Nessi", ("Julien", "Nessi")), ("Camille Girard-Chanudet", ("Camille", "Girard-Chanudet")),
    ("Jean-Baptiste Martin", ("Jean-Baptiste", "Martin")), ("Charles de Gaulle", None), ("Marie Le Pen", None),
    ("Pierre van der Berg", None), ("collectif", None), ("Anne", None)])
def test_a_name_splits_only_when_it_is_safe(name, parts):
    split = split_name(name)
    assert ((split.given, split.surname) if split.certain and split.given else None) == parts


def test_a_name_that_does_not_split_is_a_string_name(magazine_issue):
    base = magazine_issue.article("edito")
    article: Article = replace(base, kind=Kind.ARTICLE, people=(Person("Charles de Gaulle", Role.AUTHOR, (), P),))
    root = parse(jats_article(magazine_issue, article, PageMap.planned(magazine_issue), source_datetime(magazine_issue)))
    assert root.findtext(".//contrib/string-name") == "Charles de Gaulle" and root.find(".//contrib/name") is None


# -- slow: the built issues ----------------------------------------------------------------------------------


def slots(folder: Path) -> dict[str, tuple[int, int]]:
    """Each article's (first, last) folio from the build's layout.json: its own pages and the reserved pages
    that fill its slot after them."""
    layout = read_layout(folder / "layout.json")
    out: dict[str, tuple[int, int]] = {}
    owner = None
    for part in layout.parts:
        if part.article and not part.reserved:
            owner = part.article
            out[owner] = (part.first, part.last)
        elif part.reserved and owner:
            out[owner] = (out[owner][0], part.last)
        else:
            owner = None
    return out


@pytest.mark.slow
def test_hp38_every_jats_file_validates_with_the_sommaires_pages(hp38, hp38_issue):
    files = sorted((hp38.folder / "articles").glob("*.xml"))
    assert [f.stem for f in files] == sorted(platform_articles(hp38_issue))
    pages = slots(hp38.folder)
    sommaire = pdftotext_pages(hp38.screen_pdf)[2]  # page 3: the sommaire, in two columns
    # each entry: its folio, then its title's first word (the page's own folio stands alone on its line)
    printed = {int(n) for n in re.findall(r"(?:^|(?<=\s\s))(\d{1,3}) (?=[^\W\d])", sommaire, re.M)}
    first_pages = {}
    for path in files:
        data = path.read_bytes()
        assert validate(JATS_SCHEMA, data) == [], path.name
        root = parse(data)
        fpage, lpage = int(root.findtext(".//fpage")), int(root.findtext(".//lpage"))
        assert (fpage, lpage) == pages[path.stem], path.name
        first_pages[path.stem] = fpage
    # the sommaire lists every article after the editorial (on page 2, before it), at its first folio
    assert printed == {page for article, page in first_pages.items() if article != "edito"}
    assert_notes(parse((hp38.folder / "articles" / "edito.xml").read_bytes()),
                 list(iter_notes(hp38_issue.article("edito"))))


@pytest.mark.slow
def test_magazine_jats_files_and_their_figures(magazine_built, magazine_issue):
    folder = magazine_built.folder / "articles"
    files = sorted(folder.glob("*.xml"))
    assert len(files) == len(platform_articles(magazine_issue))
    pages = slots(magazine_built.folder)
    seen = set()
    for path in files:
        data = path.read_bytes()
        assert validate(JATS_SCHEMA, data) == [], path.name
        root = parse(data)
        assert (int(root.findtext(".//fpage")), int(root.findtext(".//lpage"))) == pages[path.stem]
        for graphic in root.iter("graphic"):
            image = folder / graphic.get(XLINK_HREF)
            assert image.is_file() and image.stat().st_size > 0, graphic.get(XLINK_HREF)
            seen.add(root.tag)
            seen.update(el.tag for el in root.iter())
    assert {"fig", "graphic", "table-wrap", "boxed-text", "question-wrap"} <= seen
