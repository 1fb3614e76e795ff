"""render/pdf/article_cache.py: each article's PDF kept in the build's cache — its key moves with what the
PDF is made of and not with another article's text; a damaged entry is ignored; and, through real builds
(slow), a rebuild after one article's edit cuts only that article again, with the bytes of a cold build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from helpers import article, default_issue, write_issue
from horizons_pub.builder.recipe import build_issue, load_issue
from horizons_pub.render.pdf import article_pdfs
from horizons_pub.render.pdf.article_cache import KIND, article_key, cached_article
from horizons_pub.render.profiles import cmyk_profile
from horizons_pub.support.cache import CACHE_DIR
from horizons_pub.support.diagnostics import Reporter

IDS = ("a", "b", "c")
CITED = {"distribution": {"citation_line": True}}


def _texts(**changed: str) -> dict[str, str]:
    return {i: article(changed.get(i, f"Le texte de {i}."), rubric="actualite", title=f"Titre {i}") for i in IDS}


def _issue(root: Path, issue_patch: dict | None = None, **changed: str):
    src = write_issue(root, _texts(**changed), issue={**default_issue(IDS), **CITED, **(issue_patch or {})})
    issue = load_issue(src, Reporter(echo=False))
    assert issue is not None
    return issue


def _key(issue, article_id="a", parts=((b"%PDF-1.7 part", ()),), folios=(4, 5), strict=False, env="env"):
    return article_key(issue, article_id, list(parts), folios, cmyk_profile(issue), strict, env)


def test_the_key_follows_what_the_article_pdf_is_made_of(tmp_path):
    issue = _issue(tmp_path / "one")
    base = _key(issue)
    assert _key(issue) == base  # the same inputs, the same key
    others = [_key(issue, parts=((b"%PDF-1.7 other", ()),)), _key(issue, parts=((b"%PDF-1.7 part", ("x",)),)),
              _key(issue, folios=(6, 7)), _key(issue, strict=True), _key(issue, env="other"),
              _key(issue, "b"), _key(dataclasses.replace(issue, isbn="9782701399997")),
              _key(dataclasses.replace(issue, magazine="Autre")),
              _key(dataclasses.replace(issue, distribution=dataclasses.replace(issue.distribution,
                                                                               citation_line=False))),
              _key(_issue(tmp_path / "two", a="Le texte de a, changé."))]
    assert len({base, *others}) == len(others) + 1


def test_another_article_s_text_does_not_move_the_key(tmp_path):
    before = _key(_issue(tmp_path))  # the same folder: its place is part of the key (the diagnostics name it)
    assert _key(_issue(tmp_path, b="Le texte de b, changé.")) == before
    assert _key(_issue(tmp_path, a="Le texte de a, changé.")) != before


def test_an_entry_is_used_and_a_damaged_one_made_again(tmp_path):
    calls = []

    def make(data=b"%PDF-1.7 the article"):
        calls.append(data)
        return data, [{"severity": "warning", "code": "layout.citation-long", "message": "m", "file": "f",
                       "line": 3, "path": None, "data": {}}]

    first, used = cached_article(tmp_path, "a", "k1", make)
    assert not used and len(calls) == 1
    again, used = cached_article(tmp_path, "a", "k1", make)
    assert used and again == first and len(calls) == 1  # the records replayed as they were made
    [entry] = (tmp_path / KIND).iterdir()
    whole = entry.read_bytes()
    for damaged in (whole[:len(whole) // 2], whole[:-1] + b"x", b"", whole[:32] + b"not json\n%PDF-1.7"):
        entry.write_bytes(damaged)
        out, used = cached_article(tmp_path, "a", "k1", make)
        assert not used and out == first
        assert entry.read_bytes() == whole  # written again, sound
    assert len(calls) == 5
    assert cached_article(None, "a", "k1", make) == (first, False)


def test_a_new_entry_replaces_the_article_s_older_ones_only(tmp_path):
    def make():
        return b"%PDF-1.7", []

    cached_article(tmp_path, "a", "k1", make)
    cached_article(tmp_path, "b", "k1", make)
    cached_article(tmp_path, "a", "k2", make)
    names = sorted(p.name.partition("-")[2] for p in (tmp_path / KIND).iterdir())
    assert names == ["k1", "k2"]  # b's, and a's newer
    assert cached_article(tmp_path, "a", "k2", make)[1] and cached_article(tmp_path, "b", "k1", make)[1]
    assert not cached_article(tmp_path, "a", "k1", make)[1]


@pytest.mark.slow
def test_a_rebuild_cuts_again_only_the_edited_article_with_a_cold_build_s_bytes(tmp_path, monkeypatch):
    cut: list[str] = []
    original = article_pdfs._cut

    def counting(issue, slot, *rest):
        cut.append(slot.article)
        return original(issue, slot, *rest)

    monkeypatch.setattr(article_pdfs, "_cut", counting)

    def build(src: Path, out: Path) -> dict[str, bytes]:
        cut.clear()
        reporter = Reporter(echo=False)
        build_issue(src, out, ["articles"], reporter, jobs=1)  # one process: the cuts are counted here
        assert not reporter.has_errors(), [d.format() for d in reporter.errors]
        folder = out / src.name / "articles"
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.pdf"))}

    def write(**changed: str) -> Path:
        return write_issue(tmp_path / "src", _texts(**changed), issue={**default_issue(IDS), **CITED})

    out = tmp_path / "out"
    src = write()
    first = build(src, out)
    assert sorted(cut) == list(IDS) and sorted(first) == ["a.pdf", "b.pdf", "c.pdf"]
    entries = out / src.name / CACHE_DIR / KIND
    assert len(list(entries.iterdir())) == 3

    edited = build(write(b="Le texte de b, un mot de plus."), out)
    assert cut == ["b"]  # a and c from the cache
    assert edited["a.pdf"] == first["a.pdf"] and edited["b.pdf"] != first["b.pdf"]
    assert build(src, tmp_path / "cold1") == edited and sorted(cut) == list(IDS)

    for entry in entries.iterdir():  # every entry cut short: ignored, each article cut again
        entry.write_bytes(entry.read_bytes()[:500])
    again = build(write(b="Le texte de b, un mot de plus.", c="Le texte de c, changé."), out)
    assert sorted(cut) == list(IDS)
    assert build(src, tmp_path / "cold2") == again
    assert again["a.pdf"] == first["a.pdf"] and again["b.pdf"] == edited["b.pdf"]
    assert len(list(entries.iterdir())) == 3  # the older entries of b and c gone
