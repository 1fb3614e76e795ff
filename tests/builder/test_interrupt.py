"""A build killed part-way leaves the old outputs or the new ones, never a partial file, and the next
build leaves no temporary file behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from PIL import Image

from helpers.outputs import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.slow  # builds in child processes

TMP_PREFIX = ".hp-tmp-"


def _build(issue: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "horizons_pub", "build", str(issue), "--out", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)


def _outputs(folder: Path) -> dict[str, bytes]:
    """Every output by its path in the output folder (``articles/…`` too); the cache and temporaries left out."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(".cache/")
            and not p.name.startswith(TMP_PREFIX)}


def _complete(path: Path) -> bool:
    """The file is a whole EPUB, PDF, XML record, image or JSON report (not cut short)."""
    if path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
        return True
    if path.suffix == ".xml":
        etree.parse(str(path))  # a file cut short is no well-formed XML
        return True
    if path.suffix in (".png", ".jpg", ".jpeg"):
        with Image.open(path) as image:
            image.load()
        return True
    if path.suffix == ".epub":
        with zipfile.ZipFile(path) as book:
            return book.testzip() is None and "mimetype" in book.namelist()
    with pikepdf.open(path) as pdf:
        return len(pdf.pages) > 0


def test_sigkill_leaves_old_or_new_files_and_no_temporaries(tmp_path):
    issue = generate(24, tmp_path / "gen")
    out = tmp_path / "out"
    started = time.monotonic()
    first = _build(issue, out)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    duration = time.monotonic() - started
    folder = out / issue.name
    old = _outputs(folder)
    # the EPUB, the print PDF and its cover, the screen PDF, layout.json, the ONIX; each article's PDF and XML
    assert sum("/" not in name for name in old) == 6 and sum(name.startswith("articles/") for name in old) == 44  # 22 articles

    article = issue / "articles" / "article-03.md"
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", "\n\nUn paragraphe ajouté.\n\n", 1),
                       encoding="utf-8")
    # Kill builds at several moments: while laying out, and around the writes at the end.
    for fraction in (0.5, 0.95, 0.99):
        proc = _build(issue, out)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        for name, data in _outputs(folder).items():
            assert data == old.get(name) or _complete(folder / name), f"{name} is partial after a kill"

    last = _build(issue, out)
    assert last.wait(timeout=300) == 0, last.stderr.read()
    leftovers = [p.name for p in folder.rglob(TMP_PREFIX + "*")]
    assert leftovers == [], f"temporary files left behind: {leftovers}"
    assert all(_complete(folder / name) for name in _outputs(folder))
