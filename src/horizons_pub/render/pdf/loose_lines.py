"""Checks on laid-out pages: which justified lines have their word spaces stretched too far?

WeasyPrint justifies a line by adding one amount to each of its spaces (U+0020 and the no-break
U+00A0; ``justification_spacing`` on each text box of the line, set by its ``justify_line``), the
same on the whole line.  A line is *loose* when a space is then more than twice its natural width:
the width of a space in that box's font, size and ``word-spacing``, measured with Pango as WeasyPrint
measures its text.  The widest space decides (in a line that mixes sizes, the smaller font's space
is stretched by the most, relative to its own width).

Only lines WeasyPrint justified are concerned: a paragraph's last line and a line ending in a forced
break (``<br>``) get no extra spacing, unless ``text-align-last: justify`` asks for it (a paragraph cut
at a column's or a page's foot, whose line goes on after the cut: that one is read like the others).
A line with a single space is read as well: two words spread over a whole line are the loosest of all.
The running heads (margin boxes) and the notes at a page's foot are not read: print.css sets the notes
ragged (``text-align: left``), so that none is ever loose.  Only the articles are reported
(``layout.loose-line``, called from paginate.py): once per article, at the paragraph of its loosest line.
"""

from __future__ import annotations

from ...model.nodes import Article
from ...support.diagnostics import Reporter
from .paragraph_cut import block_lines, line_text

LOOSE = 2.0  # a word space wider than this many times its natural width
SPACES = (" ", "\u00a0")  # what WeasyPrint stretches (count_expandable_spaces)
WORDS = 40  # characters of a line's first words shown
LISTED = 3  # the loosest lines listed in one warning; the others are counted, page by page


def loose_lines(document) -> list[tuple[int, int, float, str]]:
    """(page index, ``data-block`` of the body block or -1, the widest space as a multiple of its natural
    width, the line's first words) for each loose justified line, in page order."""
    # only where pages are laid out (typeset.py)
    from weasyprint.formatting_structure import boxes

    natural: dict[tuple, float] = {}
    found = []
    for index, page in enumerate(document.pages):
        for line, block in block_lines(page._page_box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            ratio = _widest(line, boxes, natural)
            if ratio > LOOSE:
                found.append((index, block, round(ratio, 2), _first_words(line_text(line))))
    return found



def _widest(line, boxes, natural: dict[tuple, float]) -> float:
    """The widest word space of ``line`` as a multiple of its natural width (1 when nothing was stretched)."""
    widest = 1.0
    for box in _text_boxes(line, boxes):
        extra = box.justification_spacing
        if extra <= 0 or not any(space in box.text for space in SPACES):
            continue
        width = _space_width(box.style, natural)
        if width > 0:
            widest = max(widest, (width + extra) / width)
    return widest


def _text_boxes(box, boxes):
    if isinstance(box, boxes.TextBox):
        yield box
        return
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):  # what justify_line walks
        for child in box.children:
            yield from _text_boxes(child, boxes)


def _space_width(style, natural: dict[tuple, float]) -> float:
    """The natural width of a space in ``style`` (its font, size, weight, slant, word and letter spacing)."""
    key = (tuple(style["font_family"]), style["font_size"], style["font_weight"], style["font_style"],
           style["font_stretch"], style["word_spacing"], str(style["letter_spacing"]), style["lang"])
    if key not in natural:
        from weasyprint.text.line_break import Layout, line_size

        layout = Layout(style)
        layout.set_text(" ")
        first, _ = layout.get_first_line()
        natural[key] = line_size(first, style)[0]
    return natural[key]


def _first_words(text: str) -> str:
    """The line's first words, as the editor reads them: without the break opportunities of a URL (``<wbr>``
    reaches the boxes as U+200B), cut after a whole word unless that leaves too little (a URL follows)."""
    text = " ".join(text.replace("\u200b", "").split())
    if len(text) <= WORDS:
        return text
    cut = text[:WORDS].rsplit(" ", 1)[0]
    return (cut if len(cut) >= WORDS // 2 else text[:WORDS]) + "…"


def check_loose_lines(article: Article, loose: tuple[tuple[int, int, float, str], ...], first_folio: int,
                      reporter: Reporter) -> None:
    """One ``layout.loose-line`` per article with loose lines, at the paragraph of its loosest line: how many
    on each page, then the loosest (:data:`LISTED` at most), each with its page, its first words, its
    paragraph's line in the source and how far its spaces were stretched."""
    if not loose:
        return
    per_page: dict[int, int] = {}
    for page, *_ in loose:
        per_page[first_folio + page] = per_page.get(first_folio + page, 0) + 1
    pages = ", ".join(f"page {folio} ({count})" for folio, count in per_page.items())
    loosest = sorted(loose, key=lambda line: (-line[2], line[0]))[:LISTED]
    listed = "; ".join(f"page {first_folio + page} « {words} » ({_where(article, block)}{ratio:.2f} times)"
                       for page, block, ratio, words in loosest)
    if len(loose) == 1:
        said = f"a justified line is loose, its word spaces stretched past twice their natural width: {listed}"
    else:
        said = (f"{len(loose)} justified lines are loose, their word spaces stretched past twice their natural "
                f"width: {pages}; the loosest: {listed}")
    worst = _block(article, loosest[0][1])
    reporter.warning("layout.loose-line", f"{said}; rephrase near the line (a word "
                     "moved, a longer or a shorter one), or let a long word break where it may with a soft hyphen "
                     "(U+00AD, &shy; in the Markdown)",
                     worst.pos if worst is not None else article.pos, page=first_folio + loosest[0][0],
                     first=min(per_page), last=max(per_page), lines=len(loose))


def _block(article: Article, block: int):
    return article.blocks[block] if 0 <= block < len(article.blocks) else None


def _where(article: Article, block: int) -> str:
    node = _block(article, block)
    return f"line {node.pos.line}, " if node is not None and node.pos else ""


__all__ = ["LOOSE", "check_loose_lines", "loose_lines"]
