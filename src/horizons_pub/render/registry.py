"""The renderers by output format name (see build.Renderer)."""

from __future__ import annotations

from .epub import render_epub

RENDERERS = {
    "epub": render_epub,
}
