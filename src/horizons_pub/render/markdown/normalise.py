"""The inline model made writable as Markdown, before it is written (render/markdown/inlines.py).

Markdown cannot say some things the model can hold, and the project's reader never makes them; the
writer first rewrites them into what it reads back (each rule is one the reader itself applies, or a
choice where Markdown has no way):

- adjacent ``Text`` nodes are one; an empty ``Text``, an empty ``Code``, an empty emphasis are none;
  a line end in a ``Text`` is a space (one line per paragraph);
- an emphasis (``Emph``, ``Strong``) starts and ends with a visible character: the spaces (CommonMark's
  Unicode whitespace, U+00A0 and U+202F included) and forced line breaks at its edges move outside it;
  two adjacent emphases of one kind are one, and so are two adjacent code spans (their backticks would
  touch);
- a line of text (a paragraph, a heading, a cell, a title…) starts and ends with a visible character: its
  edge spaces and line breaks are dropped, as the reader trims them; the spaces and tabs that start a line
  after a forced break are dropped, as the reader drops them;
- a note call in a link's text (Markdown reads ``[a[^1]](…)`` as no link) stands right after the link;
- a span (``SmallCaps``, ``Foreign``) in a link's text (Markdown reads ``[[a]{.smallcaps}](…)`` as no
  link): a span that is the whole text holds the link instead (``[[a](…)]{.smallcaps}``); another is its
  words alone; so is a link in a link's text;
- where a line cannot break (a heading, a table's cell, a figure's caption and credit) a forced break is a
  space.
"""

from __future__ import annotations

from dataclasses import replace

from markdown_it.common.utils import isWhiteSpace

from ...model.nodes import Code, Emph, Foreign, Inline, LineBreak, Link, NoteRef, SmallCaps, Strong, Text
from ...model.inlines import INLINE_CONTAINERS


def is_space(char: str) -> bool:
    """CommonMark's whitespace (markdown-it's): an emphasis cannot start or end with it."""
    return isWhiteSpace(ord(char))


_EMPHASES = (Emph, Strong)
_LINE_SPACES = " \t"


def _merge_texts(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            node = replace(node, text=node.text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = replace(out[-1], text=out[-1].text + node.text)
                continue
        out.append(node)
    return out


def _split_edges(node: Emph | Strong) -> list[Inline]:
    """The emphasis with the spaces and breaks at its edges moved outside it."""
    kids = list(node.children)
    before: list[Inline] = []
    after: list[Inline] = []
    while kids:
        first = kids[0]
        if isinstance(first, LineBreak):
            before.append(kids.pop(0))
        elif isinstance(first, Text) and first.text and is_space(first.text[0]):
            start = 0
            while start < len(first.text) and is_space(first.text[start]):
                start += 1
            before.append(replace(first, text=first.text[:start]))
            kids[0] = replace(first, text=first.text[start:])
            if not kids[0].text:
                kids.pop(0)
        else:
            break
    while kids:
        last = kids[-1]
        if isinstance(last, LineBreak):
            after.insert(0, kids.pop())
        elif isinstance(last, Text) and last.text and is_space(last.text[-1]):
            end = len(last.text)
            while end and is_space(last.text[end - 1]):
                end -= 1
            after.insert(0, replace(last, text=last.text[end:]))
            kids[-1] = replace(last, text=last.text[:end])
            if not end:
                kids.pop()
        else:
            break
    middle = [replace(node, children=tuple(kids))] if kids else []
    return before + middle + after


def _calls(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], list[Inline]]:
    """``inlines`` without their note calls (at any depth), and those calls."""
    kept: list[Inline] = []
    calls: list[Inline] = []
    for node in inlines:
        if isinstance(node, NoteRef):
            calls.append(node)
        elif isinstance(node, INLINE_CONTAINERS):
            kids, inner = _calls(node.children)
            kept.append(replace(node, children=kids))
            calls.extend(inner)
        else:
            kept.append(node)
    return tuple(kept), calls


def _unspanned(inlines: tuple[Inline, ...], kinds: tuple[type, ...] = (SmallCaps, Foreign, Link)) -> tuple[Inline, ...]:
    """``inlines`` with every node of ``kinds`` replaced by its words."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, kinds):
            out.extend(_unspanned(node.children, kinds))
        elif isinstance(node, INLINE_CONTAINERS):
            out.append(replace(node, children=_unspanned(node.children, kinds)))
        else:
            out.append(node)
    return tuple(out)


def _link(node: Link) -> Inline:
    """A link whose text holds no span: the spans around its whole text hold it instead."""
    node = replace(node, children=_unspanned(node.children, (Link,)))
    if len(node.children) == 1 and isinstance(node.children[0], (SmallCaps, Foreign)):
        span = node.children[0]
        return replace(span, children=(_link(replace(node, children=span.children)),))
    return replace(node, children=_unspanned(node.children))


def normalise(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``inlines`` as the writer writes them (the rules of this module's docstring, but a line's edges)."""
    nodes: list[Inline] = []
    for node in inlines:
        if isinstance(node, INLINE_CONTAINERS):
            node = replace(node, children=normalise(node.children))
        if isinstance(node, Code) and not node.text:
            continue
        if isinstance(node, Link):
            kids, calls = _calls(node.children)
            nodes.append(_link(replace(node, children=normalise(kids))))
            nodes.extend(calls)
        elif isinstance(node, _EMPHASES):
            nodes.extend(_split_edges(node))
        else:
            nodes.append(node)
    nodes = _merge_texts(nodes)
    merged: list[Inline] = []
    for node in nodes:  # two adjacent emphases of one kind are one
        if merged and isinstance(node, _EMPHASES) and type(merged[-1]) is type(node):
            merged[-1] = replace(node, children=normalise(merged[-1].children + node.children))
        elif merged and isinstance(node, Code) and isinstance(merged[-1], Code):
            merged[-1] = replace(merged[-1], text=merged[-1].text + node.text)
        else:
            merged.append(node)
    out = _merge_texts(merged)
    for k in range(1, len(out)):  # a line after a forced break starts at its first visible character
        if isinstance(out[k - 1], LineBreak) and isinstance(out[k], Text):
            out[k] = replace(out[k], text=out[k].text.lstrip(_LINE_SPACES))
    return tuple(n for n in out if not (isinstance(n, Text) and not n.text))


def one_line(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``inlines`` where a line cannot break: each forced break a space."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, LineBreak):
            out.append(Text(" ", node.pos))
        elif isinstance(node, INLINE_CONTAINERS):
            out.append(replace(node, children=one_line(node.children)))
        else:
            out.append(node)
    return tuple(out)


def line(inlines: tuple[Inline, ...], flat: bool = False, extra_space: str = "") -> tuple[Inline, ...]:
    """``inlines`` normalised as a whole line: without spaces or breaks at its edges (``extra_space``: more
    characters to trim at its start, a table caption's after « Tableau : »); ``flat``: on one line."""
    nodes = list(normalise(one_line(inlines) if flat else inlines))
    while True:
        if nodes and isinstance(nodes[0], LineBreak):
            nodes.pop(0)
        elif nodes and isinstance(nodes[0], Text) and nodes[0].text and (
                is_space(nodes[0].text[0]) or nodes[0].text[0] in extra_space):
            text = nodes[0].text
            k = 0
            while k < len(text) and (is_space(text[k]) or text[k] in extra_space):
                k += 1
            nodes[0] = replace(nodes[0], text=text[k:])
            if not nodes[0].text:
                nodes.pop(0)
        elif nodes and isinstance(nodes[-1], LineBreak):
            nodes.pop()
        elif nodes and isinstance(nodes[-1], Text) and nodes[-1].text and is_space(nodes[-1].text[-1]):
            text = nodes[-1].text
            end = len(text)
            while end and is_space(text[end - 1]):
                end -= 1
            nodes[-1] = replace(nodes[-1], text=text[:end])
            if not end:
                nodes.pop()
        else:
            break
    return normalise(tuple(nodes))
