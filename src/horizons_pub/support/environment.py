"""What shapes every output besides the issue itself: ``layouts/``, ``fonts/``, the code and the
libraries (the Python ones, and the C libraries WeasyPrint sets text with).

One place for the versions that the build stamp, the part cache and the small caches hash.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from .. import __version__
from .resources import fonts_dir, layouts_dir
from .sourcefile import read_project_file

LIBRARIES = ("weasyprint", "ebooklib", "pikepdf", "uharfbuzz", "pydyf", "markdown-it-py", "mdit-py-plugins", "lxml",
             "fonttools", "pyphen", "pillow", "pypdfium2", "jinja2", "pyyaml", "tinycss2", "cssselect2",
             "python-barcode")
PACKAGE = Path(__file__).resolve().parent.parent  # the horizons_pub package

#: The C libraries that shape WeasyPrint's text: (file names to try, the function giving the version)
SYSTEM_LIBRARIES = (
    (("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0-0.dll"), "pango_version_string"),
    (("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"), "hb_version_string"),
    (("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll"), "FcGetVersion"),
)


def tree_files(root: Path) -> list[Path]:
    """The files of ``root`` (``layouts/``, ``fonts/``, the code) that are inputs, in name order: hidden files
    and folders (an editor's swap file, a .cache), ``_data`` folders and Python's caches are not.  Not for an
    issue folder, where no name is special: builder/stamp.py walks that one itself."""
    return sorted(p for p in root.rglob("*") if not p.is_dir() and p.suffix != ".pyc"  # a pipe too: refused
                  and not any(part.startswith((".", "_data", "__pycache__")) for part in p.relative_to(root).parts))


def tree_digest(digest, trees: tuple[tuple[str, Path], ...]) -> None:
    """Feed ``digest`` every file of each tree (its path under the label, then its sha256), in name order."""
    for label, root in trees:
        for path in tree_files(root):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(read_project_file(root, path.relative_to(root))).digest())


@functools.cache
def library_versions() -> tuple[str, ...]:
    """horizons-pub's version, then ``name=version`` for each library (asked once per process)."""
    return (__version__, *(f"{lib}={version(lib)}" for lib in LIBRARIES), *system_libraries())


def environment_key() -> str:
    """The hash of layouts/, fonts/, the code and the libraries' versions."""
    digest = hashlib.sha256()
    tree_digest(digest, (("layouts", layouts_dir()), ("fonts", fonts_dir()), ("code", PACKAGE)))
    digest.update("\0".join(library_versions()).encode())
    return digest.hexdigest()


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
