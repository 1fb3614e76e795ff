"""The source document model: the only contract between readers and renderers.

Like pandoc's ``Definition.hs``, this module holds a closed set of node types.
Every node is a frozen dataclass and carries its source position.  Readers
build the model, transforms return new models (``dataclasses.replace``), and
renderers only read it.  A renderer that meets a node it does not know must
fail loudly (see :class:`horizons_pub.render.html.HtmlWriter`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Union

from .inlines import (  # noqa: F401  (re-exported: the model is one namespace)
    INLINE_CONTAINERS,
    INLINE_TYPES,
    Capitals,
    Code,
    Emph,
    Foreign,
    Inline,
    LineBreak,
    Link,
    NoHyphens,
    Note,
    NoteRef,
    Pos,
    SmallCaps,
    Strong,
    Subscript,
    Superscript,
    Text,
    plain_text,
)
from .tables import Cell, Row, Table  # noqa: F401  (re-exported, like the inlines)
from .distribution import NONE, Distribution

# --------------------------------------------------------------------------
# Block nodes
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Heading:
    """An intertitle inside an article: level 2 or 3 (the article title is level 1)."""

    level: int
    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class ListItem:
    blocks: tuple[Block, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[ListItem, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class OrderedList:
    items: tuple[ListItem, ...]
    start: int
    pos: Pos


class Placement(str, Enum):
    """Where the print layout places a figure (``place=`` in the source; docs/source-format.md)."""

    COLUMN = "column"  # in its column, where it is called (or at the top of the next column)
    TOP = "top"  # across both columns, at the top of the page
    BOTTOM = "bottom"  # across both columns, at the foot of the page
    PAGE = "page"  # alone on a page of its own
    OPENER = "opener"  # the article's opener picture (an interview's: a full-page portrait facing it)


@dataclass(frozen=True, slots=True)
class Figure:
    """An image with its mandatory alternative text, optional caption and credit, and its placement."""

    src: str  # path relative to the issue folder, checked by the reader
    alt: str
    caption: tuple[Inline, ...]
    credit: tuple[Inline, ...]
    pos: Pos
    place: Placement = Placement.COLUMN


@dataclass(frozen=True, slots=True)
class Sidebar:
    """An encadré: a boxed text with an optional title."""

    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class PullQuote:
    """An exergue: a sentence of the article set large; decoration, not content."""

    children: tuple[Inline, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Question:
    """An interviewer's question; the answer is the ordinary blocks that follow."""

    blocks: tuple[Block, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    pos: Pos


Block = Union[
    Paragraph, Heading, BlockQuote, BulletList, OrderedList, Figure, Sidebar, PullQuote, Question, ThematicBreak,
    Table,
]
BLOCK_TYPES: tuple[type, ...] = (
    Paragraph, Heading, BlockQuote, BulletList, OrderedList, Figure, Sidebar, PullQuote, Question, ThematicBreak,
    Table,
)

# --------------------------------------------------------------------------
# Articles and the issue
# --------------------------------------------------------------------------


class Role(str, Enum):
    AUTHOR = "author"
    INTERVIEWEE = "interviewee"
    INTERVIEWER = "interviewer"  # « Propos recueillis par »
    COORDINATOR = "coordinator"
    CONTRIBUTOR = "contributor"


class Kind(str, Enum):
    EDITORIAL = "editorial"
    ARTICLE = "article"
    INTERVIEW = "interview"
    OPENER = "opener"
    BRIEF = "brief"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: Role
    description: tuple[Inline, ...]  # « maire de Sceaux, … »; may be empty
    pos: Pos
    orcid: str | None = field(default=None, kw_only=True)  # ``0000-0002-1825-0097``, its check digit checked
    idref: str | None = field(default=None, kw_only=True)  # the person's IdRef (SUDOC authority) number, ``026927608``


@dataclass(frozen=True, slots=True)
class NoteDef:
    """A footnote definition as read, before the notes transform attaches it."""

    label: str
    blocks: tuple[Block, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    kind: Kind
    rubric: str | None  # a Rubric id; None for a part outside the rubrics (the idea box)
    title: tuple[Inline, ...]
    standfirst: tuple[Inline, ...]  # chapô; may be empty
    people: tuple[Person, ...]
    blocks: tuple[Block, ...]  # empty when the source has no text for it
    note_defs: tuple[NoteDef, ...]  # emptied by the notes transform
    pos: Pos
    #: the running head's text when the title is too long for it (front matter ``short_title``); may be empty
    short_title: tuple[Inline, ...] = ()

    @property
    def has_body(self) -> bool:
        return bool(self.blocks)


@dataclass(frozen=True, slots=True)
class Rubric:
    id: str
    title: str
    children: tuple[Rubric, ...]
    pos: Pos


class PartKind(str, Enum):
    COVER = "cover"
    SOMMAIRE = "sommaire"
    ARTICLE = "article"
    BACK_COVER = "back-cover"


@dataclass(frozen=True, slots=True)
class Part:
    """One entry of the flatplan (chemin de fer): what starts on which page."""

    kind: PartKind
    page: int
    article: str | None  # the Article id, for kind ARTICLE
    boxes: tuple[str, ...]  # articles printed on the same page (e.g. the idea box)
    pos: Pos


@dataclass(frozen=True, slots=True)
class CoverLine:
    """A teaser printed on the cover; its wording differs from the article title."""

    rubric: str
    text: tuple[Inline, ...]
    person: str
    article: str | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Cover:
    taglines: tuple[str, ...]
    website: str
    headline_rubric: str  # the rubric whose title heads the dossier headline (« Dossier »)
    lines: tuple[CoverLine, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Trim:
    width_mm: float
    height_mm: float


@dataclass(frozen=True, slots=True)
class Printing:
    """How the printer prints the issue (``print:`` in issue.yaml; docs/source-format.md)."""

    condition: str  # the output condition's identifier (model/conditions.py), e.g. "FOGRA39"
    icc: str | None  # the printer's ICC profile, a path relative to the issue folder; None: the shipped one
    paper_mm: float  # the thickness of one leaf of the interior paper (two pages), in mm
    cover_mm: float  # the thickness of the cover board, in mm (counted twice in the spine)
    price: str | None  # the cover price in euros, "15.00", printed on the back cover (no EAN-5 add-on: docs/print.md)
    pages_reason: str | None  # why the page count is not a multiple of 4, when it is not
    pos: Pos


@dataclass(frozen=True, slots=True)
class Issue:
    id: str  # the folder name, e.g. "hp-38"
    folder: str  # the folder as the user named it
    magazine: str
    number: int
    title: tuple[Inline, ...]
    language: str
    date: _dt.date
    isbn: str | None  # the print edition's ISBN-13, digits only (the PDFs')
    isbn_epub: str | None = field(default=None, kw_only=True)  # the EPUB edition's, digits only
    issn: str | None
    publisher: str
    editor_in_chief: str
    rights: str
    trim: Trim
    pages: int
    cover: Cover
    printing: Printing
    rubrics: tuple[Rubric, ...]
    flatplan: tuple[Part, ...]
    articles: tuple[Article, ...]  # in flatplan order
    pos: Pos
    #: the platforms', Crossref's and the bookshops' metadata (``distribution:``; model/distribution.py)
    distribution: Distribution = field(default=NONE, kw_only=True)

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def rubric(self, rubric_id: str) -> Rubric:
        for rub in iter_rubrics(self.rubrics):
            if rub.id == rubric_id:
                return rub
        raise KeyError(rubric_id)

    def rubrics_present(self) -> tuple[str, ...]:
        """The titles of the rubrics that have an article, in the order of their first article: the issue's
        subjects (PDF keywords, the archive's Dublin Core); a rubric that no article fills is none."""
        return tuple(dict.fromkeys(self.rubric(a.rubric).title for a in self.articles if a.rubric))

    def rubric_path(self, rubric_id: str) -> tuple[Rubric, ...]:
        """The rubric and its ancestors, outermost first (Dossier → Sur le terrain)."""

        def walk(rubrics: tuple[Rubric, ...], trail: tuple[Rubric, ...]) -> tuple[Rubric, ...] | None:
            for rub in rubrics:
                here = trail + (rub,)
                if rub.id == rubric_id:
                    return here
                found = walk(rub.children, here)
                if found:
                    return found
            return None

        path = walk(self.rubrics, ())
        if path is None:
            raise KeyError(rubric_id)
        return path


def iter_rubrics(rubrics: tuple[Rubric, ...]):
    for rub in rubrics:
        yield rub
        yield from iter_rubrics(rub.children)


def full_title(issue: Issue) -> str:
    """« Horizons publics n° 38 – Quel(s) numérique(s)… »: the issue's title in metadata and catalogues."""
    return f"{issue.magazine} n° {issue.number} – {plain_text(issue.title)}"
