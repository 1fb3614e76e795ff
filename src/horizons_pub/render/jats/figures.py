"""The files of an article's figures, beside its JATS XML: ``articles/<id>/<safe name>``, which the
XML's ``graphic`` names by the relative address ``<id>/<safe name>``.

Their bytes are the screen editions' (``render/images_screen.py``: the EXIF orientation applied, CMYK
and wide-gamut RGB converted to sRGB, the long side at most 1600 px), not the source's: a platform
shows them on screens, and a press file in CMYK or a camera's turned JPEG is shown wrongly by a browser;
the source files themselves are kept by the archive (``reader/sources.py``).  A name is ASCII letters,
digits, ``-``, ``_`` and ``.``, its ending its format's, unique in its article even when case is ignored
(a space or an accent in a file name breaks many ingest tools)."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path

from ...model.identity import ARTICLES_DIR
from ...model.nodes import Article, Issue
from ...model.walk import iter_figures
from ...reader.images import MAX_BYTES, first_frame, media_type
from ...support.sourcefile import read_inside
from ..images_screen import screen_image
from ..profiles import cmyk_profile

ENDINGS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
           "image/svg+xml": ".svg"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def figure_sources(article: Article) -> list[str]:
    """The source paths of the article's figures, each once, in order (its notes' figures too)."""
    from ...model.walk import iter_notes

    sources = [fig.src for fig in iter_figures(article.blocks)]
    for note in iter_notes(article):
        sources += [fig.src for fig in iter_figures(note.blocks)]
    return list(dict.fromkeys(sources))


def figure_names(article: Article) -> dict[str, str]:
    """Source path → the file's name in the article's folder (``carte-reseaux.png``)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for src in figure_sources(article):
        stem, ending = posixpath.splitext(posixpath.basename(src))
        ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
        safe = _UNSAFE.sub("-", ascii_).strip("-.") or "figure"
        ending = ending.lower() if _UNSAFE.search(ending) is None else ""
        ending = {".jpeg": ".jpg", ".tif": ".tiff"}.get(ending, ending)
        name, n = f"{safe}{ending}", 1
        while name.lower() in taken:
            n += 1
            name = f"{safe}-{n}{ending}"
        taken.add(name.lower())
        names[src] = name
    return names


def figure_href(article: Article, names: dict[str, str], src: str) -> str:
    """The ``xlink:href`` of a figure's file, relative to the article's XML (both are in ``articles/``)."""
    return f"{article.id}/{names[src]}"


def figure_files(issue: Issue, article: Article, cache: Path | None = None) -> list[tuple[str, bytes]]:
    """(path relative to the output folder, bytes) of each figure file of the article: ``articles/<id>/…``
    (the screen image keeps its source's format: its name keeps its ending)."""
    out = []
    profile = cmyk_profile(issue)
    for src, name in figure_names(article).items():
        data = first_frame(read_inside(Path(issue.folder), src, MAX_BYTES))  # as the reader checked it
        kind = media_type(data)
        out.append((f"{ARTICLES_DIR}/{article.id}/{name}", screen_image(data, kind, profile, cache)))
    return out
