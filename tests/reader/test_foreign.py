"""``[…]{lang=…}``: words in another language (issue 14), and the span attributes refused."""

from __future__ import annotations

import pytest
from helpers import article, messages, write_issue

from horizons_pub.model.nodes import Foreign, Paragraph, SmallCaps, Text
from horizons_pub.reader.inlines import language_tag
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter


def _read(workdir, body: str):
    reporter = Reporter(echo=False)
    issue = read_issue(write_issue(workdir, {"a": article(body)}), reporter)
    first = issue.article("a").blocks[0] if issue is not None else None
    return (first.children if isinstance(first, Paragraph) else None), messages(reporter)


def test_a_foreign_span(workdir):
    children, diags = _read(workdir, "Les [commons]{lang=en} et le [Bauhaus]{lang=DE}.")
    assert diags == []
    foreign = [n for n in children if isinstance(n, Foreign)]
    assert [(f.lang, f.children[0].text) for f in foreign] == [("en", "commons"), ("de", "Bauhaus")]
    assert foreign[0].pos.line == children[0].pos.line


def test_small_caps_in_another_language(workdir):
    children, diags = _read(workdir, "Le [BBC]{.smallcaps lang=en-gb} dit.")
    assert diags == []
    node = children[1]
    assert isinstance(node, Foreign) and node.lang == "en-GB"
    assert isinstance(node.children[0], SmallCaps) and node.children[0].children == (Text("BBC", node.pos),)


@pytest.mark.parametrize("attrs, code", [
    ("lang=english", "markup.lang"),
    ("lang=e", "markup.lang"),
    ('lang="en_GB"', "markup.lang"),
    ("id=x", "markup.unknown-span"),
    (".rouge lang=en", "markup.unknown-span"),
])
def test_refused(workdir, attrs, code):
    _, diags = _read(workdir, f"Un paragraphe.\n\nUn [mot]{{{attrs}}} ici.")
    assert len(diags) == 1 and diags[0].endswith(f"[{code}]"), diags
    line = article("Un paragraphe.\n\nUn").count("\n") + 1
    assert f"a.md:{line}: error: " in diags[0], diags


@pytest.mark.parametrize("given, tag", [
    ("en", "en"), ("EN", "en"), ("en-gb", "en-GB"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"),
    ("de-1996", "de-1996"), ("english", None), ("e", None), ("en_GB", None), ("", None), ("en-", None),
])
def test_language_tag(given, tag):
    assert language_tag(given) == tag


def test_a_note_called_inside_a_foreign_span_is_numbered(workdir):
    from helpers import load

    from horizons_pub.model.nodes import Note

    issue, rep = load(write_issue(workdir, {"a": article("Les [commons[^1]]{lang=en} ici.\n\n[^1]: Une note.\n")}))
    assert messages(rep) == []
    foreign = issue.article("a").blocks[0].children[1]
    assert isinstance(foreign, Foreign) and isinstance(foreign.children[-1], Note)
    assert foreign.children[-1].number == 1
