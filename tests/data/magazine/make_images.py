"""Writes the images of the magazine test issue into images/ (run: python make_images.py).

Issue n° 99 is a realistic 44-page issue (tests/render/test_magazine_issue.py checks its pages); its
pictures are drawn here, with no randomness, so the files stay small (smooth content) and the same
bytes come out on every run with the same Pillow.  Labels use the project's Inter (fonts/).

| file | what it is | placed |
| --- | --- | --- |
| portrait-kessler.jpg | the interviewee of the Grand entretien, 1900 × 2800 (a full bleed page at 250 ppi) | `place=ouverture` |
| portrait_martin.jpg | the dossier's second interview, 1900 × 2800 | `place=ouverture` |
| gand-beffroi.jpg | a square at dusk, street lights off | `place=ouverture` (an article) |
| dossier-ouverture.jpg | a town seen from a hill, 1800 × 1200 | `place=page` (the dossier opener) |
| station de pompage.jpg | a pumping station: a file name with spaces | `place=haut` |
| Photo Mairie FINAL (2).JPG | a town hall: a careless name, upper-case extension | `place=colonne` |
| piscine.jpg | an indoor pool, 1400 × 2100 | `place=page` |
| lampadaires.jpg | a street of lamp posts, wide | `place=bas` |
| atelier.jpg | a workshop with benches | `place=bas` |
| serre.jpg | a greenhouse of a school | (default: in the column) |
| carte-gand.png | a map of a city's lighting zones | `place=haut` |
| carte-reseaux.png | a map of heat networks in a valley | `place=page` |
| graphique-consommation.png | a bar chart: energy use 2019-2024 | `place=colonne` |
| graphique-eclairage.png | a line chart: lighting hours per night | `place=haut` |
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
FONTS = HERE.parents[2] / "fonts"


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("Inter-Bold.otf" if bold else "Inter-Regular.otf")), size)


def gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    """A vertical gradient from ``top`` to ``bottom`` (RGB), drawn small and enlarged smoothly."""
    mask = Image.linear_gradient("L").resize((16, 256))
    small = Image.composite(Image.new("RGB", (16, 256), bottom), Image.new("RGB", (16, 256), top), mask)
    return small.resize(size, Image.Resampling.BICUBIC)


def box(w: int, h: int, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
    return int(w * x0), int(h * y0), int(w * x1), int(h * y1)


# -- photographs (drawn) ------------------------------------------------------------------------------


def portrait(size: tuple[int, int], jacket: tuple, hair: tuple, wall: tuple) -> Image.Image:
    """Head and shoulders against a wall, upright."""
    w, h = size
    img = gradient(size, wall, tuple(max(0, c - 70) for c in wall))
    draw = ImageDraw.Draw(img)
    draw.rectangle(box(w, h, 0.0, 0.0, 0.12, 1.0), fill=tuple(max(0, c - 25) for c in wall))  # a door frame
    draw.ellipse(box(w, h, 0.05, 0.62, 0.95, 1.3), fill=jacket)
    draw.polygon([(int(w * 0.42), int(h * 0.62)), (int(w * 0.58), int(h * 0.62)), (int(w * 0.5), int(h * 0.8))],
                 fill=(240, 240, 236))
    draw.rectangle(box(w, h, 0.44, 0.5, 0.56, 0.64), fill=(214, 168, 136))
    draw.ellipse(box(w, h, 0.3, 0.16, 0.7, 0.56), fill=(224, 180, 148))
    draw.chord(box(w, h, 0.27, 0.09, 0.73, 0.46), 180, 360, fill=hair)
    for ex in (0.42, 0.58):
        draw.ellipse(box(w, h, ex - 0.025, 0.33, ex + 0.025, 0.36), fill=(40, 40, 48))
    draw.arc(box(w, h, 0.42, 0.4, 0.58, 0.48), 20, 160, fill=(150, 60, 60), width=8)
    return img


def town(size: tuple[int, int], sky: tuple, ground: tuple, lights: bool) -> Image.Image:
    """Roofs and a belfry against the sky, lamp posts along the street."""
    w, h = size
    img = gradient(size, sky, (236, 222, 200))
    draw = ImageDraw.Draw(img)
    horizon = int(h * 0.7)
    for i, (x0, x1, top) in enumerate(((0.0, 0.2, 0.42), (0.2, 0.34, 0.5), (0.34, 0.46, 0.2), (0.46, 0.7, 0.46),
                                       (0.7, 0.86, 0.38), (0.86, 1.0, 0.52))):
        shade = (120 - i * 8, 88 - i * 4, 76)
        draw.rectangle(box(w, h, x0, top, x1, 0.72), fill=shade)
        draw.polygon([(int(w * x0), int(h * top)), (int(w * (x0 + x1) / 2), int(h * (top - 0.08))),
                      (int(w * x1), int(h * top))], fill=(70, 60, 64))
        for wx in range(3):
            for wy in range(2):
                x = x0 + (x1 - x0) * (0.2 + wx * 0.27)
                y = top + 0.06 + wy * 0.09
                draw.rectangle(box(w, h, x, y, x + (x1 - x0) * 0.12, y + 0.05),
                               fill=(250, 214, 120) if lights and (wx + wy + i) % 3 == 0 else (60, 64, 76))
    draw.rectangle((0, horizon, w, h), fill=ground)
    for k in range(7):
        x = 0.06 + k * 0.145
        draw.rectangle(box(w, h, x, 0.5, x + 0.006, 0.88), fill=(40, 40, 44))
        draw.ellipse(box(w, h, x - 0.012, 0.48, x + 0.018, 0.52),
                     fill=(255, 236, 170) if lights and k % 2 == 0 else (90, 90, 96))
    return img


def pumping_station(size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = gradient(size, (150, 190, 225), (225, 232, 236))
    draw = ImageDraw.Draw(img)
    draw.rectangle(box(w, h, 0, 0.66, 1, 1), fill=(96, 132, 84))
    draw.rectangle(box(w, h, 0.0, 0.78, 1.0, 0.9), fill=(84, 130, 170))  # the river
    draw.rectangle(box(w, h, 0.25, 0.36, 0.7, 0.74), fill=(196, 170, 140))
    draw.polygon([(int(w * 0.22), int(h * 0.37)), (int(w * 0.475), int(h * 0.2)), (int(w * 0.73), int(h * 0.37))],
                 fill=(150, 70, 56))
    for i in range(4):
        x = 0.3 + i * 0.1
        draw.rounded_rectangle(box(w, h, x, 0.46, x + 0.05, 0.62), radius=w // 80, fill=(70, 84, 98))
    draw.rectangle(box(w, h, 0.74, 0.52, 0.95, 0.74), fill=(150, 156, 160))
    for i in range(3):
        draw.line(box(w, h, 0.74, 0.56 + i * 0.06, 0.95, 0.56 + i * 0.06), fill=(90, 96, 100), width=max(3, w // 300))
    draw.rectangle(box(w, h, 0.1, 0.6, 0.13, 0.74), fill=(92, 64, 44))
    draw.ellipse(box(w, h, 0.04, 0.44, 0.19, 0.64), fill=(48, 104, 58))
    return img


def town_hall(size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = gradient(size, (110, 160, 220), (230, 230, 226))
    draw = ImageDraw.Draw(img)
    draw.rectangle(box(w, h, 0, 0.78, 1, 1), fill=(170, 160, 146))
    draw.rectangle(box(w, h, 0.12, 0.34, 0.88, 0.8), fill=(226, 214, 190))
    draw.polygon([(int(w * 0.08), int(h * 0.35)), (int(w * 0.5), int(h * 0.12)), (int(w * 0.92), int(h * 0.35))],
                 fill=(80, 84, 96))
    draw.ellipse(box(w, h, 0.45, 0.2, 0.55, 0.3), fill=(246, 246, 240), outline=(40, 40, 40), width=4)
    for row in range(2):
        for col in range(5):
            x = 0.17 + col * 0.14
            y = 0.42 + row * 0.17
            draw.rectangle(box(w, h, x, y, x + 0.07, y + 0.11), fill=(74, 96, 120))
    draw.rectangle(box(w, h, 0.46, 0.64, 0.54, 0.8), fill=(90, 58, 40))
    for x, c in ((0.47, (0, 85, 164)), (0.5, (250, 250, 250)), (0.53, (239, 65, 53))):
        draw.rectangle(box(w, h, x, 0.05, x + 0.03, 0.1), fill=c)
    return img


def pool(size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = gradient(size, (220, 228, 232), (160, 176, 184))
    draw = ImageDraw.Draw(img)
    for i in range(6):  # the roof's glulam beams
        y = 0.04 + i * 0.07
        draw.line(box(w, h, 0, y + 0.05, 1, y), fill=(160, 116, 72), width=max(6, w // 90))
    draw.rectangle(box(w, h, 0, 0.5, 1, 1), fill=(60, 150, 196))
    for i in range(5):
        x = 0.1 + i * 0.2
        draw.line(box(w, h, x, 0.5, x - 0.06, 1.0), fill=(240, 240, 240), width=max(4, w // 150))
    for i in range(4):
        draw.ellipse(box(w, h, 0.15 + i * 0.22, 0.62 + (i % 2) * 0.12, 0.2 + i * 0.22, 0.65 + (i % 2) * 0.12),
                     fill=(230, 180, 150))
    return img


def workshop(size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = gradient(size, (238, 232, 220), (200, 190, 176))
    draw = ImageDraw.Draw(img)
    draw.rectangle(box(w, h, 0, 0.72, 1, 1), fill=(150, 130, 110))
    for i in range(3):
        x = 0.08 + i * 0.31
        draw.rectangle(box(w, h, x, 0.52, x + 0.24, 0.57), fill=(120, 84, 52))
        for leg in (0.01, 0.22):
            draw.rectangle(box(w, h, x + leg, 0.57, x + leg + 0.015, 0.8), fill=(90, 60, 40))
        for p in range(3):
            px = x + 0.03 + p * 0.075
            draw.ellipse(box(w, h, px, 0.26, px + 0.05, 0.36), fill=(214, 170, 140))
            draw.rectangle(box(w, h, px - 0.01, 0.36, px + 0.06, 0.52), fill=((40, 80, 140), (160, 50, 60),
                                                                           (60, 120, 80))[(i + p) % 3])
    return img


def greenhouse(size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = gradient(size, (150, 200, 236), (230, 236, 220))
    draw = ImageDraw.Draw(img)
    draw.rectangle(box(w, h, 0, 0.75, 1, 1), fill=(120, 100, 70))
    draw.pieslice(box(w, h, 0.1, 0.25, 0.9, 1.2), 180, 360, fill=(206, 228, 224), outline=(120, 140, 140), width=6)
    for i in range(7):
        x = 0.15 + i * 0.11
        draw.ellipse(box(w, h, x, 0.55, x + 0.07, 0.72), fill=(56, 132, 64))
    return img


# -- maps and charts ----------------------------------------------------------------------------------


def lighting_map(size: tuple[int, int]) -> Image.Image:
    """A city's lighting zones: all night, switched off 1 h–5 h, switched off all night."""
    w, h = size
    img = Image.new("RGB", size, (244, 241, 234))
    draw = ImageDraw.Draw(img)
    draw.line([(0, int(h * 0.55)), (int(w * 0.3), int(h * 0.5)), (int(w * 0.55), int(h * 0.62)),
               (w, int(h * 0.58))], fill=(120, 170, 210), width=max(10, w // 70))  # the river
    zones = (
        ((0.36, 0.3), (0.58, 0.26), (0.66, 0.46), (0.52, 0.6), (0.34, 0.52)),
        ((0.1, 0.12), (0.36, 0.1), (0.36, 0.3), (0.34, 0.52), (0.12, 0.46)),
        ((0.58, 0.26), (0.88, 0.16), (0.92, 0.5), (0.66, 0.46)),
        ((0.12, 0.6), (0.34, 0.56), (0.52, 0.64), (0.6, 0.9), (0.16, 0.9)),
        ((0.52, 0.64), (0.9, 0.62), (0.88, 0.9), (0.6, 0.9)),
    )
    colours = ((244, 190, 60), (130, 140, 190), (130, 140, 190), (60, 70, 120), (130, 140, 190))
    for zone, colour in zip(zones, colours, strict=True):
        draw.polygon([(int(w * x), int(h * y)) for x, y in zone], fill=colour, outline=(255, 255, 255), width=4)
    label = font(max(18, w // 50), bold=True)
    for (x, y), text in (((0.45, 0.4), "Centre"), ((0.2, 0.28), "Nord"), ((0.74, 0.34), "Port"),
                         ((0.3, 0.75), "Sud"), ((0.72, 0.76), "Zone d'activités")):
        draw.text((int(w * x), int(h * y)), text, fill=(20, 20, 30), font=label, anchor="mm")
    legend = font(max(14, w // 70))
    for i, (colour, text) in enumerate(zip(((244, 190, 60), (130, 140, 190), (60, 70, 120)),
                                           ("Éclairé toute la nuit", "Éteint de 1 h à 5 h", "Éteint toute la nuit"),
                                           strict=True)):
        y = int(h * (0.04 + i * 0.035))
        draw.rectangle((int(w * 0.62), y, int(w * 0.65), y + int(h * 0.025)), fill=colour)
        draw.text((int(w * 0.66), y), text, fill=(30, 30, 30), font=legend)
    draw.text((int(w * 0.04), int(h * 0.95)), "0        1 km", fill=(30, 30, 30), font=legend)
    draw.line((int(w * 0.04), int(h * 0.94), int(w * 0.13), int(h * 0.94)), fill=(30, 30, 30), width=4)
    return img


def heat_map(size: tuple[int, int]) -> Image.Image:
    """A valley: the river, the villages, the heat networks drawn as thick lines."""
    w, h = size
    img = Image.new("RGB", size, (236, 240, 228))
    draw = ImageDraw.Draw(img)
    for i in range(6):  # contour lines of the hills
        draw.arc(box(w, h, -0.3 - i * 0.05, -0.2 - i * 0.05, 0.5 + i * 0.05, 0.5 + i * 0.05), 0, 90,
                 fill=(200, 190, 160), width=3)
        draw.arc(box(w, h, 0.5 - i * 0.05, 0.5 - i * 0.05, 1.3 + i * 0.05, 1.2 + i * 0.05), 180, 270,
                 fill=(200, 190, 160), width=3)
    draw.line([(0, int(h * 0.2)), (int(w * 0.3), int(h * 0.35)), (int(w * 0.5), int(h * 0.5)),
               (int(w * 0.75), int(h * 0.62)), (w, int(h * 0.8))], fill=(100, 160, 210), width=max(12, w // 60))
    villages = ((0.18, 0.2, "Saillans"), (0.42, 0.36, "Pontaix"), (0.6, 0.62, "Vercheny"), (0.82, 0.55, "Aurel"),
                (0.3, 0.6, "Espenel"))
    label = font(max(18, w // 45), bold=True)
    for x, y, name in villages:
        draw.ellipse(box(w, h, x - 0.015, y - 0.015, x + 0.015, y + 0.015), fill=(40, 40, 40))
        draw.text((int(w * x), int(h * (y - 0.04))), name, fill=(20, 20, 20), font=label, anchor="mm")
    for a, b in ((0, 1), (1, 4), (2, 3)):
        (x0, y0, _), (x1, y1, _) = villages[a], villages[b]
        draw.line([(int(w * x0), int(h * y0)), (int(w * x1), int(h * y1))], fill=(214, 70, 40), width=max(8, w // 90))
    legend = font(max(14, w // 60))
    draw.line((int(w * 0.05), int(h * 0.9), int(w * 0.12), int(h * 0.9)), fill=(214, 70, 40), width=max(8, w // 90))
    draw.text((int(w * 0.14), int(h * 0.9)), "Réseau de chaleur (bois)", fill=(20, 20, 20), font=legend, anchor="lm")
    return img


def bar_chart(size: tuple[int, int]) -> Image.Image:
    """Energy used by the public buildings of a valley, 2019-2024 (GWh)."""
    w, h = size
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    values = ((2019, 14.2), (2020, 12.9), (2021, 13.4), (2022, 11.1), (2023, 9.8), (2024, 9.1))
    base, left = int(h * 0.85), int(w * 0.1)
    draw.line((left, base, w - int(w * 0.04), base), fill=(40, 40, 40), width=3)
    small = font(max(16, w // 40))
    for i, (year, value) in enumerate(values):
        x = left + int(w * 0.03) + i * int(w * 0.145)
        top = base - int(value / 16 * h * 0.7)
        draw.rectangle((x, top, x + int(w * 0.1), base), fill=(0, 110, 120) if year < 2022 else (220, 110, 40))
        draw.text((x + int(w * 0.05), base + int(h * 0.05)), str(year), fill=(40, 40, 40), font=small, anchor="mm")
        draw.text((x + int(w * 0.05), top - int(h * 0.04)), f"{value:.1f}".replace(".", ","), fill=(40, 40, 40),
                  font=small, anchor="mm")
    draw.text((left, int(h * 0.04)), "GWh par an", fill=(40, 40, 40), font=small)
    return img


def line_chart(size: tuple[int, int]) -> Image.Image:
    """Hours of public lighting per night, by month, before and after the switch-off."""
    w, h = size
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    left, right, top, base = int(w * 0.08), int(w * 0.96), int(h * 0.1), int(h * 0.85)
    draw.line((left, base, right, base), fill=(40, 40, 40), width=3)
    draw.line((left, top, left, base), fill=(40, 40, 40), width=3)
    before = (15.2, 13.9, 12.1, 10.4, 8.9, 8.1, 8.5, 9.8, 11.4, 13.0, 14.6, 15.6)
    after = (11.2, 9.9, 8.1, 6.4, 4.9, 4.1, 4.5, 5.8, 7.4, 9.0, 10.6, 11.6)
    small = font(max(16, w // 48))
    for series, colour in ((before, (120, 120, 130)), (after, (0, 110, 120))):
        points = [(left + int((right - left) * (i + 0.5) / 12), base - int(v / 17 * (base - top)))
                  for i, v in enumerate(series)]
        draw.line(points, fill=colour, width=max(5, w // 200))
        for x, y in points:
            draw.ellipse((x - 7, y - 7, x + 7, y + 7), fill=colour)
    for i, month in enumerate("JFMAMJJASOND"):
        draw.text((left + int((right - left) * (i + 0.5) / 12), base + int(h * 0.05)), month, fill=(40, 40, 40),
                  font=small, anchor="mm")
    draw.text((left + 12, top - int(h * 0.06)), "heures par nuit", fill=(40, 40, 40), font=small)
    return img


# -- the files ---------------------------------------------------------------------------------------


def write_all(folder: Path = IMAGES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []

    def save(name: str, img: Image.Image, **options) -> None:
        path = folder / name
        img.save(path, **options)
        out.append(path)

    jpeg = {"format": "JPEG", "quality": 55, "optimize": True}
    save("portrait-kessler.jpg", portrait((1900, 2800), (120, 40, 52), (40, 30, 28), (214, 200, 178)), **jpeg)
    save("portrait_martin.jpg", portrait((1900, 2800), (50, 70, 60), (150, 150, 150), (190, 206, 214)), **jpeg)
    save("gand-beffroi.jpg", town((1800, 1200), (44, 58, 110), (70, 70, 76), lights=True), **jpeg)
    save("dossier-ouverture.jpg", town((1800, 1200), (150, 196, 236), (120, 150, 90), lights=False), **jpeg)
    save("station de pompage.jpg", pumping_station((1800, 1100)), **jpeg)
    save("Photo Mairie FINAL (2).JPG", town_hall((1000, 750)), **jpeg)
    save("piscine.jpg", pool((1400, 2100)), **jpeg)
    save("lampadaires.jpg", town((1800, 800), (236, 170, 110), (90, 86, 84), lights=True), **jpeg)
    save("atelier.jpg", workshop((1800, 900)), **jpeg)
    save("serre.jpg", greenhouse((1000, 750)), **jpeg)
    save("carte-gand.png", lighting_map((1600, 1140)).quantize(16), format="PNG",
         optimize=True)
    save("carte-reseaux.png", heat_map((1400, 2000)).quantize(16), format="PNG", optimize=True)
    save("graphique-consommation.png", bar_chart((1000, 700)).quantize(16), format="PNG", optimize=True)
    save("graphique-eclairage.png", line_chart((1600, 800)).quantize(16), format="PNG", optimize=True)
    return out


if __name__ == "__main__":
    for written in write_all():
        print(f"{written.relative_to(HERE)}: {written.stat().st_size:,} bytes")
