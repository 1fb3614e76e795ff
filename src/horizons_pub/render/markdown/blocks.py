"""Model blocks → the source format's Markdown body (docs/source-format.md, section 4): one method per node
class, as ``render/html/writer.py`` has; a node without one raises :class:`UnknownNode`.

Each method adds the block's lines to a list; a container indents or prefixes its blocks' lines (``> ``,
a list item's indentation, a note's 4 spaces).  Blocks are separated by a blank line; a paragraph is one
line (a forced break, ``\\`` at the end of a line, makes more).  The choices the format leaves open:

- a bulleted list is written with ``-``, a numbered one ``1.``; a list right after a list of its kind is
  written with ``*`` (``1)``), or the two would be read as one;
- a fenced block (``::: encadre``, ``exergue``, ``question``) takes one more colon for each level of fenced
  blocks inside it, wherever they stand in it;
- a paragraph right after a table that would read as its caption or source line (« Tableau : … »,
  « Source : … ») has its first letter written as a character reference.

- an encadré without a title whose first block is a heading starts with an empty ``###`` heading (its
  empty title), or the reader would take that heading for its title.

What the format cannot say (render/markdown/normalise.py says how the inlines are made writable): a figure's
credit is an attribute value, where a span's braces cannot stand: its small capitals and foreign words are
written as their words alone (and a code span holding a brace breaks it); an empty paragraph is none.
"""

from __future__ import annotations

import re
from typing import Callable

from ...model.nodes import (
    Block,
    BlockQuote,
    BulletList,
    Figure,
    Heading,
    NoteDef,
    OrderedList,
    Paragraph,
    Placement,
    PullQuote,
    Question,
    Sidebar,
    ThematicBreak,
)
from ...model.tables import Table
from ..visitor import ModelVisitor
from .inlines import InlineWriter, escape_text, link_destination, reference
from .normalise import line
from .tables import write_table

#: ``place=``'s French values (reader/figures.py reads them); the default, COLUMN, is not written.
PLACE_WORDS = {Placement.TOP: "haut", Placement.BOTTOM: "bas", Placement.PAGE: "page", Placement.OPENER: "ouverture"}

#: The start of a paragraph that the reader takes for a table's caption or source line (reader/tables.py).
_TABLE_LABEL = re.compile(r"^(?:(?:Tableau|Table)[ \t\u00a0\u202f]*:|Sources?[ \t\u00a0\u202f]*:)")
_FENCED = (Sidebar, PullQuote, Question)


def fence_depth(block: Block) -> int:
    """How many levels of fenced blocks stand inside ``block``."""
    if isinstance(block, (BulletList, OrderedList)):
        children = tuple(b for item in block.items for b in item.blocks)
    elif isinstance(block, (BlockQuote, Sidebar, Question)):
        children = block.blocks
    else:
        return 0
    return max((fence_depth(b) + isinstance(b, _FENCED) for b in children), default=0)


def indent(lines: list[str], first: str, rest: str) -> list[str]:
    """``lines`` with ``first`` before the first one and ``rest`` before each other one but the blank ones."""
    if not lines:
        return [first.rstrip()]
    return [first + lines[0]] + [rest + text if text else "" for text in lines[1:]]


class BlockWriter(ModelVisitor):
    """Writes one article's blocks; ``lines`` gives their lines."""

    def __init__(self) -> None:
        self.inline = InlineWriter()
        self.cells = InlineWriter(table=True)
        self.credits = InlineWriter(spans=False)
        self._previous: Block | None = None
        self._blocks: dict[type, Callable[[list[str], Block], None]] = {
            Paragraph: self._paragraph, Heading: self._heading, BlockQuote: self._blockquote,
            BulletList: self._list, OrderedList: self._list, Figure: self._figure, Sidebar: self._sidebar,
            PullQuote: self._pullquote, Question: self._question, ThematicBreak: self._hr,
            Table: lambda out, node: write_table(out, node, self.cells, self.inline, self.text_lines),
        }
        self._inlines = {}

    @property
    def rendering(self) -> str:
        return "Markdown"

    def lines(self, blocks: tuple[Block, ...]) -> list[str]:
        """The lines of ``blocks``, a blank line between two of them."""
        out: list[str] = []
        previous = self._previous
        self._previous = None
        for block in blocks:
            part: list[str] = []
            self.block(part, block)
            self._previous = block
            if part:
                if out:
                    out.append("")
                out.extend(part)
        self._previous = previous
        return out

    def text_lines(self, inlines, line_start: bool = True) -> list[str]:
        """A paragraph's inlines as its lines."""
        text = self.inline.write(line(inlines), line_start=line_start)
        return text.split("\n") if text else []

    def note(self, note: NoteDef) -> list[str]:
        return indent(self.lines(note.blocks), f"[^{note.label}]: ", " " * 4)

    # -- blocks -----------------------------------------------------------

    def _paragraph(self, out: list[str], node: Paragraph) -> None:
        lines = self.text_lines(node.children)
        if lines and isinstance(self._previous, Table) and _TABLE_LABEL.match(lines[0]):
            lines[0] = reference(lines[0][0]) + lines[0][1:]
        out.extend(lines)

    def heading_text(self, inlines) -> str:
        text = self.inline.write(line(inlines, flat=True))
        if text.endswith("#"):  # a closing sequence of '#'s would be dropped
            text = text[:-1] + "\\#"
        return text

    def _heading(self, out: list[str], node: Heading) -> None:
        out.append(("#" * node.level + " " + self.heading_text(node.children)).rstrip())

    def _blockquote(self, out: list[str], node: BlockQuote) -> None:
        inner = self.lines(node.blocks)
        out.extend(("> " + text if text else ">") for text in inner) if inner else out.append(">")

    def _list(self, out: list[str], node: BulletList | OrderedList) -> None:
        again = type(self._previous) is type(node)  # right after a list of its kind: another marker
        loose = any(len(item.blocks) > 1 for item in node.items)
        for k, item in enumerate(node.items):
            if isinstance(node, OrderedList):
                marker = f"{node.start + k}{')' if again else '.'}"
            else:
                marker = "*" if again else "-"
            if k and loose:
                out.append("")
            out.extend(indent(self.lines(item.blocks), marker + " ", " " * (len(marker) + 1)))

    def _figure(self, out: list[str], node: Figure) -> None:
        alt = escape_text(node.alt.replace("\n", " ").strip())
        dest = link_destination(node.src.replace("%", "%25"))
        title = ""
        if node.caption:
            caption = self.inline.write(line(node.caption, flat=True))
            # the title is unescaped (backslashes, references) before the reader reads it as Markdown
            title = ' "' + re.sub(r'([\\"&])', r"\\\1", caption) + '"'
        attrs = []
        if node.credit:
            credit = self.credits.write(line(node.credit, flat=True))
            attrs.append('credit="' + credit.replace('"', '\\"') + '"')
        if node.place in PLACE_WORDS:
            attrs.append(f"place={PLACE_WORDS[node.place]}")
        out.append(f"![{alt}]({dest}{title})" + ("{" + " ".join(attrs) + "}" if attrs else ""))

    def _fenced(self, out: list[str], node: Block, name: str, lines: list[str]) -> None:
        fence = ":" * (3 + fence_depth(node))
        out.extend([f"{fence} {name}", *lines, fence])

    def _sidebar(self, out: list[str], node: Sidebar) -> None:
        title = [f"### {self.heading_text(node.title)}".rstrip(), ""] if node.title else []
        if not node.title and node.blocks and isinstance(node.blocks[0], Heading):
            title = ["###", ""]  # an empty title, or the heading would be read as the title
        body = self.lines(node.blocks)
        self._fenced(out, node, "encadre", (title + body) if body else title[:1])

    def _pullquote(self, out: list[str], node: PullQuote) -> None:
        self._fenced(out, node, "exergue", self.text_lines(node.children))

    def _question(self, out: list[str], node: Question) -> None:
        self._fenced(out, node, "question", self.lines(node.blocks))

    def _hr(self, out: list[str], node: ThematicBreak) -> None:
        out.append("---")
