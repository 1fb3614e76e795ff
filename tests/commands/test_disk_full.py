"""A full disk while ``build`` and ``archive`` write (issue 15): a diagnostic ``[output.write]``, exit 1, no
traceback, the previous outputs and the previous bag as they were, no temporary left.

The disk is made full with RLIMIT_FSIZE (portable, no mount): a child may write no file larger than the limit,
and Python ignores SIGXFSZ, so the write fails with EFBIG ("File too large") as it would with ENOSPC."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers.archive_child import archive, leftovers, snapshot
from helpers.hostile_cases import good_issue
from PIL import Image

from horizons_pub.cli import main
from horizons_pub.commands.verify.bagit_check import bag_problems
from horizons_pub.support import atomic

pytestmark = pytest.mark.slow  # real builds of hp-test
#: bytes: larger than any font WeasyPrint copies while it lays out (800 kB), smaller than the editions of hp-test
#: with a picture of noise (some 2 MB, which nothing compresses)
LIMIT = 1_000_000


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("disk-full")
    source = good_issue(root / "src")
    noise = random.Random(15).randbytes(800 * 800 * 3)
    Image.frombytes("RGB", (800, 800), noise).save(source / "images" / "bruit.png")
    b = source / "articles" / "b.md"
    b.write_text(b.read_text(encoding="utf-8") + "\n![Du bruit](images/bruit.png)\n", encoding="utf-8")
    out = root / "out"
    before = Path.cwd()
    os.chdir(source.parent)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main(["build", "hp-test", "--out", str(out), "--quiet"]) == 0
    finally:
        os.chdir(before)
    return source, out


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def test_a_build_on_a_full_disk_keeps_every_previous_output(built):
    source, out = built
    folder = out / "hp-test"
    before = _outputs(folder)
    article = source / "articles" / "a.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Bonjour", "Bonsoir"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "horizons_pub", "build", "hp-test", "--out", "../out", "--quiet"],
                          cwd=source.parent, capture_output=True, text=True, timeout=600, preexec_fn=_limited)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert errors == ["../out/hp-test: error: cannot write ../out/hp-test/horizons-publics-99.epub: File too large; "
                      "choose another output folder with --out [output.write]"], proc.stderr
    assert _outputs(folder) == before, "a write that failed replaced an output"
    assert max(len(data) for data in before.values()) > LIMIT  # the test proves something
    assert {p for p in leftovers(folder) if not p.startswith(".cache/")} == set()


def test_an_archive_on_a_full_disk_keeps_the_previous_bag(built, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709251200")
    source, out = built
    folder, bag = out / "hp-test", out / "hp-test" / "archive"
    assert archive(source.parent, out, "old") == 0 and bag_problems(bag)[0] == []
    old = snapshot(bag)
    err = out.parent / "archive-stderr.txt"
    assert archive(source.parent, out, "new", limit=LIMIT, stderr_to=err) == 1
    lines = err.read_text(encoding="utf-8").splitlines()
    assert not any("Traceback" in line for line in lines), lines
    assert [line for line in lines if ": error: " in line] == [
        f"{out}/hp-test/archive: error: cannot write the archive: File too large; the previous bag, if any, is left as "
        "it was; free some space, make the folder writable or choose another output folder with --out "
        "[output.write]"]
    assert snapshot(bag) == old and leftovers(folder) == set()


def test_a_disk_that_fills_after_the_first_output_replaces_none(built, monkeypatch):
    """The disk fills while the third file of the folder is written (the EPUB, the ONIX, then the print PDF): the
    two written before it are not put in place either (every output is written aside first, then renamed:
    support/atomic.py's write_all)."""
    source, out = built
    folder = out / "hp-test"
    before = _outputs(folder)
    article = source / "articles" / "a.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Bon", "Très bon", 1), encoding="utf-8")
    real = tempfile.mkstemp
    made: list[str] = []

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir).resolve() == folder.resolve():
            made.append(str(dir))
            if len(made) == 3:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(atomic, "tempfile", SimpleNamespace(mkstemp=mkstemp, mkdtemp=tempfile.mkdtemp))
    err = io.StringIO()
    monkeypatch.chdir(source.parent)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["build", "hp-test", "--out", "../out", "--quiet"])
    lines = err.getvalue().splitlines()
    assert code == 1 and len(made) == 3 and not any("Traceback" in line for line in lines), (made, lines)
    assert [line for line in lines if ": error: " in line] == [
        "../out/hp-test: error: cannot write ../out/hp-test/horizons-publics-99-print.pdf: No space left on "
        "device; choose another output folder with --out [output.write]"]
    assert _outputs(folder) == before, "an output was replaced by a build whose writes failed"
    assert {p for p in leftovers(folder) if not p.startswith(".cache/")} == set()



def test_a_disk_full_while_laying_out_is_a_diagnostic(tmp_path):
    """So little room that WeasyPrint cannot write the fonts it embeds while it lays out a part (in a worker,
    nothing cached yet): said, not a traceback, and nothing written."""
    source = good_issue(tmp_path / "src")

    def tiny() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    proc = subprocess.run([sys.executable, "-m", "horizons_pub", "build", "hp-test", "--out", "../out", "--quiet",
                           "--format", "print"], cwd=source.parent, capture_output=True, text=True, timeout=600,
                          preexec_fn=tiny)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("../out/hp-test: error: cannot write ") \
        and " while laying out the issue: File too large; free some space " in errors[0] \
        and errors[0].endswith("[output.write]"), proc.stderr
    assert not list((tmp_path / "out" / "hp-test").glob("*.pdf"))
