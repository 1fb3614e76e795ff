"""render/markdown's escaping: inline models built from a hostile alphabet (every character the format
reads as markup, spaces of every kind, list numbers, fences, note calls, spans, autolinks, references),
written by ``write_article`` and read back by the project's reader, are the same model, with no
diagnostic.

What the writer may change (render/markdown/normalise.py), applied by :func:`expected` to the generated
model before comparing, independently of the writer's code:

- adjacent ``Text`` nodes are one, empty ``Text`` and ``Code`` nodes are none (the reader makes one text
  of adjacent characters);
- an emphasis (``Emph``, ``Strong``) has no space (CommonMark's Unicode whitespace) nor forced break at
  its edges: they stand outside it; an empty emphasis is none; two adjacent emphases of one kind are one, and so are two adjacent code spans;
- a paragraph (a title) has no space nor forced break at its edges, and the spaces after a forced break are
  dropped (the reader trims them);
- a note call in a link's text stands right after the link;
- a span that is the whole text of a link holds the link instead; another span in a link's text is its
  words alone; so is a link in a link's text;
- a title holds no note call (the reader refuses one there).

The reader reports text that looks like an attribute (``{.smallcaps}`` as text) or an inline note (``^[``)
whatever its escaping (reader/unsupported.py): those two codes are expected exactly when such a text is in
the model.

Not written (limits of the format, left out of the generated models): two adjacent emphases of
different kinds inside an emphasis (``*a*`` then ``**b**`` in ``_…_``: the two delimiters between them
touch, whatever their characters); a code span holding ``]:`` in a span or a link at the start of a line
(the block parser takes it for a link reference definition).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers.model_compare import without_pos
from horizons_pub.model.nodes import (
    Article, BlockQuote, BulletList, Code, Emph, Foreign, Kind, LineBreak, Link, ListItem, NoteDef, NoteRef,
    OrderedList, Paragraph, Pos, SmallCaps, Strong, Text,
)
from horizons_pub.reader.article import read_article
from horizons_pub.reader.unsupported import ATTRIBUTE_TEXT, INLINE_NOTE
from horizons_pub.render.markdown import write_article
from horizons_pub.support.diagnostics import Reporter

P = Pos("x.md", 1)
ATOMS = ["*", "_", "**", "__", "[", "]", "\\", "`", "``", "<", ">", "#", "|", "~", "~~", "{", "}", "^", "&",
         "&amp;", "&#97;", "!", "-", "+", "=", "1.", "1)", "12.", ":", ":::", "[^x]", "{.smallcaps}",
         "<https://a.fr>", "(", ")", "'", '"', ".", ",", " ", "  ", "\u00a0", "\u202f", "a", "é", "mot", "9",
         "Tableau :", "Source :", "    "]
#: CommonMark's whitespace, as markdown-it has it (markdown_it.common.utils.isWhiteSpace), for the spaces
#: written in ATOMS
SPACES = " \t\u00a0\u202f"
URLS = ["https://a.fr", "https://a.fr/(x)", "https://a.fr/?a=1&b=2", "mailto:a@b.fr", "https://a.fr/%C3%A9_*x*"]

texts = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=5).map("".join)


def inlines(depth: int):
    leaf = st.one_of(
        texts.map(lambda t: Text(t, P)),
        texts.filter(lambda t: "]:" not in t).map(lambda t: Code(t, P)),
        st.just(LineBreak(P)),
        st.just(NoteRef("x", P)),
    )
    if depth == 0:
        return leaf
    kids = st.lists(inlines(depth - 1), max_size=3).map(tuple)
    return st.one_of(
        leaf,
        kids.map(lambda k: Emph(k, P)),
        kids.map(lambda k: Strong(k, P)),
        kids.map(lambda k: SmallCaps(k, P)),
        kids.map(lambda k: Foreign(k, "en", P)),
        st.tuples(kids, st.sampled_from(URLS)).map(lambda a: Link(a[0], a[1], P)),
    )


sequences = st.lists(inlines(2), min_size=1, max_size=5).map(tuple)


# -- the expected model ------------------------------------------------------


def calls_in(nodes):
    for node in nodes:
        if isinstance(node, NoteRef):
            yield node
        yield from calls_in(getattr(node, "children", ()))


def without_calls(nodes):
    return tuple(replace(n, children=without_calls(n.children)) if hasattr(n, "children") else n
                 for n in nodes if not isinstance(n, NoteRef))


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(getattr(node, "children", ()))


def unspanned(nodes, kinds=(SmallCaps, Foreign)):
    out = []
    for node in nodes:
        if isinstance(node, kinds):
            out.extend(unspanned(node.children, kinds))
        elif hasattr(node, "children"):
            out.append(replace(node, children=unspanned(node.children, kinds)))
        else:
            out.append(node)
    return tuple(out)


def _add(out, node):
    """Append ``node`` to ``out``, merged with the node before it when the reader would make them one."""
    if isinstance(node, (Text, Code)) and not node.text:
        return
    if out and isinstance(node, Text) and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + node.text, P)
    elif out and isinstance(node, Code) and isinstance(out[-1], Code):
        out[-1] = Code(out[-1].text + node.text, P)
    elif out and isinstance(node, (Emph, Strong)) and type(out[-1]) is type(node):
        out[-1] = replace(node, children=out[-1].children + node.children)
    elif out and isinstance(node, Text) and isinstance(out[-1], LineBreak):
        out.append(Text(node.text.lstrip(" \t"), P))
    else:
        out.append(node)


def _edge(kids, k):
    """The space or break at index ``k`` (0 or -1) of ``kids`` taken out of them, or None."""
    if not kids:
        return None
    if isinstance(kids[k], LineBreak):
        return kids.pop(k)
    if isinstance(kids[k], Text) and kids[k].text and kids[k].text[k] in SPACES:
        text = kids[k].text
        kids[k] = Text(text[1:] if k == 0 else text[:-1], P)
        if not kids[k].text:
            kids.pop(k)
        return Text(text[k], P)
    return None


def _norm(nodes):
    """The normalisations of the module's docstring but a paragraph's edges, to a fixed point."""
    while True:
        out = []
        for node in nodes:
            if hasattr(node, "children"):
                node = replace(node, children=_norm(node.children))
            if isinstance(node, Link) and any(calls_in(node.children)):
                for piece in (replace(node, children=without_calls(node.children)), *calls_in(node.children)):
                    _add(out, piece)
            elif isinstance(node, Link) and any(isinstance(n, Link) for n in walk(node.children)):
                _add(out, replace(node, children=unspanned(node.children, Link)))
            elif isinstance(node, Link) and len(node.children) == 1 and isinstance(node.children[0], (SmallCaps, Foreign)):
                span = node.children[0]
                _add(out, replace(span, children=(replace(node, children=span.children),)))
            elif isinstance(node, Link) and any(isinstance(n, (SmallCaps, Foreign)) for n in walk(node.children)):
                _add(out, replace(node, children=unspanned(node.children)))
            elif isinstance(node, (Emph, Strong)):
                kids = list(node.children)
                head, tail = [], []
                while (piece := _edge(kids, 0)) is not None:
                    head.append(piece)
                while (piece := _edge(kids, -1)) is not None:
                    tail.insert(0, piece)
                for piece in head + ([replace(node, children=tuple(kids))] if kids else []) + tail:
                    _add(out, piece)
            else:
                _add(out, node)
        out = tuple(out)
        if out == nodes:
            return out
        nodes = out


def expected_line(nodes):
    nodes = _norm(nodes)
    while True:
        trimmed = list(nodes)
        if trimmed and isinstance(trimmed[0], LineBreak):
            trimmed.pop(0)
        elif trimmed and isinstance(trimmed[0], Text) and trimmed[0].text[0] in SPACES:
            trimmed[0] = Text(trimmed[0].text[1:], P)
        elif trimmed and isinstance(trimmed[-1], LineBreak):
            trimmed.pop()
        elif trimmed and isinstance(trimmed[-1], Text) and trimmed[-1].text[-1] in SPACES:
            trimmed[-1] = Text(trimmed[-1].text[:-1], P)
        trimmed = _norm(tuple(trimmed))
        if trimmed == nodes:
            return nodes
        nodes = trimmed


def article(seqs) -> Article:
    first, second, third, fourth = seqs
    para = lambda s: Paragraph(s, P)  # noqa: E731
    blocks = (para(first), BulletList((ListItem((para(second),), P), ListItem((para(first),), P)), P),
              OrderedList((ListItem((para(third),), P),), 3, P), BlockQuote((para(fourth), para(second)), P))
    return Article("a", Kind.ARTICLE, "r", without_calls(first), without_calls(second), (), blocks,
                   (NoteDef("x", (para(third), para(fourth)), P),), P)


def expected(art: Article) -> Article:
    def block(b):
        if isinstance(b, Paragraph):
            kids = expected_line(b.children)
            return replace(b, children=kids) if kids else None
        if isinstance(b, (BulletList, OrderedList)):
            return replace(b, items=tuple(replace(i, blocks=blocks(i.blocks)) for i in b.items))
        return replace(b, blocks=blocks(b.blocks))

    def blocks(bs):
        return tuple(x for x in map(block, bs) if x is not None)

    return replace(art, title=expected_line(art.title), standfirst=expected_line(art.standfirst),
                   blocks=blocks(art.blocks),
                   note_defs=tuple(replace(d, blocks=blocks(d.blocks)) for d in art.note_defs))


def walk_model(node):
    yield node
    for name in getattr(node, "__dataclass_fields__", {}):
        child = getattr(node, name)
        for item in child if isinstance(child, tuple) else (child,):
            yield from walk_model(item)


def texts_of(node):
    if isinstance(node, Text):
        yield node.text
    for value in getattr(node, "__dataclass_fields__", {}):
        child = getattr(node, value)
        for item in child if isinstance(child, tuple) else (child,):
            yield from texts_of(item)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("escaping")
    (path / "articles").mkdir()
    return path


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(st.lists(sequences, min_size=4, max_size=4))
def test_hostile_inlines_read_back_as_written(folder, seqs):
    art = article(seqs)
    text = write_article(art)
    path = folder / "articles" / "a.md"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter(echo=False)
    back = read_article(path, "a.md", "a", folder, {"r"}, reporter)
    want = expected(art)
    assume(not any(isinstance(n, (Emph, Strong)) and any(
        isinstance(a, (Emph, Strong)) and isinstance(b, (Emph, Strong)) for a, b in zip(n.children, n.children[1:]))
        for n in walk_model(want)))
    assert without_pos(back) == without_pos(want), text
    codes = {d.code for d in reporter.diagnostics}
    inherent = set()
    if any(ATTRIBUTE_TEXT.search(t) for t in texts_of(want)):
        inherent.add("markup.attribute")
    if any(INLINE_NOTE.search(t) for t in texts_of(want)):
        inherent.add("markup.inline-note")
    assert codes <= inherent, ([d.format() for d in reporter.diagnostics], text)
