"""The transforms, in their declared order (as docutils' transform priorities).

1. ``notes``: attach note definitions to their calls and number them per article;
2. ``typography``: French typography on every text (after the notes, so that
   the notes' own text is set too).

Each transform takes the model and returns a new one; none mutates it.
"""

from __future__ import annotations

from dataclasses import replace

from ..support.diagnostics import Reporter
from ..model.nodes import Issue
from .notes import number_notes
from .typography import french_typography_issue

TRANSFORM_ORDER = ("notes", "typography")


def apply_transforms(issue: Issue, reporter: Reporter) -> Issue:
    issue = replace(issue, articles=tuple(number_notes(a, reporter) for a in issue.articles))
    issue = french_typography_issue(issue)
    return issue
