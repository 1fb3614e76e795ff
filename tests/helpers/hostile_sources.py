"""Hostile cases of issue 15 (sources): merged into hostile_cases.CASES and EXPECTED (same shapes).

Every file the reader opens goes through ``support/sourcefile.py``: inside the issue folder (a symbolic link
only to a place inside it), a regular file, read with a limit.  The cases that must build (a link inside the
folder, a phone camera's MPO) or that could hang the test process (a named pipe) are in
tests/reader/test_source_files.py, run in a subprocess with a timeout.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Callable

B = "hp-test/articles/b.md"
IMG = "images/carre.png"


def _move_out(folder: Path, rel: str) -> None:
    """``rel`` moved beside the issue folder, a symbolic link to it left in its place."""
    outside = folder.parent / f"dehors-{Path(rel).name}"
    shutil.move(folder / rel, outside)
    (folder / rel).symlink_to(outside)


def _link(folder: Path, rel: str, target: str) -> None:
    (folder / rel).unlink()
    (folder / rel).symlink_to(target)


def _image_name(folder: Path, name: str) -> None:
    path = folder / "articles" / "b.md"
    path.write_text(path.read_text(encoding="utf-8").replace(IMG, name), encoding="utf-8")


def jpeg_bytes(size: tuple[int, int] = (300, 200)) -> bytes:
    """A real JPEG of noise (so that its scan data is long: a third of it is well inside the scan)."""
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def _truncated_jpeg(folder: Path) -> None:
    data = jpeg_bytes()
    (folder / "images" / "photo.jpg").write_bytes(data[: len(data) // 3])
    _image_name(folder, "images/photo.jpg")


def _truncated_png(folder: Path) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((200, 200), 64).convert("RGB").save(out, format="PNG")
    (folder / "images" / "carre.png").write_bytes(out.getvalue()[: len(out.getvalue()) // 2])


def _png_header(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))


CASES: dict[str, Callable[[Path], None]] = {
    "src-article-linked-outside": lambda f: _move_out(f, "articles/a.md"),
    "src-articles-folder-linked-outside": lambda f: _move_out(f, "articles"),
    "src-issue-yaml-linked-outside": lambda f: _move_out(f, "issue.yaml"),
    "src-image-linked-outside": lambda f: _move_out(f, IMG),
    "src-article-linked-to-dev-zero": lambda f: _link(f, "articles/a.md", "/dev/zero"),
    "src-image-linked-to-dev-zero": lambda f: _link(f, IMG, "/dev/zero"),
    "src-article-is-a-folder": lambda f: ((f / "articles" / "a.md").unlink(), (f / "articles" / "a.md").mkdir()),
    "src-image-is-a-folder": lambda f: ((f / IMG).unlink(), (f / IMG).mkdir()),
    "src-image-link-loop": lambda f: _link(f, IMG, "carre.png"),
    "src-image-link-loop-of-two": lambda f: (_link(f, IMG, "boucle.png"), (f / "images" / "boucle.png").symlink_to(
        "carre.png")),
    "src-image-path-nul": lambda f: _image_name(f, "images/%00.png"),
    "src-image-path-300-chars": lambda f: _image_name(f, "images/" + "x" * 300 + ".png"),
    "src-image-truncated-jpeg": _truncated_jpeg,
    "src-image-truncated-png": _truncated_png,
    "src-image-72-megapixels": lambda f: (f / IMG).write_bytes(_png_header(9_000, 8_000)),
}

_LINK_OUT = ("is a symbolic link that leads outside the issue folder: put the file itself in the issue folder, "
             "not a link to it")
EXPECTED: dict[str, list[str]] = {
    "src-article-linked-outside": [f"hp-test/articles/a.md: error: the file {_LINK_OUT} [file.outside]"],
    "src-articles-folder-linked-outside": [f"hp-test/articles: error: the folder articles/ {_LINK_OUT} "
                                           "[file.outside]"],
    "src-issue-yaml-linked-outside": [f"hp-test/issue.yaml: error: the file {_LINK_OUT} [file.outside]"],
    "src-image-linked-outside": [f"{B}:9: error: the image path '{IMG}' leaves the issue folder: copy the image "
                                 "into the issue's images/ folder and write images/<file name> [image.outside]"],
    "src-article-linked-to-dev-zero": [f"hp-test/articles/a.md: error: the file {_LINK_OUT} [file.outside]"],
    "src-image-linked-to-dev-zero": [f"{B}:9: error: the image path '{IMG}' leaves the issue folder: copy the "
                                     "image into the issue's images/ folder and write images/<file name> "
                                     "[image.outside]"],
    "src-article-is-a-folder": ["hp-test/articles/a.md: error: the file is a folder, not a regular file: put a "
                                "real file here [file.special]"],
    "src-image-is-a-folder": [f"{B}:9: error: the image '{IMG}' is a folder, not a regular file: put a real file "
                              "here [image.special]"],
    "src-image-link-loop": [f"{B}:9: error: the image '{IMG}' is a symbolic link loop (it leads back to itself): "
                            "replace it by the file itself [image.loop]"],
    "src-image-link-loop-of-two": [f"{B}:9: error: the image '{IMG}' is a symbolic link loop (it leads back to "
                                   "itself): replace it by the file itself [image.loop]"],
    "src-image-path-nul": [f"{B}:9: error: the image path 'images/%00.png' holds a NUL character (%00) in its "
                           "name: write the file's real name [image.path]"],
    "src-image-path-300-chars": [f"{B}:9: error: the image path 'images/{'x' * 53}…' has a name over 255 bytes, "
                                 "which no file system takes: give the file a shorter name [image.path]"],
    "src-image-truncated-jpeg": [f"{B}:9: error: 'images/photo.jpg' is damaged or cut short: export or copy the "
                                 "image again [image.damaged]"],
    "src-image-truncated-png": [f"{B}:9: error: '{IMG}' is damaged or cut short: export or copy the image again "
                                "[image.damaged]"],
    "src-image-72-megapixels": [f"{B}:9: error: the image '{IMG}' is 9000 × 8000 pixels: reduce it to under "
                                "60,000,000 pixels [image.too-large]"],
}
