"""The only files WeasyPrint may read: the issue's folder, ``layouts/`` and ``fonts/``.

Every other URL (another file, a ``file:`` URL elsewhere, any network address)
is refused before anything is opened, and the refusal is recorded so that the
renderer can report it as a diagnostic.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..support.resources import fonts_dir, layouts_dir

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
        path = Path(unquote(parts.path)).resolve()
        if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
            return path
        return None

    def fetch(self, url, headers=None):  # noqa: D401 - WeasyPrint's API
        path = self.allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise PermissionError(f"horizons-pub refuses to read {url}")
        body = path.read_bytes()
        self.served.append((path, hashlib.sha256(body).hexdigest()))
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": media_type})
