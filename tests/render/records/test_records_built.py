"""The records a real build writes (``records`` is in every build): the realistic magazine issue's Crossref
deposit and ONIX message valid against their schemas, the deposit's pages the layout's (layout.json), and
every accessibility code of the EPUB's ONIX product true of the EPUB the same build wrote; issue 38 (no DOI
prefix) writes no deposit and a valid ONIX message."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from horizons_pub.render.pdf.layout_file import read_layout
from horizons_pub.render.records.accessibility import FEATURES
from horizons_pub.render.records.crossref import CROSSREF_SCHEMA
from horizons_pub.render.records.crossref import NS as CROSSREF
from horizons_pub.render.records.onix import NS as ONIX
from horizons_pub.render.records.onix import validate_onix
from horizons_pub.support.xmlschemas import validate

pytestmark = pytest.mark.slow

OPF = "http://www.idpf.org/2007/opf"
XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{OPS}}}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
N = {"c": CROSSREF, "o": ONIX, "opf": OPF, "h": XHTML, "dc": "http://purl.org/dc/elements/1.1/"}


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))


class Epub:
    """What the ONIX codes speak of: the package document, the nav document, the XHTML documents."""

    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            container = parse(z.read("META-INF/container.xml"))
            opf_name = container.find(".//{*}rootfile").get("full-path")
            self.opf = parse(z.read(opf_name))
            base = opf_name.rsplit("/", 1)[0] + "/"
            items = self.opf.findall("opf:manifest/opf:item", N)
            nav = next(i for i in items if "nav" in (i.get("properties") or "").split())
            self.nav = parse(z.read(base + nav.get("href")))
            self.documents = [parse(z.read(base + i.get("href"))) for i in items
                              if i.get("media-type") == "application/xhtml+xml" and i is not nav]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", N)]

    def nav_of(self, kind: str) -> list[etree._Element]:
        navs = [n for n in self.nav.iter(f"{{{XHTML}}}nav") if n.get(EPUB_TYPE) == kind]
        return [a for n in navs for a in n.iter(f"{{{XHTML}}}a")]

    def all(self, tag: str) -> list[etree._Element]:
        return [el for doc in self.documents for el in doc.iter(f"{{{XHTML}}}{tag}")]


def _features(epub: Epub) -> set[str]:
    return set(epub.meta("schema:accessibilityFeature"))


#: list 196 code → the check that the EPUB has what the code says (accessibility.py FEATURES)
EVIDENCE = {
    "11": lambda e: "tableOfContents" in _features(e) and len(e.nav_of("toc")) >= 10,
    "13": lambda e: "readingOrder" in _features(e) and e.opf.find("opf:spine", N) is not None,
    "14": lambda e: "alternativeText" in _features(e) and e.all("img")
    and all((img.get("alt") or "").strip() for img in e.all("img")),
    "19": lambda e: "printPageNumbers" in _features(e) and bool(e.meta("pageBreakSource"))
    and sum(1 for el in e.all("span") if el.get("role") == "doc-pagebreak") >= 30,
    "22": lambda e: e.opf.findtext("opf:metadata/dc:language", namespaces=N) == "fr"
    and all(doc.get("lang") == doc.get(XML_LANG) == "fr" for doc in e.documents),
    "29": lambda e: "structuralNavigation" in _features(e) and len(e.all("h1")) >= 10 and e.all("h2"),
    "30": lambda e: {"doc-chapter", "doc-footnote", "doc-noteref", "doc-pagebreak"}
    <= {el.get("role") for doc in e.documents for el in doc.iter() if isinstance(el.tag, str)},
    "32": lambda e: len(e.nav_of("landmarks")) >= 2,
    "36": lambda e: "displayTransformability" in _features(e),
    "41": lambda e: "pageNavigation" in _features(e) and len(e.nav_of("page-list")) >= 30,
}


@pytest.fixture(scope="module")
def records(magazine_built):
    folder = magazine_built.folder
    return (folder / "horizons-publics-99-crossref.xml").read_bytes(), \
        (folder / "horizons-publics-99-onix.xml").read_bytes()


def test_the_built_records_validate(records):
    deposit, message = records
    assert validate(CROSSREF_SCHEMA, deposit) == []
    assert validate_onix(message) == []


def test_the_deposits_pages_are_the_layouts(magazine_built, records):
    layout = read_layout(magazine_built.folder / "layout.json")
    slots: dict[str, tuple[int, int]] = {}
    for part in layout.parts:  # an article's slot: its own pages and the reserved pages that fill it
        if part.article and not part.reserved:
            slots[part.article] = (part.first, part.last)
    for part in layout.parts:
        if part.reserved:
            owner = next(a for a in slots if next(p for p in layout.parts if p.article == a).planned == part.planned)
            slots[owner] = (slots[owner][0], max(slots[owner][1], part.last))
    got = {}
    for el in parse(records[0]).iterfind(".//c:journal_article", N):
        article = el.findtext("c:doi_data/c:doi", namespaces=N).removeprefix("10.99999/hp.99.")
        got[article] = (int(el.findtext("c:pages/c:first_page", namespaces=N)),
                        int(el.findtext("c:pages/c:last_page", namespaces=N)))
        assert el.findtext("c:doi_data/c:resource", namespaces=N) == f"https://www.horizonspublics.fr/revue/99/{article}"
    boxes = {"boite-a-idees"}  # printed on the sommaire's page: no part, no DOI of its own
    assert got == {a: r for a, r in slots.items() if a not in boxes}
    assert got["kessler"][1] > got["kessler"][0]


def test_every_accessibility_code_is_true_of_the_built_epub(magazine_built, records):
    epub = Epub(magazine_built.epub)
    product = parse(records[1]).find("o:Product", N)
    emitted = {(f.findtext("o:ProductFormFeatureType", namespaces=N), f.findtext("o:ProductFormFeatureValue", namespaces=N)):
               f.findtext("o:ProductFormFeatureDescription", namespaces=N)
               for f in product.iterfind("o:DescriptiveDetail/o:ProductFormFeature", N)}
    codes = {code for kind, code in emitted if kind == "09"}
    assert codes - {"00"} == set(FEATURES)
    unproved = sorted(c for c in codes - {"00"} if c not in EVIDENCE or not EVIDENCE[c](epub))
    assert not unproved, f"list 196 codes the EPUB does not bear out: {unproved}"
    assert emitted[("09", "00")] == epub.meta("schema:accessibilitySummary")[0]
    assert ("12", "00") in emitted and epub.meta("schema:accessibilityHazard") == ["none"]
    # no conformance claimed, as the EPUB claims none (render/epub/certify.py adds it at archive time)
    assert epub.meta("dcterms:conformsTo") == []
    assert not codes & {"02", "03", "04", "80", "81", "82", "84", "85", "86"}


def test_the_epubs_identifier_is_its_products(magazine_built, records):
    epub = Epub(magazine_built.epub)
    product = parse(records[1]).find("o:Product", N)
    assert epub.opf.findtext("opf:metadata/dc:identifier", namespaces=N) == \
        "urn:isbn:" + product.findtext("o:ProductIdentifier/o:IDValue", namespaces=N)


def test_issue_38_writes_no_deposit_and_a_valid_onix(hp38):
    assert not list(hp38.folder.glob("*-crossref.xml"))
    assert validate_onix((hp38.folder / "horizons-publics-38-onix.xml").read_bytes()) == []
