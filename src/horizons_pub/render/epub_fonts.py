"""The EPUB's fonts: those its stylesheet declares, subset to the characters of the book."""

from __future__ import annotations

import io
import logging
import re

from fontTools import subset
from fontTools.ttLib import TTFont

from ..resources import fonts_dir

# fontTools reports, for every font, tables it cannot subset (Charis' Graphite tables): not our users' concern.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

_FONT_URL = re.compile(r"url\(\s*[\"']?\.\./(fonts/[^)\"']+)[\"']?\s*\)")
MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2", ".woff": "font/woff"}
# Always kept: digits and the punctuation the renderers and readers may add.
_ALWAYS = "0123456789 .,;:!?«»()[]–—…’‘“”\u00a0\u202f\u2009-*/#%&+=°"


def subset_fonts(css: str, text: str) -> list[tuple[str, str, bytes]]:
    """(name inside EPUB/, media type, bytes) for every font the CSS names."""
    chars = sorted(set(text) | set(_ALWAYS) | {c.upper() for c in text} | {c.lower() for c in text})
    out = []
    for name in dict.fromkeys(_FONT_URL.findall(css)):
        source = fonts_dir() / name.split("/", 1)[1]
        out.append((name, MEDIA_TYPES[source.suffix], _subset(source.read_bytes(), "".join(chars))))
    return out


def _subset(data: bytes, chars: str) -> bytes:
    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning, ligatures and small caps
    options.name_IDs = ["*"]  # keep the copyright and licence records (OFL)
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
