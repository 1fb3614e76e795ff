"""Writes the images of the prepress test issue into images/ (run: python make_images.py).

Each image is one case a printer's preflight and the screen editions must handle, named as an
editor might have named it.  The content is drawn (gradients and a few shapes, no randomness),
so the files are small and the same bytes come out on every run with the same Pillow.

| file | case |
| --- | --- |
| Portrait Maire.JPG | stored landscape, EXIF Orientation 6: it must show portrait |
| place-du-marche_sRGB.jpg | RGB with an embedded sRGB ICC profile, 1500 × 1000 |
| IMG_20240312_101544.jpg | RGB without a profile, 2400 × 1600 |
| halles_AdobeRGB.jpg | RGB with an embedded wide-gamut (Adobe RGB primaries) profile |
| affiche_CMJN.jpg | CMYK JPEG (Adobe marker), no profile |
| vignette-site.png | 200 × 150 px, placed full width |
| DJI_0042.JPG | 6000 × 4000 JPEG, quality 80 (smooth content: well under 1 MB) |
| logo-asso transparent.png | RGBA PNG: transparency and a soft shadow |
| archives_1962_NB.jpg | greyscale (mode L) JPEG |
| graphique-budget.svg | a chart in SVG, RGB fills: not placed, the source format refuses SVG (issue.yaml) |
"""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
DATE = (2024, 3, 12, 10, 15, 44)  # the profiles' creation date, fixed (LittleCMS writes the time of day)


# -- ICC profiles ------------------------------------------------------------------------------------


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return b"desc\0\0\0\0" + struct.pack(">I", len(ascii_)) + ascii_ + b"\0" * 8 + b"\0\0\0" + b"\0" * 67


def matrix_profile(description: str, red: tuple, green: tuple, blue: tuple, gamma: float) -> bytes:
    """A minimal ICC v2 RGB display profile: D50-adapted primaries and one gamma per channel."""
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    tags = [(b"desc", _desc(description)), (b"cprt", b"text\0\0\0\0" + b"No copyright, test data\0"),
            (b"wtpt", _xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", _xyz(*red)), (b"gXYZ", _xyz(*green)),
            (b"bXYZ", _xyz(*blue)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"\0\0\0\0" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + struct.pack(">6H", *DATE) + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body


#: Adobe RGB (1998)'s primaries, adapted to D50, gamma 563/256: a wide gamut that is not sRGB.
WIDE_RGB = matrix_profile("Wide-gamut RGB, Adobe RGB (1998) primaries (horizons-pub test)",
                          (0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446), 563 / 256)


def srgb_profile() -> bytes:
    """LittleCMS's built-in sRGB profile, with a fixed creation date."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", *DATE)
    data[84:100] = bytes(16)  # no profile ID (an MD5 that would cover the date)
    return bytes(data)


# -- drawing -----------------------------------------------------------------------------------------


def gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    """A vertical gradient from ``top`` to ``bottom`` (RGB), drawn small and enlarged smoothly."""
    mask = Image.linear_gradient("L").resize((16, 256))
    small = Image.composite(Image.new("RGB", (16, 256), bottom), Image.new("RGB", (16, 256), top), mask)
    return small.resize(size, Image.Resampling.BICUBIC)


def scene(size: tuple[int, int], sky: tuple, ground: tuple) -> Image.Image:
    """A square of a town: sky, a ground line, halls with an arched roof, trees, a fountain."""
    w, h = size
    img = gradient(size, sky, (236, 228, 210))
    draw = ImageDraw.Draw(img)
    horizon = int(h * 0.62)
    draw.rectangle((0, horizon, w, h), fill=ground)
    draw.rectangle((int(w * 0.18), int(h * 0.38), int(w * 0.72), horizon), fill=(176, 84, 52))
    draw.pieslice((int(w * 0.18), int(h * 0.22), int(w * 0.72), int(h * 0.54)), 180, 360, fill=(92, 98, 104))
    for i in range(5):
        x = int(w * (0.22 + i * 0.1))
        draw.rectangle((x, int(h * 0.46), x + int(w * 0.05), horizon), fill=(58, 44, 40))
    for cx in (0.08, 0.84, 0.94):
        draw.ellipse((int(w * (cx - 0.06)), int(h * 0.36), int(w * (cx + 0.06)), int(h * 0.58)), fill=(52, 112, 60))
        draw.rectangle((int(w * (cx - 0.008)), int(h * 0.56), int(w * (cx + 0.008)), horizon), fill=(84, 60, 40))
    draw.ellipse((int(w * 0.4), int(h * 0.7), int(w * 0.6), int(h * 0.86)), fill=(120, 170, 210),
                 outline=(200, 200, 196), width=max(2, w // 200))
    return img


def portrait(size: tuple[int, int]) -> Image.Image:
    """Head and shoulders against a wall, upright: the head at the top."""
    w, h = size
    img = gradient(size, (196, 208, 220), (120, 132, 150))
    draw = ImageDraw.Draw(img)
    draw.ellipse((int(w * 0.05), int(h * 0.62), int(w * 0.95), int(h * 1.3)), fill=(38, 52, 92))  # jacket
    draw.polygon([(int(w * 0.42), int(h * 0.62)), (int(w * 0.58), int(h * 0.62)), (int(w * 0.5), int(h * 0.8))],
                 fill=(240, 240, 236))  # collar
    draw.rectangle((int(w * 0.44), int(h * 0.5), int(w * 0.56), int(h * 0.64)), fill=(226, 182, 150))  # neck
    draw.ellipse((int(w * 0.3), int(h * 0.16), int(w * 0.7), int(h * 0.56)), fill=(232, 190, 158))  # face
    draw.chord((int(w * 0.28), int(h * 0.1), int(w * 0.72), int(h * 0.44)), 180, 360, fill=(84, 56, 40))  # hair
    for ex in (0.42, 0.58):
        draw.ellipse((int(w * (ex - 0.025)), int(h * 0.33), int(w * (ex + 0.025)), int(h * 0.36)), fill=(40, 40, 48))
    draw.arc((int(w * 0.42), int(h * 0.4), int(w * 0.58), int(h * 0.48)), 20, 160, fill=(150, 60, 60), width=6)
    return img


def poster_cmyk(size: tuple[int, int]) -> Image.Image:
    """A festival poster laid out in inks: pure cyan, magenta, yellow and black areas, and a rich black."""
    w, h = size
    img = Image.new("CMYK", size, (0, 8, 30, 0))  # a cream paper tint
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, w, int(h * 0.3)), fill=(255, 0, 0, 0))
    draw.ellipse((int(w * 0.15), int(h * 0.2), int(w * 0.85), int(h * 0.7)), fill=(0, 255, 0, 0))
    draw.polygon([(int(w * 0.5), int(h * 0.3)), (int(w * 0.9), int(h * 0.9)), (int(w * 0.1), int(h * 0.9))],
                 fill=(0, 40, 255, 0))
    draw.rectangle((int(w * 0.1), int(h * 0.92), int(w * 0.9), int(h * 0.97)), fill=(0, 0, 0, 255))
    draw.rectangle((int(w * 0.1), int(h * 0.08), int(w * 0.9), int(h * 0.12)), fill=(153, 128, 128, 255))
    return img


def logo_rgba(size: tuple[int, int]) -> Image.Image:
    """An association's logo on transparency: an opaque mark, a half-transparent ring, a soft shadow."""
    w, h = size
    img = Image.new("RGBA", size, (0, 0, 0, 0))
    shadow = Image.radial_gradient("L").resize((int(w * 0.5), int(h * 0.9)))
    shadow = shadow.point(lambda v: max(0, 150 - v))  # dark in the middle, clear at the edge
    img.paste((20, 30, 40, 255), (int(w * 0.06), int(h * 0.08)), shadow)
    img.putalpha(Image.eval(img.getchannel("A"), lambda v: v // 2))
    draw = ImageDraw.Draw(img)
    draw.ellipse((int(w * 0.05), int(h * 0.05), int(w * 0.5), int(h * 0.95)), outline=(0, 150, 136, 128),
                 width=max(4, w // 40))
    draw.rounded_rectangle((int(w * 0.14), int(h * 0.25), int(w * 0.41), int(h * 0.75)), radius=w // 30,
                           fill=(230, 81, 0, 255))
    for i in range(3):
        y = int(h * (0.3 + 0.15 * i))
        draw.rectangle((int(w * 0.56), y, int(w * (0.95 - 0.1 * i)), y + int(h * 0.08)), fill=(33, 33, 33, 255))
    return img


def archive_gray(size: tuple[int, int]) -> Image.Image:
    """A 1962 photograph of the old market: greys only, with a vignette."""
    img = scene(size, (150, 150, 150), (90, 90, 90)).convert("L")
    vignette = Image.radial_gradient("L").resize(size).point(lambda v: 255 - max(0, v - 140))
    return Image.composite(img, Image.new("L", size, 20), vignette)


CHART = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">
  <title>Budget d'investissement de la commune, 2020-2024 (millions d'euros)</title>
  <rect width="640" height="400" fill="#ffffff"/>
  <g font-family="sans-serif" font-size="16" fill="#333333">
    <line x1="60" y1="340" x2="620" y2="340" stroke="#333333" stroke-width="2"/>
    {bars}
  </g>
</svg>
"""
BUDGET = ((2020, 4.2, "#1f77b4"), (2021, 5.1, "#ff7f0e"), (2022, 6.8, "#2ca02c"), (2023, 7.4, "#d62728"),
          (2024, 9.0, "#9467bd"))


def chart_svg() -> str:
    bars = []
    for i, (year, value, colour) in enumerate(BUDGET):
        x, height = 90 + i * 105, round(value * 32)
        bars.append(f'<rect x="{x}" y="{340 - height}" width="70" height="{height}" fill="{colour}"/>'
                    f'<text x="{x + 35}" y="365" text-anchor="middle">{year}</text>'
                    f'<text x="{x + 35}" y="{332 - height}" text-anchor="middle">{value:.1f}</text>')
    return CHART.format(bars="\n    ".join(bars))


# -- the files ---------------------------------------------------------------------------------------


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value  # Orientation
    exif[0x010F] = "Exemple"  # Make
    return exif.tobytes()


def write_all(folder: Path = IMAGES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []

    def save(name: str, img: Image.Image, **options) -> None:
        path = folder / name
        img.save(path, **options)
        out.append(path)

    upright = portrait((900, 1200))
    # Orientation 6: the viewer turns the stored pixels 90° clockwise; so store them turned 90° the other way
    save("Portrait Maire.JPG", upright.transpose(Image.Transpose.ROTATE_90), format="JPEG", quality=85,
         exif=exif_orientation(6))
    save("place-du-marche_sRGB.jpg", scene((1500, 1000), (120, 170, 230), (150, 140, 120)), format="JPEG",
         quality=85, icc_profile=srgb_profile())
    save("IMG_20240312_101544.jpg", scene((2400, 1600), (250, 190, 120), (120, 130, 90)), format="JPEG", quality=85)
    save("halles_AdobeRGB.jpg", scene((1600, 1200), (60, 140, 220), (40, 150, 60)), format="JPEG", quality=85,
         icc_profile=WIDE_RGB)
    save("affiche_CMJN.jpg", poster_cmyk((1000, 1400)), format="JPEG", quality=85)
    save("vignette-site.png", scene((200, 150), (90, 160, 220), (140, 120, 100)), format="PNG")
    save("DJI_0042.JPG", scene((6000, 4000), (140, 190, 235), (110, 140, 80)), format="JPEG", quality=80)
    save("logo-asso transparent.png", logo_rgba((1200, 600)), format="PNG", optimize=True)
    save("archives_1962_NB.jpg", archive_gray((1400, 1000)), format="JPEG", quality=85)
    path = folder / "graphique-budget.svg"
    path.write_text(chart_svg(), encoding="utf-8")
    out.append(path)
    return out


if __name__ == "__main__":
    for written in write_all():
        print(f"{written.relative_to(HERE)}: {written.stat().st_size:,} bytes")
