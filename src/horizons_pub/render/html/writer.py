"""Model → HTML elements (lxml), shared by the EPUB and the print renderers.

A visitor with one method per node class, dispatched on the class; a node it
does not know raises :class:`UnknownNode` (docutils' rule).  The two targets
differ only where a writer must decide: where a note goes (an ``aside`` after
the text for EPUB, a ``float: footnote`` span at its call for print) and page
break markers (EPUB only).  Renderers never change the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote
from typing import Callable, Literal

from lxml import etree

from ...model import fr
from ...model.bylines import bylines, contributors, interviewees, shown_interviewees
from ...model.nodes import (
    Article,
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
    Issue,
    Kind,
    LineBreak,
    Link,
    NoHyphens,
    Note,
    OrderedList,
    Paragraph,
    Placement,
    PullQuote,
    Question,
    Sidebar,
    SmallCaps,
    Strong,
    Subscript,
    Superscript,
    Text,
    ThematicBreak,
    plain_text,
)
from ...model.tables import Table
from ..visitor import ModelVisitor, UnknownNode, append_text
from .tables import write_table
from .urls import is_url_text, url_spans, write_url

EPUB_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{EPUB_NS}}}type"
Target = Literal["epub", "print"]


def sub(parent: etree._Element, tag: str, cls: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag)
    if cls:
        el.set("class", cls)
    for key, value in attrs.items():
        el.set(key.rstrip("_").replace("_", "-"), value)
    return el


@dataclass
class HtmlWriter(ModelVisitor):
    """Writes one article (or a snippet) for a target; collects EPUB notes as it goes."""

    issue: Issue
    target: Target
    id_prefix: str = ""
    notes: list[tuple[Note, str]] = field(default_factory=list)
    links: bool = True  # False inside another link: a Link node is then written as its text

    def __post_init__(self) -> None:
        self._sidebar_count = 0  # the sidebars written so far, for their names
        self._blocks: dict[type, Callable[[etree._Element, Block], None]] = {
            Paragraph: self._paragraph, Heading: self._heading, BlockQuote: self._blockquote,
            BulletList: self._list, OrderedList: self._list, Figure: self._figure, Sidebar: self._sidebar,
            PullQuote: self._pullquote, Question: self._question, ThematicBreak: self._hr,
            Table: lambda parent, node: write_table(self, parent, node),  # render/html/tables.py
        }
        self._inlines: dict[type, Callable[[etree._Element, Inline], None]] = {
            Text: self._text, Emph: self._wrap("em"), Strong: self._wrap("strong"),
            SmallCaps: self._wrap("span", "smallcaps"), Code: self._code, Link: self._link,
            LineBreak: self._br, Note: self._note,
            # the French details (transforms/details.py) and foreign words
            Superscript: self._wrap("sup"), Subscript: self._wrap("sub"), Capitals: self._wrap("span", "caps"),
            NoHyphens: self._wrap("span", "nohyph"), Foreign: self._foreign,
        }

    # -- dispatch ---------------------------------------------------------

    @property
    def rendering(self) -> str:
        return self.target

    # -- blocks -----------------------------------------------------------

    def _paragraph(self, parent, node: Paragraph) -> None:
        self.inlines(sub(parent, "p"), node.children)

    def _heading(self, parent, node: Heading) -> None:
        self.inlines(sub(parent, f"h{node.level}"), node.children)

    def _blockquote(self, parent, node: BlockQuote) -> None:
        self.blocks(sub(parent, "blockquote"), node.blocks)

    def _list(self, parent, node: BulletList | OrderedList) -> None:
        if isinstance(node, OrderedList):
            el = sub(parent, "ol")
            if node.start != 1:
                el.set("start", str(node.start))
        else:
            el = sub(parent, "ul")
        for item in node.items:
            li = sub(el, "li")
            if len(item.blocks) == 1 and isinstance(item.blocks[0], Paragraph):
                self.inlines(li, item.blocks[0].children)  # a tight item: its text, not a paragraph in it
            else:
                self.blocks(li, item.blocks)

    def _figure(self, parent, node: Figure) -> None:
        # its placement, for the print layout (render/pdf/figure_places.py); a figure in its column has none
        fig = sub(parent, "figure", None if node.place is Placement.COLUMN else f"place-{node.place.value}")
        sub(fig, "img", src=quote(node.src), alt=node.alt)
        if node.caption or node.credit:
            cap = sub(fig, "figcaption")
            if node.caption:
                self.inlines(sub(cap, "span", "caption"), node.caption)
            if node.credit:
                self.inlines(sub(cap, "span", "credit"), node.credit)

    def _sidebar(self, parent, node: Sidebar) -> None:
        # an aside is a landmark: each gets a name of its own (« Encadré 2 : … »), however its title reads
        self._sidebar_count += 1
        name = fr.sidebar_label(self._sidebar_count, plain_text(node.title))
        box = sub(parent, "aside", "encadre", aria_label=name)
        if self.target == "print":  # where the layout breaks it, render/pdf/sidebars.py splits it by this key
            box.set("data-sidebar", str(self._sidebar_count))
        if node.title:
            self.inlines(sub(box, "h2", "encadre-title"), node.title)
        self.blocks(box, node.blocks)

    def _pullquote(self, parent, node: PullQuote) -> None:
        # A pull quote repeats the text: assistive technologies skip it (doc-pullquote).
        box = sub(parent, "aside", "exergue", role="doc-pullquote")
        if self.target == "epub":
            box.set(EPUB_TYPE, "pullquote")
        self.inlines(sub(box, "p"), node.children)

    def _question(self, parent, node: Question) -> None:
        self.blocks(sub(parent, "div", "question"), node.blocks)

    def _hr(self, parent, node: ThematicBreak) -> None:
        sub(parent, "hr")

    # -- inlines ----------------------------------------------------------

    def _text(self, parent, node: Text) -> None:
        for piece, is_url in url_spans(node.text):  # an address in the text: never hyphenated (urls.py)
            if is_url:
                write_url(sub(parent, "span", "url"), piece, breaks=self.target == "print")
            else:
                append_text(parent, piece)

    def _wrap(self, tag: str, cls: str | None = None):
        def method(parent, node) -> None:
            self.inlines(sub(parent, tag, cls), node.children)

        return method

    def _foreign(self, parent, node: Foreign) -> None:
        span = sub(parent, "span", lang=node.lang)
        if self.target == "epub":  # XHTML: both attributes (EPUB accessibility), HTML for print: lang alone
            span.set("{http://www.w3.org/XML/1998/namespace}lang", node.lang)
        self.inlines(span, node.children)

    def _code(self, parent, node: Code) -> None:
        sub(parent, "code").text = node.text

    def _link(self, parent, node: Link) -> None:
        el = sub(parent, "a", href=node.url) if self.links else sub(parent, "span", "link-text")
        text = plain_text(node.children)
        if all(isinstance(c, Text) for c in node.children) and is_url_text(text, node.url):
            # the link's text is its address: never hyphenated, broken after its separators (urls.py)
            el.set("class", " ".join(filter(None, (el.get("class"), "url"))))
            write_url(el, text, breaks=self.target == "print")
            return
        self.inlines(el, node.children)

    def _br(self, parent, node: LineBreak) -> None:
        sub(parent, "br")

    def _note(self, parent, node: Note) -> None:
        note_id = f"{self.id_prefix}note-{node.number}"
        if self.target == "epub":
            # The call: a plain number, superscripted by CSS (not <sup> inside the link).
            ref = sub(parent, "a", "noteref", href=f"#{note_id}", id=f"{self.id_prefix}noteref-{node.number}",
                      role="doc-noteref")
            ref.set(EPUB_TYPE, "noteref")
            ref.text = str(node.number)
            self.notes.append((node, note_id))
        else:
            # Print: the note floats to the foot of the page that holds its call.
            span = sub(parent, "span", "footnote", id=note_id)
            for i, block in enumerate(node.blocks):
                para = sub(span, "span", "footnote-para")
                if isinstance(block, Paragraph):
                    self.inlines(para, block.children)
                else:
                    raise UnknownNode(f"a note holds a {type(block).__name__} at {block.pos}: print notes hold "
                                      "paragraphs only")

    def epub_notes(self, parent: etree._Element) -> None:
        """The EPUB notes of the article, after its text, each in its own ``aside``.

        Pop-up notes on Apple Books, Kobo, Kindle, Foliate, Thorium (see docs/epub-notes.md):
        - the note's number is in the markup, as the text of its back link (« 3. »): a
          reading system that lifts the note's content into a pop-up (Foliate, calibre) keeps
          it, where a CSS counter on the note box read « 0 »;
        - the back link comes *first* in the note: Kindle, which guesses notes by
          heuristics, merged notes whose back link came last.
        """
        if not self.notes:
            return
        section = sub(parent, "section", "notes")
        section.set("aria-label", fr.NOTES)
        for note, note_id in self.notes:
            aside = sub(section, "aside", "footnote", id=note_id, role="doc-footnote")
            aside.set(EPUB_TYPE, "footnote")
            self.blocks(aside, note.blocks)
            first = aside[0] if len(aside) and aside[0].tag == "p" else sub(aside, "p")
            back = etree.Element("a", {"class": "noteback", "href": f"#{self.id_prefix}noteref-{note.number}",
                                       "role": "doc-backlink", "title": fr.back_to_call(note.number)})
            back.set("aria-label", fr.back_to_call(note.number))
            back.text = f"{note.number}."
            back.tail = " " + (first.text or "")
            first.text = None
            first.insert(0, back)
        self.notes = []


def article_header(writer: HtmlWriter, parent: etree._Element, article: Article, *, show_rubric: bool = True
                   ) -> etree._Element:
    """The opener of an article: rubric, title, interviewee, standfirst, bylines."""
    issue = writer.issue
    header = sub(parent, "header", "opener")
    if show_rubric and article.rubric:
        path = issue.rubric_path(article.rubric)
        rub = sub(header, "p", "rubric")
        for i, rubric in enumerate(path):
            if i:
                append_text(rub, " · ")
            sub(rub, "span", "rubric-name").text = rubric.title
    people = shown_interviewees(article)
    if people:
        sub(header, "p", "interviewee").text = ", ".join(p.name for p in people)
    writer.inlines(sub(header, "h1", "title"), article.title)
    for person in interviewees(article):
        if person.description:  # « maire de Sceaux, président de … »
            who = sub(header, "p", "interviewee-description")
            if person not in people:
                sub(who, "span", "name").text = person.name
                append_text(who, ", ")
            writer.inlines(who, person.description)
    if article.standfirst:
        writer.inlines(sub(header, "p", "standfirst"), article.standfirst)
    if article.kind not in (Kind.EDITORIAL, Kind.OPENER):
        credits(writer, header, article)
    return header


def credits(writer: HtmlWriter, parent: etree._Element, article: Article) -> None:
    """« Par A et B », « Propos recueillis par C », the coordinator with their description."""
    for line in bylines(article):
        p = sub(parent, "p", "byline")
        append_text(p, line.label + " ")
        for i, person in enumerate(line.people):
            if i:
                append_text(p, " et " if i == len(line.people) - 1 else ", ")
            sub(p, "span", "name").text = person.name
            if person.description and len(line.people) == 1:
                append_text(p, ", ")
                writer.inlines(sub(p, "span", "description"), person.description)


def signature(writer: HtmlWriter, parent: etree._Element, article: Article) -> None:
    """The editorial's signature at its foot: « Julien Nessi, rédacteur en chef d'Horizons publics »."""
    for person in article.people:
        p = sub(parent, "p", "signature")
        sub(p, "span", "name").text = person.name
        if person.description:
            append_text(p, ", ")
            writer.inlines(sub(p, "span", "description"), person.description)


def contributor_list(parent: etree._Element, article: Article) -> None:
    people = contributors(article)
    if not people:
        return
    box = sub(parent, "section", "contributors")
    box.set("aria-label", fr.CONTRIBUTORS)
    sub(box, "h2", "contributors-title").text = fr.CONTRIBUTORS_TITLE
    ul = sub(box, "ul")
    for person in people:
        sub(ul, "li").text = person.name


BLOCK_ATTR = "data-block"


def number_blocks(body: etree._Element) -> None:
    """Number the top-level blocks of an article body: both editions number them alike, so a
    page break found in the print layout (before block n) can be placed in the EPUB."""
    for index, child in enumerate(body):
        child.set(BLOCK_ATTR, str(index))


def article_body(writer: HtmlWriter, parent: etree._Element, article: Article) -> None:
    """Everything an article prints after its opener."""
    writer.blocks(parent, article.blocks)
    if article.kind is Kind.EDITORIAL:
        signature(writer, parent, article)
    if article.kind is Kind.OPENER:  # « Un dossier coordonné par … », then the contributors
        credits(writer, parent, article)
        contributor_list(parent, article)
