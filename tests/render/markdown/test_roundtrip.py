"""render/markdown on real content: every article of the realistic test issue and of issue 38, read by the
project's reader, written back by ``write_article`` and read again, is the same model (positions aside)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.model_compare import without_pos
from horizons_pub.model.nodes import iter_rubrics
from horizons_pub.reader.article import read_article
from horizons_pub.reader.issue import read_issue
from horizons_pub.render.markdown import write_article
from horizons_pub.support.diagnostics import Reporter

ROOT = Path(__file__).resolve().parents[3]
ISSUES = {"magazine": ROOT / "tests" / "data" / "magazine", "hp-38": ROOT / "source" / "hp-38"}


@pytest.fixture(scope="module", params=sorted(ISSUES))
def rewritten(request, tmp_path_factory):
    """(the issue as read, {article id: (its text as written, the article read back, the reader's messages)})."""
    folder = tmp_path_factory.mktemp(request.param) / request.param
    shutil.copytree(ISSUES[request.param], folder)
    reporter = Reporter(echo=False)
    issue = read_issue(folder, reporter)
    assert issue is not None, [d.format() for d in reporter.diagnostics]
    rubric_ids = {r.id for r in iter_rubrics(issue.rubrics)}
    out = {}
    for art in issue.articles:
        text = write_article(art)
        path = folder / "articles" / f"{art.id}.md"
        path.write_text(text, encoding="utf-8")
        again = Reporter(echo=False)
        back = read_article(path, str(path), art.id, folder, rubric_ids, again)
        out[art.id] = (text, back, [d.format() for d in again.diagnostics])
    return issue, out


def test_every_article_reads_back_as_the_same_model(rewritten):
    issue, out = rewritten
    assert len(out) == len(issue.articles) > 0
    for art in issue.articles:
        text, back, messages = out[art.id]
        assert messages == [], (art.id, text)
        assert without_pos(back) == without_pos(art), art.id


def test_the_text_is_the_format(rewritten):
    """Front matter first, one newline at the end, no hard-wrapped paragraph lines, no trailing spaces."""
    issue, out = rewritten
    for art in issue.articles:
        text = out[art.id][0]
        assert text.startswith("---\n") and text.endswith("\n") and not text.endswith("\n\n")
        assert all(line == line.rstrip() for line in text.split("\n")), art.id
    keys = [line.split(":")[0] for line in out[issue.articles[0].id][0].split("\n")[1:4]]
    assert keys[:2] == (["rubric", "kind"] if issue.articles[0].rubric else ["kind", "title"])
