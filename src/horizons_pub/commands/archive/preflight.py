"""horizons-pub's own checks of what a bag holds, read back with pikepdf and zipfile: the archival PDF's claims
(PDF/A and PDF/UA identification, output intent, tags, fonts embedded, the source attached), the print
master's preflight (page boxes and the trim, the CMYK output intent, the PDF/X-4 identification, fonts
embedded, the folios) and the EPUB opening (container, package, every item).  None of them is a PDF/A,
PDF/UA or PDF/X validator: they say what the file declares and holds, the validators (validation.py) whether
it conforms."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
from lxml import etree

from ... import __version__
from ...render.pdf.inspect import page_label_folios
from ..check.pdf_checks import MM, check_print_pdf, check_screen_pdf
from ..check.report import FAILED, PASSED
from .validation import Validation

CHECKER = f"horizons-pub {__version__}"
#: ``check``'s checks that the bag's PDFs must pass (the page labels are compared between the two PDFs).
ARCHIVAL_CHECKS = ("screen.pdfa-pdfua", "screen.output-intent", "screen.tagged", "screen.sources", "screen.fonts")
#: the print master's and its cover's (the page count and the image resolution are the build's concern)
PRINT_CHECKS = ("print.boxes", "print.output-intent", "print.pdfx", "print.fonts", "print.colour-spaces",
                "print.ink-coverage")


def archival_pdf_problems(path: Path) -> list[str]:
    """What the archival PDF lacks of what the archive says of it (empty when it holds all): ``check``'s
    screen PDF checks but the page labels (a bag has no layout.json; the print master is compared with
    them instead), each problem under its check's name."""
    problems, said = [], set()
    for check in check_screen_pdf(path, None):
        if check.name in ARCHIVAL_CHECKS and check.status == FAILED:
            for detail in check.details:
                if detail not in said:  # a file that does not open fails every check in the same words
                    said.add(detail)
                    problems.append(f"{check.name}: {detail}")
    return problems


def check_archival_pdf(path: Path, shown: str) -> Validation:
    problems = archival_pdf_problems(path)
    what = "claims of the archival PDF (PDF/A-3a and PDF/UA-1 identification, output intent, tags, fonts " \
           "embedded, source attached)"
    return _validation(shown, what, problems)


def epub_problems(path: Path) -> list[str]:
    """Whether the EPUB opens: its zip, its mimetype, its container and package, every manifest item."""
    problems = []
    try:
        with zipfile.ZipFile(path) as book:
            bad = book.testzip()
            if bad:
                return [f"the EPUB's entry {bad} is corrupt"]
            if book.read("mimetype") != b"application/epub+zip":
                problems.append("the EPUB's mimetype entry is wrong")
            container = etree.fromstring(book.read("META-INF/container.xml"))
            opf_path = container.find(".//{*}rootfile").get("full-path")
            opf = etree.fromstring(book.read(opf_path))
            base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
            names = set(book.namelist())
            for item in opf.iterfind(".//{*}manifest/{*}item"):
                if base + item.get("href") not in names:
                    problems.append(f"the EPUB lacks {item.get('href')}, listed in its package")
    except (zipfile.BadZipFile, KeyError, AttributeError, etree.XMLSyntaxError, OSError) as exc:
        problems.append(f"the EPUB does not open: {exc}")
    return problems


def check_epub_opens(path: Path, shown: str) -> Validation:
    return _validation(shown, "the EPUB opens (container, package document, every manifest item)",
                       epub_problems(path))


def check_print_master(path: Path, shown: str, trim_mm: tuple[float, float] | None,
                       folios: list[int | None] | None, trim_name: str = "the trim of issue.yaml") -> Validation:
    """The print master's preflight: boxes (and the trim, when known), CMYK output intent, PDF/X-4
    identification, every font embedded, and its page labels the same as ``folios`` (the archival PDF's)."""
    trim = (trim_mm[0] * MM, trim_mm[1] * MM) if trim_mm else None
    wanted = PRINT_CHECKS + (("print.page-labels",) if folios is not None else ())
    problems = [f"{c.name}: {detail}" for c in check_print_pdf(path, folios, trim)
                if c.name in wanted and c.status == FAILED for detail in c.details]
    what = ("preflight of the print master (TrimBox and BleedBox" + (f" at {trim_name}" if trim else "")
            + ", CMYK output intent, PDF/X-4 identification, fonts embedded, colours in CMYK only, ink at "
            "most 300 %"
            + (", the archival PDF's page labels" if folios is not None else "") + "; not a PDF/X validation)")
    return _validation(shown, what, problems)


def archival_folios(path: Path) -> list[int | None] | None:
    """The archival PDF's page labels (the print master must carry the same); None when it has none."""
    try:
        with pikepdf.open(path) as pdf:
            return page_label_folios(pdf)
    except (pikepdf.PdfError, OSError):
        return None


def _validation(shown: str, what: str, problems: list[str]) -> Validation:
    verdict = FAILED if problems else PASSED
    said = f"{len(problems)} problem(s)" if problems else "passed"
    return Validation("horizons-pub", CHECKER, shown, verdict, f"{CHECKER}: {what}: {said}", problems,
                      __version__)
