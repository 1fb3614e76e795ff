"""The renderers by output format name (see build.Renderer)."""

from __future__ import annotations

from functools import partial

from .epub import render_epub
from .pdf import render_pdf

RENDERERS = {
    "epub": render_epub,
    "print": partial(render_pdf, variant="print"),
    "pdf": partial(render_pdf, variant="pdf"),
}
