"""The EPUB's fonts: those its stylesheet declares, subset to the characters of the book."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import uharfbuzz as hb

from ...support.cache import cached, key
from ...support.mediatypes import media_type
from ...support.resources import fonts_dir

FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "smcp", "c2sc", "onum", "lnum",
            "pnum", "tnum", "case", "frac", "sups"]
GRAPHITE = ["Silf", "Glat", "Gloc", "Feat", "Sill"]  # Charis' Graphite shaping: EPUB readers use OpenType

_FONT_URL = re.compile(r"url\(\s*[\"']?\.\./(fonts/[^)\"']+)[\"']?\s*\)")
# Always kept: digits and the punctuation the renderers and readers may add.
_ALWAYS = "0123456789 .,;:!?«»()[]–—…’‘“”\u00a0\u202f\u2009-*/#%&+=°"


def subset_fonts(css: str, text: str, cache: Path | None = None) -> list[tuple[str, str, bytes]]:
    """(name inside EPUB/, media type, bytes) for every font the CSS names (cached under ``cache``)."""
    seen = set(text)  # each character once: the cases of the book's characters, not of each occurrence
    chars = "".join(sorted(seen | set(_ALWAYS) | {c.upper() for c in seen} | {c.lower() for c in seen}))
    out = []
    for name in dict.fromkeys(_FONT_URL.findall(css)):
        source = fonts_dir() / name.split("/", 1)[1]
        data = source.read_bytes()
        subset_bytes = cached(cache, "fonts", key(data, chars, ",".join(FEATURES + GRAPHITE), version("uharfbuzz")), lambda: _subset(data, chars))
        out.append((name, media_type(source), subset_bytes))
    return out


def _tag(name: str) -> int:
    """An OpenType tag as HarfBuzz's sets hold it (four bytes, big-endian)."""
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def _subset(data: bytes, chars: str) -> bytes:
    """HarfBuzz's subsetter (uharfbuzz): milliseconds where fontTools takes seconds on Charis' tables."""
    face = hb.Face(data)
    request = hb.SubsetInput()
    for char in chars:
        request.unicode_set.add(ord(char))
    request.layout_feature_tag_set.update(_tag(t) for t in FEATURES)
    request.name_id_set.update(range(0, 26))  # keep the copyright and licence records (OFL)
    request.drop_table_tag_set.update(_tag(t) for t in GRAPHITE)
    subset_face = hb.subset(face, request)
    if subset_face is None:  # pragma: no cover - HarfBuzz fails only on broken fonts
        raise ValueError("HarfBuzz could not subset the font")
    return subset_face.blob.data
