"""The outline of an issue as the build prints it: every part at its page (the page the print layout gave
it when the PDFs were laid out, with the planned page beside a part that an overflow moved)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..model import fr
from ..model.identity import ARTICLES_DIR
from ..model.bylines import bylines, interviewees
from ..model.nodes import Issue, Kind, Part, PartKind, plain_text
from ..render.pages import PageMap


def outline_lines(issue: Issue, pages: PageMap | None = None) -> list[str]:
    articles = [a for a in issue.articles if a.kind in (Kind.ARTICLE, Kind.INTERVIEW)]
    lines = [f"{issue.magazine} n° {issue.number} — {plain_text(issue.title)}  ({issue.folder}, "
             f"{issue.pages} pages, {len(articles)} articles)"]
    for part in issue.flatplan:
        if part.kind is not PartKind.ARTICLE:
            text = fr.PART_NAMES[part.kind]
        else:
            text = _article_line(issue, part.article)
        boxes = "".join(f" + {_article_line(issue, b)}" for b in part.boxes)
        page = _laid_page(part, pages)
        moved = f"  (prévu p. {part.page})" if page != part.page else ""
        lines.append(f"  p. {page:>3}  {text}{boxes}{moved}")
    return lines


def _article_line(issue: Issue, article_id: str) -> str:
    art = issue.article(article_id)
    rubric = "".join(f"{r.title} › " for r in issue.rubric_path(art.rubric)) if art.rubric else ""
    people = [p.name for p in interviewees(art)] + [f"{b.label.lower()} {b.names}" for b in bylines(art)]
    who = f" — {'; '.join(people)}" if people else ""
    state = "texte" if art.has_body else "sans texte"
    return f"{rubric[:-3] + ' · ' if rubric else ''}{plain_text(art.title)}{who} [{state}]"


def _laid_page(part: Part, pages: PageMap | None) -> int:
    if pages is None:
        return part.page
    if part.kind is PartKind.ARTICLE:
        return pages.articles.get(part.article, part.page)
    return pages.parts.get(part.kind, part.page)


def layout_lines(verdicts: list) -> list[str]:
    """What ``build --verbose`` says of the print layout: each part of each variant at its pages, taken
    from the cache or laid out, and why (render/pdf/cache_log.py's PartVerdict), in page order."""
    if not verdicts:
        return []
    variants = list(dict.fromkeys(v.variant for v in verdicts))
    shown = sorted(verdicts, key=lambda v: (variants.index(v.variant), v.first is None, v.first or 0))
    widths = [max(len(getattr(v, name)) for v in shown) for name in ("variant", "folios", "part")]
    laid = sum(not v.cached for v in shown)
    lines = [f"  layout: {len(shown) - laid} part(s) from the cache, {laid} laid out"]
    lines += [f"  {v.variant:<{widths[0]}}  {v.folios:<{widths[1]}}  {v.part:<{widths[2]}}  {v.said}" for v in shown]
    return lines


def output_labels(outputs: list[Path], shown: Callable[[Path], str]) -> list[str]:
    """Each output as ``shown`` names it, the files of the articles (``articles/``: a PDF and a JATS XML each,
    the JATS figures) as one label for their folder: « build/hp-38/articles/ (21 PDF, 21 XML) »."""
    items: list[Path] = []
    folders: dict[Path, dict[str, int]] = {}
    for path in outputs:
        folder = next((p for p in path.parents if p.name == ARTICLES_DIR), None)
        if folder is None:
            items.append(path)
            continue
        kinds = folders.setdefault(folder, {})
        if not kinds:
            items.append(folder)  # where the folder's label goes
        kind = path.suffix.lstrip(".").upper() or "other"
        kinds[kind] = kinds.get(kind, 0) + 1
    return [f"{shown(item)}/ ({', '.join(f'{n} {kind}' for kind, n in sorted(folders[item].items()))})"
            if item in folders else shown(item) for item in items]
