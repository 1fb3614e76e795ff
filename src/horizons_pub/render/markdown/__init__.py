"""The model → the source format: an article written back as ``articles/<id>.md`` (docs/source-format.md,
sections 3 and 4), which the project's reader reads back as the same model, positions aside.

``horizons-pub import`` converts a Word file to the model, then writes it here.  The writer takes the
reader's model, before the transforms: note calls (``NoteRef``) and ``Article.note_defs``; a node the
transforms make (``Note``, ``Superscript``, ``Subscript``, ``Capitals``, ``NoHyphens``) raises
:class:`~horizons_pub.render.visitor.UnknownNode`.

- ``frontmatter.py``: the metadata as YAML;
- ``blocks.py``: the body's blocks (``tables.py``: tables with their caption and source);
- ``inlines.py``: inline Markdown, escaped; ``normalise.py``: what Markdown cannot say, rewritten as what
  the reader reads back.
"""

from __future__ import annotations

from ...model.nodes import Article
from .blocks import BlockWriter
from .frontmatter import front_matter


def write_article(article: Article, comments: tuple[str, ...] = ()) -> str:
    """The article as the source format: front matter (``---`` … ``---``) then the Markdown body, ending with
    one newline.  ``comments`` are written as ``# …`` YAML comment lines at the end of the front matter."""
    lines = front_matter(article, comments)
    writer = BlockWriter()
    body = writer.lines(article.blocks)
    for note in article.note_defs:
        if body:
            body.append("")
        body.extend(writer.note(note))
    if body:
        lines += [""] + body
    return "\n".join(lines) + "\n"


__all__ = ["write_article"]
