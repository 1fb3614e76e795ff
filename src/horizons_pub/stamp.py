"""The build stamp: skip a build whose every input is unchanged since the last one.

The stamp is the hash of everything that shapes the outputs: the issue's files, the
layouts and the fonts, the versions of horizons-pub and of the libraries, the formats and
SOURCE_DATE_EPOCH.  It is written (with the outline to print) after a successful build, in
the output folder's cache; a build with the same stamp and its outputs in place does nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from . import __version__
from .atomic import write_bytes
from .resources import fonts_dir, layouts_dir

STAMP = ".cache/build-stamp.json"
LIBRARIES = ("weasyprint", "ebooklib", "pikepdf", "uharfbuzz", "pydyf", "markdown-it-py", "mdit-py-plugins", "lxml",
             "fonttools", "pyphen", "pillow", "pypdfium2", "jinja2", "pyyaml", "tinycss2", "cssselect2")
PACKAGE = Path(__file__).resolve().parent


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"
                  and not any(part.startswith((".", "_data", "__pycache__")) for part in p.relative_to(root).parts))


def _tree_digest(digest, trees: tuple[tuple[str, Path], ...]) -> None:
    for label, root in trees:
        for path in _files(root):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())


def environment_key() -> str:
    """The hash of what shapes every output besides the issue: layouts/, fonts/, the code, the libraries
    (the Python ones, and the C libraries WeasyPrint sets text with)."""
    digest = hashlib.sha256()
    _tree_digest(digest, (("layouts", layouts_dir()), ("fonts", fonts_dir()), ("code", PACKAGE)))
    digest.update("\0".join([__version__, *(f"{lib}={version(lib)}" for lib in LIBRARIES),
                             *system_libraries()]).encode())
    return digest.hexdigest()


#: The C libraries that shape WeasyPrint's text: (file names to try, the function giving the version)
SYSTEM_LIBRARIES = (
    (("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0-0.dll"), "pango_version_string"),
    (("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "hb_version_string"),
    (("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"), "FcGetVersion"),
)


def system_libraries() -> list[str]:
    """Their versions, read from the libraries themselves (an operating system upgrade changes them)."""
    import ctypes

    out = []
    for names, function in SYSTEM_LIBRARIES:
        value = "?"
        for name in names:
            try:
                call = getattr(ctypes.CDLL(name), function)
            except (OSError, AttributeError):
                continue
            call.restype = ctypes.c_int if function == "FcGetVersion" else ctypes.c_char_p
            result = call()
            value = result.decode() if isinstance(result, bytes) else str(result)
            break
        out.append(f"{function}={value}")
    return out


def build_key(folder: Path, formats: list[str], strict: bool, environment: str | None = None) -> str:
    """``environment``: environment_key(), when the caller has it already."""
    digest = hashlib.sha256()
    _tree_digest(digest, (("source", folder),))
    extra = [environment or environment_key(), ",".join(sorted(formats)), str(strict), os.environ.get("SOURCE_DATE_EPOCH", "")]
    digest.update("\0".join(extra).encode())
    return digest.hexdigest()


def up_to_date(out_dir: Path, key: str) -> dict | None:
    """The stored stamp when it matches ``key`` and every output it lists is still there."""
    path = out_dir / STAMP
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("key") != key or not all((out_dir / name).is_file() for name in stamp.get("outputs", [])):
        return None
    return stamp


def write_stamp(out_dir: Path, key: str, outputs: list[Path], outline: list[str], diagnostics: list) -> None:
    """Record a successful build: its outputs, its outline, and its warnings (said again when it is skipped)."""
    stamp = {"key": key, "outputs": [p.name for p in outputs], "outline": outline,
             "diagnostics": [d.record() for d in diagnostics]}
    write_bytes(out_dir / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1).encode("utf-8"))
