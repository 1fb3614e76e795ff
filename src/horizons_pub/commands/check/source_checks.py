"""The ``source.*`` checks, on what the source still lacks: ``placeholders`` (a value the ``new`` template
left, each one at its file and line, from the reader's ``source.placeholder`` diagnostics: an error in
``check``, though only a warning when building) and ``empty-articles`` (an article without text, at its
page; ``--allow-empty`` accepts them: issue 38 keeps its empty articles)."""

from __future__ import annotations

from typing import Iterable

from ...reader.placeholders import CODE as PLACEHOLDER_CODE
from ...model.nodes import Issue, plain_text
from ...render.pdf.layout_file import LayoutFile
from ...support.diagnostics import Diagnostic
from .report import Check, failed, passed



def check_placeholders(diagnostics: Iterable[Diagnostic]) -> Check:
    found = [d for d in diagnostics if d.code == PLACEHOLDER_CODE]
    if not found:
        return passed("source.placeholders", ["no placeholder left from 'horizons-pub new'"])
    lines = [f"{d.pos or d.path or 'horizons-pub'}: {d.message}" for d in found]
    return failed("source.placeholders", [f"{len(found)} placeholder(s) to replace before publishing", *lines])


def check_empty_articles(issue: Issue, layout: LayoutFile | None, *, allow_empty: bool = False) -> Check:
    """Each article without text, with its page: from layout.json when there is one, else the flatplan."""
    empty = [art for art in issue.articles if not art.has_body]
    if not empty:
        return passed("source.empty-articles", [f"each of the {len(issue.articles)} articles has its text"])
    pages = _pages(issue, layout)
    lines = [f"{art.pos}: page {pages.get(art.id, '?')}: {_short(plain_text(art.title) or art.id)}: no text"
             for art in sorted(empty, key=lambda a: (pages.get(a.id, 10**6), a.id))]
    count = f"{len(empty)} of the {len(issue.articles)} articles have no text"
    if allow_empty:
        return passed("source.empty-articles", [f"{count} (accepted: --allow-empty)", *lines])
    return failed("source.empty-articles", [f"{count} (--allow-empty accepts them)", *lines])


def _pages(issue: Issue, layout: LayoutFile | None) -> dict[str, int]:
    """The page each article starts on: laid out (layout.json), else planned (the flatplan)."""
    pages: dict[str, int] = {}
    for part in issue.flatplan:
        for article in (part.article, *part.boxes):
            if article:
                pages.setdefault(article, part.page)
    if layout is not None:
        for laid in layout.parts:
            if laid.article and not laid.reserved:
                pages[laid.article] = laid.first
    return pages


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
