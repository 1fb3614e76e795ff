"""The only files WeasyPrint may read: the issue's folder, ``layouts/`` and ``fonts/``.

Every other URL (another file, a ``file:`` URL elsewhere, any network address)
is refused before anything is opened, and the refusal is recorded so that the
renderer can report it as a diagnostic.
"""

from __future__ import annotations

import hashlib
import os
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..reader.images import MAX_BYTES, first_frame
from ..support.resources import fonts_dir, layouts_dir
from ..support.sourcefile import SourceFileError, check_name, read_regular

mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")


class SandboxFetcher(URLFetcher):
    def __init__(self, issue_dir: Path, extra_roots: tuple[Path, ...] = ()):
        super().__init__(fail_on_errors=False)
        self.roots = tuple(p.resolve() for p in (issue_dir, layouts_dir(), fonts_dir(), *extra_roots))
        self.refused: list[str] = []
        self.served: list[tuple[Path, str]] = []  # each file served, with the sha256 of the bytes served

    def allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            check_name(unquote(parts.path))
            path = Path(os.path.realpath(unquote(parts.path), strict=True))
        except (SourceFileError, OSError, ValueError):
            return None
        if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
            return path
        return None

    def fetch(self, url, headers=None):  # noqa: D401 - WeasyPrint's API
        path = self.allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise PermissionError(f"horizons-pub refuses to read {url}")
        try:  # a regular file, read with a limit, no link followed that appeared since (support/sourcefile.py)
            data = read_regular(path, MAX_BYTES)
        except SourceFileError:
            self.refused.append(url)
            raise PermissionError(f"horizons-pub refuses to read {url}") from None
        # the hash of the file as it is on disk (the part cache compares it with the file's, pool.py)
        self.served.append((path, hashlib.sha256(data).hexdigest()))
        body = first_frame(data)  # a phone's MPO: the JPEG of its first picture
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return _Served(path.as_uri(), body=body, headers={"Content-Type": media_type})


class _Served(URLFetcherResponse):
    """A response without a file path: WeasyPrint would read a raster image again from its path when it writes
    the PDF (a file that may have changed since, or a link; an MPO whole), rather than the bytes served here."""

    @property
    def path(self):
        return None
