"""Media types, by file name ending (one table for the EPUB, the PDF's attachments and the archive)."""

from __future__ import annotations

from pathlib import PurePath

BY_SUFFIX = {
    ".pdf": "application/pdf", ".epub": "application/epub+zip",
    ".md": "text/markdown", ".yaml": "application/yaml", ".xml": "application/xml", ".json": "application/json",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2", ".woff": "font/woff",
}
#: Raster formats every EPUB reader and WeasyPrint accept, by Pillow's format name.
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
UNKNOWN = "application/octet-stream"


def media_type(name: str | PurePath) -> str:
    """The media type of a file by its name's ending (case-insensitive), or application/octet-stream."""
    return BY_SUFFIX.get(PurePath(name).suffix.lower(), UNKNOWN)
