"""The EPUB's documents and navigation, from the model and a page map, without building a book.

A small issue: an editorial, an article without text, a dossier whose opener is followed by an
article of its sub-rubric, and a box printed on the sommaire's page; the print pages come from
``PageMap.planned`` with page breaks as a layout gives them.
"""

from __future__ import annotations

from lxml import etree

from helpers import article, load, write_issue
from horizons_pub.model.nodes import PartKind
from horizons_pub.render.epub.documents import documents
from horizons_pub.render.epub.navigation import depth, landmarks, ncx_points, page_list, play_order, toc
from horizons_pub.render.html.writer import EPUB_TYPE
from horizons_pub.render.pages import PageMap

FLATPLAN = [
    {"page": 1, "part": "cover"},
    {"page": 2, "part": "sommaire", "boxes": ["encart"]},
    {"page": 4, "article": "edito"},
    {"page": 6, "article": "vide"},
    {"page": 8, "article": "dossier"},
    {"page": 10, "article": "terrain"},
    {"page": 12, "part": "back-cover"},
]
ARTICLES = {
    "edito": article("Un édito.\n\nSa suite.", kind="editorial", title="Un édito"),
    "vide": article(rubric="actualite", title="Sans texte"),
    "dossier": article("L'ouverture du dossier.", rubric="dossier", kind="opener", title="Le dossier"),
    "terrain": article("Premier.\n\nDeuxième.\n\nTroisième.", rubric="terrain", title="Sur place"),
    "encart": article("Écrivez-nous.", rubric=None, kind="brief", title="Boîte à idées"),
}
#: What the layout says: the pages after an article's first, and the body block each begins with.
BREAKS = {"edito": [(5, 1)], "terrain": [(11, 2)]}


def book(workdir):
    issue, reporter = load(write_issue(workdir, ARTICLES, issue={"flatplan": FLATPLAN, "pages": 12}))
    assert issue is not None and reporter.diagnostics == [], [d.format() for d in reporter.diagnostics]
    pages = PageMap.planned(issue)
    pages.breaks.update(BREAKS)
    return issue, pages, documents(issue, pages)


def test_the_planned_pages_are_the_flatplans(workdir):
    issue, pages, _ = book(workdir)
    assert pages.articles == {"edito": 4, "vide": 6, "dossier": 8, "terrain": 10}
    assert pages.parts == {PartKind.COVER: 1, PartKind.SOMMAIRE: 2, PartKind.BACK_COVER: 12}


def test_one_document_per_part_with_text_in_spine_order(workdir):
    _, _, docs = book(workdir)
    assert [d.name for d in docs] == ["text/cover.xhtml", "text/sommaire.xhtml", "text/encart.xhtml",
                                      "text/edito.xhtml", "text/dossier.xhtml", "text/terrain.xhtml"]
    assert [d.body_type for d in docs] == ["cover", "frontmatter"] + ["bodymatter"] * 4


def test_the_toc_nests_rubric_then_article_in_spine_order(workdir):
    issue, _, docs = book(workdir)
    contents = toc(issue, docs)

    def shape(entries):
        return [(e["label"], e["href"], shape(e["children"])) for e in entries]

    assert shape(contents) == [
        ("Sommaire", "text/sommaire.xhtml", []),
        ("Boîte à idées", "text/encart.xhtml", []),  # outside the rubrics: at the root
        ("Édito", None, [("Un édito", "text/edito.xhtml", [])]),
        ("Dossier", None, [("Le dossier", "text/dossier.xhtml", []),
                           ("Sur le terrain", None, [("Sur place", "text/terrain.xhtml", [])])]),
    ]
    assert depth(contents) == 3
    assert depth([]) == 0 and depth(contents[:2]) == 1


def test_an_article_without_text_is_in_no_list(workdir):
    issue, _, docs = book(workdir)
    everything = repr(toc(issue, docs)) + repr(page_list(docs)) + repr(landmarks(docs))
    assert "vide" not in everything and "Sans texte" not in everything
    assert 6 not in [p["value"] for p in page_list(docs)]


def ids_of(doc) -> set[str]:
    return {el.get("id") for el in doc.root.iter() if el.get("id")} | {doc.root.get("id")}


def test_the_page_list_has_each_folio_once_in_order_with_hrefs_that_exist(workdir):
    _, _, docs = book(workdir)
    pages = page_list(docs)
    assert [(p["label"], p["href"]) for p in pages] == [
        ("1", "text/cover.xhtml#page-1"), ("2", "text/sommaire.xhtml#page-2"), ("4", "text/edito.xhtml#page-4"),
        ("5", "text/edito.xhtml#page-5"), ("8", "text/dossier.xhtml#page-8"), ("10", "text/terrain.xhtml#page-10"),
        ("11", "text/terrain.xhtml#page-11")]
    assert [p["value"] for p in pages] == sorted({p["value"] for p in pages})  # in order, none twice
    by_name = {d.name: d for d in docs}
    for entry in pages:
        name, _, anchor = entry["href"].partition("#")
        assert anchor in ids_of(by_name[name]), entry


def test_a_page_break_stands_before_the_block_its_page_begins_with(workdir):
    _, _, docs = book(workdir)
    terrain = next(d for d in docs if d.name == "text/terrain.xhtml")
    (mark,) = [el for el in terrain.root.iter("span") if el.get("id") == "page-11"]
    assert mark.get(EPUB_TYPE) == "pagebreak" and mark.get("role") == "doc-pagebreak"
    assert etree.XPath("string()")(mark.getnext()) == "Troisième."
    first = terrain.root[0]  # the article's first page: at its very start
    assert first.get("id") == "page-10"


def test_landmarks(workdir):
    _, _, docs = book(workdir)
    assert [(m["type"], m["href"]) for m in landmarks(docs)] == [
        ("cover", "text/cover.xhtml"), ("toc", "text/sommaire.xhtml"), ("bodymatter", "text/encart.xhtml")]
    without_cover = [d for d in docs if d.body_type != "cover"]
    assert [m["type"] for m in landmarks(without_cover)] == ["toc", "bodymatter"]


def test_play_order_counts_every_target_once_in_reading_order(workdir):
    issue, _, docs = book(workdir)
    contents, pages = toc(issue, docs), page_list(docs)
    order = play_order(docs, contents, pages)
    assert sorted(order.values()) == list(range(1, len(order) + 1))  # 1..n, no gap, none twice
    assert sorted(order, key=order.get) == [
        "text/cover.xhtml#page-1", "text/sommaire.xhtml", "text/sommaire.xhtml#page-2", "text/encart.xhtml",
        "text/edito.xhtml", "text/edito.xhtml#page-4", "text/edito.xhtml#page-5", "text/dossier.xhtml",
        "text/dossier.xhtml#page-8", "text/terrain.xhtml", "text/terrain.xhtml#page-10",
        "text/terrain.xhtml#page-11"]


def test_ncx_points_nest_as_the_toc_and_a_rubric_points_at_its_first_article(workdir):
    issue, _, docs = book(workdir)
    contents = toc(issue, docs)
    order = play_order(docs, contents, page_list(docs))
    points = ncx_points(contents, order)

    def shape(entries):
        return [(p["id"], p["label"], p["href"], p["order"], shape(p["children"])) for p in entries]

    assert shape(points) == [
        ("np-1", "Sommaire", "text/sommaire.xhtml", 2, []),
        ("np-2", "Boîte à idées", "text/encart.xhtml", 4, []),
        ("np-3", "Édito", "text/edito.xhtml", 5, [("np-4", "Un édito", "text/edito.xhtml", 5, [])]),
        ("np-5", "Dossier", "text/dossier.xhtml", 8, [
            ("np-6", "Le dossier", "text/dossier.xhtml", 8, []),
            ("np-7", "Sur le terrain", "text/terrain.xhtml", 10, [
                ("np-8", "Sur place", "text/terrain.xhtml", 10, [])])]),
    ]


def test_the_documents_follow_the_laid_out_pages_not_the_plan(workdir):
    issue, pages, _ = book(workdir)
    pages.articles["terrain"] = 12  # pushed by an overflow
    pages.breaks["terrain"] = [(13, 1)]
    labels = [p["label"] for p in page_list(documents(issue, pages))]
    assert labels[-2:] == ["12", "13"]
