"""Queries over an article's blocks: its figures and its notes, in reading order."""

from __future__ import annotations

from .nodes import Article, Figure, Note
from .walk import iter_block_inline_seqs, iter_blocks, iter_inlines


def iter_figures(blocks):
    return (block for block in iter_blocks(blocks) if isinstance(block, Figure))


def iter_notes(article: Article):
    """Every note of the article's body, in call order."""
    for seq in iter_block_inline_seqs(article.blocks):
        for node in iter_inlines(seq):
            if isinstance(node, Note):
                yield node
