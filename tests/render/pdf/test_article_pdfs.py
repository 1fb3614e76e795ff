"""Each article's own PDF (render/pdf/article_pdfs.py), cut from the screen edition's parts, read back from
real builds: issue 38 (21 articles, no citation line) and the realistic issue (a DOI prefix and the
citation line), and a small issue built with ``--format articles`` alone."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pikepdf
import pytest
from pikepdf import NameTree

from helpers import article, default_issue, write_issue
from helpers.outputs import HP38, MAGAZINE, pdftotext_pages
from horizons_pub.builder.recipe import build_issue, expected_outputs, load_issue
from horizons_pub.builder.stamp import STAMP
from horizons_pub.model.distribution import article_doi
from horizons_pub.model.nodes import plain_text
from horizons_pub.render.pages import PageMap
from horizons_pub.render.pdf.citation import citation_text
from horizons_pub.render.pdf.inspect import page_label_folios
from horizons_pub.render.platforms import platform_articles
from horizons_pub.support.diagnostics import Reporter

pytestmark = pytest.mark.slow

DC = "{http://purl.org/dc/elements/1.1/}"
PRISM = "{http://prismstandard.org/namespaces/basic/2.0/}"


def _issue(folder: Path):
    issue = load_issue(folder, Reporter(echo=False))
    assert issue is not None
    return issue


def _pdfs(built) -> dict[str, Path]:
    return {p.stem: p for p in sorted((built.folder / "articles").glob("*.pdf"))}


def _xmp(pdf: pikepdf.Pdf) -> dict[str, list[str]]:
    """Every XMP property, ``{namespace}name`` → its texts (an rdf:Alt's, a Seq's, a Bag's items, or its own)."""
    from lxml import etree

    out: dict[str, list[str]] = collections.defaultdict(list)
    root = etree.fromstring(pdf.Root.Metadata.read_bytes())
    for desc in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        for name, value in desc.attrib.items():
            out[name].append(value)
        for prop in desc:
            items = [li.text or "" for li in prop.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")]
            out[prop.tag].extend(items if items else [prop.text or ""])
    return out


def _links(pdf: pikepdf.Pdf, index: int) -> list[tuple[str, str]]:
    """The page's link annotations: (kind, target): a URI, or the destination's name."""
    out = []
    for annot in pdf.pages[index].obj.get("/Annots", []):
        if annot.get("/Subtype") != "/Link":
            continue
        action = annot.get("/A")
        if isinstance(action, pikepdf.Dictionary) and action.get("/S") == "/URI":
            out.append(("uri", str(action.URI)))
        else:
            dest = annot.get("/Dest") if annot.get("/Dest") is not None else action.get("/D")
            out.append(("dest", str(dest)))
    return out


# -- issue 38: every article of the flatplan, as the screen edition prints it ---------------------------------


def test_issue_38_has_a_pdf_for_each_of_its_21_articles(hp38):
    issue = _issue(HP38)
    ids = platform_articles(issue)
    assert len(ids) == 21 and {"edito", "dossier"} <= set(ids)
    assert sorted(_pdfs(hp38)) == sorted(ids)
    assert set(expected_outputs(issue, hp38.folder)) >= {hp38.folder / "articles" / f"{a}.{ext}"
                                                        for a in ids for ext in ("pdf", "xml")}


def test_page_counts_and_labels_are_the_flatplan_slots(hp38):
    issue = _issue(HP38)
    planned = PageMap.planned(issue)
    for article_id, path in _pdfs(hp38).items():
        first, last = planned.page_range(article_id)
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == last - first + 1, article_id
            assert page_label_folios(pdf) == list(range(first, last + 1)), article_id


def test_the_text_of_each_page_is_the_screen_pdf_s(hp38):
    issue = _issue(HP38)
    screen = pdftotext_pages(hp38.screen_pdf)
    planned = PageMap.planned(issue)
    for article_id, path in _pdfs(hp38).items():
        first, last = planned.page_range(article_id)
        pages = pdftotext_pages(path)
        assert pages == screen[first - 1:last], article_id
        assert any(page.strip() for page in pages), article_id  # not two empty lists


def test_links_and_destinations_are_the_screen_pdf_s(hp38):
    issue = _issue(HP38)
    planned = PageMap.planned(issue)
    with pikepdf.open(hp38.screen_pdf) as screen:
        for article_id, path in _pdfs(hp38).items():
            first, last = planned.page_range(article_id)
            with pikepdf.open(path) as pdf:
                for i in range(last - first + 1):
                    assert _links(pdf, i) == _links(screen, first - 1 + i), (article_id, first + i)
                names = dict(NameTree(pdf.Root.Names.Dests).items()) if "/Dests" in pdf.Root.get("/Names", {}) else {}
                pages = [p.objgen for p in pdf.pages]
                assert f"art-{article_id}" in names, article_id
                for name, dest in names.items():  # every destination leads to a page of this PDF
                    page = dest[0] if isinstance(dest, pikepdf.Array) else dest.D[0]
                    assert page.objgen in pages, (article_id, name)
    with pikepdf.open(_pdfs(hp38)["edito"]) as pdf:  # the editorial's two notes keep their anchors
        names = set(NameTree(pdf.Root.Names.Dests).keys())
        assert {"edito-note-1", "edito-note-2"} <= names


def test_metadata_bookmark_and_identification(hp38):
    issue = _issue(HP38)
    planned = PageMap.planned(issue)
    for article_id, path in _pdfs(hp38).items():
        art = issue.article(article_id)
        first, last = planned.page_range(article_id)
        with pikepdf.open(path) as pdf:
            xmp = _xmp(pdf)
            title = plain_text(art.title)
            assert xmp[f"{DC}title"] == [title] and str(pdf.docinfo["/Title"]) == title
            assert xmp[f"{DC}creator"] == list(dict.fromkeys(p.name for p in art.people)), article_id
            assert xmp[f"{DC}source"] == [f"Horizons publics n° 38 – {plain_text(issue.title)}, mars 2024, "
                                          f"{'p. %d' % first if first == last else 'p. %d–%d' % (first, last)}"]
            assert xmp[f"{PRISM}publicationName"] == ["Horizons publics"] and xmp[f"{PRISM}number"] == ["38"]
            assert (xmp[f"{PRISM}startingPage"], xmp[f"{PRISM}endingPage"]) == ([str(first)], [str(last)])
            assert f"{DC}identifier" not in xmp and f"{PRISM}doi" not in xmp  # hp-38 has no DOI prefix
            assert xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == ["1"]
            assert xmp["{http://www.aiim.org/pdfa/ns/id/}part"] == ["3"]
            assert str(pdf.Root.Lang) == "fr" and pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert pdf.Root.MarkInfo.Marked is True and "/StructTreeRoot" in pdf.Root
            with pdf.open_outline() as outline:
                assert [item.title for item in outline.root] == [title] and not outline.root[0].children
                assert outline.root[0].destination[0].objgen == pdf.pages[0].objgen
            assert "Pour citer" not in "".join(pdftotext_pages(path))  # hp-38 asks for no citation line


def test_each_article_pdf_has_one_document_element_holding_its_parts(hp38):
    with pikepdf.open(_pdfs(hp38)["laurent"]) as pdf:  # its part and its three reserved pages
        root = pdf.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        assert [str(k.S) for k in kids] == ["/Document"]
        assert len(pdf.pages) == 4


# -- the realistic issue: a DOI and the citation line ---------------------------------------------------------


def test_the_citation_line_is_on_the_first_page_only_as_an_artifact(magazine_built):
    issue = _issue(MAGAZINE)
    assert issue.distribution.citation_line and issue.distribution.doi_prefix
    screen = pdftotext_pages(magazine_built.screen_pdf)
    pdfs = _pdfs(magazine_built)
    assert sorted(pdfs) == sorted(platform_articles(issue))
    layout = {}
    for path in pdfs.values():
        with pikepdf.open(path) as pdf:
            layout[path.stem] = page_label_folios(pdf)
    for article_id, path in pdfs.items():
        art = issue.article(article_id)
        folios = layout[article_id]
        first, last = folios[0], folios[-1]
        pages = pdftotext_pages(path)
        assert pages[1:] == screen[first:last], article_id  # the other pages: the screen PDF's text
        words = collections.Counter(pages[0].split())
        printed = collections.Counter(screen[first - 1].split())
        *parts, link = citation_text(issue, art, first, last)
        line = "".join(parts) + (f" {link}" if link else "")
        assert line.startswith("Pour citer cet article\u00a0: ") and link == f"https://doi.org/10.99999/hp.99.{article_id}"
        assert words - printed == collections.Counter(line.split()), article_id  # the page's text and the line
        assert not printed - words, article_id
        with pikepdf.open(path) as pdf:
            content = pdf.pages[0].obj.Contents
            streams = content if isinstance(content, pikepdf.Array) else [content]
            drawn = b"".join(s.read_bytes() for s in streams)
            assert re.search(rb"/Artifact <</Type /Pagination /Subtype /Footer>> BDC q [^Q]* /HpCitation Do Q EMC", drawn)
            xmp = _xmp(pdf)
            doi = article_doi(issue.number, article_id, issue.distribution)
            assert xmp[f"{DC}identifier"] == [f"doi:{doi}"] and xmp[f"{PRISM}doi"] == [doi]
            assert xmp[f"{PRISM}eIssn"] == [issue.distribution.eissn]


def test_the_citation_names_the_pages_and_people(magazine_built):
    issue = _issue(MAGAZINE)
    art = issue.article("budgets")
    before, magazine, after, pages, link = citation_text(issue, art, 26, 29)
    assert before == ("Pour citer cet article\u00a0: Nadia Belkacem et Sophie Lemaire, «\u202fÉclairage public, "
                      "chauffage, piscines\u00a0: ce que cinq années de sobriété ont réellement changé dans les "
                      "budgets des collectivités locales\u202f», ")
    assert (magazine, after, pages) == ("Horizons publics", ", n°\u00a099, novembre 2025, ", "p. 26–29.")
    assert link == "https://doi.org/10.99999/hp.99.budgets"


@pytest.mark.tools
@pytest.mark.parametrize("which", ["hp38", "magazine_built"])
def test_verapdf_passes_pdfua_1_and_pdfa_3a_on_each_article_pdf(which, request):
    from horizons_pub.commands.check import verapdf

    reason = verapdf.unavailable()
    if reason:
        pytest.skip(reason)
    pdfs = _pdfs(request.getfixturevalue(which))
    # one JVM for all (starting Java and loading veraPDF's profiles cost seconds each time)
    results = verapdf.validate_many([(path, (verapdf.PDFUA_1, verapdf.PDFA_3A)) for path in pdfs.values()])
    assert len(results) == len(pdfs) > 10
    for article_id, reports in zip(pdfs, results):
        assert not isinstance(reports, str), (article_id, reports)  # veraPDF read it
        assert set(reports) == {verapdf.PDFUA_1, verapdf.PDFA_3A}
        for flavour, report in reports.items():
            assert report.assertions > 100 and report.failures == [], (article_id, flavour, report.summary())


# -- the articles alone; an article gone; a damaged file ----------------------------------------------------


def test_format_articles_alone_then_an_article_removed_and_a_damaged_pdf(tmp_path):
    ids = ("a", "b")
    cited = {"distribution": {"citation_line": True}}  # rebuilt with its citation line: the same bytes
    src = write_issue(tmp_path / "src", {i: article(f"Le texte de {i}.", rubric="actualite", title=f"Titre {i}")
                                         for i in ids}, issue={**default_issue(ids), **cited})
    out = tmp_path / "out"

    def build():
        reporter = Reporter(echo=False)
        result = build_issue(src, out, ["articles"], reporter, jobs=1)
        assert not reporter.has_errors(), [d.format() for d in reporter.errors]
        return result

    first = build()
    folder = out / src.name
    made = {p.relative_to(folder).as_posix() for p in first.outputs}
    assert {"articles/a.pdf", "articles/b.pdf", "articles/a.xml", "articles/b.xml"} <= made
    assert not list(folder.glob("*-screen.pdf")) and not list(folder.glob("*.epub"))  # laid out, not written
    with pikepdf.open(folder / "articles" / "b.pdf") as pdf:
        assert page_label_folios(pdf) == [6, 7]
    assert "Pour citer cet article" in pdftotext_pages(folder / "articles" / "b.pdf")[0]
    (folder / "articles" / "notes.txt").write_text("mine")  # not the build's: never removed

    good = (folder / "articles" / "a.pdf").read_bytes()
    (folder / "articles" / "a.pdf").write_bytes(b"damaged")
    again = build()
    assert not again.up_to_date and (folder / "articles" / "a.pdf").read_bytes() == good
    assert build().up_to_date

    write_issue(tmp_path / "src", {"a": article("Le texte de a.", rubric="actualite", title="Titre a")},
                issue={**default_issue(("a",)), **cited})
    (src / "articles" / "b.md").unlink(missing_ok=True)
    build()
    left = sorted(p.name for p in (folder / "articles").iterdir())
    assert left == ["a.pdf", "a.xml", "notes.txt"]
    assert (folder / STAMP).is_file()


def test_a_citation_longer_than_the_foot_margin_is_said_not_lost_in_silence():
    import dataclasses

    from horizons_pub.render.pdf.citation import draw_citation

    issue = _issue(MAGAZINE)
    budgets = issue.article("budgets")
    long = dataclasses.replace(budgets, title=budgets.title * 5)  # some 600 characters
    for art, fits in ((budgets, True), (long, False)):
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(510.236, 737.008))
        assert draw_citation(pdf, issue, art, 26, 29, None, "test") is fits
        assert "/HpCitation" in pdf.pages[0].Resources.XObject
