"""What the bag holds for the platforms and the bookshops (issue 17), and how each file is checked, by ``archive``
before it bags them and by ``verify`` again:

- ``data/articles/<id>.pdf`` — each article's PDF, cut from the screen edition: veraPDF's PDF/UA-1 profile
  (validation.py, in the one Java run of the archival PDF), and its page labels, which must be a run of the
  archival PDF's (the same folios, in order, one after the other) and agree with its JATS ``fpage``/``lpage``;
- ``data/articles/<id>.xml`` — its JATS XML: the JATS schema (lxml, vendored under ``schemas/``), and every
  figure file it names (``graphic/@xlink:href``) beside it in the bag; the figure files themselves;
- ``data/records/<name>-crossref.xml`` (only with a DOI prefix): Crossref's schema;
  ``data/records/<name>-onix.xml``: ONIX 3.0 (``onixcheck``'s schema, render/records/onix.py).
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

import pikepdf
from lxml import etree

from ...model.identity import ARTICLES_DIR, Edition, file_name
from ...model.nodes import Issue
from ...render.pdf.inspect import page_label_folios
from ..check.report import FAILED, PASSED
from .preflight import CHECKER
from .validation import Validation

RECORDS_DIR = "records"
XLINK = "http://www.w3.org/1999/xlink"
#: the JATS elements that name a file beside the article's XML (JATS4R: graphic, media, supplementary material)
FILE_ELEMENTS = ("graphic", "inline-graphic", "media", "supplementary-material")
CROSSREF_SUFFIX, ONIX_SUFFIX = "-crossref.xml", "-onix.xml"


@dataclass
class PlatformFiles:
    """The platforms' files staged in the bag, as bag paths under data/ ("articles/edito.pdf")."""

    articles: list[str] = field(default_factory=list)  # the article ids, in page order
    pdfs: list[str] = field(default_factory=list)
    xmls: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)  # the files the articles' JATS name (their figures)
    figures_of: dict[str, list[str]] = field(default_factory=dict)  # the figures of each article id
    records: list[str] = field(default_factory=list)  # records/…-crossref.xml, records/…-onix.xml
    missing: list[str] = field(default_factory=list)  # what the build should have made and did not (build paths)
    certified_onix: bool = False  # the ONIX made again with the EPUB's conformance claim (describe.py)


def stage(issue: Issue, out_dir: Path, staging: Path) -> PlatformFiles:
    """Copy the articles' PDFs and XML (and every file beside them) and the records into ``staging``."""
    from ...render.platforms import platform_articles

    files = PlatformFiles(articles=platform_articles(issue))
    built = out_dir / ARTICLES_DIR
    for article_id in files.articles:
        for ext, listed in (("pdf", files.pdfs), ("xml", files.xmls)):
            rel = f"{ARTICLES_DIR}/{article_id}.{ext}"
            if (out_dir / rel).is_file():
                listed.append(rel)
            else:
                files.missing.append(rel)
    known = set(files.pdfs) | set(files.xmls)
    if built.is_dir() and not built.is_symlink():  # the files the JATS name (its figures), nothing else
        base = built.resolve()
        for rel in files.xmls:
            for _, target in file_refs(out_dir / rel, (out_dir / rel).read_bytes()):
                if target is not None and str(target).startswith(str(base) + os.sep):
                    name = f"{ARTICLES_DIR}/{target.relative_to(base).as_posix()}"
                    if name not in known and name not in files.figures:
                        files.figures.append(name)
                    if name not in known:
                        files.figures_of.setdefault(PurePosixPath(rel).stem, []).append(name)
    for rel in (*files.pdfs, *files.xmls, *files.figures):
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out_dir / rel, staging / rel)
    wanted = ([Edition.CROSSREF] if issue.distribution.doi_prefix else []) + [Edition.ONIX]
    for edition in wanted:
        name = file_name(issue, edition)
        if (out_dir / name).is_file():
            (staging / RECORDS_DIR).mkdir(exist_ok=True)
            shutil.copyfile(out_dir / name, staging / RECORDS_DIR / name)
            files.records.append(f"{RECORDS_DIR}/{name}")
        else:
            files.missing.append(name)
    return files


def built_path(out_dir: Path, rel: str) -> Path:
    """Where the build wrote a file the bag holds as ``data/<rel>`` (for the diagnostics of ``archive``)."""
    if rel.startswith(f"{RECORDS_DIR}/"):
        return out_dir / rel.split("/", 1)[1]
    return out_dir / rel


# -- the XML files ----------------------------------------------------------------------------------------------


def lxml_name() -> str:
    """The validator of the XML schemas and DTDs, as the manifest names it."""
    return f"lxml {'.'.join(str(n) for n in etree.LXML_VERSION[:3])}"


def check_jats(path: Path, shown: str) -> Validation:
    """The JATS schema on an article's XML, and every file it names beside it."""
    from ...render.jats import JATS_SCHEMA

    data = path.read_bytes()
    profile = f"JATS 1.3 {'DTD' if JATS_SCHEMA.endswith('.dtd') else 'schema'} ({JATS_SCHEMA})"
    problems = [f"{profile}: {p}" for p in _schema(JATS_SCHEMA, data)]
    problems += [f"the JATS names {href}, which is not in the bag beside it" for href in missing_figures(path, data)]
    return _xml_validation(shown, profile, problems, f"{profile.split(' (')[0]}, and the figure files it names")


def check_crossref(path: Path, shown: str) -> Validation:
    from ...render.records.crossref import CROSSREF_SCHEMA

    profile = f"Crossref schema ({CROSSREF_SCHEMA})"
    problems = [f"{profile}: {p}" for p in _schema(CROSSREF_SCHEMA, path.read_bytes())]
    return _xml_validation(shown, profile, problems, "Crossref's deposit schema")


def check_onix(path: Path, shown: str) -> Validation:
    from ...render.records.onix import validate_onix

    name = f"onixcheck {_version('onixcheck')}"
    problems = [f"ONIX 3.0: {p}" for p in validate_onix(path.read_bytes())]
    said = f"{len(problems)} problem(s)" if problems else "passed"
    return Validation("onixcheck", name, shown, FAILED if problems else PASSED,
                      f"{name}: ONIX 3.0 (its schema): {said}", problems, _version("onixcheck"), ("ONIX 3.0",))


def check_record(path: Path, shown: str) -> Validation:
    return check_onix(path, shown) if shown.endswith(ONIX_SUFFIX) else check_crossref(path, shown)


def _schema(schema: str, data: bytes) -> list[str]:
    from ...support.xmlschemas import validate

    return validate(schema, data)


def _xml_validation(shown: str, profile: str, problems: list[str], what: str) -> Validation:
    name = lxml_name()
    said = f"{len(problems)} problem(s)" if problems else "passed"
    return Validation("xml-schema", name, shown, FAILED if problems else PASSED, f"{name}: {what}: {said}",
                      problems, name.removeprefix("lxml "), (profile,))


def file_refs(path: Path, data: bytes) -> list[tuple[str, Path | None]]:
    """The files an article's JATS names (relative references: ``graphic/@xlink:href``…), each with the regular
    file it names beside the XML, inside its folder (None when there is none)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return []  # the schema check says it
    found = []
    folder = path.parent.resolve()
    for name in FILE_ELEMENTS:
        for el in root.iter(name, f"{{*}}{name}"):
            href = el.get(f"{{{XLINK}}}href") or ""
            if not href or ":" in href.split("/")[0] or href.startswith("#"):
                continue  # an address, a DOI, a fragment: nothing of the bag
            target = Path(os.path.normpath(folder / PurePosixPath(href)))
            inside = str(target).startswith(str(folder) + os.sep)
            regular = inside and target.exists() and stat.S_ISREG(os.lstat(target).st_mode)
            found.append((href, target if regular else None))
    return found


def missing_figures(path: Path, data: bytes) -> list[str]:
    """The files an article's JATS names that are not regular files beside it."""
    return [href for href, target in file_refs(path, data) if target is None]


def jats_pages(path: Path) -> tuple[str | None, str | None]:
    """The ``fpage`` and ``lpage`` of an article's JATS (None when it has none, or cannot be read)."""
    try:
        root = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    except (etree.XMLSyntaxError, OSError):
        return None, None
    meta = root.find(".//{*}article-meta")
    if meta is None:
        meta = root.find(".//article-meta")
    if meta is None:
        return None, None
    first, last = meta.find("fpage"), meta.find("lpage")
    return (first.text.strip() if first is not None and first.text else None,
            last.text.strip() if last is not None and last.text else None)


# -- the articles' PDFs ---------------------------------------------------------------------------------------


def folios(path: Path) -> list[int | None] | None:
    try:
        with pikepdf.open(path) as pdf:
            return page_label_folios(pdf)
    except (pikepdf.PdfError, OSError):
        return None


def page_range(labels: list[int | None] | None) -> str:
    """« 12-17 », « 3 »: an article's pages as its labels say (empty when they do not)."""
    if not labels or labels[0] is None or labels[-1] is None:
        return ""
    return str(labels[0]) if len(labels) == 1 else f"{labels[0]}-{labels[-1]}"


def check_article_pages(pdf: Path, shown: str, issue_folios: list[int | None] | None,
                        xml: Path | None) -> Validation:
    """The article PDF's page labels: a run of the archival PDF's, and its JATS's fpage and lpage."""
    labels = folios(pdf)
    problems = []
    if labels is None:
        problems.append("print.page-labels: the article's PDF has no page labels (or does not open)")
    elif issue_folios is None:
        problems.append("print.page-labels: the archival PDF has no page labels to compare the article's with")
    elif not labels or None in labels or not _is_run(labels, issue_folios):
        problems.append(f"print.page-labels: its pages {_show(labels)} are not a run of the archival PDF's "
                        "pages")
    if labels and xml is not None and xml.is_file():
        first, last = jats_pages(xml)
        if first is not None and (str(labels[0]), str(labels[-1])) != (first, last or first):
            problems.append(f"print.page-labels: its pages {_show(labels)} are not the JATS's fpage {first} "
                            f"and lpage {last}")
    what = ("the article's page labels, a run of the archival PDF's" + (" and its JATS's fpage and lpage"
                                                                        if xml is not None else ""))
    pages = page_range(labels)
    said = f"{len(problems)} problem(s)" if problems else f"passed (page{'s' if '-' in pages else ''} {pages})"
    from ... import __version__

    return Validation("horizons-pub", CHECKER, shown, FAILED if problems else PASSED, f"{CHECKER}: {what}: {said}",
                      problems, __version__)


def _is_run(labels: list[int | None], issue_folios: list[int | None]) -> bool:
    n = len(labels)
    return any(issue_folios[i:i + n] == labels for i in range(len(issue_folios) - n + 1))


def _show(labels: list[int | None]) -> str:
    shown = ", ".join("none" if n is None else str(n) for n in labels[:12])
    return f"({shown}{', …' if len(labels) > 12 else ''})"


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return ""
