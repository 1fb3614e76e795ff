"""Footnotes: attach each definition to its call and number the notes per article.

Every ``NoteRef`` becomes a ``Note`` holding its text, numbered 1, 2, … in the
order of the calls in the article, as the printed magazine numbers them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..support.diagnostics import Reporter
from ..model.nodes import INLINE_CONTAINERS, Article, Inline, Note, NoteDef, NoteRef, Paragraph
from ..model.walk import iter_block_inline_seqs, iter_inlines, map_article, map_blocks


BLOCK_NAMES = {"BulletList": "list", "OrderedList": "list", "BlockQuote": "quotation", "Heading": "heading",
               "Figure": "figure", "Sidebar": "sidebar (encadré)", "PullQuote": "pull quote (exergue)",
               "Question": "question", "ThematicBreak": "section break", "Table": "table"}


def number_notes(article: Article, reporter: Reporter, complete: bool = True) -> Article:
    """The article with its notes attached and numbered.  ``complete=False``: the reader reported an
    error in the article, and may have left out a call (in a heading, a refused table…) or a definition
    (in a refused block): only the problems that nothing left out can cause are then said (a definition
    twice, a call twice, a note holding a list or a call), not a note called but undefined or defined but
    never called, which the next run says if they remain."""
    defs: dict[str, NoteDef] = {}
    for d in article.note_defs:
        if d.label in defs:
            reporter.warning("note.duplicate", f"note [^{d.label}] is defined twice (first at line "
                             f"{defs[d.label].pos.line}); this definition is ignored", d.pos)
            continue
        defs[d.label] = d
    for label, d in list(defs.items()):
        kept = tuple(b for b in d.blocks if isinstance(b, Paragraph))
        for block in d.blocks:
            if not isinstance(block, Paragraph):
                what = BLOCK_NAMES.get(type(block).__name__, "block")
                reporter.error("note.block", f"note [^{label}] holds a {what}: a note holds paragraphs only "
                               "(write it as sentences)", block.pos)
        defs[label] = replace(d, blocks=kept)
    called_in_notes: set[str] = set()
    for d in defs.values():
        for seq in iter_block_inline_seqs(d.blocks):
            for node in iter_inlines(seq):
                if isinstance(node, NoteRef):
                    reporter.error("note.nested", f"a note call [^{node.label}] inside note [^{d.label}]: "
                                   "a note cannot hold another note; put its text in the note itself", node.pos)
                    called_in_notes.add(node.label)
    used: dict[str, Note] = {}
    # A call inside a note was reported above and is dropped from the note's text.
    defs = {label: replace(d, blocks=map_blocks(d.blocks, lambda seq: _map_refs(seq, lambda ref: None)))
            for label, d in defs.items()}
    result = map_article(replace(article, note_defs=()),
                         lambda seq: _map_refs(seq, lambda ref: _resolve_one(ref, defs, used, reporter, complete)))
    for label, d in defs.items():
        if complete and label not in used and label not in called_in_notes:  # a call inside a note is reported above
            reporter.warning("note.unused", f"note [^{label}] is defined but never called, so it is not printed: "
                             f"call it with [^{label}] in the text, or delete it", d.pos)
    return result


def _map_refs(seq: tuple[Inline, ...], on_ref: Callable[[NoteRef], Note | None]) -> tuple[Inline, ...]:
    """Replace every NoteRef of ``seq`` (at any depth) by what ``on_ref`` gives, dropping it for None."""
    out: list[Inline] = []
    for node in seq:
        if isinstance(node, NoteRef):
            node = on_ref(node)
            if node is None:
                continue
        elif isinstance(node, INLINE_CONTAINERS):
            node = replace(node, children=_map_refs(node.children, on_ref))
        out.append(node)
    return tuple(out)


def _resolve_one(ref: NoteRef, defs: dict[str, NoteDef], used: dict[str, Note], reporter: Reporter,
                 complete: bool = True) -> Note | None:
    if ref.label in used:
        reporter.error("note.called-twice", f"note [^{ref.label}] is called a second time (first call at line "
                       f"{used[ref.label].pos.line}); a note has one call: write a second note", ref.pos)
        return None
    d = defs.get(ref.label)
    if d is None:
        if not complete:
            return None
        reporter.error("note.undefined", f"note [^{ref.label}] is called but never defined: add its text in a "
                       f"paragraph of its own starting with '[^{ref.label}]: '", ref.pos)
        return None
    note = Note(ref.label, len(used) + 1, d.blocks, ref.pos)
    used[ref.label] = note
    return note
