"""The preview's answers as records: a :class:`Response`, the plain ones (text, redirect) and the files
it serves from a folder (never outside it, never a hidden file), with their media types."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("application/epub+zip", ".epub")
mimetypes.add_type("text/javascript", ".js")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    live: bool = False  # an HTML page that reloads itself when what it shows changes


def text(status: int, message: str) -> Response:
    return Response(status, message.encode("utf-8"), "text/plain; charset=utf-8")


def redirect(location: str) -> Response:
    return Response(303, b"", "text/plain; charset=utf-8", {"Location": location})


def static_file(root: Path, rel: str) -> Response:
    """A file of ``root`` (never outside it, never a hidden file), or 404."""
    root = root.resolve()
    parts = [p for p in rel.split("/") if p]
    if not parts or any(p.startswith(".") for p in parts) or rel.endswith("/"):
        return text(404, "not found")
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return text(404, "not found")
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return Response(200, target.read_bytes(), kind, live=kind.startswith("text/html"))
