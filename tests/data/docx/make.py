"""Regenerates the Word fixtures of tests/data/docx/ with the real tools (issue 18).

    .venv/bin/python tests/data/docx/make.py            # every fixture
    .venv/bin/python tests/data/docx/make.py --list F    # F's body paragraphs, numbered as the importer counts

The .docx files are kept in git, so the fast tests need neither LibreOffice nor pandoc; run this only to
change a fixture, then update expected/ by hand (see README.md) and check it with ``--check``:

    .venv/bin/python tests/data/docx/make.py --check     # each expected/*.md read and built as an EPUB

| fixture | made by | from |
| --- | --- | --- |
| pandoc.docx | pandoc (pypandoc-binary) | pandoc-source.md (pandoc's Markdown) and images/ |
| libreoffice.docx | LibreOffice headless | libreoffice-source.fodt (tracked changes, a comment) |
| libreoffice-clean.docx | LibreOffice headless | libreoffice-clean.fodt (the same, changes accepted, comment removed) |
| house-style.docx | python-docx | house_style.py: the magazine's own Word template styles (« HP … ») |
| Entretien Mme DUPONT v3 (relu) FINAL.docx | a copy | house-style.docx, a careless file name |

The pictures are drawn with Pillow, no randomness (images/: atelier.jpg, graphique.png, mairie.jpg).
libreoffice-source.fodt is written by hand (flat ODT XML: text, reviewable); this script refreshes the
base64 of its picture from images/mairie.jpg and derives libreoffice-clean.fodt from it with lxml
(changes accepted, comment deleted).
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
IMAGES = HERE / "images"
FONTS = HERE.parents[2] / "fonts"
#: Fixed dates in the files' metadata, so that a regeneration changes as few bytes as possible.
EPOCH = "1709290800"  # 2024-03-01 11:00 UTC
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- pictures -----------------------------------------------------------------------------------------


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("Inter-Bold.otf" if bold else "Inter-Regular.otf")), size)


def _gradient(size: tuple[int, int], top: tuple, bottom: tuple) -> Image.Image:
    mask = Image.linear_gradient("L").resize((16, 256))
    small = Image.composite(Image.new("RGB", (16, 256), bottom), Image.new("RGB", (16, 256), top), mask)
    return small.resize(size, Image.Resampling.BICUBIC)


def garden() -> Image.Image:
    """A shared garden at the foot of a block of flats: sky, a façade, wooden planters, people (JPEG)."""
    w, h = 1600, 1000
    img = _gradient((w, h), (150, 190, 225), (235, 240, 245))
    d = ImageDraw.Draw(img)
    d.rectangle((120, 80, 1480, 640), fill=(214, 200, 176))                      # the façade
    for row in range(4):
        for col in range(9):
            x, y = 180 + col * 145, 130 + row * 120
            d.rectangle((x, y, x + 80, y + 80), fill=(92, 110, 130))               # windows
    d.rectangle((0, 640, w, h), fill=(118, 150, 80))                              # the lawn
    for i in range(5):
        x = 100 + i * 300
        d.rectangle((x, 700, x + 220, 800), fill=(150, 105, 60), outline=(110, 75, 40), width=6)  # planters
        for j in range(6):
            d.ellipse((x + 15 + j * 34, 670, x + 45 + j * 34, 705), fill=(60, 130, 50))
    for i, colour in enumerate([(180, 40, 40), (40, 70, 160), (230, 180, 40), (90, 90, 90), (200, 90, 140)]):
        x = 230 + i * 290
        d.ellipse((x, 760, x + 46, 806), fill=(225, 190, 160))                     # heads
        d.rectangle((x - 8, 806, x + 54, 930), fill=colour)                        # bodies
    return img


def chart() -> Image.Image:
    """A bar chart: turnout in four cities, 2016-2023 (PNG, flat colours)."""
    w, h = 1600, 1000
    img = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text((80, 40), "Participation aux votes (%)", font=_font(44, bold=True), fill=(30, 30, 30))
    left, bottom, top = 140, 880, 160
    for pct in range(0, 11, 2):
        y = bottom - (bottom - top) * pct / 10
        d.line((left, y, w - 60, y), fill=(220, 220, 220), width=2)
        d.text((70, y - 16), str(pct), font=_font(30), fill=(90, 90, 90))
    data = {"Paris": 8.5, "Rennes": 6.1, "Grenoble": 3.4, "Villeurbanne": 4.0}
    colours = [(0, 94, 150), (240, 130, 0), (60, 150, 80), (150, 60, 120)]
    for i, ((city, pct), colour) in enumerate(zip(data.items(), colours)):
        x = left + 80 + i * 340
        d.rectangle((x, bottom - (bottom - top) * pct / 10, x + 200, bottom), fill=colour)
        d.text((x, bottom + 20), city, font=_font(34), fill=(30, 30, 30))
    return img


def town_hall() -> Image.Image:
    """A town hall on its square at noon (JPEG), for the LibreOffice fixtures."""
    w, h = 1600, 1000
    img = _gradient((w, h), (120, 170, 220), (220, 230, 240))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 760, w, h), fill=(170, 160, 150))                             # the square
    d.rectangle((300, 300, 1300, 760), fill=(232, 222, 200))                      # the building
    d.polygon([(260, 300), (800, 120), (1340, 300)], fill=(90, 100, 120))         # the roof
    d.rectangle((740, 40, 860, 200), fill=(232, 222, 200))                        # the belfry
    d.ellipse((765, 70, 835, 140), fill=(250, 250, 245), outline=(60, 60, 60), width=4)
    for col in range(6):
        x = 360 + col * 160
        d.rectangle((x, 380, x + 80, 500), fill=(70, 90, 110))
        if col not in (2, 3):
            d.rectangle((x, 580, x + 80, 700), fill=(70, 90, 110))
    d.rectangle((720, 560, 880, 760), fill=(110, 70, 40))                          # the door
    for x in (520, 1080):
        d.rectangle((x, 180, x + 6, 300), fill=(80, 80, 80))
        d.rectangle((x + 6, 180, x + 66, 220), fill=(0, 60, 160) if x == 520 else (200, 30, 40))  # flags
    return img


def write_images() -> None:
    IMAGES.mkdir(exist_ok=True)
    garden().save(IMAGES / "atelier.jpg", format="JPEG", quality=82, optimize=True)
    chart().save(IMAGES / "graphique.png", format="PNG", optimize=True)
    town_hall().save(IMAGES / "mairie.jpg", format="JPEG", quality=82, optimize=True)


# -- 1. pandoc ----------------------------------------------------------------------------------------


def make_pandoc() -> None:
    import pypandoc

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    pypandoc.convert_file(str(HERE / "pandoc-source.md"), "docx", format="markdown",
                          outputfile=str(HERE / "pandoc.docx"), extra_args=[f"--resource-path={IMAGES}"])


# -- 2. LibreOffice -----------------------------------------------------------------------------------


ODF = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}


def refresh_picture(fodt: Path, picture: Path) -> None:
    """Put ``picture``'s base64 in the .fodt's one office:binary-data (the .fodt stays text otherwise)."""
    text = fodt.read_text(encoding="utf-8")
    head, rest = text.split("<office:binary-data>", 1)
    _, tail = rest.split("</office:binary-data>", 1)
    data = base64.encodebytes(picture.read_bytes()).decode("ascii")
    fodt.write_text(f"{head}<office:binary-data>{data}</office:binary-data>{tail}", encoding="utf-8")


def accept_changes(source: Path, target: Path) -> None:
    """``target``: ``source`` once its tracked changes are accepted and its comments deleted."""
    from lxml import etree

    tree = etree.parse(str(source))
    q = lambda name: "{%s}%s" % (ODF[name.split(":")[0]], name.split(":")[1])  # noqa: E731
    for changes in tree.iter(q("text:tracked-changes")):
        changes.getparent().remove(changes)
    for name in ("text:change-start", "text:change-end", "text:change", "office:annotation",
                 "office:annotation-end"):
        for mark in list(tree.iter(q(name))):
            parent, tail = mark.getparent(), mark.tail or ""
            previous = mark.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(mark)
    note = ("<!-- The LibreOffice fixture of issue 18 as the editor has it after accepting the tracked changes and"
            " deleting the comment: written by make.py from libreoffice-source.fodt, do not edit. -->\n")
    body = etree.tostring(tree.getroot(), encoding="unicode")
    target.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + note + body + "\n", encoding="utf-8")


def make_libreoffice() -> None:
    source, clean = HERE / "libreoffice-source.fodt", HERE / "libreoffice-clean.fodt"
    refresh_picture(source, IMAGES / "mairie.jpg")
    accept_changes(source, clean)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        for fodt, target in ((source, "libreoffice.docx"), (clean, "libreoffice-clean.docx")):
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(fodt)],
                           check=True, capture_output=True, timeout=180)
            shutil.copyfile(Path(tmp) / f"{fodt.stem}.docx", HERE / target)


def fix_zip_dates(path: Path) -> None:
    """Every entry of the .docx dated EPOCH (LibreOffice and python-docx write the time of the run), so
    that a regeneration gives the same bytes when nothing changed."""
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 3, 1, 11, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            z.writestr(fixed, data)


# -- paragraphs, as the importer counts them --------------------------------------------------------------


def body_paragraphs(path: Path) -> list[tuple[int, str, str]]:
    """(number, style id, text) of every w:p of word/document.xml's body in document order, 1-based."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(f"{{{W_NS}}}body")
    out = []
    for n, p in enumerate(body.iter(f"{{{W_NS}}}p"), 1):
        style = p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t", f"{{{W_NS}}}delText"))
        out.append((n, style.get(f"{{{W_NS}}}val") if style is not None else "", text))
    return out


def list_paragraphs(path: Path) -> None:
    for n, style, text in body_paragraphs(path):
        print(f"{n:4} {style:<22} {text[:90]}")


# -- checking the expectations --------------------------------------------------------------------------


def extracted_images(path: Path) -> list[tuple[str, bytes]]:
    """The pictures of ``path`` in their order in the text, named as the importer names them:
    ``image1.jpg``, ``image2.png``… (the extension from the format, ``.jpg`` for JPEG)."""
    from lxml import etree

    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as z:
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        root = etree.fromstring(z.read("word/document.xml"))
        out = []
        for blip in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
            data = z.read("word/" + targets[blip.get(f"{{{rel_ns}}}embed")].lstrip("/").removeprefix("word/"))
            kind = Image.open(io.BytesIO(data)).format
            out.append((f"image{len(out) + 1}.{'jpg' if kind == 'JPEG' else kind.lower()}", data))
    return out


def check_expected() -> int:
    """Each expected/<id>.md read by the project's reader, then built as an EPUB, in a temporary issue
    holding the pictures extracted from <id>.docx as images/<id>/imageN.ext."""
    sys.path.insert(0, str(HERE.parents[2]))
    from tests.helpers import load, messages, write_issue

    failures = 0
    for md in sorted((HERE / "expected").glob("*.md")):
        art_id = md.stem
        with tempfile.TemporaryDirectory() as tmp:
            images = {f"images/{art_id}/{name}": data for name, data in extracted_images(HERE / f"{art_id}.docx")}
            folder = write_issue(Path(tmp), {art_id: md.read_bytes()}, extra_files=images)
            issue, reporter = load(folder)
            found = messages(reporter)
            build = subprocess.run([str(Path(sys.executable).with_name("horizons-pub")), "build", "--format",
                                    "epub", str(folder), "--out", str(Path(tmp) / "out")],
                                   capture_output=True, text=True)
            ok = issue is not None and not found and build.returncode == 0
            failures += not ok
            print(f"{md.name}: {'ok' if ok else 'FAILED'} ({len(images)} images)")
            for line in found + ([build.stdout + build.stderr] if build.returncode else []):
                print("   ", line)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", type=Path, metavar="DOCX", help="print the body paragraphs of DOCX, numbered")
    parser.add_argument("--check", action="store_true", help="read and build each expected/*.md")
    args = parser.parse_args()
    if args.list:
        list_paragraphs(args.list)
        return
    if args.check:
        raise SystemExit(check_expected())
    write_images()
    make_pandoc()
    make_libreoffice()
    from house_style import make_house_style  # 3. python-docx: the magazine's template (house_style.py)

    make_house_style(HERE / "house-style.docx", IMAGES / "mairie.jpg")
    for name in ("libreoffice.docx", "libreoffice-clean.docx", "house-style.docx"):
        fix_zip_dates(HERE / name)
    shutil.copyfile(HERE / "house-style.docx", HERE / "Entretien Mme DUPONT v3 (relu) FINAL.docx")
    for docx in sorted(HERE.glob("*.docx")):
        print(f"{docx.name}: {docx.stat().st_size} bytes, {len(body_paragraphs(docx))} body paragraphs")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
