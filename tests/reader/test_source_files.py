"""The one way in for source files (support/sourcefile.py), beyond the hostile cases of helpers/hostile_sources.py:
what must build (links inside the issue folder, a phone camera's MPO), what could hang the test process (named
pipes: read in a subprocess with a timeout), and the function itself (devices, limits, the project's files)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from helpers import load, messages
from helpers.hostile_cases import good_issue
from horizons_pub.reader.images import first_frame
from horizons_pub.support.sourcefile import ProjectFileError, SourceFileError, read_inside, read_project_file

B = "hp-test/articles/b.md"


def _mpo(first=(200, 30, 30), second=(30, 30, 200), size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, first).save(out, format="MPO", save_all=True, append_images=[Image.new("RGB", size, second)])
    return out.getvalue()


def _use_photo(folder: Path, data: bytes) -> None:
    (folder / "images" / "photo.jpg").write_bytes(data)
    path = folder / "articles" / "b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("images/carre.png", "images/photo.jpg"), encoding="utf-8")


def test_links_that_stay_inside_the_issue_folder_are_read(tmp_path):
    folder = good_issue(tmp_path)
    (folder / "textes").mkdir()
    for name in ("a.md", "b.md"):
        os.replace(folder / "articles" / name, folder / "textes" / name)
    (folder / "articles").rmdir()
    (folder / "articles").symlink_to("textes")  # the folder articles/ a link to a folder of the issue
    (folder / "brouillons").mkdir()
    os.replace(folder / "textes" / "a.md", folder / "brouillons" / "a-v2.md")
    (folder / "textes" / "a.md").symlink_to("../brouillons/a-v2.md")  # an article a link to a file of the issue
    os.replace(folder / "images" / "carre.png", folder / "images" / "vrai-carre.png")
    (folder / "images" / "carre.png").symlink_to("vrai-carre.png")
    issue, rep = load(folder)
    assert messages(rep) == [] and issue is not None
    assert [a.id for a in issue.articles] == ["a", "b"]
    figures = [block for block in issue.articles[1].blocks if type(block).__name__ == "Figure"]
    assert [f.src for f in figures] == ["images/vrai-carre.png"]  # what the renderers read: the real file


def test_an_mpo_is_read_as_its_first_picture(tmp_path):
    data = _mpo()
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "MPO" and img.n_frames == 2
    jpeg = first_frame(data)
    assert len(jpeg) < len(data) / 1.5 and b"MPF\x00" in data and b"MPF\x00" not in jpeg  # one picture, no MPF
    with Image.open(io.BytesIO(jpeg)) as img:
        img.load()
        assert img.format == "JPEG" and getattr(img, "n_frames", 1) == 1 and img.getpixel((5, 5))[0] > 150
    assert first_frame(b"\x89PNG...") == b"\x89PNG..."
    folder = good_issue(tmp_path)
    _use_photo(folder, data)
    issue, rep = load(folder)
    assert messages(rep) == [] and issue is not None


def test_a_truncated_mpo_is_refused(tmp_path):
    folder = good_issue(tmp_path)
    data = _mpo(size=(300, 200))
    _use_photo(folder, data[: len(data) // 4])
    _, rep = load(folder)
    assert any("[image.damaged]" in m or "[image.invalid]" in m for m in messages(rep)), messages(rep)


_READ_ALL = """
import sys
from pathlib import Path
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter
for name in sys.argv[1:]:
    rep = Reporter(echo=False)
    read_issue(Path(name) / "hp-test", rep)
    print("\\n".join(d.format() for d in rep.diagnostics))
"""


def test_named_pipes_are_refused_without_waiting(tmp_path):
    cases = {"article": "articles/a.md", "image": "images/carre.png", "yaml": "issue.yaml"}
    for case, rel in cases.items():
        folder = good_issue(tmp_path / case)
        (folder / rel).unlink()
        os.mkfifo(folder / rel)  # nothing ever writes to it: an open() without O_NONBLOCK waits for ever
    proc = subprocess.run([sys.executable, "-c", _READ_ALL, *cases], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    pipe = "is a named pipe, not a regular file: put a real file here"
    assert proc.stdout.splitlines() == [
        f"article/hp-test/articles/a.md: error: the file {pipe} [file.special]",
        f"image/{B}:9: error: the image 'images/carre.png' {pipe} [image.special]",
        f"yaml/hp-test/issue.yaml: error: the file {pipe} [file.special]"]


def test_a_device_is_never_read(tmp_path):
    with pytest.raises(SourceFileError) as caught:
        read_inside(Path("/dev"), "zero", 1000)
    assert caught.value.kind == "special" and caught.value.reason == "is a device, not a regular file"


def test_the_limit_holds_while_reading(tmp_path):
    (tmp_path / "f").write_bytes(b"x" * 101)
    assert read_inside(tmp_path, "f", 101) == b"x" * 101
    with pytest.raises(SourceFileError) as caught:
        read_inside(tmp_path, "f", 100)
    assert caught.value.kind == "too-large"
    for bad in ("a\x00b", "x" * 256):
        with pytest.raises(SourceFileError) as caught:
            read_inside(tmp_path, bad, 100)
        assert caught.value.kind == "path"


def test_a_project_file_that_breaks_the_rules_is_a_plain_error(tmp_path):
    os.mkfifo(tmp_path / "fonts.css")
    (tmp_path / "lien.css").symlink_to("/etc/hostname")
    with pytest.raises(ProjectFileError, match=rf"lien\.css: error: this file of the project is a symbolic link "
                                               rf"that leads outside {tmp_path.name}/"):
        read_project_file(tmp_path, "lien.css")
    script = ("import sys; from pathlib import Path; from horizons_pub.support.sourcefile import read_project_file; "
              "read_project_file(Path(sys.argv[1]), 'fonts.css')")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [f"{tmp_path}/fonts.css: error: this file of the project is a named pipe, not "
                                        "a regular file: put a real file here"]


@pytest.mark.slow
def test_an_mpo_builds_and_the_editions_embed_a_plain_jpeg(tmp_path):
    import pikepdf

    from horizons_pub.cli import main

    folder = good_issue(tmp_path / "src")
    data = _mpo(size=(320, 240))
    _use_photo(folder, data)
    out = tmp_path / "out"
    before = Path.cwd()
    os.chdir(folder.parent)
    try:
        assert main(["build", folder.name, "--out", str(out)]) == 0
    finally:
        os.chdir(before)
    jpeg = first_frame(data)
    (epub,) = (out / folder.name).glob("*.epub")
    with zipfile.ZipFile(epub) as book:
        images = [n for n in book.namelist() if n.endswith(".jpg") and "photo" in n]
        assert len(images) == 1 and book.read(images[0]) == jpeg
    pdfs = sorted((out / folder.name).glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        with pikepdf.open(path) as pdf:
            streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                       and obj.get("/Subtype") == "/Image" and obj.get("/Filter") == "/DCTDecode"]
            if "cover" in path.name:
                continue
            assert streams, path.name
            for stream in streams:
                with Image.open(io.BytesIO(stream.read_raw_bytes())) as img:
                    assert img.format == "JPEG" and getattr(img, "n_frames", 1) == 1
    # built again after an unrelated change: the part that shows the MPO comes from the cache (the sandbox
    # records the hash of the file on disk, not of the first picture it serves)
    from horizons_pub.builder.recipe import build_issue
    from horizons_pub.support.diagnostics import Reporter

    (folder / "a-lire.txt").write_text("une note de l'équipe", encoding="utf-8")
    reporter = Reporter(echo=False)
    again = build_issue(folder, out, ["print", "screen"], reporter, jobs=1)
    assert not reporter.has_errors() and not again.up_to_date
    assert again.laid_out == [], again.laid_out
