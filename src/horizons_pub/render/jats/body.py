"""The model's blocks and inlines → JATS 1.3 body elements (the Archiving tag set): one method per node
class, dispatched on the class, as ``render/html/writer.py`` does; a node it does not know raises
:class:`UnknownNode`.  Only the model is read, never the HTML.

What each node becomes (docs/platforms.md, « JATS »):

- headings of levels 2 and 3 open nested ``sec`` elements with their ``title``; the blocks that follow
  a heading belong to its section until a heading of the same level or higher;
- an interview's :class:`~horizons_pub.model.nodes.Question` and the blocks after it (until the next
  question or heading) are one ``question-wrap``: ``question`` then ``answer`` (JATS 1.3's question and
  answer model, "a Question/Answer scheme");
- a figure is a ``fig`` (``caption``, then ``graphic`` with its ``alt-text`` and ``xlink:href`` to the
  file written beside the XML, then the credit as ``attrib``), a table a ``table-wrap`` (caption title,
  the XHTML table model, the source line in ``table-wrap-foot``), a sidebar a ``boxed-text`` (its title
  as the caption's title), a pull quote a ``disp-quote content-type="pullquote"``, a block quote a
  ``disp-quote``;
- a note is an ``xref ref-type="fn"`` at its call; its ``fn`` is collected for the ``back``'s
  ``fn-group`` (:attr:`JatsWriter.notes`), under the number the notes transform gave it.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ...model.nodes import (
    Block,
    BlockQuote,
    BulletList,
    Capitals,
    Code,
    Emph,
    Figure,
    Foreign,
    Heading,
    Inline,
    LineBreak,
    Link,
    NoHyphens,
    Note,
    OrderedList,
    Paragraph,
    PullQuote,
    Question,
    Sidebar,
    SmallCaps,
    Strong,
    Subscript,
    Superscript,
    Text,
    ThematicBreak,
)
from ...model.tables import Cell, Table
from ..visitor import ModelVisitor, append_text

XLINK = "http://www.w3.org/1999/xlink"
HREF = f"{{{XLINK}}}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag)
    for key, value in attrs.items():
        el.set(key.rstrip("_").replace("_", "-"), value)
    if text is not None:
        el.text = text
    return el


@dataclass
class JatsWriter(ModelVisitor):
    """Writes one article's blocks and inlines; collects its notes (``fn``) as it meets their calls.

    ``figure_href``: the ``xlink:href`` of a figure's file, from its source path (``render/jats/figures.py``)."""

    figure_href: Callable[[str], str]
    notes: list[etree._Element] = field(default_factory=list)
    breaks: bool = False  # a <break/> is allowed where the writer is (titles, cells, signatures); not in a <p>
    links: bool = True  # False inside a link: a Link node is then written as its children

    def __post_init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._blocks: dict[type, Callable[[etree._Element, Block], None]] = {
            Paragraph: self._paragraph, BlockQuote: self._blockquote, BulletList: self._list,
            OrderedList: self._list, Figure: self._figure, Sidebar: self._sidebar, PullQuote: self._pullquote,
            ThematicBreak: self._thematic_break, Table: self._table,
        }
        self._inlines: dict[type, Callable[[etree._Element, Inline], None]] = {
            Text: self._text, Emph: self._wrap("italic"), Strong: self._wrap("bold"), SmallCaps: self._wrap("sc"),
            Superscript: self._wrap("sup"), Subscript: self._wrap("sub"), Code: self._code, Link: self._link,
            LineBreak: self._break, Note: self._note, Foreign: self._foreign,
            # print details (transforms/details.py): the text as typed, its capitals kept
            Capitals: self._transparent, NoHyphens: self._transparent,
        }

    def next_id(self, prefix: str) -> str:
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        return f"{prefix}{self._counts[prefix]}"

    # -- the flow of blocks: sections and questions ------------------------------------------------

    def flow(self, parent: etree._Element, blocks: tuple[Block, ...]) -> None:
        """``blocks`` into ``parent``: headings open (nested) sections, questions gather their answers."""
        sections: list[tuple[int, etree._Element]] = []
        answer_of: etree._Element | None = None  # the question-wrap whose answer the next blocks are
        answer: etree._Element | None = None
        for block in blocks:
            if isinstance(block, Heading):
                while sections and sections[-1][0] >= block.level:
                    sections.pop()
                sec = sub(sections[-1][1] if sections else parent, "sec", id=self.next_id("sec"))
                with self.allowing_breaks():
                    self.inlines(sub(sec, "title"), block.children)
                sections.append((block.level, sec))
                answer_of = answer = None
                continue
            here = sections[-1][1] if sections else parent
            if isinstance(block, Question):
                answer_of = sub(here, "question-wrap", content_type="interview")
                answer = None
                self.flow(sub(answer_of, "question", id=self.next_id("q")), block.blocks)
                continue
            if answer_of is not None:
                if answer is None:  # JATS: an answer names the question it answers
                    answer = sub(answer_of, "answer", pointer_to_question=answer_of[0].get("id"))
                here = answer
            self.block(here, block)

    rendering = "JATS"

    @contextmanager
    def allowing_breaks(self, allowed: bool = True):
        """Within it, a line break is a ``<break/>`` (``allowed``) or a line feed."""
        saved, self.breaks = self.breaks, allowed
        try:
            yield
        finally:
            self.breaks = saved

    # -- blocks ------------------------------------------------------------------------------------

    def _paragraph(self, parent, node: Paragraph) -> None:
        with self.allowing_breaks(False):
            self.inlines(sub(parent, "p"), node.children)

    def _blockquote(self, parent, node: BlockQuote) -> None:
        self.flow(sub(parent, "disp-quote"), node.blocks)

    def _list(self, parent, node: BulletList | OrderedList) -> None:
        ordered = isinstance(node, OrderedList)
        el = sub(parent, "list", list_type="order" if ordered else "bullet")
        for index, item in enumerate(node.items):
            li = sub(el, "list-item")
            if ordered and node.start != 1:  # JATS has no start: each item says its number
                sub(li, "label", f"{node.start + index}.")
            self.flow(li, item.blocks)

    def _figure(self, parent, node: Figure) -> None:
        fig = sub(parent, "fig", id=self.next_id("fig"))
        if node.caption:
            self.inlines(sub(sub(fig, "caption"), "p"), node.caption)
        href = self.figure_href(node.src)
        kind, _, subtype = _image_type(href)
        graphic = sub(fig, "graphic", mimetype=kind, mime_subtype=subtype)
        graphic.set(HREF, href)
        sub(graphic, "alt-text", node.alt)
        if node.credit:
            self.inlines(sub(fig, "attrib"), node.credit)

    def _sidebar(self, parent, node: Sidebar) -> None:
        box = sub(parent, "boxed-text", id=self.next_id("box"))
        if node.title:
            with self.allowing_breaks():
                self.inlines(sub(sub(box, "caption"), "title"), node.title)
        self.flow(box, node.blocks)

    def _pullquote(self, parent, node: PullQuote) -> None:
        # a sentence of the article repeated large: decoration, marked so that a platform may skip it
        quote = sub(parent, "disp-quote", content_type="pullquote", specific_use="display-only")
        self._paragraph(quote, Paragraph(node.children, node.pos))

    def _thematic_break(self, parent, node: ThematicBreak) -> None:
        sub(parent, "p", content_type="thematic-break")  # JATS has no such element: an empty, typed paragraph

    def _table(self, parent, node: Table) -> None:
        wrap = sub(parent, "table-wrap", id=self.next_id("table"))
        if node.caption:
            with self.allowing_breaks():
                self.inlines(sub(sub(wrap, "caption"), "title"), node.caption)
        table = sub(wrap, "table")
        if node.head:
            thead = sub(table, "thead")
            for row in node.head:
                tr = sub(thead, "tr")
                for k, cell in enumerate(row.cells):
                    corner = k == 0 and node.row_headers  # the empty top-left cell heads nothing
                    self._cell(tr, "td" if corner else "th", cell, node.aligns[k], None if corner else "col")
        tbody = sub(table, "tbody")
        for row in node.body:
            tr = sub(tbody, "tr")
            for k, cell in enumerate(row.cells):
                header = k == 0 and node.row_headers
                self._cell(tr, "th" if header else "td", cell, node.aligns[k], "row" if header else None)
        if node.source:
            with self.allowing_breaks(False):
                self.inlines(sub(sub(wrap, "table-wrap-foot"), "p", content_type="source"), node.source)

    def _cell(self, tr, tag: str, cell: Cell, align: str | None, scope: str | None) -> None:
        el = sub(tr, tag)
        if align:
            el.set("align", align)
        if scope:
            el.set("scope", scope)
        with self.allowing_breaks():
            self.inlines(el, cell.children)

    # -- inlines -----------------------------------------------------------------------------------

    def _text(self, parent, node: Text) -> None:
        append_text(parent, node.text)  # the no-break spaces of French typography stay as characters

    def _wrap(self, tag: str):
        def method(parent, node) -> None:
            self.inlines(sub(parent, tag), node.children)

        return method

    def _transparent(self, parent, node) -> None:
        self.inlines(parent, node.children)

    def _foreign(self, parent, node: Foreign) -> None:
        el = sub(parent, "named-content", content_type="foreign-language")
        el.set(XML_LANG, node.lang)
        self.inlines(el, node.children)

    def _code(self, parent, node: Code) -> None:
        sub(parent, "monospace", node.text)

    def _link(self, parent, node: Link) -> None:
        if not self.links:
            self.inlines(parent, node.children)
            return
        el = sub(parent, "ext-link", ext_link_type="uri")
        el.set(HREF, node.url)
        self.links = False
        try:
            self.inlines(el, node.children)
        finally:
            self.links = True

    def _break(self, parent, node: LineBreak) -> None:
        if self.breaks:
            sub(parent, "break")
        else:  # JATS allows no <break/> in a paragraph: the line's end is kept as a line feed
            append_text(parent, "\n")

    def _note(self, parent, node: Note) -> None:
        fn_id = f"fn{node.number}"
        sub(parent, "xref", str(node.number), ref_type="fn", rid=fn_id)
        fn = etree.Element("fn", id=fn_id)
        sub(fn, "label", str(node.number))
        saved, self.links = self.links, True
        try:
            self.flow(fn, node.blocks)
        finally:
            self.links = saved
        self.notes.append(fn)


def _image_type(href: str) -> tuple[str, str, str]:
    ending = href.rsplit(".", 1)[-1].lower()
    subtype = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "gif": "gif", "webp": "webp", "svg": "svg+xml",
               "tif": "tiff", "tiff": "tiff"}.get(ending, ending)
    return "image", "/", subtype
