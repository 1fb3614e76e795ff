"""What the preview's page images cost: every part PDF of a build's cache drawn as the press draws them.

    python benchmarks/page_images.py OUT/ISSUE/.cache/parts

(after ``horizons-pub build ISSUE --out OUT``; the print parts, or the screen parts, whichever are there).
Prints the CPU milliseconds a page (median and largest) to draw it (pypdfium2, the trim box, 1100 pixels
tall) and write it and its thumbnail as PNG, the kilobytes a page of both images, and the kilobytes a page
of the part PDFs themselves (what PDF.js would have to fetch instead).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from horizons_pub.builder.press.records import PAGE_HEIGHT, THUMB_WIDTH
from horizons_pub.render.page_images import png_bytes, trim_images


def main(folder: Path) -> None:
    per_page, image_kb, pdf_kb = [], [], []
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"no part PDF in {folder}")
    for pdf in pdfs:
        data = pdf.read_bytes()
        started = time.process_time()
        images = trim_images(data, height=PAGE_HEIGHT)
        sizes = [len(png_bytes(i, compress_level=1))
                 + len(png_bytes(i.resize((THUMB_WIDTH, round(THUMB_WIDTH * i.height / i.width))), compress_level=1))
                 for i in images]
        per_page.append((time.process_time() - started) / len(images) * 1000)
        image_kb += [n / 1000 for n in sizes]
        pdf_kb.append(len(data) / len(images) / 1000)
    print(f"{len(pdfs)} part PDFs, {len(image_kb)} pages")
    print(f"drawing + PNG, CPU ms a page: median {statistics.median(per_page):.1f}, largest {max(per_page):.1f}")
    print(f"page image + thumbnail, kB a page: median {statistics.median(image_kb):.1f}, "
          f"all {sum(image_kb) / 1000:.1f} MB")
    print(f"part PDF, kB a page: median {statistics.median(pdf_kb):.1f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
