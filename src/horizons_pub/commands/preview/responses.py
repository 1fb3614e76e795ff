"""The preview's answers as records: a :class:`Response`, the plain ones (text, redirect, 404), the files
it serves from a folder (never outside it), with their media types, and the security headers of each."""

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
    cache: str = "no-store"  # Cache-Control: what is served changes with the source, but for immutable images


def text(status: int, message: str) -> Response:
    return Response(status, message.encode("utf-8"), "text/plain; charset=utf-8")


def redirect(location: str) -> Response:
    return Response(303, b"", "text/plain; charset=utf-8", {"Location": location})


def not_found() -> Response:
    """The answer to a path the preview does not serve (the same whatever the reason: no file, a source)."""
    return text(404, "not found\n")


def static_file(root: Path, segments: tuple[str, ...]) -> Response:
    """The file ``segments`` names in ``root`` (checked by :mod:`.access`), when it is a regular file there
    (through symlinks only when they resolve inside ``root``); else 404, whatever went wrong."""
    try:
        root = root.resolve()
        target = root.joinpath(*segments).resolve()
        if not segments or not target.is_relative_to(root) or not target.is_file():
            return not_found()
        body = target.read_bytes()
    except (OSError, RuntimeError, ValueError):  # too long a name, a loop of links, a file that went away
        return not_found()
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return Response(200, body, kind, live=kind.startswith("text/html"))


def security_headers(response: Response) -> dict[str, str]:
    """The headers every answer carries (a page's own Content-Security-Policy, set with its script's
    nonce by :mod:`.site`, wins): never sniffed; an HTML page without a policy of its own runs no script; an
    image (an SVG above all) is a sandboxed document that runs none either."""
    headers = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    kind = response.content_type.split(";")[0].strip().lower()
    if kind == "text/html":
        headers["Content-Security-Policy"] = page_policy(None)
        headers["X-Frame-Options"] = "DENY"
    elif kind.startswith("image/"):
        headers["Content-Security-Policy"] = IMAGE_POLICY
    return {**headers, **response.headers}


IMAGE_POLICY = "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def page_policy(nonce: str | None) -> str:
    """A page's Content-Security-Policy: its own styles, images and fonts; scripts only the preview's reload
    script (the one carrying ``nonce``), or none."""
    scripts = f"'nonce-{nonce}'" if nonce else "'none'"
    return ("default-src 'self'; " f"script-src {scripts}; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
