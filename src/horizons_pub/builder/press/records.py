"""What the preview and its layout process (the press) say to each other: plain, picklable records."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model.nodes import Issue

#: The page images' height in pixels (a page of 26 cm at about 107 ppi: a spread fills a 1280 × 800
#: window, and stays sharp on a screen of twice its density at the spread's usual size), and the
#: thumbnails' width (the flatplan's, at twice its CSS size).
PAGE_HEIGHT = 1100
THUMB_WIDTH = 220


@dataclass(frozen=True)
class LayRequest:
    """Lay ``issue`` out in ``variant``; the parts of ``first`` (article ids: the ones just edited) first."""

    serial: int
    issue: Issue
    variant: str  # a name of render.pdf.variants.VARIANTS
    cache_dir: str | None  # <out>/<issue>/.cache: the parts the builds laid out, shared with them
    first: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageImage:
    """One page drawn: its image and thumbnail (PNG bytes), sent once; later answers name it by ``id``."""

    id: str  # a digest of the page image
    png: bytes
    thumb: bytes
    width: int
    height: int


@dataclass(frozen=True)
class PartPages:
    """A part of the pagination: its first folio and the images of its pages, in order."""

    key: str  # the part's key (an article id, "cover", "reserved-…")
    first: int
    images: tuple[str, ...]  # PageImage ids
    stale: bool = False  # a provisional answer: the part's previous layout, its folios about to move


@dataclass(frozen=True)
class Laid:
    """A pagination of one variant.  ``final`` False: provisional, the edited parts laid out anew and the
    parts they push shown as they were (``stale``) while they are laid out again; a final one follows."""

    serial: int
    variant: str
    final: bool
    parts: tuple[PartPages, ...]
    layout: bytes  # its layout.json (render.pdf.layout_file), the layout's diagnostics included
    images: tuple[PageImage, ...]  # the images this answer names that no earlier answer sent
    laid_out: tuple[str, ...]  # the parts laid out by WeasyPrint for this answer (not from memory or cache)
    seconds: float  # from the request to this answer
    drawing: float = 0.0  # of which drawing the new page images (seconds), for ``drawn`` pages
    drawn: int = 0
    keep: frozenset[str] = field(default_factory=frozenset)  # final: the image ids later answers may name


@dataclass(frozen=True)
class Failed:
    """The layout of a request failed (``message``: one line, for the preview's page and console)."""

    serial: int
    variant: str
    message: str
