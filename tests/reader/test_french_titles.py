"""French titles (a space before every colon): the title written as the text's first '# ' heading, and
the exact fix quoted when a front-matter value holds ' : ' unquoted."""

from __future__ import annotations

import pytest
import yaml
from helpers import load, messages, write_issue

from horizons_pub.model.nodes import Heading, plain_text
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter

INTERVIEW_HEADING = """\
---
rubric: edito
kind: interview
---

# Marie Martin : « Les communes *d’abord* »

Le texte commence ici[^1].

## Un intertitre

[^1]: Une note.
"""

INTERVIEW_FRONT = """\
---
rubric: edito
kind: interview
title: Marie Martin : « Les communes "d’abord" »
---

Le texte.
"""


def read(folder):
    reporter = Reporter(echo=False)
    return read_issue(folder, reporter), messages(reporter)


def test_a_title_with_a_colon_as_the_first_heading_builds(workdir):
    issue, diags = read(write_issue(workdir, {"a": INTERVIEW_HEADING}))
    assert diags == []
    art = issue.article("a")
    assert plain_text(art.title) == "Marie Martin : « Les communes d’abord »"
    # the heading is the title, not a block of the text; the other lines keep their numbers
    assert not any(isinstance(b, Heading) and b.level == 1 for b in art.blocks)
    assert art.blocks[0].pos.line == 8
    assert [b.pos.line for b in art.blocks if isinstance(b, Heading)] == [10]


def test_a_colon_in_the_front_matter_quotes_the_fixed_line(workdir):
    issue, diags = read(write_issue(workdir, {"a": INTERVIEW_FRONT}))
    assert issue is None and len(diags) == 1, diags
    message = diags[0]
    assert message.split(": error:")[0].endswith("articles/a.md:4"), message
    assert message.endswith("[yaml.syntax]")
    fixed = message.split("ready to paste: ", 1)[1].split(" (or leave")[0]
    assert fixed == 'title: "Marie Martin : « Les communes \\"d’abord\\" »"', fixed
    assert yaml.safe_load(fixed) == {"title": "Marie Martin : « Les communes \"d’abord\" »"}
    assert "'# '" in message  # and the other way: the title as the first heading


def test_the_fixed_line_pasted_in_builds(workdir):
    message = read(write_issue(workdir / "one", {"a": INTERVIEW_FRONT}))[1][0]
    fixed = message.split("ready to paste: ", 1)[1].split(" (or leave")[0]
    source = INTERVIEW_FRONT.replace('title: Marie Martin : « Les communes "d’abord" »', fixed)
    issue, diags = read(write_issue(workdir / "two", {"a": source}))
    assert diags == [] and plain_text(issue.article("a").title) == "Marie Martin : « Les communes \"d’abord\" »"


def test_a_front_matter_title_and_a_first_heading_are_not_mixed(workdir):
    """With a title in the front matter, a '# ' heading stays what it was (a heading-level error)."""
    text = INTERVIEW_HEADING.replace("kind: interview\n", "kind: interview\ntitle: Un autre titre\n")
    issue, diags = read(write_issue(workdir, {"a": text}))
    assert any("[markup.heading-level]" in d for d in diags), diags


@pytest.mark.parametrize(("line", "title"), [("# Le C# au service public", "Le C# au service public"),
                                              ("# Un titre ##", "Un titre"),
                                              ("#   Un titre   ", "Un titre")])
def test_closing_hashes_go_and_inner_hashes_stay(workdir, line, title):
    folder = write_issue(workdir, {"a": f"---\nkind: article\nrubric: edito\n---\n\n{line}\n\nUn paragraphe.\n"})
    issue, reporter = load(folder)
    assert issue is not None, messages(reporter)
    assert plain_text(issue.articles[0].title) == title
