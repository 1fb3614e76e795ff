"""The effective resolution of every photo as the print PDF places it, said at the figure's line."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ...model.nodes import Issue
from ...model.walk import iter_figures
from ...reader.images import MAX_BYTES
from ...support.diagnostics import Reporter
from ...support.sourcefile import SourceFileError, read_inside
from .placements import Placement

WANTED = 250  # ppi: below it, a photo prints visibly soft
MM = 25.4 / 72


def report_low_resolution(issue: Issue, placements: tuple[Placement, ...], folios: list[int],
                          reporter: Reporter) -> None:
    """A warning ``image.low-resolution`` (an error under --strict) for each figure placed under WANTED ppi."""
    figures = _figures_by_size(issue)
    said: set[tuple[str, int]] = set()
    for p in sorted(placements, key=lambda p: p.page):
        if p.ppi >= WANTED or p.width_px * p.height_px < 64:  # a rule or a dot is not a photo
            continue
        for fig in figures.get((p.width_px, p.height_px), []):
            folio = folios[p.page] if p.page < len(folios) else p.page + 1
            if (fig.src, folio) in said:
                continue
            said.add((fig.src, folio))
            reporter.warning("image.low-resolution",
                             f"{fig.src} prints at {p.ppi:.0f} ppi on page {folio} ({p.width_px} × {p.height_px} px "
                             f"over {p.width_pt * MM:.0f} × {p.height_pt * MM:.0f} mm): print needs {WANTED} ppi; "
                             "ask for a larger picture or place it smaller", fig.pos)


def _figures_by_size(issue: Issue) -> dict[tuple[int, int], list]:
    found: dict[tuple[int, int], list] = {}
    for article in issue.articles:
        for fig in iter_figures(article.blocks):
            size = _pixel_size(Path(issue.folder), fig.src)
            if size is not None:
                found.setdefault(size, []).append(fig)
    return found


def _pixel_size(folder: Path, src: str) -> tuple[int, int] | None:
    """The picture's size as displayed (EXIF rotations applied, as WeasyPrint applies them)."""
    try:  # read as the reader checked it (support/sourcefile.py)
        with Image.open(io.BytesIO(read_inside(folder, src, MAX_BYTES))) as picture:
            width, height = picture.size
            if picture.getexif().get(0x0112) in (5, 6, 7, 8):
                width, height = height, width
            return width, height
    except (OSError, UnidentifiedImageError, ValueError, SourceFileError):
        return None  # an SVG, or a picture the reader already refused
