"""Checks the images an article names: inside the issue folder, present, real images, of sane size."""

from __future__ import annotations

import io
import os
import threading
import warnings
from pathlib import Path

from PIL import Image, ImageFile, UnidentifiedImageError

from ..support.diagnostics import Reporter
from ..model.nodes import Pos
from ..support.mediatypes import IMAGE_FORMATS
from ..support.sourcefile import SourceFileError, check_name, read_regular, resolve_inside

MAX_PIXELS = 60_000_000  # a 300 dpi double-page spread is about 25 MP
MAX_BYTES = 200_000_000  # an image file's size


class ImageChecker:
    def __init__(self, issue_dir: Path, reporter: Reporter):
        self.issue_dir = Path(os.path.realpath(issue_dir))
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
        try:
            check_name(src)
            if not Path(os.path.realpath(self.issue_dir / src)).is_relative_to(self.issue_dir):
                raise SourceFileError("outside", "leaves the issue folder", "copy the image into the issue's images/ "
                                      "folder and write images/<file name>")
            target = resolve_inside(self.issue_dir, src)
            data = read_regular(target, MAX_BYTES)
        except SourceFileError as exc:
            if exc.kind == "missing":
                message = f"the image '{src}' does not exist in the issue folder"
            elif exc.kind in ("outside", "path"):  # a bad name shown short, its NUL as typed
                shown = src if exc.kind == "outside" else src[:60].replace("\x00", "%00") + "…" * (len(src) > 60)
                message = exc.sentence(f"the image path '{shown}'")
            else:
                message = exc.sentence(f"the image '{src}'")
            _report(rep, exc.kind, message, pos)
            return src
        rel = target.relative_to(self.issue_dir).as_posix()
        problem = decode_problem(data, src)
        if problem is not None:
            _report(rep, *problem, pos)
        return rel


#: the diagnostic of each kind of image problem (tests/test_diagnostic_codes.py reads them here)
IMAGE_CODES = {kind: f"image.{kind}" for kind in
               ("missing", "outside", "special", "loop", "too-large", "path", "damaged", "invalid", "format")}


def _report(rep: Reporter, kind: str, message: str, pos: Pos) -> None:
    rep.error(IMAGE_CODES.get(kind, "image.unreadable"), message, pos)


def decode_problem(data: bytes, src: str) -> tuple[str, str] | None:
    """(kind, message) when ``data`` is not an image the editions take, decoded whole; None when it is."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt, (width, height) = img.format, img.size
                if fmt in IMAGE_FORMATS or fmt == "MPO":
                    if width * height > MAX_PIXELS:  # from the header, before a pixel is decoded
                        return "too-large", (f"the image '{src}' is {width} × {height} pixels: reduce it to "
                                                   f"under {MAX_PIXELS:,} pixels")
                    _load_whole(img)  # the whole picture: a truncated JPEG or PNG fails here, not in the PDF
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too-large", f"the image '{src}' is too large (over {MAX_PIXELS:,} pixels)"
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        if not isinstance(exc, UnidentifiedImageError):  # opened by its header, its pixels could not be decoded
            return "damaged", f"'{src}' is damaged or cut short: export or copy the image again"
        return "invalid", f"'{src}' is not an image that can be read (PNG, JPEG, GIF or WebP)"
    if fmt not in IMAGE_FORMATS and fmt != "MPO":
        return "format", f"'{src}' is a {fmt} image: use PNG, JPEG, GIF or WebP"
    return None


_TRUNCATED = threading.Lock()


def _load_whole(img: Image.Image) -> None:
    """Decode every pixel, a missing byte an error: WeasyPrint, once imported, sets Pillow's
    ``LOAD_TRUNCATED_IMAGES`` for the whole process (it pads a cut image with grey), so it is unset here."""
    with _TRUNCATED:  # a process-wide setting: one reader at a time (check and the preview read on threads)
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            img.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def first_frame(data: bytes) -> bytes:
    """A phone camera's JPEG with a second picture (MPO) as the plain JPEG of its first picture: its bytes up
    to the first picture's end, without the MPF segment that announces the others; other bytes as they are."""
    if not data.startswith(b"\xff\xd8"):
        return data
    out, i = [b"\xff\xd8"], 2
    mpo = False
    while i + 4 <= len(data) and data[i] == 0xFF:
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        segment = data[i:i + 2 + length]
        if marker == 0xE2 and segment[4:8] == b"MPF\x00":
            mpo = True
        else:
            out.append(segment)
        i += 2 + length
        if marker == 0xDA:  # start of scan: the entropy-coded data, in which 0xFF is followed by 0x00 or RSTn
            end = data.find(b"\xff\xd9", i)
            if not mpo or end < 0:
                return data
            out.append(data[i:end + 2])
            return b"".join(out)
    return data


def media_type(data: bytes) -> str:
    """The media type of the bytes of an image the reader accepted (an MPO is a JPEG)."""
    with Image.open(io.BytesIO(data)) as img:
        return IMAGE_FORMATS.get(img.format, "image/jpeg" if img.format == "MPO" else "application/octet-stream")
