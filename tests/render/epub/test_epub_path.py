"""The EPUB's path without WeasyPrint (issue 20): an EPUB-only build whose cache holds the cover image imports
neither WeasyPrint nor the PDF renderer; a cold one lays its cover out in a child process (the cover's
press), whose bytes are those laid out in this process and those the cache gives back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Maker, article, edit_once, load, run_cli, write_issue
from horizons_pub.render.html import cover
from horizons_pub.render.html.cover import CoverPress, cover_html, cover_png, cover_png_later, cover_press

#: run in a child process: a build, then which of the PDF's modules it imported
_DRIVER = """
import runpy, sys
sys.argv = ["horizons-pub", *sys.argv[1:]]
try:
    runpy.run_module("horizons_pub", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
print(code, sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "pypdfium2", "pikepdf")
                   or m == "horizons_pub.render.pdf.renderer"))
"""


def _issue(root: Path) -> Path:
    return write_issue(root, {"a": article("Un « essai » de couverture : rien d'autre !")})


@pytest.mark.slow
def test_an_epub_only_build_with_its_cover_in_the_cache_never_imports_weasyprint(tmp_path):
    folder, out = _issue(tmp_path), tmp_path / "out"
    code, err = run_cli(tmp_path, "build", str(folder), "--out", str(out), "--format", "epub", "--quiet")
    assert code == 0, err
    first = (out / folder.name / "horizons-publics-99.epub").read_bytes()
    edit_once(folder / "articles" / "a.md", "rien d'autre", "rien de plus")  # not up to date: built again
    run = subprocess.run([sys.executable, "-c", _DRIVER, "build", str(folder), "--out", str(out), "--format", "epub",
                          "--quiet"], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert run.stdout.splitlines()[-1] == "0 []", run.stderr
    again = (out / folder.name / "horizons-publics-99.epub").read_bytes()
    assert again != first  # the article's text changed; the cover image is the cached one
    assert _member(again, "EPUB/images/cover.png") == _member(first, "EPUB/images/cover.png")


@pytest.mark.slow
def test_the_cover_from_the_press_and_from_the_cache_is_the_cover_laid_out_here(tmp_path, monkeypatch):
    folder = _issue(tmp_path)
    issue, _ = load(folder)
    html = cover_html(issue)
    laid = cover.rasterise(html, folder, 300)
    press = CoverPress()
    try:
        press.send(html, folder, 300)
        assert press.receive() == laid
    finally:
        press.close()
    cache = tmp_path / "cache"
    assert cover_png(issue, folder, 300, cache=cache) == laid
    monkeypatch.setattr(cover, "rasterise", _refuse)
    assert cover_png(issue, folder, 300, cache=cache) == laid  # from the cache: nothing laid out


def test_a_press_that_fails_leaves_the_cover_to_this_process(tmp_path, monkeypatch):
    folder = _issue(tmp_path)
    issue, _ = load(folder)
    monkeypatch.setattr(sys, "executable", "/bin/false")  # the child exits at once, with an error
    made = Maker(b"\x89PNG\r\n\x1a\n laid out here")
    monkeypatch.setattr(cover, "rasterise", lambda *args: made())
    press = CoverPress()
    try:
        assert cover_png_later(issue, folder, cache=tmp_path / "cache", press=press)() == made.data
    finally:
        press.close()
    assert made.calls == 1


def test_a_cache_with_a_cover_starts_no_press(tmp_path):
    cache = tmp_path / ".cache"
    (cache / "cover").mkdir(parents=True)
    assert cover_press(cache) is None


def test_the_cover_cache_key_holds_the_png_encoding(tmp_path, monkeypatch):
    folder = _issue(tmp_path)
    issue, _ = load(folder)
    made = Maker(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(cover, "rasterise", lambda *args: made())
    cover_png(issue, folder, cache=tmp_path / "cache")
    cover_png(issue, folder, cache=tmp_path / "cache")
    assert made.calls == 1
    monkeypatch.setattr(cover, "PNG_OPTIONS", {"optimize": True})
    cover_png(issue, folder, cache=tmp_path / "cache")
    assert made.calls == 2


def _refuse(*args):
    raise AssertionError("the cover was laid out again")


def _member(epub: bytes, name: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        return z.read(name)
