"""builder/issue_memo.py: a load with the memo gives the Issue and the diagnostics of a fresh load, and reads
again only the articles whose key changed (their file, an image they name, the rubrics, strict, the folder)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import article, edit_issue_yaml, edit_once, write_issue
from horizons_pub.builder import issue_memo
from horizons_pub.builder.issue_memo import IssueMemo
from horizons_pub.builder.recipe import load_issue
from horizons_pub.reader.article import read_article
from horizons_pub.reader.issue import read_issue_partial
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.transforms.pipeline import apply_transforms, transform_article

DATA = Path(__file__).resolve().parents[1] / "data" / "magazine"
HP38 = Path(__file__).resolve().parents[2] / "source" / "hp-38"


@pytest.fixture
def magazine(workdir: Path) -> Path:
    folder = workdir / "hp-99"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("*.py"))
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles the memo reads anew (it calls the reader's read_article)."""
    seen: list[str] = []

    def counting(path, shown, article_id, *args, **kwargs):
        seen.append(article_id)
        return read_article(path, shown, article_id, *args, **kwargs)

    monkeypatch.setattr(issue_memo, "read_article", counting)
    return seen


def same(folder: Path, memo: IssueMemo, strict: bool = False):
    """Load ``folder`` fresh and with ``memo``: the same Issue (==, positions included), the same diagnostics
    in the same order; returns the issue."""
    fresh, kept = Reporter(strict=strict, echo=False), Reporter(strict=strict, echo=False)
    issue = load_issue(folder, fresh)
    memoed = load_issue(folder, kept, memo=memo)
    assert memoed == issue
    assert kept.diagnostics == fresh.diagnostics
    return issue


def test_the_magazine_edited(magazine, reads):
    memo = IssueMemo()
    issue = same(magazine, memo)
    assert issue is not None and len(reads) == len(issue.articles) == 12 and memo.transformed == 12
    reads.clear()
    assert same(magazine, memo) == issue and reads == [] and memo.read == memo.transformed == 0
    # one paragraph of one article
    edit_once(magazine / "articles" / "edito.md", "Bonne lecture !", "Bonne lecture, et à bientôt !")
    edited = same(magazine, memo)
    assert reads == ["edito"] and memo.transformed == 1
    assert edited.article("edito") != issue.article("edito")
    assert [a for a in edited.articles if a.id != "edito"] == [a for a in issue.articles if a.id != "edito"]
    reads.clear()
    # an image replaced: the article that shows it
    shutil.copyfile(magazine / "images" / "lampadaires.jpg", magazine / "images" / "serre.jpg")
    assert same(magazine, memo) is not None and reads == ["bibliotheques"]
    reads.clear()
    # issue.yaml changed, nothing an article's reading uses
    edit_issue_yaml(magazine, "pages: 44", "pages: 48")
    assert same(magazine, memo) is not None and reads == []
    # a broken article (its front matter never closed): the others' notes checked, read from the memo
    edit_once(magazine / "articles" / "kessler.md", "\n---\n", "\n--\n")
    assert same(magazine, memo) is None and reads == ["kessler"] and memo.transformed == 11
    reads.clear()
    edit_once(magazine / "articles" / "kessler.md", "\n--\n", "\n---\n")
    assert same(magazine, memo) is not None and reads == ["kessler"] and memo.transformed == 1


TEXT = "Le 1er janvier, il dit : « oui » et rit[^1].\n\n[^1]: Une note.\n"


@pytest.fixture
def small(workdir: Path) -> Path:
    """Three short articles; ``b`` shows an image."""
    return write_issue(workdir, {"a": article(TEXT), "b": article("![Une image](images/x.png)\n\n" + TEXT),
                                 "c": article(TEXT, rubric="terrain")},
                       images={"images/x.png": (8, 6), "images/y.png": (9, 7)})


def test_a_damaged_image_and_a_link_led_elsewhere(small, reads):
    memo = IssueMemo()
    first = same(small, memo)
    reads.clear()
    image = small / "images" / "x.png"
    image.write_bytes(image.read_bytes()[:40])  # cut short: the check's error, said again from the memo
    for _ in range(2):
        assert same(small, memo) is None
    assert reads == ["b"]
    image.unlink()
    os.symlink("y.png", image)  # the same name, another file (the figure's src is where it leads)
    assert same(small, memo) != first and reads == ["b", "b"]
    image.unlink()
    assert same(small, memo) is None and reads == ["b", "b", "b"]


def test_the_rubrics(small, reads):
    memo = IssueMemo()
    same(small, memo)
    reads.clear()
    edit_issue_yaml(small, "Un numéro d'essai", "Un autre titre")  # issue.yaml changed, not its rubrics
    assert same(small, memo) is not None and reads == []
    edit_issue_yaml(small, "id: terrain", "id: terrains")  # every article is read again
    assert same(small, memo) is None and reads == ["a", "b", "c"]


def test_broken_front_matter_notes_and_an_unlisted_article(small, reads):
    memo = IssueMemo()
    edit_once(small / "articles" / "a.md", "rubric: edito", "rubric: [edito")  # malformed YAML: the text read
    edit_once(small / "articles" / "c.md", "[^1]: Une", "[^2]: Une")  # called, never defined; defined, not called
    (small / "articles" / "hors-plan.md").write_text(article("Un mot[^x]."), encoding="utf-8")
    for _ in range(2):
        assert same(small, memo) is None
    edit_once(small / "articles" / "a.md", "rubric: [edito", "rubric: edito")  # c's notes now checked in full
    assert same(small, memo) is None


def test_strict_and_the_current_folder(small, reads, monkeypatch):
    memo = IssueMemo()
    edit_once(small / "articles" / "a.md", "[^1]: Une note.", "[^1]: Une note.\n\n[^9]: Jamais appelée.")
    assert same(small, memo) is not None  # a warning (note.unused)
    assert same(small, memo, strict=True) is None  # an error under --strict
    assert same(small, memo) is not None
    reads.clear()
    monkeypatch.chdir(small / "articles")  # every position shows the path from here
    assert same(small, memo) is not None and reads == ["a", "b", "c"]


def test_a_file_changed_while_it_was_read_is_not_kept(small, reads, monkeypatch):
    memo = IssueMemo()
    same(small, memo)
    path = small / "articles" / "a.md"
    old = path.read_text(encoding="utf-8")
    edit_once(path, "rit", "rit encore")

    def racing(path, *args, **kwargs):  # the editor saves again between the memo's hash and the reading
        if path.name == "a.md":
            path.write_text(old, encoding="utf-8")
        return read_article(path, *args, **kwargs)

    monkeypatch.setattr(issue_memo, "read_article", racing)
    load_issue(small, Reporter(echo=False), memo=memo)
    edit_once(path, "rit", "rit encore")  # the bytes hashed then: kept, the memo would give the old text
    monkeypatch.setattr(issue_memo, "read_article", read_article)
    same(small, memo)


def test_the_transforms_article_by_article_are_the_transforms():
    found = Reporter(echo=False)  # (the magazine's: by the memo's tests above)
    issue = read_issue_partial(HP38, found)
    assert issue is not None and len(issue.articles) > 5
    one, other = Reporter(echo=False), Reporter(echo=False)
    one.extend(found.diagnostics)
    other.extend(found.diagnostics)
    assert apply_transforms(issue, one, each=transform_article) == apply_transforms(issue, other)
    assert one.diagnostics == other.diagnostics
