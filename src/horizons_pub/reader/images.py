"""Checks the images an article names: inside the issue folder, present, real images, of sane size."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from PIL import Image

from ..support.diagnostics import Reporter
from ..model.nodes import Pos
from ..support.mediatypes import IMAGE_FORMATS

MAX_PIXELS = 60_000_000  # a 300 dpi double-page spread is about 25 MP


class ImageChecker:
    def __init__(self, issue_dir: Path, reporter: Reporter):
        self.issue_dir = issue_dir.resolve()
        self.reporter = reporter

    def check(self, src: str, pos: Pos) -> str:
        """Return the image path relative to the issue folder, reporting what is wrong with it."""
        rep = self.reporter
        if not src:
            rep.error("image.missing", "an image without a file name", pos)
            return src
        if "://" in src or src.lower().startswith(("data:", "file:", "mailto:", "javascript:")):
            rep.error("image.remote", f"the image '{src}' is not a file of the issue: copy it into images/ "
                      "(nothing is fetched from the network)", pos)
            return src
        if os.path.isabs(src) or src.startswith("~"):
            rep.error("image.absolute", f"the image path '{src}' is absolute: name it relative to the issue "
                      "folder, e.g. images/photo.jpg", pos)
            return src
        target = (self.issue_dir / src).resolve()
        if not target.is_relative_to(self.issue_dir):
            rep.error("image.outside", f"the image path '{src}' leaves the issue folder: copy the image into the "
                      "issue's images/ folder and write images/<file name>", pos)
            return src
        rel = target.relative_to(self.issue_dir).as_posix()
        if not target.is_file():
            rep.error("image.missing", f"the image '{src}' does not exist in the issue folder", pos)
            return rel
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(target) as img:
                    fmt, (width, height) = img.format, img.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            rep.error("image.too-large", f"the image '{src}' is too large (over {MAX_PIXELS:,} pixels)", pos)
            return rel
        except (OSError, ValueError):
            rep.error("image.invalid", f"'{src}' is not an image that can be read (PNG, JPEG, GIF or WebP)", pos)
            return rel
        if fmt not in IMAGE_FORMATS:
            rep.error("image.format", f"'{src}' is a {fmt} image: use PNG, JPEG, GIF or WebP", pos)
        elif width * height > MAX_PIXELS:
            rep.error("image.too-large", f"the image '{src}' is {width} × {height} pixels: reduce it to "
                      f"under {MAX_PIXELS:,} pixels", pos)
        return rel


def media_type(path: Path) -> str:
    with Image.open(path) as img:
        return IMAGE_FORMATS[img.format]
