"""The EPUB's figures: each image the documents show, made fit for a screen (``render/images_screen.py``)
and stored under a name every reading system and EPUBCheck accept.

The source format allows any file name in the issue folder (spaces, accents, capitals:
``<images/Portrait Maire.JPG>``); inside the EPUB a space is an invalid URL in the OPF (EPUBCheck's
RSC-020) and a warning in the zip (PKG-010).  So each image is named ``images/<safe name>``: ASCII
letters, digits, ``-``, ``_`` and ``.``, the ending its format's (``.jpg``, ``.png``…), unique even
when case is ignored; a name already safe stays as it is (``images/schema.png``).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from ebooklib import epub

from ...model.nodes import Issue
from ...reader.images import MAX_BYTES, first_frame, media_type
from ...support.sourcefile import read_inside
from ..images_screen import screen_image
from ..profiles import cmyk_profile
from .documents import COVER_IMAGE, Doc
from .package import uid

FOLDER = "images/"
ENDINGS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def add_images(book: epub.EpubBook, issue: Issue, issue_dir: Path, docs: list[Doc], cache: Path | None) -> None:
    """Add every image the documents show (once each), and point their ``<img>`` at it."""
    names: dict[str, str] = {}  # source path (relative to the issue folder) → name inside EPUB/
    taken = {COVER_IMAGE.lower()}
    profile = cmyk_profile(issue)
    for doc in docs:
        for img in doc.root.iter("img"):
            href = img.get("src")  # quoted by the writer (a URL); the source's file name is not
            if href.startswith("../"):
                continue  # the cover image
            src = unquote(href)
            if src not in names:
                data = first_frame(read_inside(issue_dir, src, MAX_BYTES))  # as the reader checked it; an MPO: a JPEG
                kind = media_type(data)
                name = epub_name(src, kind, taken)
                taken.add(name.lower())
                names[src] = name
                book.add_item(epub.EpubImage(uid=uid(src), file_name=name, media_type=kind,
                                             content=screen_image(data, kind, profile, cache)))
            img.set("src", f"../{names[src]}")


def epub_name(src: str, kind: str, taken: set[str]) -> str:
    """``images/<safe stem><ending>`` for the source path ``src``, not in ``taken`` (lower-cased names)."""
    stem, ending = posixpath.splitext(src.removeprefix(FOLDER))
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    safe = _UNSAFE.sub("-", ascii_.replace("/", "-")).strip("-.") or "image"
    ending = ENDINGS.get(kind, ending.lower() if _UNSAFE.search(ending) is None else "")
    name, n = f"{FOLDER}{safe}{ending}", 1
    while name.lower() in taken:
        n += 1
        name = f"{FOLDER}{safe}-{n}{ending}"
    return name
