"""Sidebars that a column cannot hold: split in two asides where the layout broke them, the second titled « (suite) ».

A sidebar (``aside.encadre``) is kept whole by its stylesheet (``break-inside: avoid``):
one that would break is moved to the next column.  One longer than a column breaks all
the same, and WeasyPrint, which cannot generate content on a box's second fragment, would
print its continuation without a word.  So after a layout we look at the laid-out boxes
(bounded passes, each a full layout of the part, deterministic):

1. a sidebar found in more than one column is *long*: marked ``encadre-long``
   (``break-inside: auto``), it starts where it is called instead of leaving a hole
   before it; the part is laid out again;
2. each long sidebar still broken is split in the HTML where its first fragment ends:
   between two blocks, or inside the paragraph that straddles the break, after the last
   word of the column (the characters laid out there are counted, so a word the
   hyphenation cut goes whole to the continuation).  The first part keeps the text that
   filled its column (its cut paragraph justified to its last line:
   ``encadre-cut``); the second, ``encadre-suite``, starts the next column with the title
   followed by « (suite) » (or « (suite) » alone for an untitled sidebar), and its own
   accessible name (« Encadré 2 : Le budget (suite) »), so that no two share one;
3. again, while a continuation is itself longer than a column;
4. then a sidebar that fits a column but was carried to the next one, leaving a hole under the
   text before it, is moved after the text that fills the hole (:mod:`.sidebar_moves`).

At most :data:`MAX_PASSES` layouts in all; the passes stop as soon as nothing is left to change.

Both parts keep the sidebar's ``data-block``: the page breaks found in the print layout
still name the EPUB's one aside.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from ...model import fr
from ..visitor import append_text
from .paragraph_cut import line_text, locate, split_paragraph, visible
from .sidebar_moves import SIDEBAR_ATTR, holes, move_on

MAX_PASSES = 8  # a sidebar over n columns takes n + 1 layouts: first marked long, then one split a column
#: the character WeasyPrint adds where it hyphenates a word (hyphenate-character), not in the source
HYPHEN = "\u2010"


@dataclass(frozen=True)
class Cut:
    """Where a sidebar's first fragment ends: after ``child`` whole children of the aside, then (when
    ``chars`` > 0) ``chars`` visible characters of the next one (a paragraph that straddles the break)."""

    sidebar: str  # its data-sidebar
    child: int
    chars: int = 0


def settle(html: str, render: Callable[[str], object]) -> tuple[object, str]:
    """Lay out ``html`` (``render(html) -> Document``), splitting the sidebars that columns break; return
    the last layout and the HTML it was made from."""
    document = render(html)
    for _ in range(MAX_PASSES - 1):
        changed = step(html, document)
        if changed is None:
            break
        html = changed
        document = render(html)
    return document, html


def step(html: str, document) -> str | None:
    """One pass: the HTML changed after what ``document`` (its layout) shows, or None when nothing is left
    to change."""
    if SIDEBAR_ATTR not in html:
        return None
    root = lxml_html.document_fromstring(html)
    return _serialise(root) if step_tree(root, document) else None


def step_tree(root: etree._Element, document) -> bool:
    """:func:`step` on a parsed document, edited in place (a loop that makes other changes between
    layouts, such as the figures', keeps the sidebars' edits in its own tree); False when nothing changed."""
    asides = {a.get(SIDEBAR_ATTR): a for a in root.iter("aside") if a.get(SIDEBAR_ATTR)}
    if not asides:
        return False
    fragments = sidebar_fragments(document)
    broken = {key for key, frags in fragments.items() if len(frags) > 1} & set(asides)
    fresh = [key for key in sorted(broken) if "encadre-long" not in (asides[key].get("class") or "")]
    if fresh:  # first let them start where they are called, then see where they break
        for key in fresh:
            _add_class(asides[key], "encadre-long")
    elif broken:
        # one part of each sidebar a pass, the first broken in reading order: a split may carry text into the
        # next part, whose fragments are then those of another layout
        first: dict[str, str] = {}
        for key in asides:  # in document order
            if key in broken:
                first.setdefault(key.split(".")[0], key)
        for key in first.values():
            split(asides[key], cut_of(key, fragments[key]))
        relabel(root)
    elif not [key for key in holes(document) if key in asides and move_on(asides[key])]:
        return False  # nothing broken, no hole before a sidebar (or none may move further)
    return True


def sidebar_fragments(document) -> dict[str, list]:
    """Each sidebar's laid-out fragments (its boxes, one a column), in page and column order."""
    found: dict[str, list] = {}
    for page in document.pages:
        _fragments(page._page_box, found)  # the laid-out boxes are what we read
    return found


def _fragments(box, found: dict[str, list]) -> None:
    element = box.element
    if box.element_tag == "aside" and element is not None and element.get(SIDEBAR_ATTR):
        found.setdefault(element.get(SIDEBAR_ATTR), []).append(box)
        return
    for child in getattr(box, "children", ()):
        _fragments(child, found)


def cut_of(key: str, fragments: list) -> Cut:
    """Where the first fragment ends, read from its boxes."""
    first, second = fragments[0], fragments[1]
    children = [c for c in first.children if c.element is not None and c.element is not first.element]
    if not children:
        return Cut(key, 0)
    last = children[-1]
    siblings = [c for c in first.element if isinstance(c.tag, str)]  # WeasyPrint's tree: no getparent()
    index = siblings.index(last.element)
    continued = any(c.element is last.element for c in second.children)
    if not continued:
        return Cut(key, index + 1)
    if last.element.tag != "p":  # a list or a quote across the break: it goes whole to the continuation
        return Cut(key, index)
    chars = _laid_chars(last)
    return Cut(key, index, chars) if chars else Cut(key, index)


def _laid_chars(paragraph_box) -> int:
    """The visible characters of a paragraph's fragment; a word the hyphenation cut at its end not counted
    (it goes whole to the continuation)."""
    lines = [line_text(line) for line in paragraph_box.children]
    text = " ".join(lines)
    if lines and lines[-1].endswith(HYPHEN):
        text = " ".join(text.split()[:-1])
    return visible(text)


def split(aside: etree._Element, cut: Cut) -> etree._Element | None:
    """Split ``aside`` in two at ``cut``; return the second part (inserted after the first).  When nothing
    but its title would stay, nothing is split: the sidebar starts the next column whole (None)."""
    blocks = [c for c in aside if isinstance(c.tag, str)]
    heads = ("encadre-title", "encadre-continued")
    title = blocks[0] if blocks and set(heads) & set((blocks[0].get("class") or "").split()) else None
    if cut.chars and (cut.child >= len(blocks) or locate(blocks[cut.child], cut.chars) is None):
        cut = Cut(cut.sidebar, cut.child + 1)  # the whole paragraph was laid out before the break
    if cut.child < (title is not None) + (cut.chars == 0):
        _add_class(aside, "encadre-moved")
        return None
    if cut.child >= len(blocks):  # all its text fits, not its bottom padding (cloned at the break)
        if "encadre-flush" not in (aside.get("class") or "").split():
            _add_class(aside, "encadre-flush")  # the tint ends with the text
            return None
        if cut.child - 1 <= (title is not None):
            return None
        cut = Cut(cut.sidebar, cut.child - 1)  # still too long: its last block goes on
    moved = blocks[cut.child:]
    if cut.chars:
        first_half, second_half = split_paragraph(moved[0], cut.chars)
        _add_class(first_half, "encadre-cut")
        _add_class(second_half, "encadre-cont")
        aside.replace(moved[0], first_half)
        moved = [second_half, *moved[1:]]
    _add_class(aside, "encadre-split")
    following = aside.getnext()
    if following is not None and following.tag == "aside" and _same_sidebar(aside, following) \
            and "encadre-suite" in (following.get("class") or "").split():
        # the part was split already (its start moved up a column since): what no longer fits goes on into
        # its continuation, the paragraph cut twice made whole again
        _carry_into(following, moved)
        return following
    again = "encadre-suite" in (aside.get("class") or "").split()  # a continuation: its title says « (suite) »
    second = etree.Element("aside")
    for name, value in aside.attrib.items():
        second.set(name, value)
    second.set(SIDEBAR_ATTR, _next_key(aside))
    _add_class(second, "encadre-suite")
    _drop_class(second, "encadre-split")
    base = aside.get("data-label") or aside.get("aria-label")  # the sidebar's own name, before any « (suite) »
    second.set("data-label", base)
    aside.set("data-label", base)
    if title is not None:
        head = copy.deepcopy(title)
        for note in head.xpath(".//*[contains(concat(' ', @class, ' '), ' footnote ')]"):
            _remove_keeping_tail(note)  # a note called in the title is printed once, with the first part
        if not again:
            append_text(head, f" {fr.CONTINUED}")
    else:
        head = etree.Element("p", {"class": "encadre-continued"})
        head.text = fr.CONTINUED
    second.append(head)
    for block in moved:
        second.append(block)  # moves it (lxml), its tail with it
    aside.addnext(second)
    second.tail, aside.tail = aside.tail, None
    return second


def _same_sidebar(a: etree._Element, b: etree._Element) -> bool:
    return (a.get(SIDEBAR_ATTR) or "").split(".")[0] == (b.get(SIDEBAR_ATTR) or "?").split(".")[0]


def _carry_into(continuation: etree._Element, moved: list[etree._Element]) -> None:
    """Put ``moved`` at the start of ``continuation``'s text (after its title), joining a paragraph cut
    at the end of ``moved`` with its other half at the start of the continuation."""
    head = next(c for c in continuation if isinstance(c.tag, str))
    for block in reversed(moved):
        head.addnext(block)
    last = moved[-1]
    rest = last.getnext()
    while rest is not None and not isinstance(rest.tag, str):
        rest = rest.getnext()
    if rest is None or "encadre-cut" not in (last.get("class") or "").split() \
            or "encadre-cont" not in (rest.get("class") or "").split():
        return
    joint = " " if (last.xpath("string()")[-1:] or " ").strip() and (rest.text or "x")[:1].strip() else ""
    append_text(last, joint + (rest.text or ""))
    for child in list(rest):
        last.append(child)  # its tail with it
    continuation.remove(rest)
    _drop_class(last, "encadre-cut")


def relabel(root: etree._Element) -> None:
    """Each part of a split sidebar named in reading order: its name, then « … (suite) », « … (suite 2) »."""
    seen: dict[str, int] = {}
    for aside in root.iter("aside"):
        key = aside.get(SIDEBAR_ATTR)
        if not key or not aside.get("data-label"):
            continue
        base = key.split(".")[0]
        seen[base] = seen.get(base, 0) + 1
        aside.set("aria-label", fr.sidebar_continued_label(aside.get("data-label"), seen[base]))


def _next_key(aside: etree._Element) -> str:
    """A key for a new part of ``aside``'s sidebar: « 3.2 », « 3.3 »… (unique in the document), in the
    order the parts are made; the aria-labels are renumbered in reading order by :func:`relabel`."""
    base = aside.get(SIDEBAR_ATTR).split(".")[0]
    taken = {a.get(SIDEBAR_ATTR) for a in aside.getroottree().iter("aside")}
    number = 2
    while f"{base}.{number}" in taken:
        number += 1
    return f"{base}.{number}"


def _remove_keeping_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_class(el: etree._Element, name: str) -> None:
    el.set("class", " ".join(c for c in (el.get("class") or "").split() if c != name))


def _add_class(el: etree._Element, name: str) -> None:
    classes = (el.get("class") or "").split()
    if name not in classes:
        el.set("class", " ".join([*classes, name]))


def _serialise(root: etree._Element) -> str:
    return lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")
