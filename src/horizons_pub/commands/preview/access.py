"""What the preview may serve: only what the rendered pages need, never the issue's sources.

- the issue's images that the rendered parts show (the ``src`` of their figures, relative to the issue
  folder), and no other file of the issue folder: not its Markdown, not ``issue.yaml``, not an image no
  figure uses;
- from ``layouts/``, the stylesheets and the preview's script (never the templates, nor ``new-issue/``,
  the sources ``horizons-pub new`` copies); from ``fonts/``, the fonts;
- from ``<out>/<issue>/``, the outputs a build and ``flatplan`` write (PDFs, EPUB, ``layout.json``,
  ``flatplan.html`` and its thumbnails), and never a file of the issue folder should ``--out`` hold it.

A path is checked before any file is looked at (:func:`clean_path`): a control character (``%00``), a
backslash, a ``.`` or ``..`` segment (``%2e%2e``), a segment longer than a file name can be: it is not a
file the preview serves, so the answer is 404, whatever the file system would say.  Hidden names are
served only when a page uses them (an issue's image); never from ``layouts/``, ``fonts/`` or the outputs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

MAX_TARGET = 2048  # characters of a request's target (path and query): longer is 414
MAX_SEGMENT = 255  # characters of one segment: no file name is longer

LAYOUT_SUFFIXES = frozenset({".css", ".js"})
LAYOUT_PRIVATE = frozenset({"new-issue"})  # sources for `horizons-pub new`, not the pages' styles
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2"})
OUTPUT_SUFFIXES = frozenset({".pdf", ".epub", ".json", ".html", ".png"})
THUMBS_DIR = "flatplan"  # <out>/<issue>/flatplan/page-NNN.png (commands/flatplan/thumbnails.py)

_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")
_SRC = re.compile(r'\bsrc="([^"]*)"')


def clean_path(path: str) -> tuple[str, ...] | None:
    """The segments of a decoded request path, or None when no file the preview serves can have it."""
    if _CONTROL.search(path) or "\ufffd" in path:
        return None
    segments = tuple(s for s in path.split("/") if s)
    if any(s in (".", "..") or len(s) > MAX_SEGMENT for s in segments):
        return None
    return segments


def page_images(pages: Mapping[str, str]) -> frozenset[str]:
    """The issue files the rendered parts show: each relative ``src`` of their HTML (a figure's image,
    named relative to the issue folder), decoded and normalised as :func:`clean_path` gives it."""
    found: set[str] = set()
    for markup in pages.values():
        for match in _SRC.finditer(markup):
            src = html.unescape(match.group(1))
            split = urlsplit(src)
            if split.scheme or split.netloc or src.startswith("/"):
                continue
            segments = [s for s in unquote(split.path).split("/") if s and s != "."]
            if segments and clean_path("/".join(segments)):  # "../x" leaves the issue: never served
                found.add("/".join(segments))
    return frozenset(found)


def layout_file(segments: tuple[str, ...]) -> bool:
    """A file of ``layouts/`` the pages use: a stylesheet or the preview's script."""
    return _visible(segments) and segments[0] not in LAYOUT_PRIVATE and _suffix(segments) in LAYOUT_SUFFIXES


def font_file(segments: tuple[str, ...]) -> bool:
    return _visible(segments) and _suffix(segments) in FONT_SUFFIXES


def output_file(segments: tuple[str, ...]) -> bool:
    """An output of the build or of ``flatplan`` in ``<out>/<issue>/``: a file at its top, or a thumbnail."""
    if not _visible(segments):
        return False
    if len(segments) == 1:
        return _suffix(segments) in OUTPUT_SUFFIXES
    return len(segments) == 2 and segments[0] == THUMBS_DIR and _suffix(segments) == ".png"


def _visible(segments: tuple[str, ...]) -> bool:
    return bool(segments) and not any(s.startswith(".") for s in segments)


def _suffix(segments: tuple[str, ...]) -> str:
    return PurePosixPath(segments[-1]).suffix.lower()
