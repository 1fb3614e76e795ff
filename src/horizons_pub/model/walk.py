"""Rebuilding traversals over the frozen model (pandoc's ``walk``).

A transform gives a function over *inline sequences* (a paragraph's children,
a title, a caption…); :func:`map_article` applies it to every such sequence of
an article, innermost structure included (notes, sidebars, list items), and
returns a new article.  Nothing is mutated.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .nodes import (
    INLINE_CONTAINERS,
    Article,
    Block,
    BlockQuote,
    BulletList,
    Figure,
    Heading,
    Inline,
    ListItem,
    Note,
    NoteDef,
    OrderedList,
    Paragraph,
    PullQuote,
    Question,
    Sidebar,
    ThematicBreak,
)
from .tables import Cell, Row, Table, cell_sequences

InlineSeqFn = Callable[[tuple[Inline, ...]], tuple[Inline, ...]]


FigureFn = Callable[[Figure], Figure]


def map_blocks(blocks: tuple[Block, ...], fn: InlineSeqFn, figure: FigureFn | None = None) -> tuple[Block, ...]:
    return tuple(map_block(b, fn, figure) for b in blocks)


def map_block(block: Block, fn: InlineSeqFn, figure: FigureFn | None = None) -> Block:
    """``block`` with ``fn`` applied to its inline sequences, and ``figure`` to every figure in it."""
    if isinstance(block, (Paragraph, Heading, PullQuote)):
        return replace(block, children=fn(block.children))
    if isinstance(block, (BlockQuote, Question)):
        return replace(block, blocks=map_blocks(block.blocks, fn, figure))
    if isinstance(block, (BulletList, OrderedList)):
        return replace(block, items=tuple(ListItem(map_blocks(i.blocks, fn, figure), i.pos) for i in block.items))
    if isinstance(block, Figure):
        block = replace(block, caption=fn(block.caption), credit=fn(block.credit))
        return figure(block) if figure else block
    if isinstance(block, Sidebar):
        return replace(block, title=fn(block.title), blocks=map_blocks(block.blocks, fn, figure))
    if isinstance(block, ThematicBreak):
        return block
    if isinstance(block, Table):
        return map_table(block, fn)
    raise TypeError(f"unknown block node {type(block).__name__} at {block.pos}")


def map_table(table: Table, fn: InlineSeqFn) -> Table:
    """``fn`` over the table's inline sequences in reading order (caption, head, body, source): the
    notes transform numbers the calls in the order ``fn`` meets them."""
    caption = fn(table.caption)

    def rows(rows: tuple[Row, ...]) -> tuple[Row, ...]:
        return tuple(Row(tuple(Cell(fn(c.children), c.pos) for c in r.cells), r.pos) for r in rows)

    head = rows(table.head)
    body = rows(table.body)
    return replace(table, caption=caption, head=head, body=body, source=fn(table.source))


def map_note_blocks(inlines: tuple[Inline, ...], fn: InlineSeqFn, figure: FigureFn | None = None
                    ) -> tuple[Inline, ...]:
    """Apply ``fn`` (and ``figure``) inside the blocks of every note found in ``inlines`` (recursively)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Note):
            node = replace(node, blocks=map_blocks(node.blocks, fn, figure))
        elif isinstance(node, INLINE_CONTAINERS):
            node = replace(node, children=map_note_blocks(node.children, fn, figure))
        out.append(node)
    return tuple(out)


def map_article(article: Article, fn: InlineSeqFn, figure: FigureFn | None = None) -> Article:
    """Apply ``fn`` to every inline sequence of the article, and ``figure`` to every figure, notes included."""

    def with_notes(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return map_note_blocks(fn(seq), fn, figure)

    return replace(
        article,
        title=with_notes(article.title),
        standfirst=with_notes(article.standfirst),
        short_title=with_notes(article.short_title),
        people=tuple(replace(p, description=with_notes(p.description)) for p in article.people),
        blocks=map_blocks(article.blocks, with_notes, figure),
        note_defs=tuple(NoteDef(d.label, map_blocks(d.blocks, with_notes, figure), d.pos)
                        for d in article.note_defs),
    )


def iter_inlines(inlines: tuple[Inline, ...]):
    """Every inline node, depth first, not entering notes."""
    for node in inlines:
        yield node
        if isinstance(node, INLINE_CONTAINERS):
            yield from iter_inlines(node.children)


def _child_blocks(block: Block) -> tuple[Block, ...]:
    if isinstance(block, (BlockQuote, Question, Sidebar)):
        return block.blocks
    if isinstance(block, (BulletList, OrderedList)):
        return tuple(b for item in block.items for b in item.blocks)
    if isinstance(block, (Paragraph, Heading, PullQuote, Figure, ThematicBreak, Table)):
        return ()
    raise TypeError(f"unknown block node {type(block).__name__} at {block.pos}")


def iter_blocks(blocks: tuple[Block, ...]):
    """Every block, depth first (not entering notes)."""
    for block in blocks:
        yield block
        yield from iter_blocks(_child_blocks(block))


def iter_block_inline_seqs(blocks: tuple[Block, ...]):
    """Every inline sequence held by ``blocks`` (not entering notes)."""
    for block in iter_blocks(blocks):
        if isinstance(block, (Paragraph, Heading, PullQuote)):
            yield block.children
        elif isinstance(block, Figure):
            yield block.caption
            yield block.credit
        elif isinstance(block, Sidebar):
            yield block.title
        elif isinstance(block, Table):
            yield from cell_sequences(block)


__all__ = ["map_article", "map_blocks", "map_block", "iter_blocks", "iter_inlines", "iter_block_inline_seqs"]


# -- queries ----------------------------------------------------------------


def iter_figures(blocks):
    return (block for block in iter_blocks(blocks) if isinstance(block, Figure))


def iter_tables(blocks):
    return (block for block in iter_blocks(blocks) if isinstance(block, Table))


def iter_notes(article: Article):
    """Every note of the article's body, in call order."""
    for seq in iter_block_inline_seqs(article.blocks):
        for node in iter_inlines(seq):
            if isinstance(node, Note):
                yield node
