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

A transform that *checks* the source (:data:`CHECKS`: the notes' calls and definitions) also runs on
the partial model the reader gives after errors (reader/issue.py's ``read_issue_partial``: an article
may be missing, or hold its text alone), so that its problems are said in the same run as the reader's
(docutils and pandoc go on after an error the same way); the others only rewrite, and run only on a
model read without error.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model.nodes import Article, Issue
from ..support.diagnostics import Reporter, file_of
from .details import french_details, french_details_issue
from .notes import number_notes
from .typography import french_typography_article, french_typography_issue

Transform = Callable[[Issue, Reporter], Issue]
#: one article through the transforms: (article, reporter, complete, checks_only) → the article
ArticleTransform = Callable[[Article, Reporter, bool, bool], Article]


def notes(issue: Issue, reporter: Reporter) -> Issue:
    # the first transform: an error held is the reader's (a partial model), and its article may miss a call
    broken = {file_of(d) for d in reporter.errors}
    return replace(issue, articles=tuple(number_notes(a, reporter, complete=a.pos.file not in broken)
                                         for a in issue.articles))


def typography(issue: Issue, reporter: Reporter) -> Issue:
    return french_typography_issue(issue)


def details(issue: Issue, reporter: Reporter) -> Issue:
    return french_details_issue(issue)


#: (name, transform), in the order they run.
TRANSFORMS: tuple[tuple[str, Transform], ...] = (("notes", notes), ("typography", typography), ("details", details))

#: the transforms that report the source's problems, and are safe on a partial model: they need no
#: article, rubric or metadata to be there (each reads an article's blocks and notes alone)
CHECKS: frozenset[str] = frozenset({"notes"})


#: what each transform does to one article.  No transform's result for an article depends on another article
#: or on the issue's other fields, nor its result for those fields on the articles: so the issue's articles
#: may go through the transforms one by one (:func:`transform_article`), the rest of the issue apart.
ARTICLE_TRANSFORMS: dict[str, Callable[[Article, Reporter, bool], Article]] = {
    "notes": lambda article, reporter, complete: number_notes(article, reporter, complete=complete),
    "typography": lambda article, reporter, complete: french_typography_article(article),
    "details": lambda article, reporter, complete: french_details(article),
}
assert set(ARTICLE_TRANSFORMS) == {name for name, _ in TRANSFORMS}, "each transform says what it does to an article"


def transform_article(article: Article, reporter: Reporter, complete: bool = True, checks_only: bool = False
                      ) -> Article:
    """``article`` through every transform in order, as :func:`apply_transforms` takes it (``complete``:
    the reader reported no error in its file)."""
    for name, _ in TRANSFORMS:
        if name in CHECKS or not checks_only:
            article = ARTICLE_TRANSFORMS[name](article, reporter, complete)
    return article


def apply_transforms(issue: Issue, reporter: Reporter, checks_only: bool = False,
                     each: ArticleTransform | None = None) -> Issue:
    """Every transform in order; with ``checks_only`` (a partial model, after the reader's errors), only
    those of :data:`CHECKS`, for their diagnostics: what they return is not to be built from.

    ``each``: the articles go through the transforms one by one, each with ``each`` (:func:`transform_article`,
    or a memo's that remembers: builder/issue_memo.py), then the rest of the issue: the same model and the
    same diagnostics, in the same order."""
    if each is not None:
        broken = {file_of(d) for d in reporter.errors}  # as ``notes`` finds them, before any transform ran
        articles = tuple(each(a, reporter, a.pos.file not in broken, checks_only) for a in issue.articles)
        return replace(apply_transforms(replace(issue, articles=()), reporter, checks_only), articles=articles)
    for name, transform in TRANSFORMS:
        if name in CHECKS or not checks_only:
            issue = transform(issue, reporter)
    return issue
