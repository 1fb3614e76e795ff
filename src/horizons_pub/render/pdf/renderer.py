"""The PDF editions of one build: laid out together, then merged and finished.

Both variants (``variants.py``: the printer's PDF/X-4 and the screen PDF/A-3a) are
paginated from the same flatplan (``paginate.py``); their page boxes differ, so each is
laid out on its own, their parts sharing one pool of workers (``pool.py``).  Each is
then merged with pikepdf (``merge.py``) and finished (``finish.py``) in a worker while the
build goes on with the EPUB.  With ``articles``, each article's own PDF is cut from the screen
edition's parts in the same workers (``article_pdfs.py``), whether or not the screen PDF is written.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

from ...model.identity import Edition, file_name, full_title
from ...model.nodes import Issue, plain_text
from ...reader.sources import source_files
from ...support import progress
from ...support.cache import CACHE_DIR
from ...support.dates import source_datetime, w3c
from ...support.diagnostics import Reporter
from ..pages import PageMap
from ..platforms import platform_articles
from . import finish, prepress
from ..profiles import cmyk_profile
from .article_pdfs import VARIANT as ARTICLES_VARIANT, article_path, article_pdf, article_slots
from .condition import set_output_intent
from .cover_spread import start_cover
from .interior import cut_cover_board
from .inspect import font_families, foreign_fonts
from .job import DocumentMeta
from .layout_file import LAYOUT_FILE, layout_report
from .merge import PartPdf, merge
from .paginate import PagedIssue, Paginator
from .pool import PartLayouts
from .resolution import report_low_resolution
from .variants import VARIANTS
from .workers import Workers


def pdf_path(issue: Issue, out_dir: Path, variant: str) -> Path:
    return out_dir / file_name(issue, VARIANTS[variant].edition)


class PdfEditions:
    """The PDF variants asked for, laid out with :meth:`lay_out`, their files collected with :meth:`outputs`.

    Call :meth:`close` however the build ends: it stops the workers."""

    def __init__(self, issue: Issue, out_dir: Path, reporter: Reporter, variants: tuple[str, ...],
                 jobs: int | None = None, environment: str | None = None, written: tuple[str, ...] | None = None,
                 articles: bool = False, workers: Workers | None = None):
        self.issue, self.out_dir, self.reporter = issue, out_dir, reporter
        self.variants = [v for v in VARIANTS if v in variants]  # in VARIANTS' order
        #: the variants whose PDF is written (the others are laid out for the article PDFs only)
        self.written = [v for v in self.variants if written is None or v in written]
        self.articles = articles  # cut each article's PDF from the screen variant's parts
        # the workers: the build's (forked before the issue was read), else the pool's own
        self.pool = PartLayouts(out_dir / CACHE_DIR, jobs=jobs, environment=environment, workers=workers)
        self.paginators = {v: Paginator(issue, v, reporter, self.pool) for v in self.variants}
        self.paged: dict[str, PagedIssue] = {}
        self._finishing: dict[str, Future] = {}
        self._cover: Future | None = None
        self._articles: dict[str, Future] = {}  # article id → its PDF being cut (article_pdfs.py)

    @property
    def laid_out(self) -> list[str]:
        """The parts laid out anew (not taken from the cache), as ``variant:part``."""
        return self.pool.laid_out

    def lay_out(self) -> PageMap | None:
        """Paginate every variant, then start finishing each in a worker.  Returns where the first
        variant put everything (the EPUB's page list follows it), or None after an error."""
        self.pool.start([job for p in self.paginators.values() for job in p.planned_jobs()])
        self.paged = {v: p.run() for v, p in self.paginators.items()}
        if self.reporter.has_errors():
            return None
        self.pool.settle()  # the finishing goes before parts an overflow made useless
        for v in self.written:
            self._finishing[v] = self.pool.call(finish_pdf, self.issue, v, *finish_args(
                self.paged[v], self.paginators[v].refused), self.reporter.strict, self.out_dir / CACHE_DIR)
            if VARIANTS[v].cover_board:  # the cover PDF, from the same pages (cover_spread.py)
                self._cover = start_cover(self.pool, self.issue, self.paged[v], self.out_dir / CACHE_DIR,
                                          self.reporter.strict)
        if self.articles and ARTICLES_VARIANT in self.paged:  # after the editions: the smaller jobs fill in
            for slot in article_slots(self.paged[ARTICLES_VARIANT], platform_articles(self.issue)):
                self._articles[slot.article] = self.pool.call(article_pdf, self.issue, slot, self.reporter.strict,
                                                              self.out_dir / CACHE_DIR, self.pool.environment)
        return self.paged[self.variants[0]].pages

    def outputs(self) -> list[tuple[Path, bytes]]:
        """The finished PDFs (the editions', then the articles') and layout.json (waiting for the workers)."""
        outputs = []
        for name, future in self._finishing.items():
            data, records = future.result()
            self.reporter.replay(records)
            outputs.append((pdf_path(self.issue, self.out_dir, name), data))
            if VARIANTS[name].cover_board and self._cover is not None:  # the cover PDF beside the interior
                data, records = self._cover.result()
                self.reporter.replay(records)
                outputs.append((self.out_dir / file_name(self.issue, Edition.COVER), data))
        for article_id, future in self._articles.items():
            data, records = future.result()
            self.reporter.replay(records)
            outputs.append((article_path(self.out_dir, article_id), data))
        self.pool.close()
        if self.paged:
            first = self.paged[self.variants[0]]
            outputs.append((self.out_dir / LAYOUT_FILE, layout_report(self.issue, first, self.reporter)))
        if not self.reporter.has_errors() and set(self.variants) == set(VARIANTS):
            self.pool.prune()  # every part of this build is in use: what is left is from older versions
        return outputs

    def close(self) -> None:
        self.pool.close()


def finish_args(paged: PagedIssue, refused: list[str]) -> tuple:
    """What finishing a variant needs of its pages (sent to a worker: bytes and plain values only)."""
    return [PartPdf(laid.data, laid.part.stand_ins) for laid in paged.parts], paged.folios(), paged.pages, list(refused)


def finish_pdf(issue: Issue, variant: str, parts: list[PartPdf], folios: list[int], pages: PageMap,
               refused: list[str], strict: bool, cache: Path | None = None, whole: bool = False
               ) -> tuple[bytes, list[dict]]:
    """Merge the parts' PDFs and finish the result; return its bytes and its diagnostics as records
    (this may run in a worker process).  ``whole``: the cover board's pages kept in the print PDF."""
    progress.step(f"{issue.id}: writing the {VARIANTS[variant].label} PDF ({len(folios)} pages)")
    reporter = Reporter(strict=strict, echo=False)
    when = source_datetime(issue)
    v = VARIANTS[variant]
    with merge(parts) as pdf:
        if v.cover_board and not whole:  # the interior only: the covers are the cover PDF's
            folios, pages = cut_cover_board(pdf, issue, folios, pages)
        prepared = prepress.prepare(pdf, prepress.Target(v.inks, v.image_ppi), cmyk_profile(issue), cache)
        if v.inks == "cmyk":
            set_output_intent(pdf, issue)
            report_low_resolution(issue, prepared.placements, folios, reporter)
        attachments = source_files(issue) if v.attach_sources else []
        data = finish.finish(pdf, issue, folios, pages, variant, when, _metadata(issue, when), attachments)
    for url in dict.fromkeys(refused):
        reporter.error("sandbox.refused", f"the layout asked for {url}, outside the issue folder, layouts/ and "
                       "fonts/: it was not read", path=issue.folder)
    for name in foreign_fonts(data, font_families()):
        reporter.error("font.fallback", f"the PDF uses the system font {name}: a character or a style of "
                       "the text is missing from the fonts of fonts/ (add the font there and to "
                       "layouts/common/fonts.css)", path=issue.folder)
    return data, [d.record() for d in reporter.diagnostics]


def lay_out_issue(issue: Issue, variant: str, reporter: Reporter, parts: PartLayouts | None = None,
                  whole: bool = False) -> tuple[PagedIssue, bytes]:
    """Lay the issue out in one variant, in this process; return its pages and the finished PDF's bytes
    (``whole``: every page, the cover board's too)."""
    own = parts is None
    parts = parts or PartLayouts(None, jobs=1)
    try:
        paginator = Paginator(issue, variant, reporter, parts)
        paged = paginator.run()
        data, records = finish_pdf(issue, variant, *finish_args(paged, paginator.refused), reporter.strict,
                                   whole=whole)
        reporter.replay(records)
        return paged, data
    finally:
        if own:
            parts.close()


def _metadata(issue: Issue, when) -> DocumentMeta:
    return DocumentMeta(title=full_title(issue), authors=tuple(_authors(issue)), description=plain_text(issue.title),
                        keywords=issue.rubrics_present(), lang=issue.language, date=w3c(when))


def _authors(issue: Issue) -> list[str]:
    names = [issue.editor_in_chief]
    for art in issue.articles:
        names.extend(p.name for p in art.people)
    return list(dict.fromkeys(names))
