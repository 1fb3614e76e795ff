"""``data/mets.xml``: the bag's METS document (METS 1.12.1, the Library of Congress's schema, vendored under
``schemas/mets/``), the package a library's ingest reads (the BnF's SPAR takes METS as its container, with
Dublin Core for what a document is: docs/archive.md):

- ``metsHdr``: the publisher, and horizons-pub as the software that made it;
- ``dmdSec``: the issue's Dublin Core (metadata.py's record), and each article's (title, people with their MARC
  relator codes, rubric, standfirst, language, the issue it is part of, its pages, its DOI when there is one);
- ``amdSec``: manifest.json, which says what was validated of every file (referenced, not copied);
- ``fileSec``: one ``fileGrp`` per use (archival PDF, print master, EPUB, article PDFs, article XML, figures,
  records, source, validation reports, metadata), each file with its media type, size and SHA-256, located
  relative to the METS document;
- ``structMap`` (logical): the issue → its editions, its articles in page order → each one's PDF, XML and figures;
  the records; the source.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from lxml import etree

from ... import __version__
from ...model.distribution import article_doi
from ...model.identity import MARC_ROLES, full_title, issue_urn
from ...model.nodes import Issue, plain_text
from .metadata import DC, DCTERMS, MARCREL, file_media_type, dublin_core
from .platform_files import RECORDS_DIR, PlatformFiles, lxml_name
from .preflight import CHECKER
from .validation import Validation
from ..check.report import FAILED, PASSED

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
METS_FILE = "mets.xml"  # under data/
METS_SCHEMA = "mets/mets.xsd"
METS_VERSION = "METS 1.12.1"
MANIFEST_REF = "metadata/manifest.json"

#: the file groups, in the order fileSec lists them: (USE, which files)
GROUPS = ("archival PDF", "print master", "EPUB", "article PDF", "article XML (JATS 1.3)", "article figures",
          "records", "source", "validation reports", "metadata")


def _m(name: str) -> str:
    return f"{{{METS}}}{name}"


def _id(kind: str, text: str) -> str:
    """An xsd:ID from a path or an article id."""
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9._-]", "_", text)


def use_of(rel: str, archival: str) -> str:
    path = PurePosixPath(rel)
    if rel == archival:
        return "archival PDF"
    if path.parts[0] == "articles":
        return {".pdf": "article PDF", ".xml": "article XML (JATS 1.3)"}.get(path.suffix, "article figures")
    if path.parts[0] == RECORDS_DIR:
        return "records"
    if path.parts[0] in ("source", "reports", "metadata"):
        return {"source": "source", "reports": "validation reports", "metadata": "metadata"}[path.parts[0]]
    return "EPUB" if path.suffix == ".epub" else "print master"


def mets_document(issue: Issue, staging: Path, rels: list[str], archival: str, platform: PlatformFiles,
                  pages: dict[str, str]) -> bytes:
    """The METS document of the staged payload: ``rels`` are the files it lists (paths under data/),
    ``pages`` each article's page range (« 12-17 »)."""
    root = etree.Element(_m("mets"), nsmap={"mets": METS, "xlink": XLINK, "xsi": XSI, "dc": DC, "dcterms": DCTERMS,
                                            "marcrel": MARCREL},
                         OBJID=issue_urn(issue), LABEL=full_title(issue), TYPE="periodical issue")
    root.set(f"{{{XSI}}}schemaLocation", f"{METS} http://www.loc.gov/standards/mets/mets.xsd")
    header = etree.SubElement(root, _m("metsHdr"))
    for kind, name in (("ORGANIZATION", issue.publisher), ("SOFTWARE", f"horizons-pub {__version__}")):
        agent = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE=kind if kind != "SOFTWARE" else "OTHER")
        if kind == "SOFTWARE":
            agent.set("OTHERTYPE", "SOFTWARE")
        etree.SubElement(agent, _m("name")).text = name
    _dmd(root, "dmd-issue", f"Dublin Core: {full_title(issue)}", list(etree.fromstring(dublin_core(issue))))
    for article_id in platform.articles:
        _dmd(root, _id("dmd", article_id), f"Dublin Core: article {article_id}",
             _article_dc(issue, article_id, pages.get(article_id, "")))
    amd = etree.SubElement(root, _m("amdSec"), ID="amd-bag")
    digiprov = etree.SubElement(amd, _m("digiprovMD"), ID="digiprov-manifest")
    ref = etree.SubElement(digiprov, _m("mdRef"), LOCTYPE="URL", MDTYPE="OTHER", MIMETYPE="application/json",
                           OTHERMDTYPE="horizons-pub manifest.json: every file's role, and every validation",
                           LABEL="what was verified of each file when the bag was made")
    ref.set(f"{{{XLINK}}}href", MANIFEST_REF)
    _file_sec(root, staging, rels, archival)
    _struct_map(root, issue, rels, archival, platform, pages)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _dmd(root: etree._Element, ident: str, label: str, elements: list) -> None:
    sec = etree.SubElement(root, _m("dmdSec"), ID=ident)
    wrap = etree.SubElement(sec, _m("mdWrap"), MDTYPE="DC", LABEL=label)
    data = etree.SubElement(wrap, _m("xmlData"))
    for el in elements:
        data.append(el)


def _article_dc(issue: Issue, article_id: str, pages: str) -> list:
    article = issue.article(article_id)
    out = []

    def add(ns: str, name: str, text: str) -> None:
        if text:
            el = etree.Element(f"{{{ns}}}{name}")
            el.text = text
            out.append(el)

    add(DC, "title", plain_text(article.title))
    for person in article.people:
        add(MARCREL, MARC_ROLES[person.role], person.name)
    for name in dict.fromkeys(p.name for p in article.people):
        add(DC, "contributor", name)
    if article.rubric:
        add(DC, "subject", issue.rubric(article.rubric).title)
    add(DC, "description", plain_text(article.standfirst))
    doi = article_doi(issue.number, article_id, issue.distribution)
    if doi:
        add(DC, "identifier", f"https://doi.org/{doi}")
    add(DC, "language", issue.language)
    add(DC, "type", "Text")
    add(DCTERMS, "isPartOf", full_title(issue))
    if pages:
        add(DCTERMS, "bibliographicCitation", f"{issue.magazine}, n° {issue.number}, {issue.date.year}, "
                                              f"p. {pages.replace('-', '–')}")
    return out


def _file_sec(root: etree._Element, staging: Path, rels: list[str], archival: str) -> None:
    sec = etree.SubElement(root, _m("fileSec"))
    grouped: dict[str, list[str]] = {use: [] for use in GROUPS}
    for rel in rels:
        grouped[use_of(rel, archival)].append(rel)
    for n, (use, members) in enumerate(grouped.items()):
        if not members:
            continue
        group = etree.SubElement(sec, _m("fileGrp"), ID=f"grp-{n}", USE=use)
        for rel in members:
            data = (staging / rel).read_bytes()
            file = etree.SubElement(group, _m("file"), ID=_id("file", rel), MIMETYPE=file_media_type(rel),
                                    SIZE=str(len(data)), CHECKSUM=hashlib.sha256(data).hexdigest(),
                                    CHECKSUMTYPE="SHA-256", ADMID="digiprov-manifest")
            loc = etree.SubElement(file, _m("FLocat"), LOCTYPE="URL")
            loc.set(f"{{{XLINK}}}href", rel)


def _struct_map(root: etree._Element, issue: Issue, rels: list[str], archival: str, platform: PlatformFiles,
                pages: dict[str, str]) -> None:
    smap = etree.SubElement(root, _m("structMap"), TYPE="logical", LABEL="the issue, its articles, their files")
    top = etree.SubElement(smap, _m("div"), TYPE="issue", DMDID="dmd-issue", LABEL=full_title(issue),
                           ORDERLABEL=str(issue.number))
    listed = set(rels)
    for rel in rels:
        if use_of(rel, archival) in ("archival PDF", "print master", "EPUB"):
            etree.SubElement(top, _m("fptr"), FILEID=_id("file", rel))
    for order, article_id in enumerate(platform.articles, start=1):
        div = etree.SubElement(top, _m("div"), TYPE="article", DMDID=_id("dmd", article_id), ORDER=str(order),
                               LABEL=plain_text(issue.article(article_id).title))
        if pages.get(article_id):
            div.set("ORDERLABEL", pages[article_id])
        own = [f"articles/{article_id}.pdf", f"articles/{article_id}.xml"]
        own += list(dict.fromkeys(platform.figures_of.get(article_id, [])))
        for rel in own:
            if rel in listed:
                etree.SubElement(div, _m("fptr"), FILEID=_id("file", rel))
    for use, kind in (("records", "records"), ("source", "source")):
        members = [rel for rel in rels if use_of(rel, archival) == use]
        if members:
            div = etree.SubElement(top, _m("div"), TYPE=kind, LABEL={"records": "Crossref and ONIX records",
                                                                     "source": "the source files"}[kind])
            for rel in members:
                etree.SubElement(div, _m("fptr"), FILEID=_id("file", rel))


# -- checking it -------------------------------------------------------------------------------------------------


def check_mets(path: Path, shown: str) -> Validation:
    """The METS schema on the bag's METS document."""
    from ...support.xmlschemas import validate

    problems = [f"{METS_VERSION} schema: {p}" for p in validate(METS_SCHEMA, path.read_bytes())]
    name = lxml_name()
    said = f"{len(problems)} problem(s)" if problems else "passed"
    return Validation("xml-schema", name, shown, FAILED if problems else PASSED,
                      f"{name}: the METS schema ({METS_SCHEMA}, {METS_VERSION}): {said}", problems,
                      name.removeprefix("lxml "), (METS_VERSION,))


def check_mets_files(path: Path, shown: str, data_dir: Path) -> Validation:
    """``verify``'s: every file the METS document lists is in the bag, with the size and SHA-256 it gives."""
    try:
        problems = listed_file_problems(path.read_bytes(), data_dir)
    except etree.XMLSyntaxError as exc:
        problems = [f"the METS document cannot be read: {exc}"]
    said = f"{len(problems)} problem(s)" if problems else "passed"
    return Validation("horizons-pub", CHECKER, shown, FAILED if problems else PASSED,
                      f"{CHECKER}: every file the METS lists, with its size and SHA-256: {said}", problems,
                      __version__)


def listed_file_problems(data: bytes, data_dir: Path) -> list[str]:
    """Each file of the METS fileSec that is not in ``data_dir`` as listed (size and SHA-256)."""
    problems = []
    root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    base = data_dir.resolve()
    for file in root.iter(_m("file")):
        loc = file.find(_m("FLocat"))
        href = loc.get(f"{{{XLINK}}}href", "") if loc is not None else ""
        target = (base / href).resolve()
        if not href or not str(target).startswith(str(base) + "/") or not target.is_file() or target.is_symlink():
            problems.append(f"the METS lists {href or '(no location)'}, which is not in the bag")
            continue
        content = target.read_bytes()
        if file.get("SIZE") and file.get("SIZE") != str(len(content)) or \
                file.get("CHECKSUM") and file.get("CHECKSUM") != hashlib.sha256(content).hexdigest():
            problems.append(f"the METS lists {href} with another size or SHA-256 than the file has")
    return problems
