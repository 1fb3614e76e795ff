"""What every writer of the model shares (docutils' ``NodeVisitor``): one method per node class, found in
a table, and a loud failure for a node it has no method for (render/html/writer.py's HTML for the EPUB and
the print layout, render/jats/body.py's JATS)."""

from __future__ import annotations

from typing import Callable

from lxml import etree

from ..model.nodes import Block, Inline


class UnknownNode(TypeError):
    """A writer met a node it has no method for: a bug, never a user error."""


def append_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of ``parent`` (lxml keeps it in ``tail``)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


class ModelVisitor:
    """The dispatch of a writer: its ``_blocks`` and ``_inlines`` tables (node class → method), filled by the
    writer; ``rendering`` names what it writes, in the message of :class:`UnknownNode`."""

    _blocks: dict[type, Callable[[etree._Element, Block], None]]
    _inlines: dict[type, Callable[[etree._Element, Inline], None]]

    @property
    def rendering(self) -> str:
        raise NotImplementedError

    def block(self, parent: etree._Element, block: Block) -> None:
        method = self._blocks.get(type(block))
        if method is None:
            raise UnknownNode(f"no {self.rendering} rendering for block {type(block).__name__} at {block.pos}")
        method(parent, block)

    def blocks(self, parent: etree._Element, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            self.block(parent, block)

    def inlines(self, parent: etree._Element, inlines: tuple[Inline, ...]) -> etree._Element:
        for node in inlines:
            method = self._inlines.get(type(node))
            if method is None:
                raise UnknownNode(f"no {self.rendering} rendering for inline {type(node).__name__} at {node.pos}")
            method(parent, node)
        return parent
