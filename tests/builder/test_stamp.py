"""The build stamp's key: it changes with every input that shapes the outputs, and only with them."""

from __future__ import annotations

import shutil

import pytest

from helpers import article, write_issue
from horizons_pub.builder.stamp import build_key, source_digests, up_to_date, write_stamp
from horizons_pub.support.environment import environment_key

FORMATS = ["epub", "print", "screen"]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return write_issue(tmp_path / "one", {"a": article("Un texte."), "b": article("Un autre.")})


def key(folder, formats=FORMATS, strict=False, environment="env"):
    return build_key(folder, formats, strict, environment)


def test_the_same_folder_gives_the_same_key(folder, tmp_path):
    assert key(folder) == key(folder)
    moved = shutil.copytree(folder, tmp_path / "elsewhere" / folder.name)
    assert key(moved) == key(folder)  # the folder's place is not an input


def test_the_order_files_were_written_in_does_not_matter(folder, tmp_path):
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    copy = tmp_path / "two" / folder.name
    for path in reversed(files):  # the last file first
        target = copy / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert key(copy) == key(folder)


def test_a_changed_byte_changes_the_key(folder):
    before = key(folder)
    path = folder / "articles" / "a.md"
    path.write_bytes(path.read_bytes().replace(b"Un texte.", b"Un texte!"))
    assert key(folder) != before


def test_an_added_file_changes_the_key(folder):
    before = key(folder)
    (folder / "images").mkdir()
    (folder / "images" / "x.png").write_bytes(b"")
    assert key(folder) != before


def test_a_renamed_file_changes_the_key(folder):
    before = key(folder)
    (folder / "articles" / "b.md").rename(folder / "articles" / "c.md")
    assert key(folder) != before


def test_no_name_is_special_hidden_files_and_underscores_are_inputs(folder):
    keys = {key(folder)}
    for name in (".a.md.swp", "_x", "images/_dataviz.png", "images/.photo.png", ".cache/x", "_data/y"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"bytes")
        keys.add(key(folder))
    assert len(keys) == 7


def test_the_output_folder_inside_the_issue_folder_is_not_an_input(folder):
    out = folder / "build" / folder.name
    before = build_key(folder, FORMATS, False, "env", source_digests(folder, skip=out))
    (out / ".cache").mkdir(parents=True)
    (out / "hp.epub").write_bytes(b"an output")
    assert build_key(folder, FORMATS, False, "env", source_digests(folder, skip=out)) == before
    into_itself = build_key(folder, FORMATS, False, "env", source_digests(folder, skip=folder))
    (folder / ".cache").mkdir()
    (folder / ".cache" / "build-stamp.json").write_bytes(b"{}")  # --out naming the issue folder's parent
    assert build_key(folder, FORMATS, False, "env", source_digests(folder, skip=folder)) == into_itself


def test_the_formats_change_the_key_not_their_order(folder):
    assert key(folder, ["epub"]) != key(folder, ["epub", "print"]) != key(folder, ["epub", "screen"])
    assert key(folder, ["print", "epub"]) == key(folder, ["epub", "print"])


def test_strict_changes_the_key(folder):
    assert key(folder, strict=True) != key(folder, strict=False)


def test_source_date_epoch_changes_the_key(folder, monkeypatch):
    unset = key(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = key(folder)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert len({unset, first, key(folder)}) == 3


def test_the_environment_changes_the_key(folder):
    assert key(folder, environment="one") != key(folder, environment="two")
    assert build_key(folder, FORMATS, False) == key(folder, environment=environment_key())  # computed when not given


def test_a_stamp_is_up_to_date_while_its_key_matches_and_its_outputs_are_there(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "hp-1.epub").write_bytes(b"epub")
    write_stamp(out, "k1", [out / "hp-1.epub"], ["outline"], [])
    stamp = up_to_date(out, "k1")
    assert stamp is not None and list(stamp["outputs"]) == ["hp-1.epub"] and stamp["outline"] == ["outline"]
    assert up_to_date(out, "k2") is None
    (out / "hp-1.epub").unlink()
    assert up_to_date(out, "k1") is None
    assert up_to_date(tmp_path / "nowhere", "k1") is None


def _write(out, *names):
    for name in names:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(name.encode())
    return [out / name for name in names]


def test_an_article_file_is_kept_by_its_path_and_built_again_when_damaged(tmp_path):
    out = tmp_path / "out"
    outputs = _write(out, "hp-1.epub", "articles/a.pdf", "articles/a.xml")
    write_stamp(out, "k", outputs, [], [])
    stamp = up_to_date(out, "k")
    assert stamp is not None and sorted(stamp["outputs"]) == ["articles/a.pdf", "articles/a.xml", "hp-1.epub"]
    (out / "articles" / "a.pdf").write_bytes(b"damaged")
    assert up_to_date(out, "k") is None
    (out / "articles" / "a.pdf").unlink()
    assert up_to_date(out, "k") is None


def test_the_article_files_an_earlier_build_made_and_this_one_did_not_are_removed(tmp_path):
    out = tmp_path / "out"
    first = _write(out, "hp-1.epub", "articles/a.pdf", "articles/b.pdf", "articles/b.xml", "articles/b/fig.jpg")
    _write(out, "articles/notes.txt", "other.pdf")  # not made by a build: never removed
    write_stamp(out, "k1", first, [], [])
    write_stamp(out, "k2", [out / "hp-1.epub"], [], [])  # a build of the EPUB only leaves the articles
    assert (out / "articles" / "b.pdf").is_file()
    write_stamp(out, "k3", _write(out, "hp-1.epub", "articles/a.pdf"), [], [])  # b gone from the flatplan
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and ".cache" not in p.parts) \
        == ["articles/a.pdf", "articles/notes.txt", "hp-1.epub", "other.pdf"]
    assert not (out / "articles" / "b").exists()  # the folder it left empty
    assert up_to_date(out, "k3")["made"] == ["articles/a.pdf"]


def test_a_stale_name_outside_the_articles_folder_is_never_removed(tmp_path):
    import json

    out = tmp_path / "out"
    outputs = _write(out, "articles/a.pdf")
    write_stamp(out, "k1", outputs, [], [])
    stamp_path = out / ".cache" / "build-stamp.json"
    stamp = json.loads(stamp_path.read_text())
    victim = _write(tmp_path, "keep.pdf")[0]
    stamp["made"] = ["articles/../../keep.pdf", "../keep.pdf", "articles/.hidden.pdf"]
    stamp_path.write_text(json.dumps(stamp))
    write_stamp(out, "k2", outputs, [], [])
    assert victim.is_file()


def test_an_output_folder_that_is_the_issue_folder_is_refused(tmp_path, capsys):
    """``--out source`` for ``source/hp-test``: the articles' PDF and XML would be written among the sources."""
    from helpers import article, write_issue
    from horizons_pub.cli import main

    folder = write_issue(tmp_path / "source", {"a": article("Un texte.")})
    before = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert main(["build", str(folder), "--out", str(folder.parent)]) == 1
    err = capsys.readouterr().err
    assert f"{folder}: error: the output folder {folder} is the issue folder itself: " in err
    assert err.count("[output.in-source]") == 1 and "Traceback" not in err
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == before  # nothing written
