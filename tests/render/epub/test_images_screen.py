"""The EPUB's images made fit for a screen (render/images_screen.py) and named safely (render/epub/images.py);
and, slow, the prepress test issue built: EPUBCheck passes it, no CMYK JPEG and no image over 1600 px in it."""

from __future__ import annotations

import importlib.util
import io
import zipfile

import pytest
from PIL import Image, ImageCms

from helpers.outputs import ROOT, build, epubcheck
from horizons_pub.render import images_screen
from horizons_pub.render.epub.images import epub_name
from horizons_pub.render.images_screen import MAX_SIDE, default_cmyk_profile, screen_image

PREPRESS = ROOT / "tests" / "data" / "prepress"
IMAGES = PREPRESS / "images"
JPEG, PNG = "image/jpeg", "image/png"


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_images", PREPRESS / "make_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_images = _load_generator()


def encode(img: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


# -- orientation ---------------------------------------------------------------------------------------


def test_an_exif_rotated_photo_is_turned_upright_and_loses_its_orientation_tag():
    data = (IMAGES / "Portrait Maire.JPG").read_bytes()
    assert opened(data).size == (1200, 900) and opened(data).getexif()[0x0112] == 6  # the case is the case
    out = opened(screen_image(data, JPEG))
    assert out.format == "JPEG" and out.size == (900, 1200)
    assert 0x0112 not in out.getexif()
    assert out.getexif().get(0x010F) == "Exemple"  # the other tags kept
    # upright: the hair (dark brown) at the top, the jacket (navy) at the bottom
    top, bottom = out.getpixel((450, 200)), out.getpixel((450, 1150))
    assert top[0] > top[2] and bottom[2] > bottom[0], (top, bottom)


def test_orientation_1_is_nothing_to_do():
    exif = Image.Exif()
    exif[0x0112] = 1
    data = encode(Image.new("RGB", (40, 30), (10, 120, 200)), exif=exif.tobytes())
    assert screen_image(data, JPEG) == data


# -- colour --------------------------------------------------------------------------------------------


def test_a_cmyk_jpeg_becomes_an_srgb_jpeg():
    data = (IMAGES / "affiche_CMJN.jpg").read_bytes()
    assert opened(data).mode == "CMYK"
    out = opened(screen_image(data, JPEG))
    assert out.format == "JPEG" and out.mode == "RGB" and out.size == (1000, 1400)
    assert "icc_profile" not in out.info  # untagged: sRGB
    r, g, b = out.getpixel((20, 20))  # the band of pure cyan at the top
    assert b > 200 and g > 120 and r < 80, (r, g, b)


def test_a_cmyk_jpeg_is_read_with_the_profile_it_is_given(tmp_path):
    data = (IMAGES / "affiche_CMJN.jpg").read_bytes()
    other = tmp_path / "swop.icc"
    other.write_bytes(make_images.WIDE_RGB)  # not CMYK: LittleCMS refuses it, proving it was used
    with pytest.raises(ImageCms.PyCMSError):
        screen_image(data, JPEG, cmyk_profile=other)
    assert opened(screen_image(data, JPEG, cmyk_profile=default_cmyk_profile())).mode == "RGB"


def test_a_cmyk_jpeg_uses_its_own_profile_first(tmp_path):
    img = Image.open(IMAGES / "affiche_CMJN.jpg")
    tagged = encode(img, quality=85, icc_profile=default_cmyk_profile().read_bytes())
    not_cmyk = tmp_path / "rgb.icc"
    not_cmyk.write_bytes(make_images.WIDE_RGB)  # would fail, as above, if it were used
    assert opened(screen_image(tagged, JPEG, cmyk_profile=not_cmyk)).mode == "RGB"


def test_a_wide_gamut_rgb_photo_is_converted_to_srgb():
    data = (IMAGES / "halles_AdobeRGB.jpg").read_bytes()
    out = opened(screen_image(data, JPEG))
    assert out.mode == "RGB" and "icc_profile" not in out.info
    before, after = opened(data).getpixel((100, 1100)), out.getpixel((100, 1100))  # the green lawn
    assert after[1] > before[1] - 5 and after[0] < before[0], (before, after)  # more saturated in sRGB numbers


def test_an_srgb_tagged_photo_small_enough_keeps_its_bytes():
    data = (IMAGES / "place-du-marche_sRGB.jpg").read_bytes()
    assert screen_image(data, JPEG) == data


def test_a_greyscale_and_an_untagged_photo_under_the_limit_keep_their_bytes():
    assert opened((IMAGES / "archives_1962_NB.jpg").read_bytes()).mode == "L"
    for data in ((IMAGES / "archives_1962_NB.jpg").read_bytes(), encode(Image.new("RGB", (1600, 900), "teal"))):
        assert screen_image(data, JPEG) == data


# -- size ----------------------------------------------------------------------------------------------


def test_a_6000_by_4000_photo_is_downscaled_to_1600_by_1067():
    out = opened(screen_image((IMAGES / "DJI_0042.JPG").read_bytes(), JPEG))
    assert out.format == "JPEG" and out.size == (1600, 1067)
    assert out.info.get("progressive") is None and out.info.get("progression") is None


def test_a_2400_wide_untagged_photo_is_downscaled():
    assert opened(screen_image((IMAGES / "IMG_20240312_101544.jpg").read_bytes(), JPEG)).size == (MAX_SIDE, 1067)


def test_a_large_png_stays_png_and_keeps_its_alpha():
    img = make_images.logo_rgba((3200, 1600))
    out = opened(screen_image(encode(img, "PNG"), PNG))
    assert out.format == "PNG" and out.mode == "RGBA" and out.size == (1600, 800)
    assert out.getpixel((5, 5))[3] == 0 and out.getpixel((440, 400))[3] == 255  # clear corner, opaque mark


def test_a_small_srgb_png_keeps_its_exact_bytes():
    for name in ("vignette-site.png", "logo-asso transparent.png"):
        data = (IMAGES / name).read_bytes()
        assert screen_image(data, PNG) == data


def test_gif_and_svg_pass_through():
    gif = encode(Image.new("P", (3000, 100)), "GIF")
    assert screen_image(gif, "image/gif") == gif
    svg = (IMAGES / "graphique-budget.svg").read_bytes()
    assert screen_image(svg, "image/svg+xml") == svg


# -- determinism and the cache -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["DJI_0042.JPG", "affiche_CMJN.jpg", "Portrait Maire.JPG", "halles_AdobeRGB.jpg"])
def test_the_same_input_gives_the_same_bytes(name):
    data = (IMAGES / name).read_bytes()
    assert images_screen.convert(data, JPEG, default_cmyk_profile()) == images_screen.convert(
        data, JPEG, default_cmyk_profile())


def test_a_converted_image_is_cached_and_a_damaged_entry_is_made_again(tmp_path, monkeypatch):
    data = (IMAGES / "affiche_CMJN.jpg").read_bytes()
    first = screen_image(data, JPEG, cache=tmp_path)
    entries = list((tmp_path / "screen-images").iterdir())
    assert len(entries) == 1
    calls = []
    real = images_screen.convert
    monkeypatch.setattr(images_screen, "convert", lambda *a: calls.append(a) or real(*a))
    assert screen_image(data, JPEG, cache=tmp_path) == first and calls == []  # from the cache
    entries[0].write_bytes(entries[0].read_bytes()[:-100])
    assert screen_image(data, JPEG, cache=tmp_path) == first and len(calls) == 1  # checked, made again
    screen_image((IMAGES / "place-du-marche_sRGB.jpg").read_bytes(), JPEG, cache=tmp_path)
    assert len(list((tmp_path / "screen-images").iterdir())) == 1  # nothing to do: nothing stored


def test_the_generator_is_deterministic_and_wrote_the_committed_images(tmp_path):
    """make_images.py writes the same bytes twice, and the images of the repository are its kind of output
    (same files, formats, modes, sizes, profiles: the bytes themselves may differ with another libjpeg)."""
    first, second = make_images.write_all(tmp_path / "a"), make_images.write_all(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert sorted(p.name for p in first) == sorted(p.name for p in IMAGES.iterdir())
    for path in first:
        if path.suffix == ".svg":
            assert path.read_bytes() == (IMAGES / path.name).read_bytes()
            continue
        with Image.open(path) as made, Image.open(IMAGES / path.name) as committed:
            assert (made.format, made.mode, made.size, made.info.get("icc_profile"), made.getexif().get(0x0112)) == (
                committed.format, committed.mode, committed.size, committed.info.get("icc_profile"),
                committed.getexif().get(0x0112)), path.name


# -- names inside the EPUB -----------------------------------------------------------------------------


def test_epub_names_are_safe_unique_and_keep_safe_names():
    taken = {"images/cover.png"}
    assert epub_name("images/schema.png", PNG, taken) == "images/schema.png"
    assert epub_name("images/Portrait Maire.JPG", JPEG, taken) == "images/Portrait-Maire.jpg"
    assert epub_name("images/été à l'école.jpg", JPEG, taken) == "images/ete-a-l-ecole.jpg"
    assert epub_name("photos/2024/x.jpg", JPEG, taken) == "images/photos-2024-x.jpg"
    assert epub_name("images/cover.png", PNG, taken) == "images/cover-2.png"  # not the cover's name
    assert epub_name("images/Cover.PNG", PNG, taken | {"images/cover-2.png"}) == "images/Cover-3.png"
    assert epub_name("images/photo.png", JPEG, taken) == "images/photo.jpg"  # the ending of its format


# -- the prepress issue, built -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.tools
def test_the_prepress_issue_s_epub_is_valid_and_holds_only_screen_images(tmp_path):
    built = build(PREPRESS, tmp_path / "out", "--format", "epub")
    report = epubcheck(built.epub, tmp_path)
    messages = [f"{m['severity']} {m['ID']} {m['message']}" for m in report["messages"]]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages
    with zipfile.ZipFile(built.epub) as book:
        images = [n for n in book.namelist() if n.startswith("EPUB/images/") and n != "EPUB/images/cover.png"]
        assert len(images) == 9  # the figures (the cover is laid out by the renderer, 1600 px wide)
        for name in images:
            with Image.open(io.BytesIO(book.read(name))) as img:
                assert max(img.size) <= MAX_SIDE, (name, img.size)
                assert img.mode != "CMYK", name
                assert img.getexif().get(0x0112, 1) == 1, name
                assert " " not in name, name
