"""Laid-out pages read back as a reader sees them: lines with their boxes (poppler's pdftotext
-bbox-layout), page texts in reading order (pdftotext), placed pictures and small raised digits (pypdfium2),
and measures on them (text area used, lines printed over each other, words stranded on their line)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

MM = 72 / 25.4
#: The text area of a page (layouts/print/print.css @page margins: top 21 mm, bottom 20 mm, inner 21 mm,
#: outer 16 mm): the union of both page sides horizontally, 143 × 219 mm in area.
TEXT_AREA_MM = (16, 21, 164, 240)
TEXT_AREA = 143 * 219 * MM * MM


@dataclass(frozen=True)
class Line:
    words: tuple[str, ...]
    box: tuple[float, float, float, float]  # x0, y0 (from the top), x1, y1, in points


def bbox_pages(pdf: Path) -> list[list[list[Line]]]:
    """Each page's blocks, each block's lines, as poppler lays them out (pdftotext -bbox-layout)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: apt-get install poppler-utils")
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iterfind(".//x:page", ns):
        blocks = []
        for block in page.iterfind(".//x:block", ns):
            lines = []
            for line in block.iterfind("x:line", ns):
                words = tuple(w.text or "" for w in line.iterfind("x:word", ns))
                box = tuple(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
                lines.append(Line(words, box))
            blocks.append(lines)
        pages.append(blocks)
    return pages


def page_texts(pdf: Path) -> list[str]:
    """Each page's text in reading order (pdftotext, which also reads the list markers WeasyPrint draws)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: apt-get install poppler-utils")
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [normal(page) for page in out.split("\f")[:-1]]


def normal(text: str) -> str:
    """Spaces of every kind as one space, typographic apostrophes as straight ones."""
    return re.sub(r"[\s\u00a0\u202f\u2002\u2009]+", " ", text.replace("\u2019", "'")).strip()


def used_share(lines: list[Line], images: list[tuple[float, float, float, float]]) -> float:
    """The share of the text area covered by text lines and pictures (a 2 pt grid)."""
    x0, y0, x1, y1 = (v * MM for v in TEXT_AREA_MM)
    cols, rows = int((x1 - x0) / 2) + 1, int((y1 - y0) / 2) + 1
    grid = [bytearray(cols) for _ in range(rows)]
    for bx0, by0, bx1, by1 in [line.box for line in lines] + images:
        c0, c1 = max(0, int((bx0 - x0) / 2)), min(cols, int((bx1 - x0) / 2) + 1)
        for r in range(max(0, int((by0 - y0) / 2)), min(rows, int((by1 - y0) / 2) + 1)):
            grid[r][c0:c1] = b"\1" * (c1 - c0)
    return sum(sum(row) for row in grid) * 4 / TEXT_AREA


def page_images(pdf: Path) -> list[list[tuple[float, float, float, float]]]:
    """Each page's placed pictures, as boxes measured from the top of the page."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        out = []
        for page in doc:
            height = page.get_height()
            boxes = []
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4):
                left, bottom, right, top = obj.get_bounds()
                boxes.append((left, height - top, right, height - bottom))
            out.append(boxes)
        return out
    finally:
        doc.close()


def line_breaks(pdf: Path):
    """(folio, the last word of a line, the first word of the next line in its block) for every line break."""
    for folio, blocks in enumerate(bbox_pages(pdf), 1):
        for block in blocks:
            for a, b in itertools.pairwise(block):
                if a.words and b.words:
                    yield folio, a.words[-1].replace("\u2019", "'"), b.words[0].replace("\u2019", "'")


def calls_and_notes(pdf: Path) -> list[tuple[set[int], list[int]]]:
    """For each page: the numbers set small and raised in the text (note calls, and a few superscript
    digits such as m², which only make the check more lenient), and the note numbers printed at its foot
    (``N.`` then an en space, as the notes' marker is set)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    doc = pdfium.PdfDocument(str(pdf))
    out = []
    try:
        for page in doc:
            tp = page.get_textpage()
            n = tp.count_chars()
            chars = [(tp.get_text_range(i, 1), raw.FPDFText_GetFontSize(tp.raw, i)) for i in range(n)]
            body = sorted(size for c, size in chars if c.isalpha())
            median = body[len(body) // 2] if body else 0
            calls, run = set(), ""
            for c, size in chars + [(" ", median)]:
                if c.isdigit() and size < 0.72 * median:
                    run += c
                else:
                    if run:
                        calls.add(int(run))
                    run = ""
            text = "".join(c for c, _ in chars)
            notes = [int(m) for m in re.findall(r"(?:^|[\s\n])(\d{1,3})\.\u2002", text)]
            out.append((calls, notes))
    finally:
        doc.close()
    return out


def overprinted_lines(pdf: Path) -> list[tuple[int, str, str]]:
    """Pairs of laid-out lines printed over each other (a column's last lines over the notes, say)."""
    out = []
    for folio, blocks in enumerate(bbox_pages(pdf), 1):
        lines = [line for block in blocks for line in block if "".join(line.words).strip()]
        for i, a in enumerate(lines):
            for b in lines[i + 1:]:
                width = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
                height = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
                smaller = min(a.box[3] - a.box[1], b.box[3] - b.box[1])
                if width > 3 and smaller > 0 and height > 0.4 * smaller:
                    out.append((folio, " ".join(a.words)[:40], " ".join(b.words)[:40]))
    return out


def stranded_words(pdf: Path) -> list[tuple[int, str, str]]:
    """Two lines in a row holding one short word each, in a column of text (« du » / « comité » in a
    justified paragraph): a line broken where it should not be."""
    out = []
    for folio, blocks in enumerate(bbox_pages(pdf), 1):
        for block in blocks:
            width = max((line.box[2] - line.box[0] for line in block), default=0)
            for a, b in itertools.pairwise(block):
                if width > 100 and all(len(x.words) == 1 and x.box[2] - x.box[0] < 0.3 * width for x in (a, b)):
                    out.append((folio, a.words[0], b.words[0]))
    return out
