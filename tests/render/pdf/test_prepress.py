"""prepress: every colour and image of the print PDF in the printing condition's CMYK, black as 100 % K,
images downsampled to 300 ppi where they are placed; the screen PDF's CMYK images in sRGB."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image

from horizons_pub.render.pdf.prepress import Target, prepare

ROOT = Path(__file__).resolve().parents[3]
PROFILE = ROOT / "layouts" / "print" / "icc" / "FOGRA39L.icc"
PRINT, SCREEN = Target("cmyk", 300), Target("rgb", 200)


def _image(pdf: pikepdf.Pdf, picture: Image.Image, jpeg: bool) -> pikepdf.Stream:
    if jpeg:
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=90)
        stream = pikepdf.Stream(pdf, out.getvalue())
        stream.Filter = Name.DCTDecode
    else:
        stream = pikepdf.Stream(pdf, zlib.compress(picture.tobytes()))
        stream.Filter = Name.FlateDecode
    stream.Type, stream.Subtype = Name.XObject, Name.Image
    stream.Width, stream.Height = picture.size
    stream.BitsPerComponent = 8
    stream.ColorSpace = {"RGB": Name.DeviceRGB, "CMYK": Name.DeviceCMYK, "L": Name.DeviceGray}[picture.mode]
    if picture.mode == "CMYK" and jpeg:
        stream.Decode = Array([1, 0] * 4)
    return pdf.make_indirect(stream)


def _pdf(images: dict[str, Image.Image], content: bytes, jpeg: bool = True, group: bool = True) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(300, 300))
    page.obj.Resources = Dictionary(XObject=Dictionary({f"/{k}": _image(pdf, v, jpeg) for k, v in images.items()}))
    page.obj.Contents = pdf.make_stream(content)
    if group:
        page.obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB)
    return pdf


def _ops(pdf: pikepdf.Pdf) -> list[tuple[list, str]]:
    return [([float(v) if not isinstance(v, Name) else str(v) for v in operands], str(op))
            for operands, op in pikepdf.parse_content_stream(pdf.pages[0])]


def test_rgb_colours_become_cmyk_and_neutrals_k_only():
    pdf = _pdf({}, b"0 0 0 rg 0.2 0.2 0.2 RG 0.05 0.29 0.37 rg 0.5 g /DeviceRGB cs 1 0 0 sc 0 0 10 10 re f")
    prepare(pdf, PRINT, PROFILE)
    ops = _ops(pdf)
    assert not [op for _, op in ops if op in ("rg", "RG", "g", "G")]
    assert ops[0] == ([0, 0, 0, 1], "k") and ops[1] == ([0, 0, 0, 0.8], "K") and ops[3] == ([0, 0, 0, 0.5], "k")
    assert ops[2][0][0] > 0.5 and sum(ops[2][0]) <= 3.0  # the magazine's blue-green, within the condition's ink limit
    assert ops[4] == (["/DeviceCMYK"], "cs") and len(ops[5][0]) == 4
    assert pdf.pages[0].obj.Group.CS == Name.DeviceCMYK


def test_rgb_photo_converted_and_downsampled_to_300_ppi_where_placed():
    photo = Image.new("RGB", (3000, 2000), (200, 40, 30))
    pdf = _pdf({"Im0": photo}, b"q 72 0 0 48 10 10 cm /Im0 Do Q")  # 1 inch wide: 3000 ppi
    done = prepare(pdf, PRINT, PROFILE)
    image = pdf.pages[0].Resources.XObject.Im0
    assert image.ColorSpace == Name.DeviceCMYK and (int(image.Width), int(image.Height)) == (300, 200)
    assert done.converted == 1 and done.resampled == 1
    assert round(done.placements[0].ppi) == 300
    picture = pikepdf.PdfImage(image).as_pil_image()
    assert picture.mode == "CMYK"


def test_a_small_image_keeps_its_pixels_and_a_grey_one_prints_on_k_only():
    grey = Image.new("L", (100, 100), 64)
    pdf = _pdf({"Im0": grey}, b"q 200 0 0 200 0 0 cm /Im0 Do Q", jpeg=False)
    prepare(pdf, PRINT, PROFILE)
    image = pdf.pages[0].Resources.XObject.Im0
    assert int(image.Width) == 100 and image.ColorSpace == Name.DeviceCMYK
    c, m, y, k = pikepdf.PdfImage(image).as_pil_image().getpixel((5, 5))
    assert (c, m, y) == (0, 0, 0) and k == 255 - 64


def test_screen_edition_turns_cmyk_photos_into_rgb_and_leaves_colours():
    photo = Image.new("CMYK", (400, 400), (0, 255, 255, 0))
    pdf = _pdf({"Im0": photo}, b"0 0 0 rg q 144 0 0 144 0 0 cm /Im0 Do Q", group=False)
    prepare(pdf, SCREEN, PROFILE)
    image = pdf.pages[0].Resources.XObject.Im0
    assert image.ColorSpace == Name.DeviceRGB and int(image.Width) == 400  # 200 ppi already
    r, g, b = pikepdf.PdfImage(image).as_pil_image().getpixel((200, 200))
    assert r > 180 and g < 90 and b < 90  # magenta + yellow: a red, not its inverse
    assert _ops(pdf)[0] == ([0, 0, 0], "rg")


def test_same_input_same_bytes():
    def once() -> bytes:
        pdf = _pdf({"Im0": Image.new("RGB", (900, 900), (10, 120, 200))}, b"0.3 0.6 0.1 rg q 72 0 0 72 0 0 cm /Im0 Do Q")
        prepare(pdf, PRINT, PROFILE)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
    assert once() == once()


def test_converted_images_are_kept_in_the_cache_and_give_the_same_pdf(tmp_path):
    def once(cache) -> bytes:
        pdf = _pdf({"Im0": Image.new("RGB", (1200, 800), (10, 120, 200))}, b"q 72 0 0 48 0 0 cm /Im0 Do Q")
        prepare(pdf, PRINT, PROFILE, cache)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
    fresh = once(None)
    assert once(tmp_path) == fresh
    entries = list((tmp_path / "images").iterdir())
    assert len(entries) == 1
    assert once(tmp_path) == fresh and list((tmp_path / "images").iterdir()) == entries
