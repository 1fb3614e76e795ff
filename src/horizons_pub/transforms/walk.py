"""Rebuilding traversals over the frozen model (pandoc's ``walk``).

A transform gives a function over *inline sequences* (a paragraph's children,
a title, a caption…); :func:`map_article` applies it to every such sequence of
an article, innermost structure included (notes, sidebars, list items), and
returns a new article.  Nothing is mutated.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model import (
    Article,
    Block,
    BlockQuote,
    BulletList,
    Emph,
    Figure,
    Heading,
    Inline,
    Link,
    ListItem,
    Note,
    NoteDef,
    OrderedList,
    Paragraph,
    PullQuote,
    Question,
    Sidebar,
    SmallCaps,
    Strong,
    ThematicBreak,
)

InlineSeqFn = Callable[[tuple[Inline, ...]], tuple[Inline, ...]]


def map_blocks(blocks: tuple[Block, ...], fn: InlineSeqFn) -> tuple[Block, ...]:
    return tuple(map_block(b, fn) for b in blocks)


def map_block(block: Block, fn: InlineSeqFn) -> Block:
    if isinstance(block, (Paragraph, Heading, PullQuote)):
        return replace(block, children=fn(block.children))
    if isinstance(block, (BlockQuote, Question)):
        return replace(block, blocks=map_blocks(block.blocks, fn))
    if isinstance(block, (BulletList, OrderedList)):
        return replace(block, items=tuple(ListItem(map_blocks(i.blocks, fn), i.pos) for i in block.items))
    if isinstance(block, Figure):
        return replace(block, caption=fn(block.caption), credit=fn(block.credit))
    if isinstance(block, Sidebar):
        return replace(block, title=fn(block.title), blocks=map_blocks(block.blocks, fn))
    if isinstance(block, ThematicBreak):
        return block
    raise TypeError(f"unknown block node {type(block).__name__} at {block.pos}")


def map_note_blocks(inlines: tuple[Inline, ...], fn: InlineSeqFn) -> tuple[Inline, ...]:
    """Apply ``fn`` inside the blocks of every note found in ``inlines`` (recursively)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Note):
            node = replace(node, blocks=map_blocks(node.blocks, fn))
        elif isinstance(node, (Emph, Strong, SmallCaps, Link)):
            node = replace(node, children=map_note_blocks(node.children, fn))
        out.append(node)
    return tuple(out)


def map_article(article: Article, fn: InlineSeqFn) -> Article:
    """Apply ``fn`` to every inline sequence of the article, notes included."""

    def with_notes(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return map_note_blocks(fn(seq), fn)

    return replace(
        article,
        title=with_notes(article.title),
        standfirst=with_notes(article.standfirst),
        people=tuple(replace(p, description=with_notes(p.description)) for p in article.people),
        blocks=map_blocks(article.blocks, with_notes),
        note_defs=tuple(NoteDef(d.label, map_blocks(d.blocks, with_notes), d.pos) for d in article.note_defs),
    )


def iter_inlines(inlines: tuple[Inline, ...]):
    """Every inline node, depth first, not entering notes."""
    for node in inlines:
        yield node
        if isinstance(node, (Emph, Strong, SmallCaps, Link)):
            yield from iter_inlines(node.children)


def iter_block_inline_seqs(blocks: tuple[Block, ...]):
    """Every inline sequence held by ``blocks`` (not entering notes)."""
    for block in blocks:
        if isinstance(block, (Paragraph, Heading, PullQuote)):
            yield block.children
        elif isinstance(block, (BlockQuote, Question)):
            yield from iter_block_inline_seqs(block.blocks)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from iter_block_inline_seqs(item.blocks)
        elif isinstance(block, Figure):
            yield block.caption
            yield block.credit
        elif isinstance(block, Sidebar):
            yield block.title
            yield from iter_block_inline_seqs(block.blocks)
        elif isinstance(block, ThematicBreak):
            continue
        else:
            raise TypeError(f"unknown block node {type(block).__name__} at {block.pos}")


__all__ = ["map_article", "map_blocks", "map_block", "iter_inlines", "iter_block_inline_seqs"]
