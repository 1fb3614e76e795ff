"""The sommaire, generated from the flatplan and the articles (never typed in the source).

Articles are grouped under their rubric as the printed sommaire groups them:
consecutive articles of one rubric share its heading, and the dossier's
sub-rubrics nest under it with the dossier's title.  Each renderer gives the
link target and the folio of every article.
"""

from __future__ import annotations

from typing import Callable

from lxml import etree

from ..bylines import bylines, shown_interviewees
from ..model import Article, Issue, Kind, Rubric
from .html import HtmlWriter, append_text, sub

#: Kinds listed in the sommaire: the editorial and the boxes are not.
LISTED = (Kind.ARTICLE, Kind.INTERVIEW, Kind.OPENER)


def listed_articles(issue: Issue) -> list[Article]:
    return [a for p in issue.flatplan if p.article for a in [issue.article(p.article)] if a.kind in LISTED]


def sommaire_element(writer: HtmlWriter, parent: etree._Element, href: Callable[[Article], str | None],
                     folio: Callable[[Article], int]) -> etree._Element:
    issue = writer.issue
    root = sub(parent, "section", "sommaire")
    root.set("aria-labelledby", "sommaire-title")
    sub(root, "h1", "sommaire-title", id="sommaire-title").text = "Sommaire"
    open_groups: list[tuple[Rubric, etree._Element]] = []
    for article in listed_articles(issue):
        path = issue.rubric_path(article.rubric) if article.rubric else ()
        # close the groups that this article is not in, open the ones it is in
        keep = 0
        while keep < min(len(open_groups), len(path)) and open_groups[keep][0].id == path[keep].id:
            keep += 1
        del open_groups[keep:]
        for rubric in path[keep:]:
            host = open_groups[-1][1] if open_groups else root
            group = sub(host, "section", f"sommaire-rubric depth-{len(open_groups) + 1}")
            sub(group, f"h{len(open_groups) + 2}", "sommaire-rubric-title").text = rubric.title
            open_groups.append((rubric, group))
        host = open_groups[-1][1] if open_groups else root
        if article.kind is Kind.OPENER:
            entry = sub(host, "p", "sommaire-dossier")
        else:
            lst = host[-1] if len(host) and host[-1].tag == "ul" else sub(host, "ul", "sommaire-entries")
            entry = sub(lst, "li", "sommaire-entry")
        _entry(writer, entry, article, href(article), folio(article))
    return root


def _entry(writer: HtmlWriter, entry: etree._Element, article: Article, target: str | None, folio: int) -> None:
    label = sub(entry, "a", "sommaire-link", href=target) if target else sub(entry, "span", "sommaire-link")
    people = shown_interviewees(article)
    if people:
        sub(label, "span", "sommaire-person").text = ", ".join(p.name for p in people)
        append_text(label, " ")
    writer.inlines(sub(label, "span", "sommaire-title"), article.title)
    for line in bylines(article):
        if article.kind is Kind.OPENER:
            continue
        credit = sub(entry, "span", "sommaire-byline")
        append_text(credit, f"{line.label} {line.names}")
    folio_el = sub(entry, "span", "sommaire-folio")
    folio_el.text = str(folio)
