"""The printer's cover PDF and interior of a perfect-bound issue (render/pdf/board.py, cover_spread.py,
interior.py, barcode.py; docs/print.md).

The spread is measured with pikepdf (its boxes), read with pypdfium2 (the spine's text, where each
letter is) and rendered with pypdfium2 at 300 dpi for zxing-cpp to read the barcode back.  The
cover is made directly from a small issue (its inner covers stand-in pages of known colours) for two
papers; the last tests read the real build of issue 38.
"""

from __future__ import annotations

import io

import pikepdf
import pypdfium2
import pytest
from helpers import load, write_issue

from horizons_pub.model.identity import Edition, file_name
from horizons_pub.model.nodes import PartKind
from horizons_pub.render.pages import PageMap
from horizons_pub.render.pdf.barcode import Ean13
from horizons_pub.render.pdf.board import board_indexes, has_cover_board, interior_folios, spine_mm
from horizons_pub.render.pdf.interior import cut_cover_board

MM = 72 / 25.4
TOLERANCE = 0.1 * MM  # 0.1 mm
ISBN = "9782701300009"
LEFT, RIGHT = (1.0, 0.0, 0.0, 0.0), (0.0, 0.0, 1.0, 0.0)  # the stand-in inner covers: cyan, yellow


# -- the arithmetic ---------------------------------------------------------------------------------


def test_the_spine_of_issue_38():
    # docs/print.md: 108 pages, 104 of interior, 52 leaves of 0.1 mm and the board twice
    assert spine_mm(104, 0.1, 0.3) == pytest.approx(5.8)
    assert spine_mm(105, 0.1, 0.3) == pytest.approx(5.9)  # a last odd page makes a leaf


def test_the_cover_boards_pages_and_the_interiors_folios(workdir):
    issue, _ = load(write_issue(workdir, {"a": "---\nrubric: edito\nkind: article\ntitle: T\n---\n",
                                          "b": "---\nrubric: edito\nkind: article\ntitle: U\n---\n"}))
    assert issue.pages == 8 and has_cover_board(issue)
    assert board_indexes(8) == (0, 1, 6, 7)
    assert interior_folios(issue, list(range(1, 9))) == [3, 4, 5, 6]


def test_no_cover_board_without_a_back_cover_on_the_last_page(workdir):
    plan = [{"page": 1, "part": "cover"}, {"page": 2, "part": "sommaire"}, {"page": 4, "article": "a"}]
    issue, _ = load(write_issue(workdir, issue={"flatplan": plan, "pages": 8}))
    assert issue is not None and not has_cover_board(issue)
    assert interior_folios(issue, list(range(1, 9))) == list(range(1, 9))


def test_the_ean13_of_an_isbn():
    ean = Ean13.of(ISBN)
    assert len(ean.modules) == 95 and ean.modules.startswith("101") and ean.modules.endswith("101")
    assert ean.modules[45:50] == "01010"  # the centre guard
    assert len([b for b in ean.bars() if b[2]]) == 6  # two bars in each guard
    with pytest.raises(ValueError):
        Ean13.of("9782701300008")  # a wrong check digit


def test_the_interior_loses_the_cover_boards_pages_and_what_pointed_at_them(workdir):
    articles = {k: f"---\nrubric: edito\nkind: article\ntitle: {k}\n---\n" for k in "abc"}
    issue, _ = load(write_issue(workdir, articles))
    assert issue.pages == 10
    pdf = pikepdf.new()
    for _ in range(10):
        pdf.add_blank_page()
    tree = pikepdf.NameTree.new(pdf)
    tree["on-page-2"] = pikepdf.Array([pdf.pages[1].obj, pikepdf.Name.Fit])
    tree["on-page-5"] = pikepdf.Array([pdf.pages[4].obj, pikepdf.Name.Fit])
    pdf.Root.Names = pikepdf.Dictionary(Dests=tree.obj)
    links = [pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9],
                                Dest=pikepdf.String(name)) for name in ("on-page-2", "on-page-5")]
    pdf.pages[2].obj.Annots = pikepdf.Array([pdf.make_indirect(link) for link in links])
    pages = PageMap()
    for part in issue.flatplan:
        pages.place(part.kind, part.article, part.page)
    folios, kept = cut_cover_board(pdf, issue, list(range(1, 11)), pages)
    assert len(pdf.pages) == 6 and folios == [3, 4, 5, 6, 7, 8]
    assert set(pikepdf.NameTree(pdf.Root.Names.Dests).keys()) == {"on-page-5"}
    assert [str(a.Dest) for a in pdf.pages[0].obj.Annots] == ["on-page-5"]
    assert set(kept.parts) == {PartKind.SOMMAIRE}  # the outline names no cover the interior lacks
    out = io.BytesIO()
    pdf.save(out)
    with pikepdf.open(io.BytesIO(out.getvalue())) as saved:  # no page cut is kept alive by a reference
        assert sum(1 for o in saved.objects if isinstance(o, pikepdf.Dictionary)
                   and o.get("/Type") == "/Page") == 6


# -- the cover PDF of a small issue ---------------------------------------------------------------


def stand_in_page(colour: tuple[float, float, float, float]) -> bytes:
    """A laid-out page as WeasyPrint writes a print part's: the trim at the origin, 3 mm bleed, one colour."""
    w, h, b = 180 * MM, 260 * MM, 3 * MM
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(w + 2 * b, h + 2 * b))
    page.obj.MediaBox = page.obj.BleedBox = pikepdf.Array([-b, -b, w + b, h + b])
    page.obj.TrimBox = pikepdf.Array([0, 0, w, h])
    c, m, y, k = colour
    page.obj.Contents = pdf.make_stream(f"{c} {m} {y} {k} k {-b} {-b} {w + 2 * b} {h + 2 * b} re f".encode())
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def make_cover(root, paper_mm: float, interior_pages: int = 104):
    from horizons_pub.render.pdf.cover_spread import cover_pdf

    folder = write_issue(root, issue={"isbn": "978-2-7013-0000-9", "print": {"paper_mm": paper_mm,
                                                                              "price": "15.00"}})
    issue, reporter = load(folder)
    assert issue is not None, reporter.diagnostics
    data, records = cover_pdf(issue, ((stand_in_page(LEFT), 0), (stand_in_page(RIGHT), 0)), interior_pages,
                              None, "test", False)
    return issue, data, records


@pytest.fixture(scope="module", params=[0.1, 0.2], ids=["paper-0.1mm", "paper-0.2mm"])
def cover(request, tmp_path_factory):
    issue, data, records = make_cover(tmp_path_factory.mktemp("cover"), request.param)
    return request.param, issue, data, records


def widths_mm(page: pikepdf.Page) -> dict[str, tuple[float, float]]:
    out = {}
    for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
        x0, y0, x1, y1 = (float(v) for v in page.obj[name])
        out[name] = ((x1 - x0) / MM, (y1 - y0) / MM)
    return out


@pytest.mark.slow
def test_the_boxes_of_both_sides_of_the_board(cover):
    paper, issue, data, _ = cover
    spine = 52 * paper + 2 * issue.printing.cover_mm  # 104 interior pages
    trim = 2 * 180 + spine
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
        for page in pdf.pages:
            boxes = widths_mm(page)
            assert boxes["/TrimBox"] == pytest.approx((trim, 260), abs=0.1)
            assert boxes["/BleedBox"] == pytest.approx((trim + 6, 266), abs=0.1)
            assert boxes["/MediaBox"] == pytest.approx((trim + 6 + 18, 284), abs=0.1)  # 9 mm for the marks
            trim_box, bleed_box = ([float(v) for v in page.obj[n]] for n in ("/TrimBox", "/BleedBox"))
            assert all(abs(b - (t + d)) <= TOLERANCE for b, t, d in zip(bleed_box, trim_box, (-3 * MM, -3 * MM,
                                                                                              3 * MM, 3 * MM)))
        assert [str(i.get("/S")) for i in pdf.Root.OutputIntents] == ["/GTS_PDFX"]
        assert pdf.open_metadata().get("pdfxid:GTS_PDFXVersion") == "PDF/X-4"


@pytest.mark.slow
def test_the_cover_paints_no_device_rgb(cover):
    """PDF/X-4 with a CMYK output intent: the pages and the forms of the inner covers in CMYK (the barcode
    in K only), no ``rg``/``RG``."""
    _, _, data, _ = cover
    with pikepdf.open(io.BytesIO(data)) as pdf:
        streams = [*pdf.pages, *(o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                                 and o.get("/Subtype") == "/Form")]
        operators = {str(i.operator) for s in streams for i in pikepdf.parse_content_stream(s)}
    assert not operators & {"rg", "RG"} and "scn" in operators


@pytest.mark.slow
def test_the_barcode_reads_as_the_isbn(cover):
    import zxingcpp

    _, issue, data, _ = cover
    doc = pypdfium2.PdfDocument(data)
    try:
        image = doc[0].render(scale=300 / 72).to_pil()
        width = doc[0].get_width()
    finally:
        doc.close()
    found = zxingcpp.read_barcodes(image)
    assert [(r.format.name, r.text) for r in found] == [("EAN13", issue.isbn)]
    # on the back cover, the left panel
    assert max(p.x for p in (found[0].position.top_right, found[0].position.bottom_right)) < image.width * (
        (12 + 180) * MM / width)


def spine_chars(data: bytes, word: str) -> list[tuple[float, float, float, float]]:
    """The boxes of the letters of ``word`` where it is printed on the spine of page 1 (in PDF points)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        x0 = float(pdf.pages[0].TrimBox[0])
    doc = pypdfium2.PdfDocument(data)
    try:
        text = doc[0].get_textpage()
        search = text.search(word)
        while (hit := search.get_next()) is not None:
            boxes = [text.get_charbox(i) for i in range(hit[0], hit[0] + hit[1])]
            if all(x0 + 180 * MM < (b[0] + b[2]) / 2 < x0 + (180 + 12) * MM for b in boxes):  # spines < 12 mm
                return boxes
        return []
    finally:
        doc.close()


@pytest.mark.slow
def test_the_spine_carries_the_magazine_the_number_and_the_title_reading_upwards(cover):
    _, issue, data, records = cover
    assert not [r for r in records if r["code"] == "cover.spine-narrow"]
    for word in ("HORIZONS", "99", "essai"):
        assert spine_chars(data, word), f"{word!r} is not on the spine"
    letters = spine_chars(data, "HORIZONS")
    assert all(a[1] < b[1] for a, b in zip(letters, letters[1:])), "the spine does not read from bottom to top"


@pytest.mark.slow
def test_the_back_cover_prints_the_isbn_and_the_price(cover):
    _, _, data, _ = cover
    doc = pypdfium2.PdfDocument(data)
    try:
        text = doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert "ISBN\u00a09782701300009" in text or "ISBN 9782701300009" in text
    assert "15,00" in text and "€" in text


@pytest.mark.slow
def test_the_inside_holds_the_inner_covers_either_side_of_a_blank_spine(cover):
    paper, issue, data, _ = cover
    spine = 52 * paper + 2 * issue.printing.cover_mm
    doc = pypdfium2.PdfDocument(data)
    try:
        image = doc[1].render(scale=100 / 72).to_pil().convert("RGB")
    finally:
        doc.close()

    def at(x_mm: float, y_mm: float = 130) -> tuple[int, int, int]:  # from the trim's top-left corner
        dpmm = 100 / 25.4
        return image.getpixel((round((12 + x_mm) * dpmm), round((12 + y_mm) * dpmm)))

    cyan, yellow = at(90), at(180 + spine + 90)
    assert cyan[0] < 100 and cyan[2] > 150, f"page 2 is not on the left: {cyan}"
    assert yellow[2] < 100 and yellow[0] > 150, f"page N − 1 is not on the right: {yellow}"
    assert min(at(180 + spine / 2)) > 240, "the inside of the spine is printed"
    assert at(-1.5) == cyan and at(180 + spine + 180 + 1.5) == yellow, "the outer bleed is lost"


@pytest.mark.slow
def test_a_spine_under_4mm_has_no_text_and_says_so(tmp_path):
    _, data, records = make_cover(tmp_path, 0.05, interior_pages=40)  # 20 × 0.05 + 0.6 = 1.6 mm
    assert [r["code"] for r in records] == ["cover.spine-narrow"]
    assert "1.6 mm" in records[0]["message"]
    assert not spine_chars(data, "HORIZONS")


# -- the build of issue 38 ------------------------------------------------------------------------


def test_the_cover_is_an_edition_of_its_own():
    from helpers.outputs import HP38

    issue, _ = load(HP38)
    assert file_name(issue, Edition.COVER) == "horizons-publics-38-print-cover.pdf"


def test_the_interior_of_issue_38(hp38):
    from horizons_pub.render.pdf.inspect import page_label_folios

    with pikepdf.open(hp38.print_pdf) as interior, pikepdf.open(hp38.screen_pdf) as screen:
        assert len(screen.pages) == 108
        assert len(interior.pages) == 108 - 4 and len(interior.pages) % 4 == 0
        assert page_label_folios(interior) == list(range(3, 107))
    assert hp38.cover_pdf.name in hp38.stdout, "the build does not list the cover PDF"


def test_the_cover_of_issue_38(hp38):
    with pikepdf.open(hp38.cover_pdf) as pdf:
        assert [widths_mm(p)["/TrimBox"] for p in pdf.pages] == [pytest.approx((365.8, 260), abs=0.1)] * 2
    doc = pypdfium2.PdfDocument(str(hp38.cover_pdf))
    try:
        inside = doc[1].get_textpage()
        half = doc[1].get_width() / 2
        left = inside.get_text_bounded(0, 0, half, doc[1].get_height())
        outside = doc[0].get_textpage()
        front = outside.get_text_bounded(half, 0, doc[0].get_width(), doc[0].get_height())
    finally:
        doc.close()
    screen = pypdfium2.PdfDocument(str(hp38.screen_pdf))
    try:
        page_1 = screen[0].get_textpage().get_text_range()
    finally:
        screen.close()
    assert "Pour un numérique public choisi" in left, "the editorial (page 2) is not inside the front cover"
    assert "EMMANUEL TIBLOUX" in front and front.split() == page_1.split(), "the front cover is not page 1"


def test_the_interior_is_the_print_edition_less_the_cover_board(hp38, hp38_whole_print):
    from helpers.outputs import pdftotext_pages

    whole, interior = pdftotext_pages(hp38_whole_print), pdftotext_pages(hp38.print_pdf)
    assert len(whole) == 108 and interior == whole[2:-2]
