"""The renderers by output format name (see build.Renderer)."""

from __future__ import annotations

from functools import partial

from .epub import render_epub
from .pdf import render_pdf

#: In build order: the PDFs first, so that the EPUB's page list follows the laid-out pages.
RENDERERS = {
    "pdf": partial(render_pdf, variant="pdf"),
    "print": partial(render_pdf, variant="print"),
    "epub": render_epub,
}
