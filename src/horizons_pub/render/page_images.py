"""A PDF's pages as images of their trim box (pypdfium2): what a reader sees of the page, no bleed, no
crop marks.  The flatplan's thumbnails and the preview's pages are drawn here."""

from __future__ import annotations

import io
from pathlib import Path


def trim_images(pdf: Path | bytes, width: int | None = None, height: int | None = None) -> list:
    """Every page's trim box as an RGB PIL image ``width`` pixels wide (or ``height`` pixels tall); every
    image of the size of the first page's, so that a spread's pages match."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)
    try:
        images = []
        size = None
        for index in range(len(doc)):
            page = doc[index]
            left, bottom, right, top = page.get_trimbox()
            c_left, c_bottom, c_right, c_top = page.get_cropbox()  # what pdfium renders
            crop = (max(0.0, left - c_left), max(0.0, bottom - c_bottom), max(0.0, c_right - right),
                    max(0.0, c_top - top))
            scale = width / (right - left) if width else height / (top - bottom)
            image = page.render(scale=scale, crop=crop, may_draw_forms=False).to_pil().convert("RGB")
            if size is None:
                size = ((width, round(width * (top - bottom) / (right - left))) if width
                        else (round(height * (right - left) / (top - bottom)), height))
            if image.size != size:
                image = image.resize(size)
            images.append(image)
            page.close()
        return images
    finally:
        doc.close()


def png_bytes(image, optimize: bool = False, compress_level: int = 6) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=optimize, compress_level=compress_level)
    return buffer.getvalue()
