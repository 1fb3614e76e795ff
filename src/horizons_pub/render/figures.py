"""Queries over an article's blocks: its figures and its notes, in reading order."""

from __future__ import annotations

from ..model import Article, BlockQuote, BulletList, Figure, Note, OrderedList, Question, Sidebar
from ..transforms.walk import iter_block_inline_seqs, iter_inlines


def iter_figures(blocks):
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, (BlockQuote, Question, Sidebar)):
            yield from iter_figures(block.blocks)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from iter_figures(item.blocks)


def iter_notes(article: Article):
    """Every note of the article's body, in call order."""
    for seq in iter_block_inline_seqs(article.blocks):
        for node in iter_inlines(seq):
            if isinstance(node, Note):
                yield node
