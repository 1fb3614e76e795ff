"""Hostile cases of issue 15 (caches): merged into hostile_cases.CASES and EXPECTED (same shapes).

Each case's build goes into the output folder of the good issue's build (test_hostile.py): a mutation that
the build stamp did not see would be "up to date", exit 0.  The cases that do not fit this shape (a damaged
output or cache entry, a moved folder, every file changed in turn) are in tests/builder/test_trusted_caches.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable


def _image_linked_outside(folder: Path) -> None:
    """The image moved out of the folder, a symbolic link left in its place: the same bytes, read elsewhere."""
    outside = folder.parent / "carre-dehors.png"
    shutil.move(folder / "images" / "carre.png", outside)
    (folder / "images" / "carre.png").symlink_to(outside)


CASES: dict[str, Callable[[Path], None]] = {
    "stamp-image-linked-outside": _image_linked_outside,
}
EXPECTED: dict[str, list[str]] = {
    "stamp-image-linked-outside": [
        "hp-test/articles/b.md:9: error: the image path 'images/carre.png' leaves the issue folder: copy the image "
        "into the issue's images/ folder and write images/<file name> [image.outside]"],
}
