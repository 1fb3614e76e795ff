"""A stamp and caches that can be trusted (issue 15): the stamp covers every entry of the issue folder (no
name is special) and the outputs as they were written; every cache entry is checked against the hash of its
bytes and read only as a regular file of the cache; the folder's place reaches no output.

The first tests need no layout (fast); those that build are ``slow``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import Maker, article, make_png, write_issue
from horizons_pub.builder.stamp import build_key, replayed, up_to_date, write_stamp
from horizons_pub.render.pdf import cache_log, typeset
from horizons_pub.render.pdf.job import DocumentMeta, PartFacts, PartJob
from horizons_pub.render.pdf.pool import PARTS, PartLayouts
from horizons_pub.support import cache

FORMATS = ["epub", "print", "screen"]


def key(folder: Path) -> str:
    return build_key(folder, FORMATS, False, "env")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return write_issue(tmp_path / "src", {"a": article("Un texte.")}, images={"images/x.png": (8, 6)})


# -- the stamp sees every entry of the folder --------------------------------------------------------------

def test_a_symlink_to_a_file_inside_is_hashed_by_what_it_names_and_by_its_bytes(folder):
    (folder / "images" / "y.png").symlink_to("x.png")
    before = key(folder)
    make_png(folder / "images" / "x.png", (9, 6))  # the link's target changed
    changed = key(folder)
    assert changed != before
    (folder / "images" / "y.png").unlink()
    (folder / "images" / "y.png").write_bytes((folder / "images" / "x.png").read_bytes())
    assert key(folder) != changed  # a copy of the same bytes is not the link


def test_a_folder_symlinked_inside_is_hashed_where_it_is(folder):
    (folder / "articles").rename(folder / "textes")
    (folder / "articles").symlink_to("textes", target_is_directory=True)
    before = key(folder)
    (folder / "textes" / "a.md").write_text(article("Un texte changé."), encoding="utf-8")
    assert key(folder) != before  # an article edited through articles/ → textes/ is rebuilt


def test_a_symlink_outside_is_not_read_and_is_not_the_file_it_replaces(folder, tmp_path):
    before = key(folder)
    outside = tmp_path / "outside.png"
    shutil.move(folder / "images" / "x.png", outside)
    (folder / "images" / "x.png").symlink_to(outside)
    linked = key(folder)
    assert linked != before  # the same bytes through a link: the reader must see it (and refuse it)
    make_png(outside, (20, 20))
    assert key(folder) == linked  # not read: what it names is all the stamp keeps
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "loop").symlink_to("loop")
    assert key(folder) != linked  # read neither (no hang, no error): named


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_an_entry_and_is_never_opened(folder):
    before = key(folder)
    os.mkfifo(folder / "articles" / "b.md")
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(key(folder)), daemon=True)
    worker.start()
    worker.join(10)
    assert done and done[0] != before, "the stamp waited on a named pipe"


def test_an_unreadable_file_and_an_empty_folder_are_entries(folder):
    before = key(folder)
    (folder / "vide").mkdir()
    with_folder = key(folder)
    assert with_folder != before
    if os.geteuid() != 0:  # root reads everything
        (folder / "articles" / "a.md").chmod(0)
        assert key(folder) != with_folder


# -- the stamp keeps the outputs as written ------------------------------------------------------------------

def test_a_damaged_or_replaced_output_is_not_up_to_date(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    epub, pdf = out / "hp.epub", out / "hp.pdf"
    epub.write_bytes(b"an epub " * 100)
    pdf.write_bytes(b"%PDF " * 100)
    write_stamp(out, "k", [epub, pdf], [], [])
    assert up_to_date(out, "k") is not None
    good = pdf.read_bytes()
    pdf.write_bytes(good[:100])  # truncated
    assert up_to_date(out, "k") is None
    pdf.write_bytes(good[:10] + bytes([good[10] ^ 1]) + good[11:])  # a flipped byte, same size
    assert up_to_date(out, "k") is None
    (tmp_path / "copy.pdf").write_bytes(good)
    pdf.unlink()
    pdf.symlink_to(tmp_path / "copy.pdf")  # the same bytes, not the file written
    assert up_to_date(out, "k") is None
    pdf.unlink()
    pdf.write_bytes(good)
    assert up_to_date(out, "k") is not None  # as written again


def test_a_stamp_that_is_a_symlink_is_not_read_nor_written_through(tmp_path):
    out = tmp_path / "out"
    (out / "hp.epub").parent.mkdir()
    (out / "hp.epub").write_bytes(b"an epub")
    write_stamp(out, "k", [out / "hp.epub"], [], [])
    elsewhere = tmp_path / "stamp.json"
    (out / ".cache" / "build-stamp.json").rename(elsewhere)
    (out / ".cache" / "build-stamp.json").symlink_to(elsewhere)
    assert up_to_date(out, "k") is None
    shutil.rmtree(out / ".cache")
    (tmp_path / "cache-elsewhere").mkdir()
    (out / ".cache").symlink_to(tmp_path / "cache-elsewhere", target_is_directory=True)
    write_stamp(out, "k", [out / "hp.epub"], [], [])
    assert list((tmp_path / "cache-elsewhere").iterdir()) == [] and up_to_date(out, "k") is None


def test_a_stamp_that_lists_names_only_is_not_up_to_date(tmp_path):
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    (out / "hp.epub").write_bytes(b"an epub")
    (out / ".cache" / "build-stamp.json").write_text(json.dumps({"key": "k", "outputs": ["hp.epub"]}))
    assert up_to_date(out, "k") is None  # an older version's stamp: the outputs are not known


def test_the_warnings_said_again_name_the_folder_as_it_is_named_now():
    stamp = {"folder": "old/hp-1", "diagnostics": [
        {"severity": "warning", "code": "x", "message": "m", "file": "old/hp-1/articles/a.md", "line": 3},
        {"severity": "warning", "code": "y", "message": "m", "file": None, "line": None, "path": "old/hp-1"},
        {"severity": "warning", "code": "z", "message": "m", "file": "old/hp-10/a.md", "line": 1}]}
    records = replayed(stamp, Path("new/place/hp-1"))
    assert [r.get("file") or r.get("path") for r in records] == [
        "new/place/hp-1/articles/a.md", "new/place/hp-1", "old/hp-10/a.md"]
    assert stamp["diagnostics"][0]["file"] == "old/hp-1/articles/a.md"  # the stamp itself unchanged


# -- the small caches: checked, regular files of the cache --------------------------------------------------

def test_a_flipped_byte_in_an_entry_makes_it_again(tmp_path):
    assert cache.cached(tmp_path, "fonts", "k", Maker(b"a font subset")) == b"a font subset"
    entry = tmp_path / "fonts" / "k"
    data = bytearray(entry.read_bytes())
    data[-3] ^= 0x20
    entry.write_bytes(bytes(data))
    again = Maker(b"a font subset")
    assert cache.cached(tmp_path, "fonts", "k", again) == b"a font subset" and again.calls == 1
    entry.write_bytes(entry.read_bytes()[:20])  # cut inside its hash
    assert cache.cached(tmp_path, "cover", "k", Maker(b"cover")) == b"cover"


def test_an_entry_that_is_a_symlink_is_not_followed_nor_written_through(tmp_path):
    cache_dir = tmp_path / ".cache"
    outside = tmp_path / "outside"
    data = b"an image from elsewhere"
    outside.write_bytes(hashlib.sha256(data).digest() + data)  # a valid entry, outside the cache
    (cache_dir / "cover").mkdir(parents=True)
    (cache_dir / "cover" / "k").symlink_to(outside)
    made = Maker(b"the cover")
    assert cache.cached(cache_dir, "cover", "k", made) == b"the cover" and made.calls == 1
    assert outside.read_bytes()[32:] == data  # the link replaced, not its target
    assert not (cache_dir / "cover" / "k").is_symlink()


def test_a_kind_folder_or_a_cache_that_is_a_symlink_is_not_used(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "fonts").mkdir(parents=True)
    data = b"a subset"
    (elsewhere / "fonts" / "k").write_bytes(hashlib.sha256(data).digest() + data)
    cache_dir = tmp_path / "out" / ".cache"
    cache_dir.mkdir(parents=True)
    (cache_dir / "fonts").symlink_to(elsewhere / "fonts", target_is_directory=True)
    assert cache.cached(cache_dir, "fonts", "k", Maker(b"made")) == b"made"
    assert cache.cached(cache_dir, "fonts", "k2", Maker(b"other")) == b"other"
    assert sorted(p.name for p in (elsewhere / "fonts").iterdir()) == ["k"]  # nothing written there
    linked = tmp_path / "out2" / ".cache"
    linked.parent.mkdir()
    linked.symlink_to(elsewhere, target_is_directory=True)
    assert cache.cached(linked, "fonts", "k", Maker(b"made")) == b"made"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_an_entry_that_is_a_named_pipe_is_no_entry(tmp_path):
    (tmp_path / "fonts").mkdir()
    os.mkfifo(tmp_path / "fonts" / "k")
    assert cache.read_entry(tmp_path, "fonts", "k") is None


# -- the part cache ------------------------------------------------------------------------------------------

class FakeLayout:
    def __init__(self):
        self.calls = 0

    def __call__(self, job: PartJob) -> tuple[bytes, PartFacts]:
        self.calls += 1
        return b"%PDF-1.7 the part " + job.meta.title.encode(), PartFacts(2, ((), ()), ((), ()), (3,))


@pytest.fixture
def fake(monkeypatch):
    layout = FakeLayout()
    monkeypatch.setattr(typeset, "lay_out_part", layout)
    return layout


def _job(issue_dir: Path) -> PartJob:
    return PartJob(issue_dir=str(issue_dir), variant="print", html="<p>Un texte.</p>", epoch=1700000000,
                   meta=DocumentMeta(title="terrain", lang="fr", date="2023-11-14T22:13:20+00:00"), environment="env")


def _use(cache_dir: Path, job: PartJob) -> bytes:
    pool = PartLayouts(cache_dir, jobs=1, environment="env")
    try:
        return pool.get(job)[0]
    finally:
        pool.close()


def test_a_part_pdf_with_a_flipped_byte_and_a_matching_record_is_laid_out_again(tmp_path, fake):
    job = _job(tmp_path)
    cache_dir = tmp_path / "cache"
    good = _use(cache_dir, job)
    assert fake.calls == 1 and _use(cache_dir, job) == good and fake.calls == 1  # from the cache
    [pdf] = (cache_dir / PARTS).glob("*.pdf")
    [record] = (cache_dir / PARTS).glob("*.json")
    changed = bytearray(pdf.read_bytes())
    changed[-2] ^= 1
    pdf.write_bytes(bytes(changed))
    data = json.loads(record.read_text())
    data["sha256"] = hashlib.sha256(changed).hexdigest()  # the record made to match
    record.write_text(json.dumps(data))
    assert _use(cache_dir, job) == good and fake.calls == 2
    assert len(list((cache_dir / PARTS).glob("*.pdf"))) == 1  # the damaged entry is gone


def test_a_part_entry_that_is_a_symlink_is_not_used(tmp_path, fake):
    job = _job(tmp_path)
    cache_dir = tmp_path / "cache"
    good = _use(cache_dir, job)
    [pdf] = (cache_dir / PARTS).glob("*.pdf")
    copy = tmp_path / "copy.pdf"
    shutil.move(pdf, copy)
    pdf.symlink_to(copy)  # the same bytes, outside the cache
    assert _use(cache_dir, job) == good and fake.calls == 2
    (cache_dir / PARTS).rename(tmp_path / "parts-elsewhere")
    (cache_dir / PARTS).symlink_to(tmp_path / "parts-elsewhere", target_is_directory=True)
    kept = sorted(p.name for p in (tmp_path / "parts-elsewhere").iterdir())
    pool = PartLayouts(cache_dir, jobs=1, environment="env")
    assert pool.get(replace(job, html="<p>Un autre.</p>"))[0] == good and fake.calls == 3
    pool.close()
    pool.prune()  # nothing removed (nor written) through the link
    assert sorted(p.name for p in (tmp_path / "parts-elsewhere").iterdir()) == kept


def test_a_record_naming_a_file_outside_the_folder_is_changed(tmp_path):
    (tmp_path / "issue").mkdir()
    secret = tmp_path / "secret"
    secret.write_bytes(b"secret")
    digest = hashlib.sha256(b"secret").hexdigest()
    assert cache_log.changed_files((("../secret", digest), (str(secret), digest)), str(tmp_path / "issue")) == [
        "../secret", str(secret)]


# -- builds (slow) -------------------------------------------------------------------------------------------

def _cli(cwd: Path, *args: str) -> tuple[int, str, str]:
    from horizons_pub.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(list(args))
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()


def _outputs(out_dir: Path) -> dict[str, bytes]:
    """Every output by its path in the output folder (``articles/a.pdf`` too), the cache and the stamp left out."""
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in sorted(out_dir.rglob("*"))
            if p.is_file() and not p.relative_to(out_dir).as_posix().startswith(".cache/")}


def _editions_and_articles(names) -> tuple[int, int]:
    """(files at the top of the output folder, article PDFs): 6 or 7 (EPUB, print, screen, layout.json, ONIX, the
    cover board or the Crossref deposit…) beside one PDF and one JATS file per article."""
    return (sum("/" not in n for n in names), sum(n.startswith("articles/") and n.endswith(".pdf") for n in names))


def small_issue(root: Path) -> Path:
    """A small issue whose images have the names the old stamp skipped, and an unused file of each kind."""
    body = ("Un texte avec une image.\n\n![Un graphique](images/_dataviz.png)\n\n"
            "Et une photo.\n\n![Une photo](images/.photo.png)\n")
    folder = write_issue(root, {"a": article("Bonjour.", title="Un édito"),
                                "b": article(body, rubric="terrain", title="Un article b")},
                         extra_files={"_notes.txt": "notes de l'éditeur\n", ".a.md.swp": b"swap",
                                      "_data/x.csv": "a,b\n"})
    make_png(folder / "images" / "_dataviz.png", (40, 30), (20, 90, 160))
    make_png(folder / "images" / ".photo.png", (30, 40), (160, 90, 20))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small issue built in every format: (its source folder, the --out folder, the outputs' bytes)."""
    root = tmp_path_factory.mktemp("trusted")
    source = small_issue(root / "one")
    code, _, err = _cli(source.parent, "build", source.name, "--out", str(root / "out"))
    assert code == 0, err
    return source, root / "out", _outputs(root / "out" / source.name)


@pytest.mark.slow
def test_two_copies_in_two_folders_build_the_same_bytes(built, tmp_path):
    source, _, before = built
    copy = tmp_path / "elsewhere" / "deeper" / source.name
    shutil.copytree(source, copy)
    code, _, err = _cli(tmp_path, "build", str(copy), "--out", str(tmp_path / "out"))
    assert code == 0, err
    after = _outputs(tmp_path / "out" / source.name)
    assert set(after) == set(before) and _editions_and_articles(before) == (6, 2), sorted(before)
    assert [name for name in before if after[name] != before[name]] == []


@pytest.mark.slow
def test_the_archived_source_rebuilds_the_same_bytes(built, tmp_path):
    """What the bag keeps of the source (reader/sources.py: issue.yaml, the articles, the images shown),
    built in another folder, gives the archived editions byte for byte."""
    from helpers import load
    from horizons_pub.reader.sources import source_files

    source, _, before = built
    issue, _ = load(source)
    bagged = tmp_path / "bag" / "data" / "source" / source.name
    for path in source_files(issue):
        target = bagged / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert not (bagged / "_notes.txt").exists()  # fewer files than the folder: no input of the outputs
    code, _, err = _cli(tmp_path, "build", str(bagged), "--out", str(tmp_path / "out"))
    assert code == 0, err
    after = _outputs(tmp_path / "out" / source.name)
    assert [name for name in before if after[name] != before[name]] == []


@pytest.mark.slow
def test_a_moved_folder_built_into_its_old_outputs_is_up_to_date_rightly(built, tmp_path):
    source, out, before = built
    old = tmp_path / "out"
    shutil.copytree(out, old)
    moved = tmp_path / "moved" / source.name
    shutil.copytree(source, moved)
    code, said, err = _cli(tmp_path, "build", "moved/" + source.name, "--out", str(old))
    assert code == 0 and "up to date" in said
    assert _outputs(old / source.name) == before  # and they are what a build of the moved folder gives
    assert err and all(line.startswith(f"moved/{source.name}/") for line in err.splitlines() if ": warning: " in line)


@pytest.mark.slow
def test_a_damaged_output_is_built_again(built, tmp_path):
    source, out, before = built
    work = tmp_path / "out"
    shutil.copytree(out, work)
    folder = work / source.name
    print_pdf = next(name for name in before if name.endswith("-print.pdf"))
    epub = next(name for name in before if name.endswith(".epub"))
    (folder / print_pdf).write_bytes(before[print_pdf][:100])
    code, said, err = _cli(source.parent, "build", source.name, "--out", str(work))
    assert code == 0 and "up to date" not in said, err
    assert _outputs(folder) == before
    flipped = bytearray(before[epub])
    flipped[len(flipped) // 2] ^= 1
    (folder / epub).write_bytes(bytes(flipped))
    code, said, err = _cli(source.parent, "build", source.name, "--out", str(work))
    assert code == 0 and "up to date" not in said, err
    assert _outputs(folder) == before
    code, said, _ = _cli(source.parent, "build", source.name, "--out", str(work))
    assert code == 0 and "up to date" in said


def _flip(path: Path, at: int = -40) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.slow
def test_damaged_cache_entries_are_not_used(built, tmp_path):
    """A flipped byte in a font subset (its stored hash left as it was), the cover image cut to 1,000
    bytes, a part PDF with a flipped byte and its record made to match: the next build makes each again
    and gives the same bytes."""
    source, out, before = built
    work = tmp_path / "out"
    shutil.copytree(out, work)
    cache_dir = work / source.name / ".cache"
    for font in (cache_dir / "fonts").iterdir():
        _flip(font)
    for cover in (cache_dir / "cover").iterdir():
        cover.write_bytes(cover.read_bytes()[:1000])
    parts = sorted((cache_dir / PARTS).glob("*.pdf"))
    for pdf in parts[:3]:
        _flip(pdf)
        record = pdf.with_suffix(".json")
        data = json.loads(record.read_text())
        data["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
        record.write_text(json.dumps(data))
    (cache_dir / "build-stamp.json").unlink()  # past the stamp: every entry is asked for
    code, said, err = _cli(source.parent, "build", source.name, "--out", str(work), "--verbose")
    assert code == 0, err
    assert said.count("laid out: its cache entry was damaged") == 3
    assert _outputs(work / source.name) == before


@pytest.mark.slow
def test_any_single_change_to_any_file_of_the_folder_rebuilds(tmp_path, monkeypatch):
    """Every file of a small issue (``_`` and ``.`` names too), one change at a time: never up to date, and an
    image the old stamp skipped reaches the EPUB."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = small_issue(tmp_path / "src")
    out = tmp_path / "out"

    def build() -> str:
        code, said, err = _cli(source.parent, "build", source.name, "--out", str(out), "--format", "epub")
        assert code == 0, err
        return said

    build()
    assert "up to date" in build()
    files = sorted(p for p in source.rglob("*") if p.is_file())
    assert {"images/_dataviz.png", "images/.photo.png", ".a.md.swp", "_notes.txt", "_data/x.csv"} <= {
        p.relative_to(source).as_posix() for p in files}
    for path in files:
        if path.suffix == ".png":
            make_png(path, (41, 30), (200, 10, 10))
        else:
            path.write_bytes(path.read_bytes() + b"\n")
        said = build()
        assert "up to date" not in said, path.relative_to(source)
        if path.suffix == ".png":
            import zipfile

            epub = next((out / source.name).glob("*.epub"))
            with zipfile.ZipFile(epub) as book:
                shown = [book.read(n) for n in book.namelist() if n.endswith(".png") and "cover" not in n]
            assert path.read_bytes() in shown, path.relative_to(source)


@pytest.mark.slow
def test_the_realistic_issue_copied_elsewhere_builds_the_same_bytes(magazine_built, tmp_path):
    """Issue 14's 44 pages (photographs, CMYK print images, a cover board), from another folder whose
    name has a space: the same bytes in every output."""
    from helpers.outputs import MAGAZINE, build as build_issue

    copy = tmp_path / "un autre dossier" / MAGAZINE.name
    shutil.copytree(MAGAZINE, copy)
    other = build_issue(copy, tmp_path / "out")
    before, after = _outputs(magazine_built.folder), _outputs(other.folder)
    assert set(after) == set(before) and _editions_and_articles(before) == (7, 11), sorted(before)
    assert [name for name in before if after[name] != before[name]] == []
    # layout.json too: its diagnostics name their files relative to the issue folder
    layout = json.loads(after["layout.json"])
    assert layout["diagnostics"] and all(d["file"].startswith("articles/") or d["file"] == "issue.yaml"
                                         for d in layout["diagnostics"]), layout["diagnostics"]


@pytest.mark.slow
@pytest.mark.tools  # archive runs veraPDF and EPUBCheck
def test_the_bags_source_rebuilds_the_bagged_editions_byte_for_byte(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # without DAISY Ace: when it passes, archive adds its conformance claim to the bagged EPUB's package
    # (render/epub/certify.py), which a build from the source alone does not make
    monkeypatch.setenv("ACE_CLI", "")
    source = small_issue(tmp_path / "src")
    code, _, err = _cli(source.parent, "archive", source.name, "--out", str(tmp_path / "out"), "--allow-missing", "ace")
    assert code == 0, err
    data = tmp_path / "out" / source.name / "archive" / "data"
    code, _, err = _cli(tmp_path, "build", str(data / "source" / source.name), "--out", str(tmp_path / "again"))
    assert code == 0, err
    rebuilt = _outputs(tmp_path / "again" / source.name)
    # the archival PDF (<stem>.pdf) is the screen PDF; the records are in records/ (docs/archive.md)
    bagged = {name: (data / ("records/" + name if name.endswith(("-onix.xml", "-crossref.xml")) else
                             name.replace("-screen.pdf", ".pdf"))).read_bytes() for name in rebuilt
              if name != "layout.json"}
    assert _editions_and_articles(bagged) == (5, 2), sorted(bagged)
    assert [name for name in bagged if rebuilt[name] != bagged[name]] == []
