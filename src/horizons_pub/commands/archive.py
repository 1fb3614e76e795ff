"""The archive of an issue: a BagIt bag (RFC 8493) that a library can keep and verify for decades.

``build/<issue>/archive/`` holds, under ``data/``:

- ``<name>.pdf`` — the archival PDF: the screen PDF, PDF/A-3a with the PDF/UA-1
  identification, its source files attached (relationship Source);
- ``<name>.epub`` — the e-reader edition;
- ``source/<issue>/`` — the source folder as it was built;
- ``metadata/dublin-core.xml`` and ``metadata/manifest.json``.

Every date comes from SOURCE_DATE_EPOCH or the issue's date, so that two
archives of the same source are byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shutil
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import bagit

logging.getLogger("bagit").setLevel(logging.ERROR)  # its progress lines are not for our users
from lxml import etree

from .. import __version__
from ..support.atomic import TMP_PREFIX
from ..support.dates import source_datetime
from ..support.mediatypes import media_type
from ..builder.recipe import FORMATS, BuildResult, build_issue, load_issue
from ..model.identity import MARC_ROLES, Edition, file_name, full_title, issue_urn
from ..model.nodes import Issue, plain_text
from ..reader.sources import source_files
from ..support.diagnostics import Reporter
from ..support.paths import display_path
from .folders import issue_folders

ARCHIVE_DIR = "archive"
CHECKSUMS = ["sha256", "sha512"]
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
MARCREL = "http://id.loc.gov/vocabulary/relators/"

def make_archive(issue: Issue, out_dir: Path) -> Path:
    """Bag the issue's built outputs (the screen PDF and the EPUB must exist) into ``out_dir/archive``."""
    target = out_dir / ARCHIVE_DIR
    staging = Path(tempfile.mkdtemp(prefix=TMP_PREFIX + "archive-", dir=out_dir))
    try:
        files = _payload(issue, out_dir, staging)
        _metadata(issue, staging, files)
        bagit.make_bag(str(staging), bag_info=_bag_info(issue), checksums=CHECKSUMS, processes=1)
        # bagit-python writes BagIt 0.97; the bag is RFC 8493's BagIt 1.0 (same layout): say so,
        # then let bagit recompute the tag manifests over the new bagit.txt.
        (staging / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
                                           encoding="utf-8")
        bagit.Bag(str(staging)).save(processes=1)
        _replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


def _payload(issue: Issue, out_dir: Path, staging: Path) -> list[tuple[str, str]]:
    """Copy the payload into the staging folder; return (path in bag, role) for each file."""
    entries: list[tuple[str, str]] = []
    pdf = out_dir / file_name(issue, Edition.SCREEN)
    archival = file_name(issue, Edition.ARCHIVAL)
    shutil.copyfile(pdf, staging / archival)
    entries.append((archival, "archival PDF (PDF/A-3a, PDF/UA-1, source attached)"))
    epub = out_dir / file_name(issue, Edition.EPUB)
    shutil.copyfile(epub, staging / epub.name)
    entries.append((epub.name, "EPUB 3 (e-reader edition)"))
    folder = Path(issue.folder)
    for path in source_files(issue):
        rel = Path("source") / issue.id / path.relative_to(folder)
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, staging / rel)
        entries.append((rel.as_posix(), "source"))
    return entries


def _metadata(issue: Issue, staging: Path, files: list[tuple[str, str]]) -> None:
    meta = staging / "metadata"
    meta.mkdir()
    (meta / "dublin-core.xml").write_bytes(dublin_core(issue))
    files = files + [("metadata/dublin-core.xml", "descriptive metadata (Dublin Core)")]
    records = []
    for rel, role in files:
        data = (staging / rel).read_bytes()
        records.append({"path": f"data/{rel}", "role": role,
                        "media_type": media_type(rel),
                        "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    manifest = {
        "issue": {"magazine": issue.magazine, "number": issue.number, "title": plain_text(issue.title),
                  "date": issue.date.isoformat(), "identifier": issue_urn(issue)},
        "built_with": {"horizons-pub": __version__, "weasyprint": _version("weasyprint"),
                       "ebooklib": _version("ebooklib"), "pikepdf": _version("pikepdf")},
        "files": records,
    }
    (meta / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _bag_info(issue: Issue) -> dict[str, str]:
    when = source_datetime(issue)
    info = {
        "Source-Organization": issue.publisher,
        "External-Description": full_title(issue),
        "External-Identifier": issue_urn(issue),
        "Bagging-Date": when.date().isoformat(),
        "Source-Date": issue.date.isoformat(),
        "Bag-Software-Agent": f"horizons-pub {__version__} (bagit {_version('bagit')})",
    }
    if issue.issn:
        info["Internal-Sender-Identifier"] = f"ISSN {issue.issn}"
    return info


def dublin_core(issue: Issue) -> bytes:
    """A Dublin Core record of the issue; roles as MARC relator elements beside dc:contributor."""
    root = etree.Element("metadata", nsmap={"dc": DC, "dcterms": DCTERMS, "marcrel": MARCREL})

    def add(ns: str, name: str, text: str, **attrs: str) -> None:
        el = etree.SubElement(root, f"{{{ns}}}{name}", attrs)
        el.text = text

    add(DC, "title", full_title(issue))
    add(DCTERMS, "isPartOf", issue.magazine)
    add(DC, "identifier", issue_urn(issue))
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
    for title in dict.fromkeys(issue.rubric(a.rubric).title for a in issue.articles if a.rubric):
        add(DC, "subject", title)
    add(DC, "subject", plain_text(issue.title))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:  # pragma: no cover - all are dependencies
        return "unknown"


def _replace(staging: Path, target: Path) -> None:
    """Put the new bag in place of the old one: a rename, after the old one is moved aside."""
    old = None
    if target.exists():
        old = target.with_name(f"{TMP_PREFIX}old-{target.name}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old)


def main(args: argparse.Namespace) -> int:
    """Build each issue (all formats), then bag it into <out>/<issue>/archive/."""
    reporter = Reporter(strict=args.strict)
    failed = False
    for folder in issue_folders(args.issues, reporter, "archive"):
        issue_reporter = Reporter(strict=args.strict)
        result = build_issue(folder, Path(args.out), list(FORMATS), issue_reporter)
        if result.up_to_date:
            result = BuildResult(load_issue(folder, issue_reporter), result.outputs)
        if result.issue is None or issue_reporter.has_errors():
            failed = True
            print(f"{display_path(folder)}: archive not made ({len(issue_reporter.errors)} error(s))", file=sys.stderr)
            continue
        bag = make_archive(result.issue, Path(args.out) / result.issue.id)
        if not args.quiet:
            print(f"{display_path(folder)} → {display_path(bag)}")
    return 1 if failed or reporter.has_errors() else 0
