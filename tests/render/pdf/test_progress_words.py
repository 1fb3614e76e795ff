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
    lines = [s for s in steps if s.startswith("page ")]
    assert lines, steps
    pattern = re.compile(r"^page \d+ · .+ \((print)\) · (\d+)/(\d+) parts$")
    assert all(pattern.match(s) for s in lines), lines
    counts = [int(pattern.match(s)[2]) for s in lines]
    assert counts == list(range(1, len(counts) + 1))
    assert any("Critiquer le numérique\u00a0: une histoire longue de tro…" in s or "Critiquer le numérique" in s
               for s in lines), lines
    assert any(s.startswith("page 1 · Couverture (print)") for s in lines), lines
    assert not any("laying out" in s or "reserved-" in s for s in steps), steps
