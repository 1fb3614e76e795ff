"""What the bag says of itself under ``data/metadata/``: a Dublin Core record of the issue, and manifest.json
(every file with its role, media type, size and sha256; the validations; the versions that made it).

A file's role says only what was verified in the run that made the bag: the archival PDF is "PDF/A-3a,
PDF/UA-1" only when veraPDF passed it then, the EPUB claims accessibility conformance only when DAISY Ace
passed it; otherwise the role says what was not verified, and why.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from lxml import etree

from ... import __version__
from ...model.identity import MARC_ROLES, full_title, issue_urn
from ...model.nodes import Issue, plain_text
from ...support.mediatypes import UNKNOWN, media_type
from ..check.report import FAILED, NOT_RUN, PASSED
from .validation import Validation

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MARCREL = "http://id.loc.gov/vocabulary/relators/"
MANIFEST = "metadata/manifest.json"
DUBLIN_CORE = "metadata/dublin-core.xml"

#: The roles of the payload's files, as manifest.json begins them.
ARCHIVAL_PDF, PRINT_MASTER, EPUB, SOURCE, REPORT = ("archival PDF", "print master", "EPUB 3", "source",
                                                    "validation report")
ARTICLE_PDF, FIGURE = "article PDF", "figure"


def dublin_core(issue: Issue) -> bytes:
    """A Dublin Core record of the issue; roles as MARC relator elements beside dc:contributor."""
    root = etree.Element("metadata", nsmap={"dc": DC, "dcterms": DCTERMS, "marcrel": MARCREL})

    def add(ns: str, name: str, text: str, **attrs: str) -> None:
        el = etree.SubElement(root, f"{{{ns}}}{name}", attrs)
        el.text = text

    add(DC, "title", full_title(issue))
    add(DCTERMS, "isPartOf", issue.magazine)
    add(DC, "identifier", issue_urn(issue))
    if issue.isbn_epub:  # the bag holds the EPUB too, an edition with its own ISBN
        add(DC, "identifier", f"urn:isbn:{issue.isbn_epub}")
    if issue.issn:
        add(DC, "identifier", f"urn:issn:{issue.issn}")
    add(DC, "creator", issue.editor_in_chief)
    add(MARCREL, "edt", issue.editor_in_chief)
    seen: set[tuple[str, str]] = set()
    for article in issue.articles:
        for person in article.people:
            code = MARC_ROLES[person.role]
            if (person.name, code) not in seen:
                seen.add((person.name, code))
                add(MARCREL, code, person.name)
    for name in dict.fromkeys(p.name for a in issue.articles for p in a.people):
        add(DC, "contributor", name)
    add(DC, "publisher", issue.publisher)
    add(DC, "date", issue.date.isoformat())
    add(DC, "language", issue.language)
    add(DC, "rights", issue.rights)
    add(DC, "type", "Text")
    add(DC, "format", "application/pdf")
    add(DC, "format", "application/epub+zip")
    for title in issue.rubrics_present():
        add(DC, "subject", title)
    add(DC, "subject", plain_text(issue.title))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _of(validations: list[Validation], tool: str, file: str) -> Validation | None:
    return next((v for v in validations if v.tool == tool and v.file == file), None)


def _why_not(v: Validation | None, validator: str) -> str:
    if v is None:
        return f"{validator} did not run"
    if v.verdict == NOT_RUN:
        return f"{validator} did not run ({v.problems[0] if v.problems else 'not installed'})"
    return f"{v.validator} failed it ({len(v.problems)} problem(s), first: {v.problems[0] if v.problems else '?'})"


def archival_role(validations: list[Validation], file: str) -> tuple[str, dict]:
    """The archival PDF's role and what the manifest says of its conformance."""
    v = _of(validations, "verapdf", file)
    if v is not None and v.verdict == PASSED:
        role = (f"{ARCHIVAL_PDF}: PDF/A-3a, PDF/UA-1 (validated by {v.validator} when bagged), the source files "
                "attached")
        return role, {"conforms_to": ["PDF/A-3a", "PDF/UA-1"], "validated_by": v.validator}
    why = _why_not(v, "veraPDF")
    role = f"{ARCHIVAL_PDF}: made as PDF/A-3a and PDF/UA-1, NOT verified: {why}; the source files attached"
    return role, {"conforms_to": [], "not_verified": why}


def epub_role(validations: list[Validation], file: str, certified: bool) -> tuple[str, dict]:
    """The EPUB's role: EPUBCheck's verdict, and the accessibility conformance only from a passing Ace run."""
    ace = _of(validations, "ace", file)
    check = _of(validations, "epubcheck", file)
    checked = (f"valid for {check.validator}" if check is not None and check.verdict == PASSED
               else f"NOT verified as EPUB: {_why_not(check, 'EPUBCheck')}")
    if certified and ace is not None and ace.verdict == PASSED:
        role = (f"{EPUB} (e-reader edition), {checked}; its accessibility conformance (EPUB Accessibility 1.1, "
                f"WCAG 2.2 AA) declared from a passing {ace.validator} run, whose report is in data/reports/ace/ "
                "(Ace ran on the EPUB as built, before the conformance metadata were added to its package "
                "document)")
        return role, {"accessibility": "declared", "validated_by": ace.validator}
    why = _why_not(ace, "DAISY Ace")
    role = f"{EPUB} (e-reader edition), {checked}; no accessibility conformance claimed: {why}"
    return role, {"accessibility": "not claimed", "not_verified": why}


def article_pdf_role(validations: list[Validation], file: str) -> tuple[str, dict]:
    """An article's PDF: PDF/UA-1 only when veraPDF passed it, its pages only when they were checked."""
    v = _of(validations, "verapdf", file)
    pages = _of(validations, "horizons-pub", file)
    if pages is not None and pages.verdict == PASSED:
        found = re.search(r"\((pages? [\d-]+)\)$", pages.summary)
        where = (f"{found.group(1) if found else 'its pages'} of the issue (its page labels a run of the archival "
                 "PDF's, checked when bagged)")
    else:
        where = f"its pages NOT checked against the archival PDF's: {_why_not(pages, 'horizons-pub')}"
    if v is not None and v.verdict == PASSED:
        return (f"{ARTICLE_PDF}: PDF/UA-1 (validated by {v.validator} when bagged), cut from the archival PDF's "
                f"pages; {where}", {"conforms_to": ["PDF/UA-1"], "validated_by": v.validator})
    why = _why_not(v, "veraPDF")
    return (f"{ARTICLE_PDF}: made as PDF/UA-1, NOT verified: {why}; cut from the archival PDF's pages; {where}",
            {"conforms_to": [], "not_verified": why})


def xml_role(validations: list[Validation], file: str, what: str) -> tuple[str, dict]:
    """An XML file (an article's JATS, a record, the METS document): valid against its schema only when it was
    validated so when bagged."""
    v = next((v for v in validations if v.file == file and v.tool in ("xml-schema", "onixcheck")), None)
    if v is not None and v.verdict == PASSED:
        against = ", ".join(v.profiles) or "its schema"
        return (f"{what}; valid against {against} (validated by {v.validator} when bagged)",
                {"conforms_to": list(v.profiles), "validated_by": v.validator})
    why = _why_not(v, "its schema's validation")
    return f"{what}; NOT verified: {why}", {"conforms_to": [], "not_verified": why}


def print_role(validations: list[Validation], file: str, cover: bool = False) -> tuple[str, dict]:
    """The print master's role (``cover``: its cover, the cover board of a perfect-bound issue): what the
    build made it, what was checked, and that no PDF/X validator ran."""
    pre = _of(validations, "horizons-pub", file)
    said = ("passed" if pre is not None and pre.verdict == PASSED
            else f"FAILED ({len(pre.problems)} problem(s))" if pre is not None and pre.verdict == FAILED
            else "not run")
    what = (f"{PRINT_MASTER}, cover (the cover board, outside and inside: back cover, spine, front cover)"
            if cover else PRINT_MASTER)
    role = (f"{what}: PDF/X-4 as made by the build (CMYK output intent, 3 mm bleed); not validated as "
            "PDF/X; horizons-pub's preflight (boxes, output intent, PDF/X-4 identification, fonts embedded, "
            f"CMYK only, ink at most 300 %): {said}")
    return role, {"conforms_to": [], "not_verified": "no PDF/X validator was run"}


def manifest(issue: Issue, staging: Path, files: list[tuple[str, str, dict]], validations: list[Validation],
             bagged: dict) -> bytes:
    """manifest.json: ``files`` as (path under data/, role, more facts), read from ``staging``."""
    records = []
    for rel, role, more in files:
        data = (staging / rel).read_bytes()
        records.append({"path": f"data/{rel}", "role": role, "media_type": file_media_type(rel), "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(), **more})
    document = {
        "issue": {"magazine": issue.magazine, "number": issue.number, "title": plain_text(issue.title),
                  "date": issue.date.isoformat(), "identifier": issue_urn(issue)},
        "bagged": bagged,
        "built_with": {"horizons-pub": __version__, "weasyprint": _version("weasyprint"),
                       "ebooklib": _version("ebooklib"), "pikepdf": _version("pikepdf")},
        "validation": [v.record() for v in validations],
        "files": records,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def file_media_type(name: str) -> str:
    """The project's table first; then Python's own table (not the system's, which differs between machines),
    for the files of Ace's HTML report (.html, .css, .js)."""
    found = media_type(name)
    return found if found != UNKNOWN else (mimetypes.MimeTypes(filenames=()).guess_type(name)[0] or UNKNOWN)


def read_manifest(bag: Path) -> dict | None:
    """The bag's manifest.json, or None when it cannot be read."""
    file = bag / "data" / MANIFEST
    try:
        if file.is_symlink() or not file.is_file() or (bag / "data").is_symlink():  # a link or a pipe: not read
            return None
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - all are dependencies
        return "unknown"
