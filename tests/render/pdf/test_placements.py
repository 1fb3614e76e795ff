"""render/pdf/placements.py: where each image is painted and at what effective resolution, on small PDFs made
by hand with pikepdf (the transformation matrix through q/Q/cm, into forms, rotated, inline)."""

from __future__ import annotations

import math

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from horizons_pub.render.pdf.placements import INLINE, Placement, image_placements


def _image(pdf: pikepdf.Pdf, width: int, height: int) -> pikepdf.Stream:
    stream = pdf.make_stream(bytes(width * height))
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height, stream.BitsPerComponent, stream.ColorSpace = width, height, 8, Name.DeviceGray
    return stream


def _form(pdf: pikepdf.Pdf, content: bytes, matrix=None, **xobjects) -> pikepdf.Stream:
    form = pdf.make_stream(content)
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 1000, 1000])
    if matrix is not None:
        form.Matrix = Array(matrix)
    if xobjects:
        form.Resources = Dictionary(XObject=Dictionary({f"/{k}": v for k, v in xobjects.items()}))
    return form


def _pdf(*pages: tuple[bytes, dict], pdf: pikepdf.Pdf | None = None) -> pikepdf.Pdf:
    """``pdf`` (a new one if None) with one page per (content, XObject resources)."""
    pdf = pikepdf.new() if pdf is None else pdf
    for content, xobjects in pages:
        page = pdf.add_blank_page(page_size=(600, 800))
        page.obj.Resources = Dictionary(XObject=Dictionary({f"/{k}": v for k, v in xobjects.items()}))
        page.obj.Contents = pdf.make_stream(content)
    return pdf


def test_an_image_placed_one_inch_wide_at_300_px_is_300_ppi():
    pdf = pikepdf.new()
    image = _image(pdf, 300, 300)
    pdf = _pdf((b"q 72 0 0 72 100 100 cm /Im0 Do Q", {"Im0": image}), pdf=pdf)
    [placed] = image_placements(pdf)
    assert placed == Placement(0, "/Im0", image.objgen, 300, 300, 72.0, 72.0)
    assert placed.ppi == pytest.approx(300)


def test_the_lower_axis_is_the_resolution():
    pdf = pikepdf.new()
    image = _image(pdf, 600, 300)
    # 600 px over 2 in, 300 px over 2 in
    pdf = _pdf((b"144 0 0 144 0 0 cm /Im0 Do", {"Im0": image}), pdf=pdf)
    [placed] = image_placements(pdf)
    assert (placed.width_pt, placed.height_pt) == (144, 144)
    assert placed.ppi == pytest.approx(150)


def test_q_and_Q_restore_the_matrix():
    pdf = pikepdf.new()
    image = _image(pdf, 300, 300)
    content = b"q 2 0 0 2 0 0 cm q 36 0 0 36 0 0 cm /Im0 Do Q 72 0 0 72 0 0 cm /Im0 Do Q 72 0 0 72 0 0 cm /Im0 Do"
    pdf = _pdf((content, {"Im0": image}), pdf=pdf)
    assert [round(p.ppi) for p in image_placements(pdf)] == [300, 150, 300]


def test_cm_multiplies_onto_the_current_matrix():
    pdf = pikepdf.new()
    image = _image(pdf, 300, 300)
    pdf = _pdf((b"1 0 0 1 50 50 cm 0.5 0 0 0.5 0 0 cm 144 0 0 144 0 0 cm /Im0 Do", {"Im0": image}), pdf=pdf)
    [placed] = image_placements(pdf)
    assert placed.width_pt == pytest.approx(72) and placed.ppi == pytest.approx(300)


def test_a_form_with_a_scale_matrix_and_its_own_resources():
    pdf = pikepdf.new()
    image = _image(pdf, 300, 150)
    inner = _form(pdf, b"q 72 0 0 36 0 0 cm /Pic Do Q", matrix=[2, 0, 0, 2, 0, 0], Pic=image)
    outer = _form(pdf, b"q 0.5 0 0 0.5 0 0 cm /In Do Q /In Do", In=inner)
    pdf = _pdf((b"q 1 0 0 1 10 10 cm /Fm0 Do Q", {"Fm0": outer}), pdf=pdf)
    got = image_placements(pdf)
    assert [(p.name, p.objgen) for p in got] == [("/Pic", image.objgen)] * 2
    assert [(round(p.width_pt), round(p.height_pt)) for p in got] == [(72, 36), (144, 72)]
    assert [round(p.ppi) for p in got] == [300, 150]


def test_a_rotated_or_skewed_image_has_its_true_sides():
    pdf = pikepdf.new()
    image = _image(pdf, 300, 300)
    cos, sin = math.cos(math.radians(30)), math.sin(math.radians(30))
    rotated = f"q {72 * cos:.6f} {72 * sin:.6f} {-72 * sin:.6f} {72 * cos:.6f} 200 200 cm /Im0 Do Q".encode()
    skewed = b"q 72 0 72 72 0 0 cm /Im0 Do Q"  # the vertical side leans: its length is 72 * sqrt(2)
    pdf = _pdf((rotated + b" " + skewed, {"Im0": image}), pdf=pdf)
    first, second = image_placements(pdf)
    assert first.width_pt == pytest.approx(72) and first.height_pt == pytest.approx(72)
    assert first.ppi == pytest.approx(300)
    assert second.height_pt == pytest.approx(72 * math.sqrt(2)) and second.ppi == pytest.approx(300 / math.sqrt(2))


def test_every_page_and_every_paint_is_one_placement():
    pdf = pikepdf.new()
    image = _image(pdf, 100, 100)
    pdf = _pdf((b"q 72 0 0 72 0 0 cm /A Do Q", {"A": image}),
               (b"q 36 0 0 36 0 0 cm /B Do Q q 18 0 0 18 0 0 cm /B Do Q", {"B": image}), pdf=pdf)
    assert [(p.page, p.name, round(p.ppi)) for p in image_placements(pdf)] == [
        (0, "/A", 100), (1, "/B", 200), (1, "/B", 400)]


def test_an_inline_image_is_placed_too():
    pdf = _pdf((b"q 36 0 0 36 0 0 cm BI /W 4 /H 2 /BPC 8 /CS /G ID \x00\x01\x02\x03\x04\x05\x06\x07 EI Q", {}))
    [placed] = image_placements(pdf)
    assert (placed.name, placed.objgen, placed.width_px, placed.height_px) == (INLINE, (0, 0), 4, 2)
    assert placed.ppi == pytest.approx(4)


def test_a_form_that_paints_itself_ends():
    pdf = pikepdf.new()
    image = _image(pdf, 72, 72)
    form = pdf.make_indirect(_form(pdf, b"/Im0 Do /Self Do"))
    form.Resources = Dictionary(XObject=Dictionary(Im0=image, Self=form))
    pdf = _pdf((b"72 0 0 72 0 0 cm /Fm0 Do", {"Fm0": form}), pdf=pdf)
    assert [round(p.ppi) for p in image_placements(pdf)] == [72]


def test_a_missing_or_unknown_xobject_is_skipped():
    pdf = _pdf((b"/Nothing Do q 72 0 0 72 0 0 cm Q", {}))
    assert image_placements(pdf) == []


def test_cm_applies_before_the_current_matrix():
    """A page turned a quarter (``0 1 -1 0 0 0 cm``), then a 300 × 150 px image at 72 × 36 pt: 300 ppi both
    ways (multiplied the wrong way round, its sides would be 36 × 72 pt)."""
    pdf = pikepdf.new()
    image = _image(pdf, 300, 150)
    pdf = _pdf((b"0 1 -1 0 0 0 cm 72 0 0 36 0 0 cm /Im0 Do", {"Im0": image}), pdf=pdf)
    [placed] = image_placements(pdf)
    assert (placed.width_pt, placed.height_pt) == (pytest.approx(72), pytest.approx(36))
    assert placed.ppi == pytest.approx(300)


def test_a_page_without_do_nor_bi_is_not_parsed(monkeypatch):
    pdf = pikepdf.new()
    image = _image(pdf, 300, 300)
    pdf = _pdf((b"BT /F1 12 Tf (text) Tj ET 0 0 m 10 10 l S", {"Im0": image}),
               (b"q 72 0 0 72 0 0 cm /Im0 Do Q", {"Im0": image}), pdf=pdf)
    parsed = []
    real = pikepdf.parse_content_stream
    monkeypatch.setattr(pikepdf, "parse_content_stream", lambda stream, *a: parsed.append(1) or real(stream, *a))
    assert [p.page for p in image_placements(pdf)] == [1]
    assert len(parsed) == 1  # the second page only


def test_do_in_the_second_of_a_page_s_content_streams_and_in_a_string():
    pdf = pikepdf.new()
    image = _image(pdf, 300, 300)
    pdf = _pdf((b"BT (Do BI) Tj ET", {"Im0": image}), pdf=pdf)  # named in a string only: parsed, nothing placed
    page = pdf.add_blank_page(page_size=(600, 800))
    page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
    page.obj.Contents = Array([pdf.make_stream(b"q 72 0 0 72 0 0 cm"), pdf.make_stream(b"/Im0 Do Q")])
    [placed] = image_placements(pdf)
    assert (placed.page, placed.width_pt) == (1, 72.0)


def test_an_inline_image_in_a_form_is_still_found():
    pdf = pikepdf.new()
    form = _form(pdf, b"q 36 0 0 36 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\x00\x00\x00 EI Q")
    pdf = _pdf((b"/Fm0 Do", {"Fm0": form}), pdf=pdf)
    [placed] = image_placements(pdf)
    assert placed.name == INLINE and placed.width_pt == pytest.approx(36)
