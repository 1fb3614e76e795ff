"""The printer's preflight of a real print PDF (``check_print_pdf``, commands/check/pdf_checks.py and
press_checks.py): the every-construct issue's print PDF, as the session builds it (``constructs``), passes
every rule; a copy of it, changed with pikepdf to break exactly one rule, fails that rule alone, with its
own message naming the page.  (test_press_checks.py tests the same rules on small PDFs made by hand.)

The print PDF is the interior: PDF page 1 is folio 3.  ``print.boxes`` names pages by their number in
the PDF, the checks of press_checks.py by their folio (the page label), as a printer's proof shows them.
"""

from __future__ import annotations

import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from horizons_pub.commands.check.pdf_checks import check_print_pdf
from horizons_pub.commands.check.report import FAILED, PASSED, Check
from horizons_pub.render.pdf.inspect import page_label_folios

#: The rules a printer's preflight applies (print.pdfx, print.fonts and print.page-labels are tested
#: elsewhere: they are the PDF's claims, not its inks).
PREFLIGHT = ("print.boxes", "print.output-intent", "print.colour-spaces", "print.ink-coverage",
             "print.image-resolution", "print.page-count")
FIRST_FOLIO = 3  # the interior begins after the front cover and its inside


def checks(path: Path) -> dict[str, Check]:
    return {c.name: c for c in check_print_pdf(path, None)}


@pytest.fixture(scope="module")
def print_pdf(constructs) -> Path:
    """The session's print PDF, checked once: every rule passes (else every test below is meaningless)."""
    got = checks(constructs.print_pdf)
    assert {n: got[n].status for n in PREFLIGHT} == dict.fromkeys(PREFLIGHT, PASSED), \
        {n: got[n].details for n in PREFLIGHT}
    with pikepdf.open(constructs.print_pdf) as pdf:
        assert (page_label_folios(pdf) or [None])[0] == FIRST_FOLIO
        assert len(pdf.pages) >= 6 and len(pdf.pages) % 4 == 0
    return constructs.print_pdf


def broken(print_pdf: Path, tmp_path: Path, change: Callable[[pikepdf.Pdf], None]) -> dict[str, Check]:
    """The checks of a copy of the print PDF that ``change`` changed, with the other rules still passing."""
    path = tmp_path / print_pdf.name
    shutil.copyfile(print_pdf, path)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        change(pdf)
        pdf.save(path)
    return checks(path)


def only_broken(got: dict[str, Check], name: str) -> Check:
    others = {n: (got[n].status, got[n].details) for n in PREFLIGHT if n != name and got[n].status != PASSED}
    assert not others, others
    assert got[name].status == FAILED, got[name].details
    return got[name]


def own_resources(pdf: pikepdf.Pdf, index: int, kind: str) -> pikepdf.Dictionary:
    """Page ``index``'s resources of ``kind`` (``/XObject``…), made its own: WeasyPrint's pages share one
    resource dictionary, and a resource added to it would be every sharing page's."""
    page = pdf.pages[index].obj
    resources = Dictionary({key: value for key, value in page.Resources.items()})
    resources[kind] = Dictionary({key: value for key, value in (resources.get(kind) or Dictionary()).items()})
    page.Resources = resources
    return resources[kind]


def paint(pdf: pikepdf.Pdf, index: int, content: bytes) -> None:
    """``content`` painted last on page ``index`` (0-based), in a q/Q of its own."""
    pdf.pages[index].contents_add(pdf.make_stream(b"q " + content + b" Q"), prepend=False)


def cmyk_image(pdf: pikepdf.Pdf, size: int, value: tuple[int, int, int, int]) -> pikepdf.Stream:
    image = pdf.make_stream(zlib.compress(bytes(value) * size * size))
    image.Type, image.Subtype, image.Filter = Name.XObject, Name.Image, Name.FlateDecode
    image.Width = image.Height = size
    image.BitsPerComponent, image.ColorSpace = 8, Name.DeviceCMYK
    return image


def place(pdf: pikepdf.Pdf, index: int, image: pikepdf.Stream, points: float) -> None:
    own_resources(pdf, index, "/XObject").ImTest = image
    paint(pdf, index, f"{points} 0 0 {points} 20 20 cm /ImTest Do".encode())


def first_image(pdf: pikepdf.Pdf) -> tuple[int, pikepdf.Stream]:
    for index, page in enumerate(pdf.pages):
        for xobject in (page.obj.Resources.get("/XObject") or Dictionary()).values():
            if xobject.get("/Subtype") == Name.Image:
                return index, xobject
    raise AssertionError("the every-construct issue's print PDF has no image")


def folio(index: int) -> int:
    return index + FIRST_FOLIO


# -- print.colour-spaces ----------------------------------------------------------------------------


@pytest.mark.parametrize("content, said", [
    (b"1 0 0 rg 0 0 5 5 re f", "device RGB colour (rg)"),
    (b"0 0 1 RG 0 0 m 5 5 l S", "device RGB colour (RG)"),
    (b"0.5 g 0 0 5 5 re f", "device grey colour (g)"),
    (b"/DeviceGray cs 0.5 sc 0 0 5 5 re f", "DeviceGray colour space (cs)"),
    (b"/DeviceRGB CS 1 0 0 SC 0 0 m 5 5 l S", "DeviceRGB colour space (CS)"),
])
def test_a_device_rgb_or_grey_colour_on_a_page(print_pdf, tmp_path, content, said):
    got = broken(print_pdf, tmp_path, lambda pdf: paint(pdf, 2, content))
    details = only_broken(got, "print.colour-spaces").details
    assert f"{said} under the CMYK output intent: page {folio(2)}" in details, details


def test_a_colour_space_resource_that_is_device_rgb(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        own_resources(pdf, 1, "/ColorSpace").CSTest = Name.DeviceRGB
        paint(pdf, 1, b"/CSTest cs 1 0 0 scn 0 0 5 5 re f")

    details = only_broken(broken(print_pdf, tmp_path, change), "print.colour-spaces").details
    assert f"DeviceRGB colour space (cs) under the CMYK output intent: page {folio(1)}" in details, details


def _separation(pdf: pikepdf.Pdf, alternate, tint: list[float]) -> pikepdf.Array:
    function = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([0] * len(tint)), C1=Array(tint), N=1)
    return Array([Name.Separation, Name("/PANTONE#20185#20C"), alternate, pdf.make_indirect(function)])


@pytest.mark.parametrize("alternate, tint, said", [
    (Name.DeviceRGB, [1, 0, 0], "Separation with a DeviceRGB alternate colour space (cs)"),
    (Name.DeviceGray, [0.5], "Separation with a DeviceGray alternate colour space (cs)"),
    (Name.DeviceCMYK, [0, 1, 0.8, 0], None),  # a spot colour the press can print as CMYK
    ("lab", [50, 60, 40], None),  # device-independent
])
def test_a_spot_colour_is_its_alternate(print_pdf, tmp_path, alternate, tint, said):
    def change(pdf: pikepdf.Pdf) -> None:
        base = alternate
        if alternate == "lab":
            base = Array([Name.Lab, Dictionary(WhitePoint=Array([0.9505, 1, 1.089]))])
        own_resources(pdf, 2, "/ColorSpace").CSSpot = _separation(pdf, base, tint)
        paint(pdf, 2, b"/CSSpot cs 1 scn 0 0 5 5 re f")

    got = broken(print_pdf, tmp_path, change)
    if said is None:
        assert {n: got[n].status for n in PREFLIGHT} == dict.fromkeys(PREFLIGHT, PASSED), got["print.colour-spaces"]
    else:
        details = only_broken(got, "print.colour-spaces").details
        assert f"{said} under the CMYK output intent: page {folio(2)}" in details, details


def test_an_image_in_device_rgb(print_pdf, tmp_path):
    where: list[int] = []

    def change(pdf: pikepdf.Pdf) -> None:
        index, image = first_image(pdf)
        where.append(index)
        image.ColorSpace = Name.DeviceRGB

    got = broken(print_pdf, tmp_path, change)
    details = only_broken(got, "print.colour-spaces").details
    assert f"DeviceRGB image under the CMYK output intent: page {folio(where[0])}" in details, details


def test_a_transparency_group_in_device_rgb(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.pages[3].obj.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceRGB, I=False, K=False)

    details = only_broken(broken(print_pdf, tmp_path, change), "print.colour-spaces").details
    assert f"DeviceRGB transparency group under the CMYK output intent: page {folio(3)}" in details, details


def test_a_shading_in_device_rgb(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        function = Dictionary(FunctionType=2, Domain=Array([0, 1]), C0=Array([1, 0, 0]), C1=Array([0, 0, 1]), N=1)
        shading = Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=Array([0, 0, 10, 0]),
                             Function=function)
        own_resources(pdf, 4, "/Shading").ShTest = shading
        paint(pdf, 4, b"0 0 10 10 re W n /ShTest sh")

    details = only_broken(broken(print_pdf, tmp_path, change), "print.colour-spaces").details
    assert f"DeviceRGB shading under the CMYK output intent: page {folio(4)}" in details, details


def test_an_annotation_appearance_in_device_rgb(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        appearance = pdf.make_stream(b"1 0 0 rg 0 0 10 10 re f")
        appearance.Type, appearance.Subtype, appearance.BBox = Name.XObject, Name.Form, Array([0, 0, 10, 10])
        annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=Array([20, 20, 30, 30]),
                                             AP=Dictionary(N=appearance)))
        pdf.pages[0].obj.Annots = Array([*pdf.pages[0].obj.get("/Annots", Array()), annot])

    details = only_broken(broken(print_pdf, tmp_path, change), "print.colour-spaces").details
    assert f"device RGB colour (rg) under the CMYK output intent: page {folio(0)}" in details, details


# -- print.ink-coverage -----------------------------------------------------------------------------


def test_a_colour_over_300_percent(print_pdf, tmp_path):
    got = broken(print_pdf, tmp_path, lambda pdf: paint(pdf, 3, b"1 1 1 0.9 k 0 0 5 5 re f"))
    details = only_broken(got, "print.ink-coverage").details
    assert f"390 % of ink on page {folio(3)}, over the 300 % the condition allows" in details, details


def test_a_fill_of_every_ink_at_100_percent(print_pdf, tmp_path):
    """The marks stroke the registration colour (``1 1 1 1 K``), which is not counted; filled, it is 400 %."""
    got = broken(print_pdf, tmp_path, lambda pdf: paint(pdf, 3, b"1 1 1 1 k 0 0 5 5 re f"))
    details = only_broken(got, "print.ink-coverage").details
    assert f"400 % of ink on page {folio(3)}, over the 300 % the condition allows" in details, details


def test_an_image_over_300_percent(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        # an image in the page's resources, not painted: its inks are counted all the same
        own_resources(pdf, 2, "/XObject").ImInk = cmyk_image(pdf, 8, (255, 255, 230, 255))

    details = only_broken(broken(print_pdf, tmp_path, change), "print.ink-coverage").details
    assert f"390 % of ink on page {folio(2)}, over the 300 % the condition allows" in details, details


# -- print.image-resolution -------------------------------------------------------------------------


def test_an_image_under_150_ppi_fails(print_pdf, tmp_path):
    got = broken(print_pdf, tmp_path, lambda pdf: place(pdf, 4, cmyk_image(pdf, 20, (0, 0, 0, 128)), 72))
    details = only_broken(got, "print.image-resolution").details
    assert f"20 × 20 px at 20 ppi on page {folio(4)}" in details, details


def test_an_image_under_250_ppi_warns(print_pdf, tmp_path):
    got = broken(print_pdf, tmp_path, lambda pdf: place(pdf, 4, cmyk_image(pdf, 200, (0, 0, 0, 128)), 72))
    check = got["print.image-resolution"]
    assert check.status == PASSED and check.warning, check.details
    assert f"200 × 200 px at 200 ppi on page {folio(4)}" in check.details, check.details


# -- print.page-count, print.boxes, print.output-intent ---------------------------------------------


def test_a_page_count_that_is_not_a_multiple_of_4(print_pdf, tmp_path):
    count: list[int] = []

    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[-1]
        count.append(len(pdf.pages))

    details = only_broken(broken(print_pdf, tmp_path, change), "print.page-count").details
    assert details == [f"{count[0]} pages: not a multiple of 4 (a bound revue is printed in signatures)"]


@pytest.mark.parametrize("box, said", [("/TrimBox", "no TrimBox: page 2"), ("/BleedBox", "no BleedBox: page 2")])
def test_a_page_without_its_box(print_pdf, tmp_path, box, said):
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[1].obj[box]

    assert only_broken(broken(print_pdf, tmp_path, change), "print.boxes").details == [said]


def test_a_bleed_box_that_is_not_the_trim_and_3_mm(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[5].obj
        page.BleedBox = Array(list(page.TrimBox))

    details = only_broken(broken(print_pdf, tmp_path, change), "print.boxes").details
    assert details == ["a BleedBox that is not the TrimBox + 3 mm: page 6"]


def _intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    [intent] = [i for i in pdf.Root.OutputIntents if i.get("/S") == Name.GTS_PDFX]
    return intent


@pytest.mark.parametrize("key", ["/RegistryName", "/OutputConditionIdentifier"])
def test_an_output_intent_without_its_condition(print_pdf, tmp_path, key):
    def change(pdf: pikepdf.Pdf) -> None:
        del _intent(pdf)[key]

    details = only_broken(broken(print_pdf, tmp_path, change), "print.output-intent").details
    assert len(details) == 1 and details[0].startswith(f"the GTS_PDFX output intent names no {key[1:]}"), details


@pytest.mark.parametrize("offset, value, said", [
    (12, b"mntr", "class mntr, colour space CMYK"),  # a display profile
    (16, b"RGB ", "class prtr, colour space RGB"),
])
def test_an_output_profile_that_is_not_a_cmyk_printer_profile(print_pdf, tmp_path, offset, value, said):
    def change(pdf: pikepdf.Pdf) -> None:
        profile = _intent(pdf).DestOutputProfile
        data = bytearray(profile.read_bytes())
        data[offset:offset + 4] = value
        profile.write(bytes(data))

    details = only_broken(broken(print_pdf, tmp_path, change), "print.output-intent").details
    assert len(details) == 1 and details[0].startswith("the output profile is not a CMYK printer profile"), details
    assert said in details[0], details


def test_no_output_intent(print_pdf, tmp_path):
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.Root["/OutputIntents"]

    details = only_broken(broken(print_pdf, tmp_path, change), "print.output-intent").details
    assert details == ["expected one GTS_PDFX output intent, found 0 (output intents: none)"]
