"""The EPUB's navigation: the table of contents nested as the issue is (rubric → article), the
landmarks, the print edition's page list, and the NCX's play order for EPUB 2 readers."""

from __future__ import annotations

import itertools

from ...model import fr
from ...model.nodes import Issue, PartKind
from ..html.sommaire import RubricNode, rubric_tree
from ..html.writer import EPUB_TYPE
from .documents import Doc


def toc(issue: Issue, docs: list[Doc]) -> list[dict]:
    """The table of contents in spine order, nested as the issue is (rubric → article)."""
    listed = [d for d in docs if d.body_type != "cover"]
    tree = rubric_tree(issue, listed, rubric_of=lambda d: d.article.rubric if d.article else None)

    def walk(node: RubricNode) -> list[dict]:
        out = []
        for child in node.children:
            if isinstance(child, RubricNode):
                out.append({"label": child.rubric.title, "href": None, "children": walk(child)})
            else:
                out.append({"label": child.title, "href": child.name, "children": []})
        return out

    return walk(tree)


def page_list(docs: list[Doc]) -> list[dict]:
    pages = []
    for doc in docs:
        for mark in doc.root.iter("span"):
            if mark.get(EPUB_TYPE) == "pagebreak":
                label = mark.get("aria-label")
                pages.append({"label": label, "value": int(label), "href": f"{doc.name}#{mark.get('id')}"})
    return pages


def landmarks(docs: list[Doc]) -> list[dict]:
    marks = [{"type": "cover", "href": docs[0].name, "label": fr.PART_NAMES[PartKind.COVER]}] if docs[0].body_type == "cover" else []
    if any(d.name == "text/sommaire.xhtml" for d in docs):  # an issue may have no sommaire page
        marks.append({"type": "toc", "href": "text/sommaire.xhtml", "label": fr.PART_NAMES[PartKind.SOMMAIRE]})
    first = next((d for d in docs if d.body_type == "bodymatter"), None)
    if first is not None:
        marks.append({"type": "bodymatter", "href": first.name, "label": fr.START_OF_READING})
    return marks


def ncx_points(toc: list[dict], order: dict[str, int], ids: itertools.count | None = None) -> list[dict]:
    ids = ids if ids is not None else itertools.count(1)
    out = []
    for entry in toc:
        point_id = f"np-{next(ids)}"
        children = ncx_points(entry["children"], order, ids)
        href = entry["href"] or (children[0]["href"] if children else "")
        out.append({"id": point_id, "order": order[href], "label": entry["label"], "href": href,
                    "children": children})
    return out


def play_order(docs: list[Doc], toc: list[dict], pages: list[dict]) -> dict[str, int]:
    """NCX playOrder: 1, 2, … for the distinct targets, in reading order (a document, then its page breaks)."""
    spine = {doc.name: i for i, doc in enumerate(docs)}
    keys: dict[str, tuple[int, int]] = {}

    def visit(entries: list[dict]) -> None:
        for entry in entries:
            if entry["href"]:
                keys[entry["href"]] = (spine[entry["href"]], 0)
            visit(entry["children"])

    visit(toc)
    for n, page in enumerate(pages, start=1):
        keys[page["href"]] = (spine[page["href"].split("#", 1)[0]], n)
    return {href: rank for rank, href in enumerate(sorted(keys, key=keys.get), start=1)}


def depth(toc: list[dict]) -> int:
    return 1 + max((depth(e["children"]) for e in toc), default=0) if toc else 0


def nav_text(issue: Issue, docs: list[Doc]) -> str:
    return " ".join((fr.TOC, fr.LANDMARKS, fr.PAGE_LIST, "0123456789")) + "".join(d.title for d in docs)
