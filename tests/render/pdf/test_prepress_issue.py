"""The print PDF of a realistic issue (tests/data/prepress: RGB photos with and without a profile, a CMYK
JPEG, a grey archive photo, a PNG with transparency, an SVG chart, a 200 × 150 px picture, a 6000 × 4000
photo, an EXIF-rotated portrait) and of issue 38, read back with pikepdf: only CMYK, black text 100 % K,
the FOGRA39 intent, photos at 300 ppi at most, the tiny picture reported with its page."""

from __future__ import annotations

import collections

import pikepdf
import pytest
from helpers.outputs import ROOT, build
from pikepdf import Array, Dictionary, Name

from horizons_pub.render.pdf.placements import image_placements

PREPRESS = ROOT / "tests" / "data" / "prepress"


@pytest.fixture(scope="module")
def prepress_built(tmp_path_factory):
    return build(PREPRESS, tmp_path_factory.mktemp("prepress"))


def _spaces(pdf: pikepdf.Pdf) -> tuple[collections.Counter, collections.Counter]:
    """Colour operators and colour spaces used anywhere: pages, forms, images, groups, shadings, patterns."""
    ops: collections.Counter = collections.Counter()
    spaces: collections.Counter = collections.Counter()
    seen: set = set()

    def name(space) -> str:
        if isinstance(space, Array):
            return f"{space[0]}/{int(space[1].get('/N', 0))}" if space[0] == Name.ICCBased else str(space[0])
        return str(space)

    def walk(stream, resources) -> None:
        for operands, op in pikepdf.parse_content_stream(stream):
            ops[str(op)] += 1
            if str(op) in ("cs", "CS"):
                spaces[f"cs:{name(operands[0])}"] += 1
        for sh in (resources.get("/Shading") or Dictionary()).values():
            spaces[f"shading:{name(sh.get('/ColorSpace'))}"] += 1
        for x in (resources.get("/XObject") or Dictionary()).values():
            if x.objgen in seen:
                continue
            seen.add(x.objgen)
            if x.get("/Subtype") == Name.Image and not x.get("/ImageMask", False):
                spaces[f"image:{name(x.get('/ColorSpace'))}"] += 1
            elif x.get("/Subtype") == Name.Form:
                if x.get("/Group") is not None:
                    spaces[f"group:{name(x.Group.get('/CS'))}"] += 1
                walk(x, x.get("/Resources") or resources)

    for page in pdf.pages:
        if page.obj.get("/Group") is not None:
            spaces[f"group:{name(page.obj.Group.get('/CS'))}"] += 1
        walk(page.obj, page.obj.get("/Resources") or Dictionary())
    return ops, spaces


def _assert_cmyk_only(path) -> collections.Counter:
    with pikepdf.open(path) as pdf:
        ops, spaces = _spaces(pdf)
    assert not {op for op in ops if op in ("rg", "RG", "g", "G")}, ops
    assert not [s for s in spaces if "DeviceRGB" in s or "DeviceGray" in s or s.endswith("/3")], spaces
    return spaces


def test_no_device_rgb_anywhere_in_the_print_pdf(prepress_built, hp38):
    spaces = _assert_cmyk_only(prepress_built.print_pdf)
    assert spaces["image:/DeviceCMYK"] >= 8  # every photo, the chart's and the logo's pixels included
    _assert_cmyk_only(hp38.print_pdf)


def test_body_text_is_solid_black(prepress_built):
    """The colour each run of text is set in, counted over the interior (the fill in force at each TJ)."""
    lines: collections.Counter = collections.Counter()
    with pikepdf.open(prepress_built.print_pdf) as pdf:
        for page in pdf.pages:
            fill = None
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) in ("scn", "sc", "k"):
                    fill = tuple(float(v) for v in operands)
                elif str(op) in ("TJ", "Tj"):
                    lines[fill] += 1
    (colour, count), *_ = lines.most_common(1)
    assert colour == (0, 0, 0, 1) and count > 300, lines
    assert not [c for c in lines if c and len(c) == 4 and c[:3] == (0, 0, 0) and 0.8 < c[3] < 1], lines  # no grey tint


def test_output_intent_names_fogra39(prepress_built):
    with pikepdf.open(prepress_built.print_pdf) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        header = intent.DestOutputProfile.read_bytes()[:20]
        assert header[12:20] == b"prtrCMYK"


def test_photos_downsampled_to_their_placed_size(prepress_built):
    for path, most in ((prepress_built.print_pdf, 300), (prepress_built.screen_pdf, 200)):
        with pikepdf.open(path) as pdf:
            placed = image_placements(pdf)
            assert len(placed) >= 8
            too_fine = [(p.page + 1, round(p.ppi)) for p in placed if p.ppi > most * 1.15]
            assert not too_fine, (path.name, too_fine)


def test_screen_pdf_has_no_cmyk_photo(prepress_built):
    with pikepdf.open(prepress_built.screen_pdf) as pdf:
        _, spaces = _spaces(pdf)
    assert not [s for s in spaces if "CMYK" in s or s.endswith("/4")], spaces


def test_the_tiny_picture_is_reported_with_its_page(prepress_built):
    said = [line for line in prepress_built.stderr.splitlines() if line.endswith("[image.low-resolution]")]
    assert len(said) == 1, prepress_built.stderr
    assert "vignette-site.png prints at 74 ppi on page 13 (200 × 150 px" in said[0]
    assert said[0].startswith("tests/data/prepress/articles/affiche.md:") or "affiche.md:" in said[0]


def test_rebuild_is_byte_identical(prepress_built, tmp_path):
    again = build(PREPRESS, tmp_path)
    assert again.print_pdf.read_bytes() == prepress_built.print_pdf.read_bytes()
    assert again.screen_pdf.read_bytes() == prepress_built.screen_pdf.read_bytes()
