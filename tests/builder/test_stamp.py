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
