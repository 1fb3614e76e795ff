"""Each article's own PDF (``articles`` format, ``articles/<id>.pdf``), cut from the screen edition's parts.

No second layout: an article's part is already a PDF of its own (paginate.py's ``LaidPart``), and so are
the reserved pages that fill the rest of its slot (a part keyed ``reserved-<id>``).  The article's PDF is
those parts merged (merge.py: pages, destinations, structure trees; the note calls and the notes keep
their links) and finished as the issue's PDFs are (finish.py, shared): the screen edition's images
(prepress.py, through its cache), its folios as page labels (``/PageLabels`` from the slot's first
folio), one bookmark (the article's title: the parts carry no bookmarks of their intertitles), the
article's metadata (article_meta.py), the PDF/UA-1 identification beside the PDF/A-3a one its parts
carry, its title shown, one annotation per link; and the citation line when the magazine wants one
(citation.py).  The editorial and the dossier's opener are articles too (render/platforms.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import OutlineItem

from ...model.identity import article_file, issue_uuid
from ...model.nodes import Issue
from ...support import progress
from ...support.dates import source_datetime
from ...support.diagnostics import Reporter
from ..profiles import cmyk_profile
from . import finish, prepress
from .article_cache import article_key, cached_article
from .article_meta import PRISM_SCHEMA, add_source, article_meta
from .citation import draw_citation
from .inspect import font_families, foreign_fonts
from .merge import PartPdf, merge
from .paginate import PagedIssue
from .variants import VARIANTS

#: the edition the articles are cut from: tagged, sRGB, the trim page
VARIANT = "screen"


@dataclass(frozen=True)
class ArticleSlot:
    """What one article's PDF is made of (sent to a worker: bytes and plain values only)."""

    article: str
    parts: tuple[PartPdf, ...]  # the article's part, then the reserved pages of its slot
    folios: tuple[int, ...]  # the folio of each of their pages


def article_slots(paged: PagedIssue, articles: list[str]) -> list[ArticleSlot]:
    """The parts of each of ``articles`` (ids), in the screen edition's pages: its own part and the reserved
    parts that fill its slot (``PageMap.page_range``; not the blank page left after an overflow to open the
    next part on its side, which lies past the slot)."""
    slots = []
    for article_id in articles:
        first, last = paged.pages.page_range(article_id)
        laid = [part for part in paged.parts
                if part.part.part.article == article_id and first <= part.first_folio <= last]
        slots.append(ArticleSlot(article_id, tuple(PartPdf(p.data) for p in laid),
                                 tuple(p.first_folio + i for p in laid for i in range(p.facts.pages))))
    return slots


def article_path(out_dir: Path, article_id: str) -> Path:
    return out_dir / article_file(article_id, "pdf")


def article_pdf(issue: Issue, slot: ArticleSlot, strict: bool, cache: Path | None, environment: str
                ) -> tuple[bytes, list[dict]]:
    """The article's finished PDF and its diagnostics as records (this may run in a worker process): from the
    cache when nothing it is made of changed (article_cache.py), else cut again."""
    cache_key = article_key(issue, slot.article, [(p.data, p.stand_ins) for p in slot.parts], slot.folios,
                            cmyk_profile(issue), strict, environment)
    (data, records), used = cached_article(cache, slot.article, cache_key,
                                           lambda: _cut(issue, slot, strict, cache, environment))
    if used:
        progress.step(f"{issue.id}: the PDF of {slot.article} taken from the cache")
    return data, records


def _cut(issue: Issue, slot: ArticleSlot, strict: bool, cache: Path | None, environment: str
         ) -> tuple[bytes, list[dict]]:
    progress.step(f"{issue.id}: writing the PDF of {slot.article} ({len(slot.folios)} pages)")
    reporter = Reporter(strict=strict, echo=False)
    when = source_datetime(issue)
    article = issue.article(slot.article)
    first, last = slot.folios[0], slot.folios[-1]
    v = VARIANTS[VARIANT]
    cited = issue.distribution.citation_line

    def drawn(pdf: pikepdf.Pdf) -> None:
        if not draw_citation(pdf, issue, article, first, last, cache, environment):
            reporter.warning("layout.citation-long", f"the citation line of {article.id}'s PDF does not fit the "
                             "foot of its first page: its end is not printed; shorten the article's title, or set "
                             "'citation_line: false' in issue.yaml's distribution:", article.pos)

    with merge(list(slot.parts), drawn if cited else None) as pdf:
        prepress.prepare(pdf, prepress.Target(v.inks, v.image_ppi), cmyk_profile(issue), cache)
        finish.page_labels(pdf, list(slot.folios))
        meta = article_meta(issue, article, when)
        with pdf.open_outline() as outline:  # its one bookmark: the parts carry none of their intertitles
            outline.root.clear()
            outline.root.append(OutlineItem(meta.title, 0))
        finish.set_metadata(pdf, meta)
        add_source(pdf, issue, article, first, last)
        finish.identify(pdf, uuid.uuid5(issue_uuid(issue), f"pdf-article-{article.id}-{when.isoformat()}"),
                        v.tagged)
        data = finish.complete(pdf, issue, VARIANT, when, [], (PRISM_SCHEMA,))
    if cited:  # the line's characters: the issue's PDF has the article's own
        for name in foreign_fonts(data, font_families()):
            reporter.error("font.fallback", f"the citation line of {article.id}'s PDF uses the system font {name}: "
                           "a character of its title or its people's names is missing from the fonts of fonts/ "
                           "(add the font there and to layouts/common/fonts.css)", article.pos)
    return data, [d.record() for d in reporter.diagnostics]
