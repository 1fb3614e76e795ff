"""The sommaire, generated from the flatplan and the articles (never typed in the source).

Articles are grouped under their rubric as the printed sommaire groups them:
consecutive articles of one rubric share its heading, and the dossier's
sub-rubrics nest under it.  The same tree gives the EPUB's table of contents
and the PDF's bookmarks.  Each renderer gives the link target and the folio of
every article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ...model import fr
from ...model.bylines import bylines, shown_interviewees
from ...model.nodes import Article, Issue, Kind, PartKind, Rubric
from ..visitor import append_text
from .writer import HtmlWriter, sub

#: Kinds listed in the sommaire: the editorial and the boxes are not.
LISTED = (Kind.ARTICLE, Kind.INTERVIEW, Kind.OPENER)


@dataclass
class RubricNode:
    """A rubric heading and what stands under it: articles and sub-rubrics, in page order."""

    rubric: Rubric | None
    children: list = field(default_factory=list)  # RubricNode or the grouped items


def rubric_tree(issue: Issue, items: list, rubric_of: Callable[[object], str | None] = lambda a: a.rubric
                ) -> RubricNode:
    """Group items (articles, in page order) under their rubric path; an item without rubric stands at the root."""
    root = RubricNode(None)
    open_nodes: list[RubricNode] = []
    for article in items:
        rubric_id = rubric_of(article)
        path = issue.rubric_path(rubric_id) if rubric_id else ()
        keep = 0
        while keep < min(len(open_nodes), len(path)) and open_nodes[keep].rubric.id == path[keep].id:
            keep += 1
        del open_nodes[keep:]
        for rubric in path[keep:]:
            node = RubricNode(rubric)
            (open_nodes[-1] if open_nodes else root).children.append(node)
            open_nodes.append(node)
        (open_nodes[-1] if open_nodes else root).children.append(article)
    return root


def listed_articles(issue: Issue) -> list[Article]:
    return [issue.article(p.article) for p in issue.flatplan
            if p.article and issue.article(p.article).kind in LISTED]


def sommaire_element(writer: HtmlWriter, parent: etree._Element, href: Callable[[Article], str | None],
                     folio: Callable[[Article], int]) -> etree._Element:
    root = sub(parent, "section", "sommaire")
    root.set("aria-labelledby", "sommaire-title")
    sub(root, "h1", "sommaire-title", id="sommaire-title").text = fr.PART_NAMES[PartKind.SOMMAIRE]

    def emit(host: etree._Element, node: RubricNode, depth: int) -> None:
        for child in node.children:
            if isinstance(child, RubricNode):
                group = sub(host, "section", f"sommaire-rubric depth-{depth}")
                sub(group, f"h{depth + 1}", "sommaire-rubric-title").text = child.rubric.title
                emit(group, child, depth + 1)
            elif child.kind is Kind.OPENER:
                _entry(writer, sub(host, "p", "sommaire-dossier"), child, href(child), folio(child))
            else:
                lst = host[-1] if len(host) and host[-1].tag == "ul" else sub(host, "ul", "sommaire-entries")
                _entry(writer, sub(lst, "li", "sommaire-entry"), child, href(child), folio(child))

    emit(root, rubric_tree(writer.issue, listed_articles(writer.issue)), 1)
    return root


def _entry(writer: HtmlWriter, entry: etree._Element, article: Article, target: str | None, folio: int) -> None:
    sub(entry, "span", "sommaire-folio").text = str(folio)
    label = sub(entry, "a", "sommaire-link", href=target) if target else sub(entry, "span", "sommaire-link")
    people = shown_interviewees(article)
    if people:
        sub(label, "span", "sommaire-person").text = ", ".join(p.name for p in people)
        append_text(label, " ")
    # the entry is a link: a link in the title is written as its text (links do not nest)
    HtmlWriter(writer.issue, writer.target, writer.id_prefix, links=False).inlines(
        sub(label, "span", "sommaire-title"), article.title)
    if article.kind is not Kind.OPENER:
        for line in bylines(article):
            sub(entry, "span", "sommaire-byline").text = f"{line.label} {line.names}"
