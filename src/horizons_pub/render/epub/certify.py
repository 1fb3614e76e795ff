"""A conformance claim added to a built EPUB, once a checker has passed it (EPUB Accessibility 1.1).

``build`` never runs DAISY Ace, so the EPUB it writes claims no conformance: its accessibility
summary ends with :data:`meta.NOT_VERIFIED`. The archive runs Ace and, only when Ace reports no
violation, calls :func:`certify`, which returns the same EPUB with, in its package document:

    <meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>
    <meta property="a11y:certifiedBy" id="certifier">Berger-Levrault</meta>
    <link rel="a11y:certifierReport" refines="#certifier" href="https://…/report.html"/>

and the summary's "not verified" sentence replaced by what was verified, by whom and when. Every
other file is kept byte for byte; the zip is rewritten as the build writes it (``mimetype`` first
and stored, the entries in the same order, fixed times), so the same input gives the same bytes.
This module never runs a checker.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from urllib.parse import urlsplit

from lxml import etree

from ...model.fr import MONTHS
from .meta import NOT_VERIFIED

OPF = "http://www.idpf.org/2007/opf"
_NS = {"opf": OPF, "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
#: The time of every zip entry, as the build writes them (render/epub/package.py).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: The id given to the certifier's meta, refined by the report link.
CERTIFIER_ID = "certifier"


def certify(epub: bytes, *, report_href: str, certified_by: str, conforms_to: str, date: _dt.date,
            checker: str = "DAISY Ace", report_type: str | None = None) -> bytes:
    """The EPUB ``epub`` (as ``build`` wrote it) with its conformance claim.

    ``report_href``: where the checker's report is, written as the link's ``href``: an absolute
    URL (``https:``, ``urn:``…). A report kept outside the EPUB cannot be named by a relative
    path: EPUBCheck resolves it inside the container and fails the EPUB (OPF-093, RSC-007w,
    RSC-026 when it climbs out), and refuses ``file:`` URLs (RSC-030); see docs/epub-notes.md.
    ``date``: the day the checker ran. ``checker``: the tool that passed it, named in the summary.
    ``report_type``: the report's media type, written when given.
    Raises ValueError when the EPUB is not one ``build`` made or already claims conformance.
    """
    for name, value in (("report_href", report_href), ("certified_by", certified_by), ("conforms_to", conforms_to)):
        if not value.strip():
            raise ValueError(f"certify: {name} is empty")
    scheme = urlsplit(report_href).scheme.lower()
    if not scheme or scheme == "file" or len(scheme) == 1:  # one letter: a Windows drive, not a scheme
        raise ValueError(f"certify: report_href must be an absolute URL other than file: (EPUBCheck fails a "
                         f"package link to a file outside the EPUB), not {report_href!r}")
    with zipfile.ZipFile(io.BytesIO(epub)) as src:
        names = [info.filename for info in src.infolist()]
        files = {name: src.read(name) for name in names}
    if "mimetype" not in files:
        raise ValueError("certify: not an EPUB (no mimetype entry)")
    opf_name = _package_path(files)
    files[opf_name] = _certified_opf(files[opf_name], report_href=report_href, certified_by=certified_by,
                                     conforms_to=conforms_to, date=date, checker=checker, report_type=report_type)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in ["mimetype"] + [n for n in names if n != "mimetype"]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, files[name], compresslevel=None if name == "mimetype" else 9)
    return out.getvalue()


def verified_sentence(*, certified_by: str, conforms_to: str, date: _dt.date, checker: str) -> str:
    """The summary's last sentence once the checker passed the EPUB (in French, as the summary)."""
    return (f"Le {french_date(date)}, {certified_by} a vérifié cette publication avec {checker}, qui n’y a relevé "
            f"aucune violation\u202f; sur la foi de cette vérification, dont le rapport est lié à ces métadonnées, "
            f"elle est déclarée conforme à «\u202f{conforms_to}\u202f».")


def french_date(date: _dt.date) -> str:
    """« 1er mars 2024 », « 12 mars 2024 »."""
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def _package_path(files: dict[str, bytes]) -> str:
    container = etree.fromstring(files["META-INF/container.xml"]) if "META-INF/container.xml" in files else None
    rootfile = container.find(".//c:rootfile", _NS) if container is not None else None
    if rootfile is None or rootfile.get("full-path") not in files:
        raise ValueError("certify: not an EPUB (no package document named by META-INF/container.xml)")
    return rootfile.get("full-path")


def _certified_opf(data: bytes, *, report_href: str, certified_by: str, conforms_to: str, date: _dt.date,
                   checker: str, report_type: str | None) -> bytes:
    root = etree.fromstring(data)
    metadata = root.find("opf:metadata", _NS)
    for prop in ("dcterms:conformsTo", "a11y:certifiedBy", "a11y:certifierReport"):
        if metadata.xpath("opf:meta[@property=$p] | opf:link[@rel=$p]", namespaces=_NS, p=prop):
            raise ValueError(f"certify: the EPUB already carries {prop}")
    if root.xpath("//*[@id=$id]", id=CERTIFIER_ID):
        raise ValueError(f"certify: the package document already has an element with id {CERTIFIER_ID!r}")
    summaries = metadata.findall("opf:meta[@property='schema:accessibilitySummary']", _NS)
    if len(summaries) != 1 or not (summaries[0].text or "").endswith(NOT_VERIFIED):
        raise ValueError("certify: the accessibility summary does not end with the build's “not verified” sentence")
    summary = summaries[0]
    summary.text = summary.text[: -len(NOT_VERIFIED)] + verified_sentence(
        certified_by=certified_by, conforms_to=conforms_to, date=date, checker=checker)
    # ebooklib declares an unused xmlns:opf on <metadata>: without it, lxml writes the new elements
    # in the default namespace, as the others (<meta>, not <opf:meta>).
    etree.cleanup_namespaces(metadata)
    conforms = _element("meta", conforms_to, property="dcterms:conformsTo")
    certifier = _element("meta", certified_by, property="a11y:certifiedBy", id=CERTIFIER_ID)
    link = _element("link", None, rel="a11y:certifierReport", refines=f"#{CERTIFIER_ID}", href=report_href)
    if report_type:
        link.set("media-type", report_type)
    anchor = summary
    for new in (conforms, certifier, link):
        new.tail = anchor.tail
        anchor.addnext(new)
        anchor = new
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + (b"\n" if data.endswith(b"\n") else b"")


def _element(tag: str, text: str | None, **attrs: str) -> etree._Element:
    el = etree.Element(f"{{{OPF}}}{tag}")
    for key, value in attrs.items():
        el.set(key, value)
    el.text = text
    return el
