"""Running heads: their text, and the ones too long for their line.

The right-hand head is the article's rubric path; on the dossier's pages (the rubric the cover
heads with) the dossier's title follows it (« Dossier · Sur le terrain — Sobriété énergétique »).
An article's ``short_title`` (front matter) stands in for that title: on the dossier's pages, the
article's own, else the dossier opener's, else the issue's title; elsewhere an article with a
``short_title`` gets it after its rubric.  The stylesheet sets heads on one line (``white-space:
nowrap``, never hyphenated); a head longer than the text area's width then runs out of it, which the
layout measures (:func:`long_heads`) and the build reports (``layout.running-head-long``).
"""

from __future__ import annotations

from ...model.nodes import Article, Issue, Kind, plain_text

#: the margin boxes that hold the running heads (print.css)
HEAD_BOXES = ("@top-left", "@top-right")
PX_TO_PT = 0.75


def running_head(issue: Issue, article: Article | None) -> str:
    """The right-hand running head: the rubric path, and the title part described in the module's docstring."""
    if article is None or not article.rubric:
        return ""
    path = issue.rubric_path(article.rubric)
    head = " · ".join(r.title for r in path)
    title = head_title(issue, article)
    return f"{head} — {title}" if title else head


def in_dossier(issue: Issue, article: Article) -> bool:
    if not article.rubric or not issue.cover.headline_rubric:
        return False
    return issue.rubric_path(article.rubric)[0].id == issue.cover.headline_rubric


def dossier_opener(issue: Issue) -> Article | None:
    """The dossier's opener (its title is the dossier's), when the issue has one."""
    for article in issue.articles:
        if article.kind is Kind.OPENER and in_dossier(issue, article):
            return article
    return None


def head_source(issue: Issue, article: Article) -> Article:
    """The article whose front matter gives the head's title part (where a ``short_title`` would go): the
    dossier's opener for a dossier article without one of its own (when the dossier has an opener)."""
    if article.short_title or not in_dossier(issue, article):
        return article
    return dossier_opener(issue) or article


def head_title(issue: Issue, article: Article) -> str:
    if article.short_title:
        return plain_text(article.short_title)
    if not in_dossier(issue, article):
        return ""
    opener = dossier_opener(issue)
    if opener is not None and opener.short_title:
        return plain_text(opener.short_title)
    return plain_text(issue.title)


def long_heads(document) -> list[tuple[str, float, float]]:
    """The running heads that do not fit on one line of the text area's width, once each:
    (their text, their width and the width they have, in points)."""
    # imported here: WeasyPrint is loaded where pages are laid out (typeset.py)
    from weasyprint.formatting_structure import boxes

    found: dict[str, tuple[str, float, float]] = {}
    for page in document.pages:
        page_box = page._page_box  # the laid-out margin boxes are what we measure
        room = page_box.width
        for box in page_box.children:
            if not isinstance(box, boxes.MarginBox) or box.at_keyword not in HEAD_BOXES:
                continue
            text = "".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox))
            lines = sum(isinstance(b, boxes.LineBox) for b in box.descendants())
            if text and (box.width > room + 0.5 or lines > 1) and text not in found:
                found[text] = (text, round(box.width * PX_TO_PT, 1), round(room * PX_TO_PT, 1))
    return list(found.values())
