"""The transforms, in their declared order (as docutils' transformer applies what is registered,
by priority): :data:`TRANSFORMS` *is* the order, and :func:`apply_transforms` runs it.

1. ``notes``: attach note definitions to their calls and number them per article;
2. ``typography``: French typography on every text (after the notes, so that
   the notes' own text is set too);
3. ``details``: the French typographic details (superscripts ``1er``, ``Mme``, ``n°``; ``m2``, ``CO2``;
   centuries and acronyms in small capitals; `` - `` → `` – ``; capitalised words kept unhyphenated).
   After the typography, whose spaces it keeps (``n° 4``'s no-break space) and whose rules read
   ``n°`` before it becomes ``n`` + a superscript ``o``; its nodes are left alone by the typography.

Each transform takes the model and returns a new one; none mutates it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model.nodes import Issue
from ..support.diagnostics import Reporter
from .details import french_details_issue
from .notes import number_notes
from .typography import french_typography_issue

Transform = Callable[[Issue, Reporter], Issue]


def notes(issue: Issue, reporter: Reporter) -> Issue:
    return replace(issue, articles=tuple(number_notes(a, reporter) for a in issue.articles))


def typography(issue: Issue, reporter: Reporter) -> Issue:
    return french_typography_issue(issue)


def details(issue: Issue, reporter: Reporter) -> Issue:
    return french_details_issue(issue)


#: (name, transform), in the order they run.
TRANSFORMS: tuple[tuple[str, Transform], ...] = (("notes", notes), ("typography", typography), ("details", details))


def apply_transforms(issue: Issue, reporter: Reporter) -> Issue:
    for _name, transform in TRANSFORMS:
        issue = transform(issue, reporter)
    return issue
