"""The checks of the two PDFs, read back with pikepdf: the printer's (``print.*``: page boxes, CMYK output
intent, PDF/X-4, fonts, page labels) and the screen and archival one (``screen.*``: PDF/A-3a and PDF/UA-1
identification, sRGB output intent, tagged, its source attached, fonts, page labels)."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from ...support.paths import display_path
from .press_checks import press_checks
from .report import Check, failed, passed

MM = 72 / 25.4
BLEED = 3 * MM
TOLERANCE = 0.1  # pt


def check_print_pdf(path: Path, folios: list[int] | None, trim: tuple[float, float] | None = None) -> list[Check]:
    """The printer's PDF: page boxes, CMYK output intent, PDF/X-4, fonts, page labels, and the preflight of
    press_checks.py (colour spaces, ink coverage, image resolution, page count)."""
    names = ("print.boxes", "print.output-intent", "print.pdfx", "print.fonts", "print.page-labels",
             "print.colour-spaces", "print.ink-coverage", "print.image-resolution", "print.page-count")
    pdf, problem = _open(path)
    if pdf is None:
        return [failed(n, [problem]) for n in names]
    with pdf:
        return [_boxes(pdf, trim), _cmyk_intent(pdf), _pdfx(pdf), _fonts("print.fonts", pdf, path),
                _page_labels("print.page-labels", pdf, folios), *press_checks(pdf)]


def check_screen_pdf(path: Path, folios: list[int] | None) -> list[Check]:
    """The screen (and archival) PDF: PDF/A-3a and PDF/UA-1, sRGB, tagged, its source, fonts, page labels."""
    names = ("screen.pdfa-pdfua", "screen.output-intent", "screen.tagged", "screen.sources", "screen.fonts",
             "screen.page-labels")
    pdf, problem = _open(path)
    if pdf is None:
        return [failed(n, [problem]) for n in names]
    with pdf:
        return [_pdfa_pdfua(pdf), _srgb_intent(pdf), _tagged(pdf), _sources(pdf),
                _fonts("screen.fonts", pdf, path), _page_labels("screen.page-labels", pdf, folios)]


def _open(path: Path) -> tuple[pikepdf.Pdf | None, str]:
    if not path.is_file():
        return None, f"{display_path(path)} is missing"
    try:
        return pikepdf.open(path), ""
    except (pikepdf.PdfError, OSError) as exc:
        return None, f"{display_path(path)} does not open: {exc}"


def _box(page: pikepdf.Page, name: str) -> list[float] | None:
    value = page.obj.get(name)
    try:
        return None if value is None else [float(v) for v in value]
    except (TypeError, ValueError):
        return None


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


def _boxes(pdf: pikepdf.Pdf, trim_size: tuple[float, float] | None) -> Check:
    problems: dict[str, list[int]] = {}

    def bad(what: str, number: int) -> None:
        problems.setdefault(what, []).append(number)

    for number, page in enumerate(pdf.pages, start=1):
        trim, bleed, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
        if trim is None:
            bad("no TrimBox", number)
        if bleed is None:
            bad("no BleedBox", number)
        if trim is None or bleed is None:
            continue
        size = (trim[2] - trim[0], trim[3] - trim[1])
        if trim_size and not (_near(size[0], trim_size[0]) and _near(size[1], trim_size[1])):
            bad(f"a TrimBox of {size[0] / MM:.1f} × {size[1] / MM:.1f} mm, not the trim of issue.yaml "
                f"({trim_size[0] / MM:.0f} × {trim_size[1] / MM:.0f} mm)", number)
        grown = (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED)
        if not all(_near(a, b) for a, b in zip(bleed, grown)):
            bad("a BleedBox that is not the TrimBox + 3 mm", number)
        if media and not (media[0] <= bleed[0] + TOLERANCE and media[1] <= bleed[1] + TOLERANCE
                          and media[2] >= bleed[2] - TOLERANCE and media[3] >= bleed[3] - TOLERANCE):
            bad("a MediaBox that does not hold the BleedBox", number)
    count = len(pdf.pages)
    if not count:
        return failed("print.boxes", ["the PDF has no page"])
    if problems:
        return failed("print.boxes", [f"{what}: {_pages(numbers)}" for what, numbers in problems.items()])
    return passed("print.boxes", [f"TrimBox and BleedBox (trim + 3 mm) on all {count} pages"])


def _pages(numbers: list[int]) -> str:
    """Page numbers (of the PDF, from 1) as ranges: "page 5", "pages 3–5, 9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:20]) + ("…" if len(runs) > 20 else "")
    return f"page{'s' if len(numbers) > 1 else ''} {text}"


def _intents(pdf: pikepdf.Pdf, subtype: str) -> list:
    return [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == subtype]


def _cmyk_intent(pdf: pikepdf.Pdf) -> Check:
    name = "print.output-intent"
    found = _intents(pdf, "/GTS_PDFX")
    if len(found) != 1:
        kinds = [str(i.get("/S")) for i in pdf.Root.get("/OutputIntents", [])]
        return failed(name, [f"expected one GTS_PDFX output intent, found {len(found)} (output intents: "
                                  f"{', '.join(kinds) or 'none'})"])
    intent = found[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return failed(name, ["the GTS_PDFX output intent has no ICC profile (/DestOutputProfile)"])
    try:
        components = int(profile.get("/N", 0))
        header = profile.read_bytes()[:40]
    except (pikepdf.PdfError, TypeError, ValueError) as exc:
        return failed(name, [f"the output profile does not read: {exc}"])
    if components != 4 or header[16:20] != b"CMYK" or header[12:16] != b"prtr":
        return failed(name, [f"the output profile is not a CMYK printer profile (/N {components}, class "
                             f"{header[12:16].decode('latin-1').strip() or '?'}, colour space "
                             f"{header[16:20].decode('latin-1').strip() or '?'})"])
    missing = [key[1:] for key in ("/OutputConditionIdentifier", "/RegistryName") if not _text(intent.get(key))]
    if missing:
        return failed(name, [f"the GTS_PDFX output intent names no {' and no '.join(missing)}: a printer's "
                             "preflight cannot tell which printing condition the PDF was made for"])
    return passed(name, [f"CMYK (GTS_PDFX): {_text(intent.get('/OutputConditionIdentifier'))}, "
                         f"registry {_text(intent.get('/RegistryName'))}"])


def _srgb_intent(pdf: pikepdf.Pdf) -> Check:
    name = "screen.output-intent"
    found = _intents(pdf, "/GTS_PDFA1")
    if len(found) != 1:
        return failed(name, [f"expected one PDF/A output intent (GTS_PDFA1), found {len(found)}"])
    intent = found[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return failed(name, ["the PDF/A output intent has no ICC profile (/DestOutputProfile)"])
    label = f"{_text(intent.get('/OutputConditionIdentifier'))} {_text(intent.get('/Info'))}"
    if int(profile.get("/N", 0)) != 3 or "sRGB" not in label:
        return failed(name, [f"the output intent is not sRGB (/N {int(profile.get('/N', 0))}, "
                                  f"{label.strip() or 'no name'})"])
    return passed(name, [f"sRGB (GTS_PDFA1): {_text(intent.get('/OutputConditionIdentifier'))}"])


def _text(value) -> str:
    return "" if value is None else str(value)


def _metadata(pdf: pikepdf.Pdf) -> tuple[object | None, str]:
    try:
        return pdf.open_metadata(), ""
    except Exception as exc:  # noqa: BLE001 - a broken XMP packet, whatever the parser says
        return None, f"the XMP metadata does not read: {exc}"


def _pdfx(pdf: pikepdf.Pdf) -> Check:
    meta, problem = _metadata(pdf)
    if meta is None:
        return failed("print.pdfx", [problem])
    version = meta.get("pdfxid:GTS_PDFXVersion")
    if version != "PDF/X-4":
        return failed("print.pdfx", [f"no PDF/X-4 identification in the XMP metadata "
                                          f"(pdfxid:GTS_PDFXVersion is {version!r})"])
    return passed("print.pdfx", ["identified as PDF/X-4 (pdfxid:GTS_PDFXVersion in the XMP metadata): an "
                                 "identification, not a PDF/X validation (no PDF/X validator is run)"])


def _pdfa_pdfua(pdf: pikepdf.Pdf) -> Check:
    name = "screen.pdfa-pdfua"
    meta, problem = _metadata(pdf)
    if meta is None:
        return failed(name, [problem])
    problems = []
    part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    if part != "3" or conformance != "A":
        problems.append(f"no PDF/A-3a identification in the XMP metadata (pdfaid:part {part!r}, "
                        f"pdfaid:conformance {conformance!r})")
    ua = meta.get("pdfuaid:part")
    if ua != "1":
        problems.append(f"no PDF/UA-1 identification in the XMP metadata (pdfuaid:part {ua!r})")
    if problems:
        return failed(name, problems)
    return passed(name, ["PDF/A-3a and PDF/UA-1 (XMP identification)"])


def _tagged(pdf: pikepdf.Pdf) -> Check:
    root = pdf.Root
    problems = []
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (/StructTreeRoot): the PDF is not tagged")
    if not _text(root.get("/Lang")):
        problems.append("no document language (/Lang)")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true (PDF/UA)")
    if problems:
        return failed("screen.tagged", problems)
    return passed("screen.tagged", [f"tagged, language {_text(root.get('/Lang'))}, the title shown"])


def _sources(pdf: pikepdf.Pdf) -> Check:
    specs = [s for s in pdf.Root.get("/AF", []) if s.get("/AFRelationship") == "/Source"]
    if not specs:
        return failed("screen.sources", ["the source files are not attached (no /AF with relationship Source)"])
    return passed("screen.sources", [f"{len(specs)} source file(s) attached (PDF/A-3 associated files)"])


def _fonts(name: str, pdf: pikepdf.Pdf, path: Path) -> Check:
    from ...render.pdf.inspect import font_families, foreign_fonts, iter_fonts, unembedded_fonts

    fonts = list(iter_fonts(pdf))
    if not fonts:
        return failed(name, ["no font found in the pages"])
    problems = [f"the font {font} is not embedded" for font in unembedded_fonts(pdf)]
    problems += [f"the font {font} is not from fonts/ (a fallback chose it: a character or style is missing "
                 "from the magazine's fonts)" for font in foreign_fonts(path.read_bytes(), font_families())]
    if problems:
        return failed(name, problems)
    return passed(name, [f"{len(fonts)} fonts, all embedded, all from fonts/"])


def _page_labels(name: str, pdf: pikepdf.Pdf, folios: list[int] | None) -> Check:
    from ...render.pdf.inspect import page_label_folios

    labels = page_label_folios(pdf)
    if labels is None:
        return failed(name, ["no /PageLabels: a viewer shows page numbers, not the folios"])
    if folios is None:
        return failed(name, ["no layout.json to compare the page labels with"])
    if len(labels) != len(folios):
        return failed(name, [f"the PDF has {len(labels)} pages, layout.json {len(folios)}"])
    wrong = [f"page {i}: labelled {label if label is not None else 'without a number'}, the folio is {folio}"
             for i, (label, folio) in enumerate(zip(labels, folios), start=1) if label != folio]
    if wrong:
        return failed(name, wrong)
    return passed(name, [f"the labels of all {len(labels)} pages are the folios of layout.json"])
