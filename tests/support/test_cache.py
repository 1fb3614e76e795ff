"""The small caches' keys and store, and the environment's hash (layouts/, fonts/, the code, the libraries)."""

from __future__ import annotations

import pytest

from helpers import Maker
from horizons_pub.support import cache, environment
from horizons_pub.support.cache import cached


def test_a_key_is_stable_and_changes_with_every_part():
    assert cache.key("a", b"b") == cache.key("a", b"b") == cache.key(b"a", "b")
    assert cache.key("a", "b") != cache.key("a", "c") != cache.key("a")
    assert cache.key("ab", "c") != cache.key("a", "bc")  # the parts are not just joined


def test_a_key_changes_with_the_libraries_versions(monkeypatch):
    before = cache.key("x")
    monkeypatch.setattr(cache, "library_versions", lambda: ("0.0.0",))
    assert cache.key("x") != before


def test_cached_stores_then_reuses(tmp_path):
    make = Maker(b"made")
    assert cached(tmp_path, "fonts", "k1", make) == b"made"
    assert (tmp_path / "fonts" / "k1").read_bytes()[32:] == b"made"  # after its hash
    assert cached(tmp_path, "fonts", "k1", Maker(b"other")) == b"made"  # reused, not made again
    other = Maker(b"other")
    assert cached(tmp_path, "fonts", "k2", other) == b"other" and other.calls == 1
    assert cached(tmp_path, "cover", "k1", Maker(b"cover")) == b"cover"  # kinds apart


def test_without_a_folder_cached_makes_every_time():
    make = Maker(b"made")
    assert cached(None, "fonts", "k", make) == cached(None, "fonts", "k", make) == b"made"
    assert make.calls == 2


def test_a_cache_that_cannot_be_written_only_makes(tmp_path):
    blocker = tmp_path / "fonts"
    blocker.write_bytes(b"a file where the folder should be")
    make = Maker(b"made")
    assert cached(tmp_path, "fonts", "k", make) == b"made" and make.calls == 1


@pytest.fixture
def trees(tmp_path, monkeypatch):
    """layouts/, fonts/ and the code as small folders of the test's."""
    roots = {name: tmp_path / name for name in ("layouts", "fonts", "code")}
    for name, root in roots.items():
        (root / "sub").mkdir(parents=True)
        (root / "sub" / f"{name}.txt").write_text(name, encoding="utf-8")
    monkeypatch.setattr(environment, "layouts_dir", lambda: roots["layouts"])
    monkeypatch.setattr(environment, "fonts_dir", lambda: roots["fonts"])
    monkeypatch.setattr(environment, "PACKAGE", roots["code"])
    monkeypatch.setattr(environment, "library_versions", lambda: ("1.0", "weasyprint=1"))
    return roots


def test_the_environment_is_stable(trees):
    assert environment.environment_key() == environment.environment_key()


@pytest.mark.parametrize("tree", ["layouts", "fonts", "code"])
def test_the_environment_changes_with_a_byte_of_each_tree(trees, tree):
    before = environment.environment_key()
    (trees[tree] / "sub" / f"{tree}.txt").write_text(tree + "!", encoding="utf-8")
    assert environment.environment_key() != before


def test_the_environment_changes_with_an_added_file_or_a_file_moved_to_another_tree(trees):
    before = environment.environment_key()
    (trees["layouts"] / "new.css").write_text("", encoding="utf-8")
    added = environment.environment_key()
    assert added != before
    (trees["layouts"] / "new.css").rename(trees["fonts"] / "new.css")
    assert environment.environment_key() not in (before, added)


def test_the_environment_ignores_compiled_and_hidden_files(trees):
    before = environment.environment_key()
    (trees["code"] / "sub" / "x.pyc").write_bytes(b"compiled")
    (trees["code"] / "__pycache__").mkdir()
    (trees["code"] / "__pycache__" / "y").write_bytes(b"")
    (trees["layouts"] / ".hidden").write_bytes(b"")
    assert environment.environment_key() == before


def test_the_environment_changes_with_the_libraries_versions(trees, monkeypatch):
    before = environment.environment_key()
    monkeypatch.setattr(environment, "library_versions", lambda: ("1.0", "weasyprint=2"))
    assert environment.environment_key() != before


def test_the_library_versions_name_horizons_pub_the_libraries_and_the_c_libraries():
    from horizons_pub import __version__

    versions = environment.library_versions()
    assert versions[0] == __version__
    names = [v.split("=", 1)[0] for v in versions[1:]]
    assert names == [*environment.LIBRARIES, *(function for _, function in environment.SYSTEM_LIBRARIES)]


def test_an_entry_is_made_again_when_its_bytes_do_not_match_its_hash(tmp_path):
    assert cached(tmp_path, "screen-images", "k", Maker(b"image bytes")) == b"image bytes"
    entry = tmp_path / "screen-images" / "k"
    assert entry.read_bytes().endswith(b"image bytes") and len(entry.read_bytes()) == 32 + len(b"image bytes")
    again = Maker(b"image bytes")
    assert cached(tmp_path, "screen-images", "k", again) == b"image bytes" and again.calls == 0
    entry.write_bytes(entry.read_bytes()[:-3])  # cut short, as by a build killed while writing it
    remade = Maker(b"image bytes")
    assert cached(tmp_path, "screen-images", "k", remade) == b"image bytes" and remade.calls == 1
    assert cached(tmp_path, "screen-images", "k", Maker(b"x")) == b"image bytes"  # stored anew
