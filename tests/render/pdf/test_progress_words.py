"""The progress line of a layout, in the editor's words: the page, the part's title, the edition and
how many parts are done out of how many (support/progress.py shows it on a terminal)."""

from __future__ import annotations

import re

import pytest
from helpers import article, write_issue

from horizons_pub.builder.recipe import build_issue
from horizons_pub.support import progress
from horizons_pub.support.diagnostics import Reporter

pytestmark = pytest.mark.slow  # it lays out a small issue


def test_layout_progress_names_page_title_edition_and_count(workdir, tmp_path, monkeypatch):
    steps: list[str] = []
    monkeypatch.setattr(progress, "step", steps.append)
    text = article("Un paragraphe.", title="Critiquer le numérique : une histoire longue de trois décennies")
    folder = write_issue(workdir, {"a": text})
    reporter = Reporter(echo=False)
    build_issue(folder, tmp_path / "out", ["print"], reporter, jobs=1)
    assert not reporter.has_errors(), [d.format() for d in reporter.diagnostics]
    lines = [s for s in steps if s.startswith("page")]
    assert lines, steps
    pattern = re.compile(r"^pages? (\d+)(?:–(\d+))? · (.+) \((print)\) · (\d+)/(\d+) parts$")
    assert all(pattern.match(s) for s in lines), lines
    matches = [pattern.match(s) for s in lines]
    parts = [m for m in matches if not m[3].startswith("Pages réservées")]
    # the count goes up by one for each part of the flatplan, the reserved pages that fill a slot keep it
    assert [int(m[5]) for m in parts] == list(range(1, len(parts) + 1))
    assert {int(m[6]) for m in matches} == {len(parts)}
    assert all(int(m[5]) == int(m[6]) for m in matches[-1:]), lines
    title = "Critiquer le numérique\u00a0: une histoire longue de…"
    [article_line] = [m for m in parts if m[3] == title]
    # the article's whole slot in the flatplan (pages 4-5, the back cover is on 6); its one page of text
    # leaves page 5 reserved, shown under the article's count
    assert article_line[0].startswith("pages 4–5 · "), lines
    assert any(s.startswith("page 5 · Pages réservées · Critiquer") and s.endswith(f"{article_line[5]}/4 parts")
               for s in lines), lines
    assert lines[0].startswith("page 1 · Couverture (print) · 1/"), lines
    assert not any("laying out" in s or "reserved-" in s for s in steps), steps
