"""The thumbnails: which PDF the pages are drawn from, the trim box of each of its pages as an
image (pypdfium2), and ``flatplan/page-NNN.png`` written beside the HTML."""

from __future__ import annotations

from pathlib import Path

from ...model.identity import Edition, file_name
from ...model.nodes import Issue
from ...support.atomic import write_bytes
from .records import Plan
from ...render.page_images import png_bytes, trim_images

THUMBS_DIR = "flatplan"  # <out>/<issue>/flatplan/page-NNN.png
THUMB_DENSITY = 2  # thumbnails are rendered at twice their CSS size: sharp on high-density screens


def source_pdf(issue: Issue, out_dir: Path, pages: int) -> Path | None:
    """The print PDF (cropped to its trim box), or the screen PDF when only it has the layout's page count."""
    import pypdfium2

    candidates = [p for p in (out_dir / file_name(issue, Edition.PRINT), out_dir / file_name(issue, Edition.SCREEN))
                  if p.is_file()]
    for pdf in candidates:
        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            if len(doc) == pages:
                return pdf
        finally:
            doc.close()
    return candidates[0] if candidates else None


def render_thumbnails(pdf: Path, width: int) -> list:
    """Every page's trim box as a PIL image ``width`` pixels wide (all the same size)."""
    return trim_images(pdf, width=width)


def write_thumbnails(plan: Plan, thumbs: list, out_dir: Path) -> None:
    """``flatplan/page-NNN.png`` for every page of the plan (white for a page the PDF lacks), each page's
    ``thumb`` set to it; the files left by a longer, earlier layout removed."""
    from PIL import Image

    blank = None
    thumbs_dir = out_dir / THUMBS_DIR
    written: list[Path] = []
    for page in plan.pages:
        if page.folio - 1 < len(thumbs):
            image = thumbs[page.folio - 1]
        else:  # a page the PDF lacks
            blank = blank or Image.new("RGB", thumbs[0].size, "white")
            image = blank
        name = f"page-{page.folio:03d}.png"
        page.thumb = f"{THUMBS_DIR}/{name}"
        data = png_bytes(image)
        target = thumbs_dir / name
        if not target.is_file() or target.read_bytes() != data:
            write_bytes(target, data)
        written.append(target)
    keep = {p.name for p in written}
    for stale in thumbs_dir.glob("page-*.png"):  # the pages of a longer, earlier layout
        if stale.name not in keep:
            stale.unlink()
