"""benchmarks/generate.py: the synthetic issues the benchmarks measure.  Nothing here is timed.

The default issue keeps 2–6 notes an article whatever its length (the issue earlier figures were
measured on); ``notes_per_page`` gives each article notes in proportion to its text, so that a long
issue carries as many notes per page as a short one; ``generate_notes`` writes one article with a
given number of notes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from helpers.outputs import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate as gen  # noqa: E402

CALL = re.compile(r"\[\^(\d+)\](?!:)")
DEFINITION = re.compile(r"^\[\^(\d+)\]:", re.M)


def _articles(issue: Path) -> list[tuple[str, int, str]]:
    """(text, slot in pages, body before the notes) of every article, from the flatplan's pages."""
    plan = yaml.safe_load((issue / "issue.yaml").read_text(encoding="utf-8"))["flatplan"]
    found = []
    for entry, following in zip(plan, plan[1:]):
        if "article" in entry:
            text = (issue / "articles" / f"{entry['article']}.md").read_text(encoding="utf-8")
            body = text.split("\n\n[^1]:")[0]
            found.append((text, following["page"] - entry["page"], body))
    return found


def _notes(text: str) -> int:
    calls = [int(n) for n in CALL.findall(text)]
    definitions = [int(n) for n in DEFINITION.findall(text)]
    assert calls == definitions == list(range(1, len(calls) + 1)), "every note called once, in order"
    return len(calls)


@pytest.fixture(scope="module")
def sized(tmp_path_factory):
    """Issues of 100 and 400 pages: the default ones and ones with one note per page of text."""
    base = tmp_path_factory.mktemp("generated")
    return {(pages, npp): gen.generate(pages, base / f"{pages}-{npp}", notes_per_page=npp)
            for pages in (100, 400) for npp in (None, 1.0)}


def test_notes_per_page_are_constant_whatever_the_issue_size(sized):
    density = {}
    for pages in (100, 400):
        articles = _articles(sized[pages, 1.0])
        assert len(articles) == 20
        for text, slot, _ in articles:
            assert abs(_notes(text) - gen.text_pages(slot)) <= 1  # about one a page of its text
        notes = sum(_notes(text) for text, _, _ in articles)
        text_pages = sum(gen.text_pages(slot) for _, slot, _ in articles)
        chars = sum(len(body) for _, _, body in articles)
        assert notes == round(text_pages)
        density[pages] = notes / chars
    assert density[400] == pytest.approx(density[100], rel=0.1)  # notes per character of text


def test_the_default_issue_keeps_two_to_six_notes_an_article(sized):
    """The older figures' issue: the long issue carries far fewer notes per page than with notes_per_page."""
    for pages in (100, 400):
        counts = [_notes(text) for text, _, _ in _articles(sized[pages, None])]
        assert all(2 <= n <= 6 for n in counts)
    default = sum(_notes(t) for t, _, _ in _articles(sized[400, None]))
    proportional = sum(_notes(t) for t, _, _ in _articles(sized[400, 1.0]))
    assert proportional > 2 * default


def test_notes_are_spread_through_each_article(sized):
    for text, _, body in _articles(sized[400, 1.0]):
        body = body.split("---\n", 2)[2]
        calls = [m.start() / len(body) for m in CALL.finditer(body)]
        expected = [(k + 0.5) / len(calls) for k in range(len(calls))]
        assert max(abs(a - b) for a, b in zip(calls, expected)) < 0.1


def test_the_pandoc_twin_carries_the_same_notes(sized):
    folder = sized[100, 1.0].parent
    pandoc = (folder / "issue.md").read_text(encoding="utf-8")
    ours = sum(_notes(text) for text, _, _ in _articles(sized[100, 1.0]))
    assert len(re.findall(r"\[\^a\d+-\d+\](?!:)", pandoc)) == len(re.findall(r"^\[\^a\d+-\d+\]:", pandoc, re.M)) == ours


def test_one_article_with_many_notes(tmp_path):
    issue = gen.generate_notes(300, tmp_path / "notes")
    (text, slot, _), = _articles(issue)
    assert _notes(text) == 300
    assert slot == pytest.approx(300 / 6, abs=2)  # six notes per page of text by default


def test_the_command_line_rejects_a_density_of_zero(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sys, "argv", ["generate.py", "--out", str(tmp_path), "--notes-per-page", "0"])
    with pytest.raises(SystemExit) as stop:
        gen.main()
    assert stop.value.code == 2 and "--notes-per-page" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
