"""The EPUB's own identifier (issue 21): its edition's ISBN, never the print edition's, which is its source."""

from __future__ import annotations

import io
import zipfile

from helpers import load, messages, write_issue
from lxml import etree

from horizons_pub.render.epub.book import epub_bytes
from horizons_pub.render.pages import PageMap

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def _opf(workdir, **isbns) -> etree._Element:
    folder = write_issue(workdir, issue=isbns)
    issue, reporter = load(folder)
    assert messages(reporter) == []
    with zipfile.ZipFile(io.BytesIO(epub_bytes(issue, folder, PageMap.planned(issue)))) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"))
        return etree.fromstring(z.read(container.find(".//{*}rootfile").get("full-path")))


def _unique_id(opf: etree._Element) -> str:
    ident = opf.get("unique-identifier")
    return opf.find(f"opf:metadata/dc:identifier[@id='{ident}']", NS).text


def test_the_epub_isbn_is_the_package_identifier(workdir):
    opf = _opf(workdir, isbn="978-2-7013-0000-9", isbn_epub="978-2-7013-0001-6")
    assert _unique_id(opf) == "urn:isbn:9782701300016"
    assert [e.text for e in opf.iterfind("opf:metadata/dc:identifier", NS)] == ["urn:isbn:9782701300016"]
    # the page breaks are the print edition's: it is named by its own ISBN
    assert [e.text for e in opf.iterfind("opf:metadata/dc:source", NS)] == ["urn:isbn:9782701300009"]


def test_without_its_isbn_the_epub_does_not_claim_the_print_one(workdir):
    opf = _opf(workdir, isbn="978-2-7013-0000-9")
    assert _unique_id(opf).startswith("urn:uuid:")
    assert "urn:isbn:9782701300009" not in [e.text for e in opf.iterfind("opf:metadata/dc:identifier", NS)]
    assert [e.text for e in opf.iterfind("opf:metadata/dc:source", NS)] == ["urn:isbn:9782701300009"]
