"""pandoc's blocks → a flat run of :class:`Item`: each a model block, or a paragraph with its style's role.

The roles (a title, a caption, a sidebar's paragraph…) are put together into the article's metadata
and blocks afterwards (``assemble.py``), where what comes before and after is known. Every pandoc block
has its case; an unknown one is said (``import.unknown``). Word's paragraphs of a style pandoc does not
know come as a ``Div`` with ``custom-style``: the style map gives its role, else its outline level
(``ooxml.py``) makes it an intertitle, else it is an ordinary paragraph and its name is said once
(``import.style``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from ...model.nodes import (BlockQuote, BulletList, Cell, Inline, LineBreak, ListItem, OrderedList,
                            Paragraph, Pos, Row, Table, Text, ThematicBreak)
from ...support.diagnostics import Reporter
from .inlines import InlineConverter, plain
from .positions import Positions, context_around
from .stylemap import StyleMap, style_key

ALIGNS = {"AlignLeft": "left", "AlignCenter": "center", "AlignRight": "right", "AlignDefault": None}
HEADING_ROLES = {1: "heading2", 2: "heading3"}


@dataclass(frozen=True, slots=True)
class Item:
    role: str  # "block" for a block of the model; else a role of stylemap.PARAGRAPH_ROLES
    pos: Pos
    block: object = None  # the model block, for "block"
    inlines: tuple[Inline, ...] = ()  # the paragraph's text, for a role
    image: tuple[str, str] | None = None  # (media target, alt text) for a figure; its caption is ``inlines``
    style: str = ""


class BlockConverter:
    def __init__(self, style_map: StyleMap, style_levels: dict[str, int | None], positions: Positions,
                 reporter: Reporter, on_note: Callable[[list, Pos], str | None]):
        self.style_map = style_map
        self.levels = {style_key(name): level for name, level in style_levels.items()}
        self.positions = positions
        self.reporter = reporter
        self.inline_images: list[tuple[tuple, Pos]] = []
        self.inlines = InlineConverter(style_map, reporter, on_note, self._inline_image)
        self.unknown_styles: dict[str, Pos] = {}

    def _inline_image(self, c: list, pos: Pos) -> None:
        self.inline_images.append(((c[2][0], plain(c[1])), pos))

    # -- the run of items -------------------------------------------------------------------------
    def items(self, blocks: list, role: str = "block", style: str = "") -> list[Item]:
        out: list[Item] = []
        for block in blocks:
            out.extend(self._item(block, role, style))
        return out

    def _item(self, node: dict, role: str, style: str) -> list[Item]:
        kind, c = node["t"], node.get("c")
        if kind in ("Para", "Plain"):
            return self._paragraph(c, role, style)
        if kind == "Div":
            return self._div(c, role)
        if kind == "Header":
            level, _attr, inlines = c
            pos = self.positions.match(plain(inlines))
            if level > 2:
                self.reporter.warning("import.heading-level", f"paragraph {pos.line}, {context_around(plain(inlines))}"
                                      f": a heading of level {level} becomes an intertitle of the second level "
                                      "(the magazine has two)", pos)
            return [Item(HEADING_ROLES.get(level, "heading3"), pos, inlines=self.inlines.convert(inlines, pos),
                         style=style)]
        if kind == "Figure":
            return self._figure(c)
        if kind == "Table":
            table = self.table(c)
            return [Item("block", table.pos, block=table)]
        if kind == "BlockQuote":
            inner = self.blocks(c)
            pos = _first_pos(inner, self.positions)
            return [Item("block", pos, block=BlockQuote(tuple(inner), pos))]
        if kind in ("BulletList", "OrderedList"):
            listing = self.listing(kind, c)
            return [Item("block", listing.pos, block=listing, style=self._items_style(kind, c))]
        if kind == "HorizontalRule":
            return [Item("block", self.positions.pos(), block=ThematicBreak(self.positions.pos()))]
        if kind == "LineBlock":
            lines = [self.inlines.convert(line, self.positions.match(plain(line))) for line in c]
            pos = self.positions.pos()
            joined: list[Inline] = []
            for n, line in enumerate(lines):
                joined.extend(((LineBreak(pos),) if n else ()) + line)
            return [Item(role, pos, block=Paragraph(tuple(joined), pos) if role == "block" else None,
                         inlines=tuple(joined), style=style)]
        if kind == "CodeBlock":
            pos = self.positions.match(c[1])
            self.reporter.warning("import.format", f"paragraph {pos.line}, {context_around(c[1])}: text in a code "
                                  "style, imported as an ordinary paragraph", pos)
            return [Item(role, pos, block=Paragraph((Text(" ".join(c[1].split()), pos),), pos), style=style)]
        if kind == "DefinitionList":
            out: list[Item] = []
            for term, definitions in c:
                out.extend(self._paragraph(term, role, style))
                for definition in definitions:
                    out.extend(self.items(definition, role, style))
            return out
        if kind in ("RawBlock", "Null"):
            return []
        pos = self.positions.pos()
        where = self.positions.where(pos)
        self.reporter.error("import.unknown", f"{where}: pandoc gave a block '{kind}' that the import "
                            "does not know; it is left out", pos)
        return []

    def _paragraph(self, inlines: list, role: str, style: str) -> list[Item]:
        images = [n for n in inlines if n["t"] == "Image"]
        rest = [n for n in inlines if n["t"] not in ("Image", "Space", "SoftBreak", "LineBreak")]
        text = plain(inlines)
        pos = self.positions.match(text) if text.strip() else self.positions.pos()
        if images and not rest:  # a paragraph that is an image: a figure
            return [Item("figure", pos, image=(img["c"][2][0], plain(img["c"][1]))) for img in images]
        converted = self.inlines.convert(inlines, pos)
        out: list[Item] = []
        if any(not (isinstance(n, Text) and not n.text.strip()) for n in converted):
            out.append(Item(role, pos, block=Paragraph(_trimmed(converted), pos) if role == "block" else None,
                            inlines=_trimmed(converted), style=style))
        for image, image_pos in self.inline_images:
            self.reporter.warning("import.image-inline", f"paragraph {image_pos.line}, {context_around(text)}: an "
                                  "image inside a line of text becomes a figure after its paragraph", image_pos)
            out.append(Item("figure", image_pos, image=image))
        self.inline_images.clear()
        return out

    def _div(self, c: list, role: str) -> list[Item]:
        attrs = dict(c[0][2])
        style = attrs.get("custom-style")
        if style is None:
            return self.items(c[1], role)
        own = self.style_map.paragraph_role(style)
        if own is None:
            level = self.levels.get(style_key(style))
            if level is not None:
                own = "heading2" if level == 0 else "heading3"
            else:
                own = "body"
        if own == "omit":
            return []
        items = self.items(c[1], role if own == "body" or role != "block" else own, style)
        if style_key(style) not in self.levels or self.levels[style_key(style)] is None:
            if self.style_map.paragraph_role(style) is None:  # said at its first paragraph
                self.unknown_styles.setdefault(style, items[0].pos if items else self.positions.pos())
        return items

    def _figure(self, c: list) -> list[Item]:
        _attr, (_short, caption_blocks), body = c
        caption: list = []
        for block in caption_blocks:
            caption.extend(_block_inlines(block))
        out: list[Item] = []
        for block in body:
            for item in self.items([block]):
                if item.role == "figure" and not out:
                    out.append(replace(item, inlines=_trimmed(self.inlines.convert(caption, item.pos))))
                else:
                    out.append(item)
        return out

    # -- blocks of the model ----------------------------------------------------------------------
    def blocks(self, nodes: list) -> list:
        """Blocks where every paragraph is ordinary (a quotation's, a list item's, a note's)."""
        out = []
        for item in self.items(nodes):
            if item.block is not None:
                out.append(item.block)
            elif item.role in ("heading2", "heading3"):
                out.append(Paragraph(item.inlines, item.pos))
            elif item.role != "figure":
                out.append(Paragraph(item.inlines, item.pos))
        return out

    def _items_style(self, kind: str, c: list) -> str:
        """The paragraph style every item of a list is in, when they share one (an encadré's list in
        « HP Encadré »), else ""."""
        styles = set()
        for blocks in c if kind == "BulletList" else c[1]:
            for block in blocks:
                styles.add(dict(block["c"][0][2]).get("custom-style", "") if block["t"] == "Div" else "")
        return styles.pop() if len(styles) == 1 else ""

    def listing(self, kind: str, c: list):
        items_ast = c if kind == "BulletList" else c[1]
        items = []
        for blocks in items_ast:
            inner = self.blocks(blocks)
            items.append(ListItem(tuple(inner), _first_pos(inner, self.positions)))
        items = tuple(items)
        pos = items[0].pos if items else self.positions.pos()
        if kind == "BulletList":
            return BulletList(items, pos)
        return OrderedList(items, int(c[0][0]), pos)

    def table(self, c: list) -> Table:
        _attr, (_short, caption_blocks), colspecs, head, bodies, foot = c
        width = len(colspecs)
        head_rows = [self._row(r, width) for r in head[1]]
        body_rows = [self._row(r, width) for body in bodies for r in body[2] + body[3]]
        body_rows += [self._row(r, width) for r in foot[1]]
        rows = head_rows + body_rows
        pos = rows[0].pos if rows else self.positions.pos()
        if len(head_rows) > 1:
            where = self.positions.where(pos)
            self.reporter.warning("import.table", f"{where}: a table with {len(head_rows)} header rows: "
                                  "the first is its header, the others become rows", pos)
            body_rows = head_rows[1:] + body_rows
            head_rows = head_rows[:1]
        caption: list = []
        for block in caption_blocks:
            caption.extend(_block_inlines(block))
        return Table(tuple(head_rows), tuple(body_rows), tuple(ALIGNS.get(spec[0]["t"]) for spec in colspecs),
                     self.inlines.convert(caption, pos), (), pos)

    def _row(self, row: list, width: int) -> Row:
        cells: list[Cell] = []
        for _attr, _align, rowspan, colspan, blocks in row[1]:
            inlines: list = []
            for n, block in enumerate(_unwrapped(blocks)):
                text = _block_inlines(block)
                if block["t"] not in ("Para", "Plain"):
                    text = [{"t": "Str", "c": plain(text) if text else ""}]
                    where = self.positions.where(self.positions.pos())
                    self.reporter.warning("import.table", f"{where}: a table's cell holds a "
                                          "list or another block: imported as its text", self.positions.pos())
                inlines.extend(([{"t": "Space"}] if n else []) + text)
            pos = self.positions.match(plain(inlines)) if plain(inlines).strip() else self.positions.pos()
            cells.append(Cell(_trimmed(self.inlines.convert(inlines, pos)), pos))
            if rowspan > 1 or colspan > 1:
                self.reporter.warning("import.table", f"paragraph {pos.line}, {context_around(plain(inlines))}: a "
                                      "merged cell is split (the source's tables have no merged cells): its text "
                                      "stays in the first cell, the others are empty", pos)
                cells.extend(Cell((), pos) for _ in range(colspan - 1))
        row_pos = cells[0].pos if cells else self.positions.pos()
        cells = cells[:width] + [Cell((), row_pos) for _ in range(width - len(cells))]
        return Row(tuple(cells), row_pos)


def _block_inlines(block: dict) -> list:
    kind, c = block["t"], block.get("c")
    if kind in ("Para", "Plain"):
        return c
    if kind == "Div":
        out: list = []
        for inner in c[1]:
            out.extend(_block_inlines(inner))
        return out
    if kind in ("BulletList", "OrderedList"):
        items = c if kind == "BulletList" else c[1]
        out = []
        for blocks in items:
            for inner in blocks:
                out.extend(([{"t": "Space"}] if out else []) + _block_inlines(inner))
        return out
    return []


def _unwrapped(blocks: list) -> list:
    """Blocks without their style's ``Div`` (a cell's paragraphs in « Table Contents »)."""
    out: list = []
    for block in blocks:
        out.extend(_unwrapped(block["c"][1]) if block["t"] == "Div" else [block])
    return out


def _first_pos(blocks: list, positions: Positions) -> Pos:
    return blocks[0].pos if blocks else positions.pos()


def _trimmed(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Without spaces at the start and end (as the Markdown reader gives a paragraph) or a break at the end."""
    out = list(inlines)
    while out and (isinstance(out[-1], LineBreak) or (isinstance(out[-1], Text) and not out[-1].text.strip())):
        out.pop()
    while out and isinstance(out[0], Text) and not out[0].text.strip():
        out.pop(0)
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip(), out[0].pos)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(), out[-1].pos)
    return tuple(out)
