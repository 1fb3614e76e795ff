"""Where the package finds its layouts and fonts: inside the installed package.

A wheel carries ``layouts/`` and ``fonts/`` as ``horizons_pub/_data/``; a source
checkout (or an editable install) finds them beside ``src/``.  Never the
current folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the horizons_pub package


@cache
def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"horizons-pub is installed without its '{name}' folder")


def layouts_dir() -> Path:
    return data_dir("layouts")


def fonts_dir() -> Path:
    return data_dir("fonts")
