"""The e-reader edition, checked on real EPUBs: EPUBCheck, the OPF, nav.xhtml, notes, fonts, reproducibility."""

from __future__ import annotations

import io
import os
import sys
import posixpath
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from helpers.outputs import CONSTRUCTS, HP38, ROOT, build, epubcheck, run_build

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"

#: The articles of issue 38 whose text the source holds (the others are not chapters).
HP38_CHAPTERS = ["edito", "boite-a-idees", "dossier"]
HP38_ARTICLE_PAGES = [4, 8, 10, 12, 14, 18, 32, 38, 48, 54, 62, 68, 74, 80, 88, 92, 96, 100, 102]


class Book:
    """An EPUB opened for reading: its files, parsed on demand."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        container = self.xml("META-INF/container.xml")
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"
        self.opf = self.xml(self.opf_path)

    def read(self, name: str) -> bytes:
        return self.zip.read(name)

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.read(name))

    def item(self, **attrs: str) -> etree._Element:
        for item in self.opf.iterfind("opf:manifest/opf:item", NS):
            if all(attrs[k] in (item.get(k.replace("_", "-")) or "").split() for k in attrs):
                return item
        raise KeyError(attrs)

    def doc(self, href: str) -> etree._Element:
        return self.xml(self.base + href.split("#")[0])

    def metas(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.iterfind(f"opf:metadata/dc:{name}", NS)]

    def spine(self) -> list[str]:
        manifest = {i.get("id"): i.get("href") for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [manifest[r.get("idref")] for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]

    def nav(self) -> etree._Element:
        return self.doc(self.item(properties="nav").get("href"))


@pytest.fixture(scope="module")
def book(hp38) -> Book:
    return Book(hp38.epub)


@pytest.fixture(scope="module")
def cbook(constructs) -> Book:
    return Book(constructs.epub)


# -- validators ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.tools
@pytest.mark.parametrize("which", ["hp38", "constructs"])
def test_epubcheck_reports_nothing(which, request, tmp_path):
    built = request.getfixturevalue(which)
    report = epubcheck(built.epub, tmp_path)
    messages = [f"{m['severity']} {m['ID']} {m['message']} {m['locations'][:1]}" for m in report["messages"]]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages
    assert messages == []


@pytest.mark.tools
def test_epubcheck_catches_a_broken_book(hp38, tmp_path):
    """The validator really runs: remove a chapter from the zip and it must complain."""
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(hp38.epub) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if not info.filename.endswith("edito.xhtml"):
                dst.writestr(info, src.read(info.filename))
    assert epubcheck(broken, tmp_path)["checker"]["nError"] > 0


@pytest.mark.skipif(not os.environ.get("ACE_CLI"), reason="DAISY Ace not installed (set ACE_CLI; see scripts/ace.sh)")
@pytest.mark.slow
@pytest.mark.tools
@pytest.mark.parametrize("which", ["hp38", "constructs"])
def test_ace_reports_no_violation(which, request, tmp_path):
    built = request.getfixturevalue(which)
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "ace.sh"), str(built.epub), str(tmp_path / "ace")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(not os.environ.get("ACE_CLI"), reason="DAISY Ace not installed (set ACE_CLI; see scripts/ace.sh)")
@pytest.mark.slow
@pytest.mark.tools
def test_ace_reports_no_violation_on_a_generated_108_page_issue(tmp_path):
    """A realistic issue's EPUB (20 articles, interviews, several sidebars in one article, pull quotes,
    notes, figures): Ace once found two sidebars of one article not told apart (landmark-unique)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    issue = generate(108, tmp_path / "gen")
    built = run_build(issue, tmp_path / "out", "--format", "epub")
    assert built.returncode == 0, built.stderr
    epub = next((tmp_path / "out" / issue.name).glob("*.epub"))
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "ace.sh"), str(epub), str(tmp_path / "ace")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(not os.environ.get("ACE_CLI"), reason="DAISY Ace not installed (set ACE_CLI; see scripts/ace.sh)")
@pytest.mark.tools
def test_ace_catches_a_violation(hp38, tmp_path):
    """Ace really checks: without the accessibility summary the book must fail."""
    broken = tmp_path / "no-summary.epub"
    with zipfile.ZipFile(hp38.epub) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".opf"):
                opf = etree.fromstring(data)
                for meta in opf.iterfind(".//opf:meta[@property='schema:accessibilitySummary']", NS):
                    meta.getparent().remove(meta)
                data = etree.tostring(opf, xml_declaration=True, encoding="utf-8")
            dst.writestr(info, data)
    proc = subprocess.run(["bash", str(ROOT / "scripts" / "ace.sh"), str(broken), str(tmp_path / "ace")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1 and "violation" in proc.stdout, proc.stdout + proc.stderr


# -- package metadata --------------------------------------------------------------


def test_metadata(book):
    assert book.dc("title") == ["Horizons publics n° 38 – Quel(s) numérique(s) pour l’action publique\u202f?"]
    assert book.dc("language") == ["fr"]
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    identifier = book.opf.find("opf:metadata/dc:identifier", NS)
    assert identifier.get("id") == book.opf.get("unique-identifier")
    assert identifier.text.startswith("urn:uuid:")
    assert book.dc("publisher") == ["Berger-Levrault"]
    assert book.dc("date") == ["2024-03-01"]
    assert book.metas("belongs-to-collection") == ["Horizons publics"]
    series = book.opf.find("opf:metadata/opf:meta[@property='belongs-to-collection']", NS).get("id")
    refines = {m.get("property"): m.text for m in book.opf.iterfind(f"opf:metadata/opf:meta[@refines='#{series}']", NS)}
    assert refines == {"collection-type": "series", "group-position": "38"}


def test_creators_and_contributors_have_roles(book):
    def roles(name: str) -> set[str]:
        el = next(e for e in book.opf.iterfind("opf:metadata/*", NS) if e.text == name and e.get("id"))
        return {m.text for m in book.opf.iterfind(f"opf:metadata/opf:meta[@refines='#{el.get('id')}']", NS)
                if m.get("property") == "role"}

    assert book.dc("creator") == ["Julien Nessi"]
    assert roles("Julien Nessi") == {"edt", "aut", "ivr"}
    assert roles("Emmanuel Tibloux") == {"ive"}
    assert roles("Clément Mabi") == {"edc", "ctb", "aut"}
    assert roles("Frank Beau") == {"ivr"}
    contributors = book.dc("contributor")
    assert len(contributors) == len(set(contributors)), "one dc:contributor per person"
    assert {"Léa Tramontin", "Christophe Plotard", "Baptiste Pemptroit", "Zoé Aegerter"} <= set(contributors)


def test_the_print_isbn_is_the_source_not_the_identifier(cbook):
    """The constructs issue has only the print edition's ISBN: the EPUB (another edition) keeps its UUID."""
    assert cbook.opf.find("opf:metadata/dc:identifier", NS).text.startswith("urn:uuid:")
    assert cbook.dc("source") == ["urn:isbn:9782701300009"]
    assert cbook.metas("pageBreakSource") == ["urn:isbn:9782701300009"]


def test_accessibility_metadata(book):
    assert set(book.metas("schema:accessMode")) == {"textual", "visual"}
    assert book.metas("schema:accessModeSufficient") == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "printPageNumbers", "readingOrder",
            "alternativeText"} <= set(book.metas("schema:accessibilityFeature"))
    assert book.metas("schema:accessibilityHazard") == ["none"]
    summary = book.metas("schema:accessibilitySummary")
    assert len(summary) == 1 and "navigation" in summary[0] and "numéros de page" in summary[0]  # in French
    assert book.metas("pageBreakSource") == ["Horizons publics n° 38, édition imprimée"]


@pytest.mark.parametrize("which", ["book", "cbook"])
def test_the_build_claims_no_conformance(which, request):
    """`build` never runs DAISY Ace: no conformance claim, no certifier, and the summary says it is not verified."""
    b = request.getfixturevalue(which)
    assert b.metas("dcterms:conformsTo") == [] and b.metas("a11y:certifiedBy") == []
    assert b.metas("a11y:certifierCredential") == [] and b.metas("a11y:certifierReport") == []
    assert b.opf.findall("opf:metadata/opf:link", NS) == []
    assert not [e for e in b.opf.iter() if "conformsTo" in str(e.get("property")) + str(e.get("rel"))]
    (summary,) = b.metas("schema:accessibilitySummary")
    assert summary.endswith(" Sa conformité aux normes d’accessibilité (EPUB Accessibility, WCAG) "
                            "n’a pas été vérifiée.")
    assert "suit les recommandations" not in summary and "WCAG 2.2" not in summary


def test_modified_date_comes_from_the_issue_or_source_date_epoch(book, tmp_path):
    assert book.metas("dcterms:modified") == ["2024-03-01T00:00:00Z"]

    proc = run_build(CONSTRUCTS, tmp_path, "--format", "epub", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert proc.returncode == 0, proc.stderr
    assert Book(next((tmp_path / "constructs").glob("*.epub"))).metas("dcterms:modified") == ["2023-11-14T22:13:20Z"]


# -- documents -------------------------------------------------------------------


def test_every_document_is_french_xhtml_with_ordered_headings(book):
    for href in book.spine():
        doc = book.doc(href)
        assert doc.get("lang") == "fr" and doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr", href
        levels = [int(h.tag[-1]) for h in doc.iter() if isinstance(h.tag, str) and h.tag[-2:-1] == "h"
                  and h.tag[-1].isdigit()]
        if href.endswith("cover.xhtml"):
            assert levels == [], "the cover page is its image"
            continue
        assert levels and levels[0] == 1, href
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (href, levels)


def test_no_empty_chapters(book):
    texts = [Path(h).stem for h in book.spine()]
    assert texts == ["cover", "edito", "sommaire"] + HP38_CHAPTERS[1:], texts


def test_sommaire_lists_every_article_with_its_page(book):
    sommaire = book.doc("text/sommaire.xhtml")
    entries = sommaire.xpath(".//x:*[contains(@class, 'sommaire-entry') or contains(@class, 'sommaire-dossier')]",
                             namespaces=NS)
    folios = [int(e.xpath("string(.//x:span[@class='sommaire-folio'])", namespaces=NS)) for e in entries]
    assert sorted(folios) == sorted(HP38_ARTICLE_PAGES + [30])
    linked = {a.get("href") for a in sommaire.iterfind(".//x:a", NS)}
    assert linked == {"dossier.xhtml"}, "only articles whose text is in the book are links"
    text = "".join(sommaire.itertext())
    assert "Propos recueillis par Frank Beau" in text and "Par Carine Dartiguepeyrou, Henri Fraisse" in text
    assert "Grand entretien" in text and "Mises en perspective" in text


def test_rubric_above_each_title(book):
    doc = book.doc("text/dossier.xhtml")
    header = doc.find(".//x:header", NS)
    assert header[0].get("class") == "rubric" and "".join(header[0].itertext()) == "Dossier"
    assert header[1].tag == f"{{{NS['x']}}}h1"


def test_cover_image_and_page(book):
    item = book.item(properties="cover-image")
    assert item.get("media-type") == "image/png"
    image = Image.open(io.BytesIO(book.read(book.base + item.get("href"))))
    assert image.width >= 1000 and image.height > image.width
    assert image.convert("L").getextrema()[0] < 200, "a real picture, not a blank"
    cover = book.doc("text/cover.xhtml")
    img = cover.find(".//x:img", NS)
    assert "Quel(s) numérique(s)" in img.get("alt") and "Emmanuel Tibloux" in img.get("alt")


def test_figure_keeps_alt_caption_and_credit(cbook):
    doc = cbook.doc("text/terrain.xhtml")
    figure = doc.find(".//x:figure", NS)
    img = figure.find("x:img", NS)
    assert img.get("alt") == "Un schéma\u00a0: des lignes ocre sur un fond bleu-vert"
    cbook.read(posixpath.normpath(cbook.base + "text/" + img.get("src")))  # the image is in the book
    assert "".join(figure.find("x:figcaption", NS).itertext()) == "Une légende de figure.© Horizons publics"
    assert "alternativeText" in cbook.metas("schema:accessibilityFeature")


# -- navigation ------------------------------------------------------------------


def _toc(ol: etree._Element) -> list:
    out = []
    for li in ol.iterfind("x:li", NS):
        label = "".join(li[0].itertext())
        sub = li.find("x:ol", NS)
        out.append((label, _toc(sub)) if sub is not None else label)
    return out


def test_toc_is_nested_as_the_issue(book, cbook):
    toc = _toc(book.nav().find(".//x:nav[@epub:type='toc']/x:ol", NS))
    assert toc == [("Édito", ["Pour un numérique public choisi et non plus subi"]), "Sommaire", "Boîte à idées",
                   ("Dossier", ["Quel(s) numérique(s) pour l’action publique\u202f?"])]
    ctoc = _toc(cbook.nav().find(".//x:nav[@epub:type='toc']/x:ol", NS))
    assert ctoc[-1] == ("Dossier", [("Sur le terrain", ["Un article de terrain"])])
    assert ("Grand entretien", ["Une entrevue d’essai"]) in ctoc


def test_landmarks(book):
    marks = {a.get(EPUB_TYPE): a.get("href") for a in book.nav().iterfind(".//x:nav[@epub:type='landmarks']//x:a", NS)}
    assert marks == {"cover": "text/cover.xhtml", "toc": "text/sommaire.xhtml", "bodymatter": "text/edito.xhtml"}


@pytest.mark.slow  # asks for the built books by name
@pytest.mark.parametrize("which", ["book", "cbook"])
def test_page_list_entries_resolve_to_page_breaks(which, request):
    b = request.getfixturevalue(which)
    entries = b.nav().findall(".//x:nav[@epub:type='page-list']//x:a", NS)
    assert entries
    for a in entries:
        href, _, anchor = a.get("href").partition("#")
        target = b.doc(href).find(f".//*[@id='{anchor}']")
        assert target is not None, a.get("href")
        assert target.get(EPUB_TYPE) == "pagebreak" and target.get("role") == "doc-pagebreak"
        assert target.get("aria-label") == a.text


def test_page_list_follows_the_print_layout(book):
    pages = [a.text for a in book.nav().iterfind(".//x:nav[@epub:type='page-list']//x:a", NS)]
    # 30–31 is the dossier's opening spread: page 31 begins with its list of contributors.
    assert pages == ["1", "2", "3", "30", "31"]
    doc = book.doc("text/dossier.xhtml")
    mark = doc.find(".//*[@id='page-31']")
    assert mark.getnext().get("class") == "contributors"


def test_ncx_has_the_toc_and_the_page_list(book):
    ncx = book.xml(book.base + book.item(media_type="application/x-dtbncx+xml").get("href"))
    assert [t.text for t in ncx.iterfind(".//ncx:pageTarget/ncx:navLabel/ncx:text", NS)] == ["1", "2", "3", "30", "31"]
    orders = [int(p.get("playOrder")) for p in ncx.iter("{*}navPoint", "{*}pageTarget")]
    assert sorted(set(orders)) == list(range(1, len(set(orders)) + 1))


# -- notes -----------------------------------------------------------------------


def test_noterefs_and_footnotes_link_both_ways(book, cbook):
    count = 0
    for b in (book, cbook):
        for href in b.spine():
            doc = b.doc(href)
            for ref in doc.iterfind(".//x:a[@epub:type='noteref']", NS):
                count += 1
                assert ref.get("role") == "doc-noteref"
                aside = doc.find(f".//*[@id='{ref.get('href')[1:]}']")
                assert aside is not None and aside.tag == f"{{{NS['x']}}}aside", ref.get("href")
                assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
                back = aside.find(".//x:a[@role='doc-backlink']", NS)
                assert back.get("href") == f"#{ref.get('id')}"
                assert next(aside.iter("{*}a")) is back, "the back link comes first (Kindle)"
                assert back.text == f"{ref.text}.", "the note's number is in its markup (Foliate's pop-ups)"
    assert count == 2 + 1 + 1 + 4  # edito 2; constructs: edito 1, interview 1, terrain 4 (one in a table)


def test_notes_numbered_per_article_as_in_print(cbook):
    terrain = cbook.doc("text/terrain.xhtml")
    assert [a.text for a in terrain.iterfind(".//x:a[@epub:type='noteref']", NS)] == ["1", "2", "3", "4"]
    interview = cbook.doc("text/entretien.xhtml")
    assert [a.text for a in interview.iterfind(".//x:a[@epub:type='noteref']", NS)] == ["1"]
    note = interview.find(".//x:aside[@epub:type='footnote']", NS)
    assert len(note.findall("x:p", NS)) == 2, "a note of two paragraphs keeps both"


# -- fonts -----------------------------------------------------------------------


def test_fonts_are_embedded_and_subset(book):
    fonts = [i for i in book.opf.iterfind("opf:manifest/opf:item", NS) if i.get("media-type").startswith("font/")]
    assert {Path(f.get("href")).name for f in fonts} >= {"CharisSIL-Regular.ttf", "Inter-Bold.otf"}
    for item in fonts:
        embedded = TTFont(io.BytesIO(book.read(book.base + item.get("href"))))
        source = TTFont(ROOT / "fonts" / Path(item.get("href")).name)
        assert len(embedded.getGlyphOrder()) < len(source.getGlyphOrder()) / 3, item.get("href")
        cmap = embedded.getBestCmap()
        for char in "é’«»\u202f\u00a0œ":
            assert ord(char) in cmap, (item.get("href"), hex(ord(char)))


# -- reproducibility ------------------------------------------------------------


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    """Same source, another folder, another time: the same bytes (an EPUB-only build, without the layout)."""
    first = build(HP38, tmp_path / "one", "--format", "epub")
    copy = tmp_path / "elsewhere" / "hp-38"
    shutil.copytree(HP38, copy)
    again = build(copy, tmp_path / "two", "--format", "epub")
    assert again.epub.read_bytes() == first.epub.read_bytes()


@pytest.mark.slow
def test_epub_alone_takes_its_page_list_from_the_flatplan(tmp_path):
    alone = Book(build(HP38, tmp_path, "--format", "epub").epub)
    pages = [a.text for a in alone.nav().iterfind(".//x:nav[@epub:type='page-list']//x:a", NS)]
    assert pages == ["1", "2", "3", "30"]


def test_zip_layout(book, hp38):
    with zipfile.ZipFile(hp38.epub) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
