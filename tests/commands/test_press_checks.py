"""check's preflight of the print PDF (commands/check/press_checks.py): each rule passes a clean CMYK PDF
and fails, with its own message naming the page, on a copy made to break exactly that rule."""

from __future__ import annotations

import io
import zlib

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from PIL import Image

from horizons_pub.commands.check.press_checks import press_checks
from horizons_pub.commands.check.report import FAILED, PASSED


def _image(pdf: pikepdf.Pdf, size: tuple[int, int], colour=(0, 128, 128, 0), mode: str = "CMYK") -> pikepdf.Stream:
    picture = Image.new(mode, size, colour)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    stream = pikepdf.Stream(pdf, out.getvalue())
    stream.Type, stream.Subtype, stream.Filter = Name.XObject, Name.Image, Name.DCTDecode
    stream.Width, stream.Height = size
    stream.BitsPerComponent = 8
    stream.ColorSpace = Name.DeviceCMYK if mode == "CMYK" else Name.DeviceRGB
    if mode == "CMYK":
        stream.Decode = Array([1, 0] * 4)
    return pdf.make_indirect(stream)


def clean(pages: int = 4, content: bytes = b"0 0 0 1 k 0 0 0 1 K 0.5 0.2 0 0 k 1 1 1 1 K",
          image_px: int = 600) -> pikepdf.Pdf:
    """A small CMYK PDF: each page paints text-black, a tint, a registration-colour mark and a 300 ppi photo."""
    pdf = pikepdf.new()
    image = _image(pdf, (image_px, image_px))
    for _ in range(pages):
        page = pdf.add_blank_page(page_size=(300, 300))
        page.obj.Resources = Dictionary(XObject=Dictionary(Im0=image))
        page.obj.Contents = pdf.make_stream(content + b" q 144 0 0 144 10 10 cm /Im0 Do Q")
        page.obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceCMYK)
    pdf.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=3)]))  # folios 3, 4, 5…
    return pdf


def results(pdf: pikepdf.Pdf) -> dict[str, tuple[str, list[str]]]:
    return {c.name: (c.status, c.details) for c in press_checks(pdf)}


def test_a_clean_cmyk_pdf_passes_every_rule():
    got = results(clean())
    assert {name: status for name, (status, _) in got.items()} == {
        "print.colour-spaces": PASSED, "print.ink-coverage": PASSED, "print.image-resolution": PASSED,
        "print.page-count": PASSED}, got


@pytest.mark.parametrize("content, said", [
    (b"0.2 0.4 0.6 rg", "device RGB colour (rg) under the CMYK output intent: page 4"),
    (b"0.2 0.4 0.6 RG", "device RGB colour (RG) under the CMYK output intent: page 4"),
    (b"0.5 g", "device grey colour (g) under the CMYK output intent: page 4"),
    (b"/DeviceRGB cs 1 0 0 sc", "DeviceRGB colour space (cs) under the CMYK output intent: page 4"),
])
def test_device_rgb_or_grey_in_a_content_stream(content, said):
    pdf = clean()
    page = pdf.pages[1]
    page.obj.Contents = pdf.make_stream(page.obj.Contents.read_bytes() + b" " + content + b" 0 0 5 5 re f")
    status, details = results(pdf)["print.colour-spaces"]
    assert status == FAILED and said in details, details


def test_an_rgb_image_a_group_and_a_shading():
    pdf = clean()
    pdf.pages[2].obj.Resources.XObject.Im1 = _image(pdf, (20, 20), (255, 0, 0), mode="RGB")
    pdf.pages[0].obj.Group.CS = Name.DeviceRGB
    pdf.pages[3].obj.Resources.Shading = Dictionary(Sh0=Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB))
    status, details = results(pdf)["print.colour-spaces"]
    assert status == FAILED
    assert "DeviceRGB image under the CMYK output intent: page 5" in details, details
    assert "DeviceRGB transparency group under the CMYK output intent: page 3" in details, details
    assert "DeviceRGB shading under the CMYK output intent: page 6" in details, details


def test_a_form_inside_a_page_is_looked_into():
    pdf = clean()
    form = pdf.make_stream(b"1 0 0 rg 0 0 5 5 re f")
    form.Type, form.Subtype, form.BBox = Name.XObject, Name.Form, Array([0, 0, 5, 5])
    pdf.pages[3].obj.Resources.XObject.Fm0 = form
    status, details = results(pdf)["print.colour-spaces"]
    assert status == FAILED and "device RGB colour (rg) under the CMYK output intent: page 6" in details, details


def test_ink_over_300_percent_in_a_colour_and_in_a_photo():
    pdf = clean()
    page = pdf.pages[1]
    page.obj.Contents = pdf.make_stream(page.obj.Contents.read_bytes() + b" 1 1 1 0.9 k 0 0 5 5 re f")
    pdf.pages[2].obj.Resources.XObject.Im1 = _image(pdf, (20, 20), (255, 255, 255, 200))
    status, details = results(pdf)["print.ink-coverage"]
    assert status == FAILED, details
    assert "390 % of ink on page 4, over the 300 % the condition allows" in details, details
    assert any(d.startswith("378 % of ink on page 5") for d in details), details  # JPEG rounding: 3 × 255 + 200


def test_the_registration_colour_of_the_marks_is_not_counted():
    status, details = results(clean(content=b"1 1 1 1 K 0 0 m 5 5 l S"))["print.ink-coverage"]
    assert status == PASSED, details


def test_image_resolution_fails_under_150_and_warns_under_250():
    status, details = results(clean(image_px=200))["print.image-resolution"]  # 200 px over 2 inches
    assert status == FAILED and "200 × 200 px at 100 ppi on page 3" in details, details
    soft = [c for c in press_checks(clean(image_px=400)) if c.name == "print.image-resolution"][0]
    assert soft.status == PASSED and soft.warning and "400 × 400 px at 200 ppi on page 3" in soft.details


def test_page_count_in_signatures():
    pdf = clean(pages=4)
    del pdf.pages[3]
    status, details = results(pdf)["print.page-count"]
    assert status == FAILED and details == ["3 pages: not a multiple of 4 (a bound revue is printed in signatures)"]


def _zlib_cmyk(pdf: pikepdf.Pdf, value: int) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, zlib.compress(bytes([value] * 4 * 16)))
    stream.Type, stream.Subtype, stream.Filter = Name.XObject, Name.Image, Name.FlateDecode
    stream.Width = stream.Height = 4
    stream.BitsPerComponent, stream.ColorSpace = 8, Name.DeviceCMYK
    return pdf.make_indirect(stream)


def test_a_flate_cmyk_image_is_measured_as_its_samples_say():
    pdf = clean()
    pdf.pages[0].obj.Resources.XObject.Im2 = _zlib_cmyk(pdf, 255)  # 400 %
    status, details = results(pdf)["print.ink-coverage"]
    assert status == FAILED and "400 % of ink on page 3, over the 300 % the condition allows" in details, details
