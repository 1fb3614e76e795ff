"""The run of items (``blocks.py``) put together: the metadata, then the article's blocks.

A title, subtitle, standfirst or byline paragraph goes to the metadata; an intertitle, a quotation,
a pull quote or a question becomes its block; consecutive sidebar paragraphs make one encadré (a
sidebar-title paragraph opens a new one); a caption goes to the figure or table beside it (after it,
or before it when nothing after), a credit to the figure before it, a source line (the « HP Source »
style, or a paragraph that starts « Source : » right after a table) to the table before it, a
paragraph « Tableau : … » after a table is its caption, as in the source format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from ...model.nodes import (BlockQuote, BulletList, Figure, Heading, Inline, OrderedList, Paragraph, Person,
                            PullQuote, Question, Role, Sidebar, Table, Text, plain_text)
from ...support.diagnostics import Reporter
from .blocks import Item
from .positions import context_around

SOURCE_LABEL = re.compile(r"^\s*Sources?\s*:", re.IGNORECASE)
TABLE_LABEL = re.compile(r"^\s*(Tableau|Table)\s*\d*\s*[:.–-]\s*", re.IGNORECASE)
#: the label Word's « Insérer une légende » writes before a caption (« Figure 1 – », « Tableau 2 : »)
CAPTION_LABEL = re.compile(r"^\s*(Tableau|Table|Figure|Fig\.|Illustration|Image|Photo|Graphique|Carte)\s*\d*"
                           r"\s*[:.–-]\s*", re.IGNORECASE)
INTERVIEWER = re.compile(r"^\s*Propos recueillis par\s+(.+?)\s*\.?\s*$", re.IGNORECASE)
BYLINE = re.compile(r"^\s*Par\s+", re.IGNORECASE)
NAMES = re.compile(r"\s+et\s+|\s*;\s*|\s*&\s*")


@dataclass
class Assembled:
    title: tuple[Inline, ...] = ()
    subtitle: tuple[Inline, ...] = ()
    standfirst: tuple[Inline, ...] = ()
    people: list[Person] = field(default_factory=list)
    blocks: list = field(default_factory=list)


def assemble(items: list[Item], figure: Callable[[Item], Figure | None], reporter: Reporter,
             role_of: Callable[[str], str | None] = lambda style: None) -> Assembled:
    """``role_of``: the role a paragraph style gives (for a list whose items share one)."""
    out = Assembled()
    sidebar: Sidebar | None = None
    previous = ""  # the role of the last item placed in the text
    for n, item in enumerate(items):
        role = item.role
        if role == "block" and isinstance(item.block, (BulletList, OrderedList, Table)) and sidebar is not None \
                and previous in ("sidebar", "sidebar-title") and (
                    role_of(item.style) == "sidebar" or (previous == "sidebar-title" and not sidebar.blocks)):
            # an encadré's list (or table): its items in the encadré's style, or right under its title
            sidebar = replace(sidebar, blocks=sidebar.blocks + (item.block,))
            out.blocks[-1] = sidebar
            previous = "sidebar"
            continue
        if role in ("sidebar", "sidebar-title"):
            if role == "sidebar-title" or sidebar is None or previous not in ("sidebar", "sidebar-title"):
                sidebar = Sidebar(item.inlines if role == "sidebar-title" else (), (), item.pos)
                out.blocks.append(sidebar)
            if role == "sidebar":
                sidebar = replace(sidebar, blocks=sidebar.blocks + (Paragraph(item.inlines, item.pos),))
                out.blocks[-1] = sidebar
            previous = role
            continue
        previous = role
        if role == "title":
            if out.title:
                out.blocks.append(Heading(2, item.inlines, item.pos))
                context = context_around(plain_text(item.inlines))
                reporter.warning("import.title", f"paragraph {item.pos.line}, {context}: a second paragraph in a "
                                 "title style becomes an intertitle", item.pos)
            else:
                out.title = item.inlines
        elif role == "subtitle":
            out.subtitle = _joined(out.subtitle, item.inlines)
        elif role == "standfirst":
            out.standfirst = _joined(out.standfirst, item.inlines)
        elif role == "author":
            out.people.extend(_people(item))
        elif role in ("heading2", "heading3"):
            out.blocks.append(Heading(2 if role == "heading2" else 3, item.inlines, item.pos))
        elif role in ("quote", "question"):  # consecutive paragraphs of the style: one block
            kind = BlockQuote if role == "quote" else Question
            paragraph = Paragraph(item.inlines, item.pos)
            if out.blocks and isinstance(out.blocks[-1], kind) and items[n - 1].role == role:
                out.blocks[-1] = replace(out.blocks[-1], blocks=out.blocks[-1].blocks + (paragraph,))
            else:
                out.blocks.append(kind((paragraph,), item.pos))
        elif role == "pullquote":
            out.blocks.append(PullQuote(item.inlines, item.pos))
        elif role == "figure":
            made = figure(item)
            if made is not None:
                out.blocks.append(made)
        elif role == "caption":
            _caption(out.blocks, items, n, item, reporter)
        elif role == "credit":
            if out.blocks and isinstance(out.blocks[-1], Figure) and not out.blocks[-1].credit:
                out.blocks[-1] = replace(out.blocks[-1], credit=item.inlines)
            else:
                _orphan(out.blocks, item, "a credit", "a figure", reporter)
        elif role == "source":
            if out.blocks and isinstance(out.blocks[-1], Table) and not out.blocks[-1].source:
                out.blocks[-1] = replace(out.blocks[-1], source=_labelled(item.inlines))
            else:
                _orphan(out.blocks, item, "a source line", "a table", reporter)
        elif role == "block":
            block = item.block
            if isinstance(block, Paragraph) and _interviewer(block, out):
                continue
            last = out.blocks[-1] if out.blocks else None
            if isinstance(block, Paragraph) and isinstance(last, Table):
                text = plain_text(block.children)
                if SOURCE_LABEL.match(text) and not last.source:
                    out.blocks[-1] = replace(last, source=block.children)
                    continue
                if TABLE_LABEL.match(text) and not last.caption:
                    out.blocks[-1] = replace(last, caption=_without_label(block.children))
                    continue
            out.blocks.append(block)
    return out


def _caption(blocks: list, items: list[Item], n: int, item: Item, reporter: Reporter) -> None:
    last = blocks[-1] if blocks else None
    if isinstance(last, (Figure, Table)) and not last.caption:
        blocks[-1] = replace(last, caption=_without_label(item.inlines))
        return
    following = items[n + 1] if n + 1 < len(items) else None
    if following is not None and following.role == "figure" and not following.inlines:
        items[n + 1] = replace(following, inlines=_without_label(item.inlines))
        return
    if following is not None and following.role == "block" and isinstance(following.block, Table) \
            and not following.block.caption:
        items[n + 1] = replace(following, block=replace(following.block, caption=_without_label(item.inlines)))
        return
    _orphan(blocks, item, "a caption", "a figure or a table", reporter)


def _orphan(blocks: list, item: Item, what: str, belongs: str, reporter: Reporter) -> None:
    reporter.warning("import.caption", f"paragraph {item.pos.line}, {context_around(plain_text(item.inlines))}: "
                     f"{what} (style « {item.style} ») beside no {belongs}: imported as an ordinary paragraph",
                     item.pos)
    blocks.append(Paragraph(item.inlines, item.pos))


def _interviewer(block: Paragraph, out: Assembled) -> bool:
    match = INTERVIEWER.match(plain_text(block.children))
    if match is None:
        return False
    for name in NAMES.split(match.group(1)):
        if name.strip():
            out.people.append(Person(name.strip(), Role.INTERVIEWER, (), block.pos))
    return True


def _people(item: Item) -> list[Person]:
    """« Par Jeanne Martin, maire de Sceaux, et Paul Durand » → two people, the first described."""
    text = BYLINE.sub("", plain_text(item.inlines))
    match = INTERVIEWER.match(plain_text(item.inlines))
    role = Role.INTERVIEWER if match else Role.AUTHOR
    if match:
        text = match.group(1)
    people = []
    for part in NAMES.split(text.strip().rstrip(".")):
        name, _, description = part.strip().strip(",").partition(",")
        if name.strip():
            desc = (Text(description.strip(), item.pos),) if description.strip() else ()
            people.append(Person(name.strip(), role, desc, item.pos))
    return people


def _joined(first: tuple[Inline, ...], more: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return more if not first else first + (Text(" ", more[0].pos if more else first[-1].pos),) + more


def _without_label(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if inlines and isinstance(inlines[0], Text):
        stripped = CAPTION_LABEL.sub("", inlines[0].text, count=1)
        if stripped != inlines[0].text:
            return ((Text(stripped, inlines[0].pos),) if stripped else ()) + inlines[1:]
    return inlines


def _labelled(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A source line as the magazine prints it, « Source : » first (the source format's source line is
    the paragraph that starts with it: docs/source-format.md, Tables)."""
    if SOURCE_LABEL.match(plain_text(inlines)) or not inlines:
        return inlines
    return (Text("Source : ", inlines[0].pos),) + inlines
