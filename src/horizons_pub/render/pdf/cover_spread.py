"""The printer's cover PDF of a perfect-bound issue: the cover board laid flat, both sides (board.py).

Page 1, the outside: the back cover, the spine and the front cover side by side, laid out by
WeasyPrint from ``layouts/print/cover-spread.html.j2`` and ``cover-spread.css`` with the print
variant's stylesheets (its CMYK colours, its ``@color-profile``, PDF/X-4): the covers are the
elements of the print edition's first and last pages, the back cover with the ISBN, its EAN-13
(barcode.py) and the price; the spine carries the magazine, the number and the title, reading
from bottom to top, unless it is under 4 mm (``cover.spine-narrow``).

Page 2, the inside: the laid-out pages 2 and N − 1 of the print edition (the inner covers) either
side of the spine, which stays blank (it is glued).

Then, with pikepdf, as the print PDF gets them: colours and images made CMYK (prepress.py), the
output intent (condition.py), the TrimBox (back + spine + front), the BleedBox (+ 3 mm), the MediaBox
widened for the marks, crop marks at the corners and fold marks either side of the spine, outside
the bleed; the page labels, the title and identifiers derived from the issue.
"""

from __future__ import annotations

import datetime as _dt
import io
import uuid
from concurrent.futures import Future
from pathlib import Path

import pikepdf
from lxml import etree
from pikepdf import Array, Dictionary, Name

from ...model import fr
from ...model.identity import full_title, issue_uuid
from ...model.nodes import Issue, PartKind
from ...support.cache import cached, key
from ...support.dates import pinned_epoch, source_datetime, w3c
from ...support.diagnostics import Reporter
from ...support.resources import layouts_dir
from ..html.cover import cover_element
from ..html.writer import HtmlWriter, sub
from ..templates import fragment, render
from . import prepress
from .barcode import ean13_svg
from .board import BLEED_MM, BOARD_PAGES, MIN_SPINE_TEXT_MM, Spread, board_indexes, has_cover_board
from ..profiles import cmyk_profile
from .condition import set_output_intent
from .documents import back_cover_element, stylesheet_paths
from .fonts import dedupe_streams, merge_fonts
from .finish import MARK_GAP, MARK_LENGTH, MM, SLUG
from .variants import PRINT

SPREAD_CSS = "print/cover-spread.css"
CACHE_KIND = "cover-spread"  # <out>/<issue>/.cache/cover-spread/<key>: the outside as WeasyPrint wrote it


def start_cover(pool, issue: Issue, paged, cache: Path | None, strict: bool) -> Future | None:
    """Start making the cover PDF in ``pool`` (pool.PartLayouts) from the print variant's pages (a
    PagedIssue), when the issue has a cover board; its future gives cover_pdf's result."""
    if not has_cover_board(issue):
        return None
    parts = [(laid.data, laid.facts.pages) for laid in paged.parts]
    pages = sum(count for _, count in parts)
    if pages <= BOARD_PAGES:
        return None
    return pool.call(cover_pdf, issue, board_pages(parts), pages - BOARD_PAGES, cache, pool.environment, strict)


def board_pages(parts: list[tuple[bytes, int]]) -> tuple[tuple[bytes, int], tuple[bytes, int]]:
    """The inner covers among the laid-out parts (each part's PDF and page count, in page order): for each
    of page 2 and page N − 1, its part's PDF and the page's index in it."""
    total = sum(count for _, count in parts)
    wanted = board_indexes(total)[1:3]
    found = []
    for index in wanted:
        start = 0
        for data, count in parts:
            if start <= index < start + count:
                found.append((data, index - start))
                break
            start += count
    return found[0], found[1]


def cover_pdf(issue: Issue, inside: tuple[tuple[bytes, int], tuple[bytes, int]], interior_pages: int,
              cache: Path | None, environment: str, strict: bool) -> tuple[bytes, list[dict]]:
    """The cover PDF's bytes and its diagnostics as records (this may run in a worker process).
    ``inside``: the inner covers (board_pages); ``interior_pages``: how many pages the spine binds."""
    reporter = Reporter(strict=strict, echo=False)
    spread = Spread.of(issue, interior_pages)
    if not spread.spine_text:
        reporter.warning("cover.spine-narrow", f"the spine is {spread.spine_mm:.1f} mm wide ({spread.leaves} "
                         f"leaves of {issue.printing.paper_mm} mm and the cover board twice): under "
                         f"{MIN_SPINE_TEXT_MM:g} mm it carries no text", issue.printing.pos)
    when = source_datetime(issue)
    html = spread_html(issue, spread)
    refused: list[str] = []
    outside = cached(cache, CACHE_KIND, key(html, environment, str(int(when.timestamp()))),
                     lambda: _lay_out(html, issue, when, refused))
    for url in dict.fromkeys(refused):
        reporter.error("sandbox.refused", f"the cover spread asked for {url}, outside the issue folder, layouts/ "
                       "and fonts/: it was not read", path=issue.folder)
    with pikepdf.open(io.BytesIO(outside)) as pdf:
        _inside_page(pdf, spread, inside)
        merge_fonts(pdf)  # the faces the outside and the inner covers share, one font each
        dedupe_streams(pdf)  # and the ICC profile each of them carried, once
        prepress.prepare(pdf, prepress.Target(PRINT.inks, PRINT.image_ppi), cmyk_profile(issue), cache)
        set_output_intent(pdf, issue)
        for page in pdf.pages:
            _boxes_and_marks(pdf, page, spread)
        pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(P=pikepdf.String(fr.COVER_OUTSIDE)),
                                                     1, Dictionary(P=pikepdf.String(fr.COVER_INSIDE))]))
        _identify(pdf, issue, when)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue(), [d.record() for d in reporter.diagnostics]


# -- the outside: HTML laid out by WeasyPrint --------------------------------------------------------


def spread_html(issue: Issue, spread: Spread) -> str:
    """The outside of the cover board as one HTML page: back cover, spine, front cover."""
    holder = etree.Element("div")
    front = cover_element(HtmlWriter(issue, "print", id_prefix="cover-"), holder)
    back = back_cover_element(issue, isbn=False)
    if issue.isbn or issue.printing.price:
        back.append(_barcode_block(issue))
    spine = etree.Element("div", {"class": "spine", "aria-label": fr.SPINE})
    if spread.spine_text:
        text = sub(spine, "div", "spine-text")
        sub(text, "p", "spine-magazine").text = issue.magazine
        HtmlWriter(issue, "print", id_prefix="spine-").inlines(sub(text, "p", "spine-title"), issue.title)
        sub(text, "p", "spine-number").text = f"n°\u00a0{issue.number}"
    font_mm = min(3.2, round(spread.spine_mm * 0.5, 2))
    css = [layouts_dir() / PRINT.stylesheet, layouts_dir() / SPREAD_CSS]
    return render("print/cover-spread.html.j2", lang=issue.language, title=fr.PART_NAMES[PartKind.COVER],
                  stylesheets=[p.as_uri() for p in css], total_mm=_mm(spread.trim_width_mm),
                  width_mm=_mm(spread.width_mm), height_mm=_mm(spread.height_mm), spine_mm=_mm(spread.spine_mm),
                  front_mm=_mm(spread.width_mm + spread.spine_mm),
                  spine_text_left_mm=_mm((spread.spine_mm - spread.height_mm) / 2),
                  spine_text_top_mm=_mm((spread.height_mm - spread.spine_mm) / 2), spine_font_mm=_mm(font_mm),
                  front=fragment(front, "html"), back=fragment(back, "html"), spine=fragment(spine, "html"))


def _barcode_block(issue: Issue) -> etree._Element:
    block = etree.Element("div", {"class": "back-barcode"})
    if issue.isbn:
        box = sub(block, "div", "back-barcode-box")
        sub(box, "p", "back-isbn").text = f"ISBN\u00a0{issue.isbn}"
        box.append(ean13_svg(issue.isbn, fr.barcode_label(issue.isbn)))
    if issue.printing.price:
        sub(block, "p", "back-price").text = fr.price(issue.printing.price)
    return block


def _mm(value: float) -> float:
    return round(value, 3)


def _lay_out(html: str, issue: Issue, when: _dt.datetime, refused: list[str]) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from ..sandbox import SandboxFetcher
    from .issue_url import ISSUE_URL, IssueFetcher

    issue_dir = Path(issue.folder).resolve()
    fetcher = SandboxFetcher(issue_dir)
    fonts = FontConfiguration()
    sheets = [CSS(filename=str(p), font_config=fonts, url_fetcher=fetcher) for p in stylesheet_paths()]
    with pinned_epoch(int(when.timestamp())):  # the fonts' subsets and the dates
        document = HTML(string=html, base_url=ISSUE_URL, url_fetcher=IssueFetcher(fetcher, issue_dir)).render(
            font_config=fonts, pdf_variant=PRINT.weasyprint, stylesheets=sheets)
        document.metadata.title = full_title(issue)
        document.metadata.lang = issue.language
        document.metadata.generator = "horizons-pub"
        document.metadata.created = document.metadata.modified = w3c(when)
        data = document.write_pdf(pdf_variant=PRINT.weasyprint, pdf_identifier=False,
                                  output_intent=PRINT.output_intent)
    refused.extend(fetcher.refused)
    return data


# -- the inside: the inner covers, placed ------------------------------------------------------------


def _inside_page(pdf: pikepdf.Pdf, spread: Spread, inside: tuple[tuple[bytes, int], tuple[bytes, int]]) -> None:
    """A second page, the outside's size: page 2 on the left, page N − 1 on the right, each cut at the
    spine (its bleed kept on the three other sides)."""
    outside = pdf.pages[0]
    x0, y0 = float(outside.TrimBox[0]), float(outside.TrimBox[1])
    width, height, spine, bleed = spread.width_mm * MM, spread.height_mm * MM, spread.spine_mm * MM, BLEED_MM * MM
    page = pikepdf.Page(Dictionary(Type=Name.Page, MediaBox=Array([float(v) for v in outside.MediaBox]),
                                   Resources=Dictionary(XObject=Dictionary())))
    pdf.pages.append(page)
    page = pdf.pages[-1]
    # (where its trim's left edge goes, and the clip: from x, this wide)
    places = ((x0, x0 - bleed, width + bleed), (x0 + width + spine, x0 + width + spine, width + bleed))
    lines = []
    for n, ((data, index), (left, clip_x, clip_w)) in enumerate(zip(inside, places)):
        with pikepdf.open(io.BytesIO(data)) as part:
            source = part.pages[index]
            form = source.as_form_xobject()
            form.BBox = Array([float(v) for v in source.MediaBox])  # the bleed too, not the trim only
            tx, ty = float(source.TrimBox[0]), float(source.TrimBox[1])
            copied = pdf.copy_foreign(form)
        name = f"/Cover{n + 2}"
        page.Resources.XObject[name] = copied
        lines.append(f"q {clip_x:.3f} {y0 - bleed:.3f} {clip_w:.3f} {height + 2 * bleed:.3f} re W n "
                     f"1 0 0 1 {left - tx:.3f} {y0 - ty:.3f} cm {name} Do Q")
    page.Contents = pdf.make_stream(("\n".join(lines) + "\n").encode("ascii"))
    for box in ("/TrimBox", "/BleedBox"):
        page.obj[box] = Array([float(v) for v in outside.obj[box]])


# -- boxes, marks, identity --------------------------------------------------------------------------


def _boxes_and_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, spread: Spread) -> None:
    """TrimBox: the spread's trim (from WeasyPrint's bleed box, less the bleed); BleedBox: + 3 mm;
    MediaBox: the trim and the slug; crop marks at the corners, fold marks at the spine's edges."""
    bleed = BLEED_MM * MM
    left, bottom = float(page.MediaBox[0]) + bleed, float(page.MediaBox[1]) + bleed
    x0, y0 = (float(page.TrimBox[0]), float(page.TrimBox[1])) if "/TrimBox" in page.obj else (left, bottom)
    x1, y1 = x0 + spread.trim_width_mm * MM, y0 + spread.height_mm * MM
    page.obj.TrimBox = Array([x0, y0, x1, y1])
    page.obj.BleedBox = Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
    page.obj.MediaBox = Array([x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG])
    if "/CropBox" in page.obj:
        del page.obj["/CropBox"]
    lines = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + dx * MARK_GAP:.3f} {y:.3f} m {x + dx * (MARK_GAP + MARK_LENGTH):.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + dy * MARK_GAP:.3f} m {x:.3f} {y + dy * (MARK_GAP + MARK_LENGTH):.3f} l S")
    folds = []
    for fold in spread.folds_mm():
        x = x0 + fold * MM
        for y, dy in ((y0, -1), (y1, 1)):
            folds.append(f"{x:.3f} {y + dy * MARK_GAP:.3f} m {x:.3f} {y + dy * (MARK_GAP + MARK_LENGTH):.3f} l S")
    # registration black, the fold marks dashed: a fold is not a cut
    stream = ("q 1 1 1 1 K 0.25 w 0 J\n" + "\n".join(lines) + "\n[1.5 1] 0 d\n" + "\n".join(folds) + "\nQ\n")
    page.contents_add(pdf.make_stream(stream.encode("ascii")), prepend=False)


def _identify(pdf: pikepdf.Pdf, issue: Issue, when: _dt.datetime) -> None:
    """The title, and XMP identifiers derived from the issue (never random): the same issue and date, the
    same bytes."""
    title = f"{full_title(issue)} – {fr.PART_NAMES[PartKind.COVER].lower()}"
    pdf.docinfo["/Title"] = pikepdf.String(title)
    stable = uuid.uuid5(issue_uuid(issue), f"pdf-cover-{when.isoformat()}")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["xmpMM:DocumentID"] = f"uuid:{stable}"
        meta["xmpMM:InstanceID"] = f"uuid:{stable}"

