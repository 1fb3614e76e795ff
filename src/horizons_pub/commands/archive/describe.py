"""The platforms' files in the archive (issue 17): their checks in the order the bag lists them, the METS
document and the profile's copy, and what manifest.json says of each (metadata.py's roles).

Each article's validations come together: veraPDF's PDF/UA-1 on its PDF, its page labels, the JATS schema on its
XML; then the records (Crossref, ONIX); a file the build should have made and did not is a failed validation.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ...model.identity import Edition
from ...model.nodes import Issue
from ..check.report import FAILED
from . import metadata, platform_files
from .mets import METS_FILE, check_mets, mets_document
from .platform_files import PlatformFiles
from .preflight import CHECKER
from .profile import PROFILE_IN_BAG, profile_bytes
from .validation import Validation

Safe = Callable[[str, str, Callable[[], Validation]], Callable[[], Validation]]


def platform_validations(staging: Path, platform: PlatformFiles, issue_folios: list | None,
                         safe: Safe) -> list[Validation]:
    """horizons-pub's and the schemas' checks of the staged platform files (veraPDF is run apart)."""
    out = []
    for rel in platform.missing:
        shown = f"data/{rel}" if rel.startswith("articles/") else f"data/{platform_files.RECORDS_DIR}/{rel}"
        out.append(Validation("horizons-pub", CHECKER, shown, FAILED, f"{CHECKER}: the build made no {rel}",
                              [f"the build made no {rel}: build the issue again (horizons-pub build)"]))
    for rel in platform.pdfs:
        xml = staging / PurePosixPath(rel).with_suffix(".xml")
        out.append(safe("horizons-pub", f"data/{rel}", lambda rel=rel, xml=xml: platform_files.check_article_pages(
            staging / rel, f"data/{rel}", issue_folios, xml if xml.is_file() else None))())
    for rel in platform.xmls:
        out.append(safe("xml-schema", f"data/{rel}", lambda rel=rel: platform_files.check_jats(staging / rel,
                                                                                              f"data/{rel}"))())
    return out


def record_validations(staging: Path, platform: PlatformFiles, safe: Safe) -> list[Validation]:
    """The records' schemas (after :func:`certify_onix`)."""
    out = []
    for rel in platform.records:
        tool = "onixcheck" if rel.endswith(platform_files.ONIX_SUFFIX) else "xml-schema"
        out.append(safe(tool, f"data/{rel}", lambda rel=rel: platform_files.check_record(staging / rel,
                                                                                         f"data/{rel}"))())
    return out


def certify_onix(issue: Issue, staging: Path, platform: PlatformFiles, certification) -> None:
    """The bag's ONIX made again with the accessibility conformance the bag's EPUB now declares (after a passing
    DAISY Ace run: render/records/onix.py), so that the record says what the EPUB beside it claims."""
    from ...render.records.onix import onix_message
    from ...support.dates import source_datetime

    for rel in platform.records:
        if rel.endswith(platform_files.ONIX_SUFFIX):
            (staging / rel).write_bytes(onix_message(issue, source_datetime(issue), certification=certification))
            platform.certified_onix = True


def by_article(pdf_checks: list[Validation], others: list[Validation]) -> list[Validation]:
    """The articles' validations grouped by article (its PDF's, then its XML's), then the records'."""
    every = [*pdf_checks, *others]
    articles = sorted({PurePosixPath(v.file).stem for v in every if _in_articles(v.file)},
                      key=lambda stem: min(i for i, v in enumerate(every) if PurePosixPath(v.file).stem == stem
                                           and _in_articles(v.file)))
    out = []
    for stem in articles:
        for suffix in (".pdf", ".xml"):
            out += [v for v in every if _in_articles(v.file) and v.file.endswith(f"/{stem}{suffix}")]
    return out + [v for v in every if not _in_articles(v.file)]


def _in_articles(file: str) -> bool:
    return file.startswith("data/articles/")


def article_pages(staging: Path, platform: PlatformFiles) -> dict[str, str]:
    """Each article's page range as its PDF's labels give it (« 12-17 »)."""
    pages = {}
    for rel in platform.pdfs:
        found = platform_files.page_range(platform_files.folios(staging / rel))
        if found:
            pages[PurePosixPath(rel).stem] = found
    return pages


def write_mets(issue: Issue, staging: Path, names: dict[Edition, str], platform: PlatformFiles) -> Validation:
    """Dublin Core, the profile's copy, then the METS document over every staged file (but manifest.json, written
    last, which the METS references); the METS schema's validation of it."""
    (staging / "metadata").mkdir(exist_ok=True)
    (staging / metadata.DUBLIN_CORE).write_bytes(metadata.dublin_core(issue))
    (staging / PROFILE_IN_BAG).write_bytes(profile_bytes())
    rels = payload_files(staging, names, platform)
    data = mets_document(issue, staging, rels, names[Edition.ARCHIVAL], platform, article_pages(staging, platform))
    (staging / METS_FILE).write_bytes(data)
    return check_mets(staging / METS_FILE, f"data/{METS_FILE}")


def payload_files(staging: Path, names: dict[Edition, str], platform: PlatformFiles) -> list[str]:
    """The staged files the METS lists, in its order: the editions, the articles' files, the records, the
    source, the reports, the metadata."""
    editions = [names[e] for e in (Edition.ARCHIVAL, Edition.PRINT, Edition.COVER, Edition.EPUB) if e in names]
    rest = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    seen = set(editions) | {*platform.pdfs, *platform.xmls, *platform.figures, *platform.records}
    ordered = editions + [r for a in platform.articles for r in (f"articles/{a}.pdf", f"articles/{a}.xml")
                          if r in seen] + platform.figures + platform.records
    ordered += [r for r in rest if r not in seen and r != METS_FILE and r != metadata.MANIFEST]
    return [r for r in ordered if (staging / r).is_file()]


def manifest_entries(validations: list[Validation], platform: PlatformFiles) -> list[tuple[str, str, dict]]:
    """(path under data/, role, facts) of the platforms' files, the METS document and the profile's copy."""
    files = []
    for rel in platform.pdfs:
        files.append((rel, *metadata.article_pdf_role(validations, f"data/{rel}")))
    for rel in platform.xmls:
        files.append((rel, *metadata.xml_role(validations, f"data/{rel}", "article XML: JATS 1.3")))
    for rel in platform.figures:
        files.append((rel, f"{metadata.FIGURE}: a file beside the articles' JATS XML, as the build wrote it "
                           "(not validated)", {}))
    for rel in platform.records:
        what = (("ONIX 3.0 product records (the EPUB and the print edition; the EPUB's accessibility "
                 + ("conformance as the bag's EPUB declares it, after a passing DAISY Ace run)"
                    if platform.certified_onix else "features, no conformance claimed, as the bag's EPUB)"))
                if rel.endswith(platform_files.ONIX_SUFFIX) else "Crossref deposit (the issue and its articles)")
        files.append((rel, *metadata.xml_role(validations, f"data/{rel}", f"record: {what}")))
    files.append((METS_FILE, *metadata.xml_role(validations, f"data/{METS_FILE}",
                                                "METS document (METS 1.12.1): the package's structure, its "
                                                "descriptive metadata (Dublin Core), every file with its SHA-256")))
    files.append((PROFILE_IN_BAG, "BagIt profile this bag conforms to (BagIt Profiles 1.4.0), as bag-info.txt's "
                                  "BagIt-Profile-Identifier names it; checked before the bag was put in place", {}))
    return files


def said_lines(validations: list[Validation]) -> list[tuple[str, str, str]]:
    """(verdict, file, summary) per validation; but the articles' passing ones, one per validator (twenty-one
    articles, three checks each), with ``data/articles/*.pdf (21 files)`` as their file: each failed or not
    run one is said on its own."""
    lines, grouped = [], {}
    for v in validations:
        if _in_articles(v.file) and v.verdict == "passed":
            what = (", ".join(v.profiles) if v.tool == "verapdf" else v.summary.split(": ")[1]
                    if v.summary.count(": ") >= 2 else "")
            grouped.setdefault((v.validator, PurePosixPath(v.file).suffix, what), []).append(v)
            continue
        lines.append((v.verdict, v.file, v.summary))
    for (validator, kind, what), group in grouped.items():
        folder = PurePosixPath(group[0].file).parent
        lines.append(("passed", f"{folder}/*{kind} ({len(group)} files)", f"{validator}: {what}: passed"))
    return lines
