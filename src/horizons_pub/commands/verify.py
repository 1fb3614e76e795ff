"""``horizons-pub verify BAG``: is the archive still what was made?

Every checksum, no file missing or added (BagIt), then the archival PDF's
claims (PDF/A and PDF/UA identification, output intent, every font embedded,
the source attached) and the EPUB (it opens: container, package document,
every manifest item present).  Each problem names its file.
"""

from __future__ import annotations

import argparse
import logging
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import bagit

logging.getLogger("bagit").setLevel(logging.CRITICAL)  # problems are reported by verify itself
import pikepdf
from lxml import etree

from ..render.pdf.inspect import unembedded_fonts
from ..support.paths import display_path


@dataclass
class Verdict:
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, what is wrong)

    def fail(self, file: str, what: str) -> None:
        self.problems.append((file, what))

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_bag(path: Path) -> Verdict:
    verdict = Verdict()
    try:
        bag = bagit.Bag(str(path))
    except bagit.BagError as exc:
        verdict.fail(str(path), f"not a BagIt bag: {exc}")
        return verdict
    # bagit stops at a wrong Payload-Oxum (file count and size) without naming the file: check
    # completeness and every checksum first, file by file, then the Oxum.
    oxum = bag.info.pop("Payload-Oxum", None)
    try:
        bag.validate(processes=1)
        if oxum is not None:
            bag.info["Payload-Oxum"] = oxum
            bag.validate(processes=1, fast=True)
    except bagit.BagValidationError as exc:
        for detail in exc.details or []:
            verdict.fail(str(path / getattr(detail, "path", "")), _describe(detail))
        if not exc.details:
            verdict.fail(str(path), str(exc.message))
    except bagit.BagError as exc:
        verdict.fail(str(path), str(exc))
    data = path / "data"
    pdfs = sorted(data.glob("*.pdf"))
    epubs = sorted(data.glob("*.epub"))
    if not pdfs:
        verdict.fail(str(data), "no archival PDF in the bag")
    if not epubs:
        verdict.fail(str(data), "no EPUB in the bag")
    for pdf in pdfs:
        check_archival_pdf(pdf, verdict)
    for epub in epubs:
        check_epub_opens(epub, verdict)
    return verdict


def _describe(detail) -> str:
    if isinstance(detail, bagit.ChecksumMismatch):
        return f"{detail.algorithm} checksum differs: the file changed"
    if isinstance(detail, bagit.FileMissing):
        return "listed in the manifest but missing"
    if isinstance(detail, bagit.UnexpectedFile):
        return "not listed in the manifest (an added file)"
    return str(detail)


def check_archival_pdf(path: Path, verdict: Verdict) -> None:
    name = str(path)
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        verdict.fail(name, f"the PDF does not open: {exc}")
        return
    with pdf:
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "3" or meta.get("pdfaid:conformance") != "A":
            verdict.fail(name, "no PDF/A-3a identification in the XMP metadata")
        if meta.get("pdfuaid:part") != "1":
            verdict.fail(name, "no PDF/UA-1 identification in the XMP metadata")
        intents = pdf.Root.get("/OutputIntents", [])
        if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
            verdict.fail(name, "no PDF/A output intent with an ICC profile")
        if "/StructTreeRoot" not in pdf.Root:
            verdict.fail(name, "the PDF is not tagged")
        if not any(spec.get("/AFRelationship") == "/Source" for spec in pdf.Root.get("/AF", [])):
            verdict.fail(name, "the source files are not attached (no /AF with relationship Source)")
        for font in unembedded_fonts(pdf):
            verdict.fail(name, f"the font {font} is not embedded")


def check_epub_opens(path: Path, verdict: Verdict) -> None:
    name = str(path)
    try:
        with zipfile.ZipFile(path) as book:
            bad = book.testzip()
            if bad:
                verdict.fail(name, f"the EPUB's entry {bad} is corrupt")
                return
            if book.read("mimetype") != b"application/epub+zip":
                verdict.fail(name, "the EPUB's mimetype entry is wrong")
            container = etree.fromstring(book.read("META-INF/container.xml"))
            opf_path = container.find(".//{*}rootfile").get("full-path")
            opf = etree.fromstring(book.read(opf_path))
            base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
            names = set(book.namelist())
            for item in opf.iterfind(".//{*}manifest/{*}item"):
                if base + item.get("href") not in names:
                    verdict.fail(name, f"the EPUB lacks {item.get('href')}, listed in its package")
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        verdict.fail(name, f"the EPUB does not open: {exc}")


def main(args: argparse.Namespace) -> int:
    failed = False
    for bag in args.bags:
        verdict = verify_bag(Path(bag))
        for file, what in verdict.problems:
            print(f"{display_path(Path(file))}: error: {what} [archive.invalid]", file=sys.stderr)
        if verdict.ok:
            print(f"{bag}: valid")
        else:
            failed = True
            print(f"{bag}: NOT valid ({len(verdict.problems)} problem(s))", file=sys.stderr)
    return 1 if failed else 0
