"""The print edition: each flatplan part laid out as its own WeasyPrint document, then one PDF.

Why parts: every part must start on the page the flatplan gives it.  A part is
laid out once, with its first folio; its page count then says how many reserved
pages fill the rest of its slot (or by how much it overflows).  The sommaire is
laid out last, with the folios the articles really got.  Parts come from the
cache or a pool of workers (part_pool); their PDFs are merged with pikepdf
(pdf_merge) and finished (pdf_post).

Two variants from the same parts: ``print`` (PDF/X-4, CMYK, bleed and crop
marks) for the printer, ``pdf`` (PDF/A-3a, tagged, sRGB) for reading and the
archive.  Their page boxes differ, so each is laid out on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..dates import source_datetime, w3c
from ..diagnostics import Reporter
from ..model import Issue, Part, PartKind, full_title, plain_text
from ..resources import fonts_dir
from .. import progress
from . import pdf_post
from .figures import iter_figures
from .layout_check import PageNotes, check_notes
from .layout_report import LAYOUT_FILE, layout_report
from .part_job import VARIANTS, DocumentMeta, PartFacts, PartJob
from .part_pool import PartLayouts
from .pdf_merge import PartPdf, merge
from .print_parts import PartDoc, article_doc, back_cover_doc, cover_doc, reserved_doc, sommaire_doc


@dataclass
class Laid:
    """A laid-out part: its PDF, what its layout says, and the folio of its first page."""

    part: PartDoc
    data: bytes
    facts: PartFacts
    first_folio: int

    @property
    def last_folio(self) -> int:
        return self.first_folio + self.facts.pages - 1

    def page_notes(self) -> list[PageNotes]:
        return [PageNotes(frozenset(c), frozenset(n)) for c, n in zip(self.facts.calls, self.facts.notes)]


@dataclass
class Layout:
    """The issue laid out: every part in page order, and where each article starts."""

    parts: list[Laid] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)  # article id or part kind → first folio
    breaks: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # article → (folio, block) after p. 1

    def folios(self) -> list[int]:
        return [laid.first_folio + i for laid in self.parts for i in range(laid.facts.pages)]


def pdf_path(issue: Issue, out_dir: Path, variant: str) -> Path:
    from .epub import epub_path

    return epub_path(issue, out_dir).with_name(f"{epub_path(issue, out_dir).stem}-{VARIANTS[variant][0]}.pdf")


class _Renderer:
    """The flatplan walked for one variant: each part laid out where it must start (see part_pool)."""

    def __init__(self, issue: Issue, variant: str, reporter: Reporter, parts: PartLayouts):
        self.issue = issue
        self.variant = variant
        self.reporter = reporter
        self.parts = parts
        self.when = source_datetime(issue)
        self.issue_dir = str(Path(issue.folder))
        self.refused: list[str] = []

    def job(self, doc: PartDoc) -> PartJob:
        # the issue's metadata is set on the merged PDF (pdf_post): a part's does not depend on other parts
        meta = DocumentMeta(title=doc.key, lang=self.issue.language, date=w3c(self.when))
        return PartJob(self.issue_dir, self.variant, doc.html, int(self.when.timestamp()), meta,
                       self.parts.environment)

    def planned_jobs(self) -> list[PartJob]:
        """The parts as the flatplan places them (what a build lays out unless something overflows)."""
        jobs = []
        for part in self.issue.flatplan:
            if part.kind is not PartKind.SOMMAIRE:
                jobs.append(self.job(self._part_doc(part, part.page)))
        return jobs

    def lay_out(self, doc: PartDoc) -> Laid:
        progress.step(f"{self.issue.id}: laying out {doc.key} from page {doc.first_folio} "
                      f"({VARIANTS[self.variant][0]} PDF)")
        data, facts = self.parts.get(self.job(doc))
        for message in facts.messages:
            self.reporter.warning("layout.weasyprint", message, path=self.issue.folder)
        self.refused.extend(facts.refused)
        return Laid(doc, data, facts, doc.first_folio)

    def run(self) -> Layout:
        issue, layout = self.issue, Layout()
        plan = issue.flatplan
        cursor = 1
        sommaire_slot: tuple[Part, int, int] | None = None
        for index, part in enumerate(plan):
            slot_end = (plan[index + 1].page if index + 1 < len(plan) else issue.pages + 1) - 1
            start = self._start(part, cursor)
            if start > cursor and layout.parts and layout.parts[-1] is not None:
                # a folio skipped to open on the right side after an overflow: a reserved page, not a gap
                before = plan[index - 1]
                layout.parts.append(self.lay_out(reserved_doc(
                    issue, before, issue.article(before.article) if before.article else None, cursor,
                    start - cursor, self.variant, linked=False)))
            layout.starts[part.article or part.kind.value] = start
            if part.kind is PartKind.SOMMAIRE:
                sommaire_slot = (part, start, slot_end)
                layout.parts.append(None)  # laid out last, with the folios of the articles
                cursor = slot_end + 1
                continue
            laid = self.lay_out(self._part_doc(part, start))
            if part.article:
                article = issue.article(part.article)
                check_notes(article, lambda n, a=article: f"{a.id}-note-{n.number}", laid.page_notes(), start,
                            self.reporter)
                layout.breaks[article.id] = [(start + 1 + i, block) for i, block in enumerate(laid.facts.starts)]
            layout.parts.append(laid)
            cursor = self._fill(layout, part, laid, slot_end, index)
        if sommaire_slot is not None:
            self._sommaire(layout, *sommaire_slot)
        return layout
    def _start(self, part: Part, cursor: int) -> int:
        """The part's first folio: its flatplan page, or later when what precedes overflowed."""
        if cursor <= part.page:
            return part.page
        return cursor + (cursor % 2 != part.page % 2)

    def _part_doc(self, part: Part, start: int) -> PartDoc:
        if part.kind is PartKind.COVER:
            return cover_doc(self.issue, part, self.variant, linked=False)
        if part.kind is PartKind.BACK_COVER:
            return back_cover_doc(self.issue, part, start, self.variant, linked=False)
        return article_doc(self.issue, part, self.issue.article(part.article), start, self.variant,
                           linked=False)

    def _fill(self, layout: Layout, part: Part, laid: Laid, slot_end: int, index: int) -> int:
        """Reserve the rest of the part's slot; report an overflow.  Returns the next free folio."""
        if laid.first_folio > max(slot_end, part.page):
            self.reporter.warning("layout.pushed", f"{_name(self.issue, part)} should start on page {part.page} "
                                  f"but starts on page {laid.first_folio}, pushed by the overflow before it", part.pos,
                                  planned=part.page, first=laid.first_folio, last=laid.last_folio)
            return laid.last_folio + 1
        if laid.last_folio > slot_end:
            over = laid.last_folio - slot_end
            following = self.issue.flatplan[index + 1] if index + 1 < len(self.issue.flatplan) else None
            what = f"page {slot_end + 1}, where the next part starts" if following else "the issue's last page"
            self.reporter.warning("layout.overflow", f"{_name(self.issue, part)} runs {over} page(s) past {what}: "
                                  f"it fills pages {laid.first_folio}–{laid.last_folio}; cut the text or move "
                                  "the next part in the flatplan", part.pos,
                                  first=laid.first_folio, last=laid.last_folio, next=slot_end + 1)
            return laid.last_folio + 1
        spare = slot_end - laid.last_folio
        if spare:
            article = self.issue.article(part.article) if part.article else None
            layout.parts.append(self.lay_out(reserved_doc(self.issue, part, article, laid.last_folio + 1, spare,
                                                          self.variant, linked=False)))
        return slot_end + 1

    def _sommaire(self, layout: Layout, part: Part, start: int, slot_end: int) -> None:
        laid = self.lay_out(sommaire_doc(self.issue, part, start, layout.starts, self.variant, linked=False,
                                               alone=True))
        if laid.last_folio > slot_end:
            cause = (f"the part before it overflows onto page {part.page}: make that part fit its own pages"
                     if start > part.page else "give it more pages in the flatplan")
            self.reporter.error("layout.sommaire-overflow", f"the sommaire fills pages {start}–{laid.last_folio} "
                                f"but the flatplan gives it pages {part.page}–{slot_end}: {cause}", part.pos)
        where = layout.parts.index(None)
        layout.parts[where] = laid
        spare = slot_end - laid.last_folio
        if spare > 0:
            layout.parts.insert(where + 1, self.lay_out(reserved_doc(self.issue, part, None, laid.last_folio + 1,
                                                                     spare, self.variant, linked=False)))

    def write(self, layout: Layout) -> bytes:
        """The merged, finished PDF (in this process); its diagnostics go to the reporter."""
        data, records = finish_pdf(self.issue, self.variant, *_finish_args(layout, self.refused), self.reporter.strict)
        self.reporter.replay(records)
        return data


def _finish_args(layout: Layout, refused: list[str]) -> tuple:
    """What finishing a variant needs of its layout (sent to a worker: bytes and plain values only)."""
    return ([PartPdf(laid.data, laid.part.stand_ins) for laid in layout.parts], layout.folios(), dict(layout.starts),
            list(refused))


def finish_pdf(issue: Issue, variant: str, parts: list[PartPdf], folios: list[int], starts: dict[str, int],
               refused: list[str], strict: bool) -> tuple[bytes, list[dict]]:
    """Merge the parts' PDFs and finish the result (pdf_post); return its bytes and its diagnostics
    as records (this may run in a worker process)."""
    progress.step(f"{issue.id}: writing the {VARIANTS[variant][0]} PDF ({len(folios)} pages)")
    reporter = Reporter(strict=strict, echo=False)
    when = source_datetime(issue)
    with merge(parts) as pdf:
        attachments = source_files(issue) if variant == "pdf" else []
        data = pdf_post.finish(pdf, issue, folios, starts, variant, when, _metadata(issue, when), attachments)
    _refused(refused, issue, reporter)
    for name in pdf_post.foreign_fonts(data, font_families()):
        reporter.error("font.fallback", f"the PDF uses the system font {name}: a character or a style of "
                       "the text is missing from the fonts of fonts/ (add the font there and to "
                       "layouts/common/fonts.css)", path=issue.folder)
    return data, [d.record() for d in reporter.diagnostics]


def lay_out_issue(issue: Issue, variant: str, reporter: Reporter, parts: PartLayouts | None = None
                  ) -> tuple[Layout, bytes]:
    """Lay the issue out and return the layout and the final PDF bytes."""
    own = parts is None
    parts = parts or PartLayouts(None, jobs=1)
    try:
        renderer = _Renderer(issue, variant, reporter, parts)
        layout = renderer.run()
        return layout, renderer.write(layout)
    finally:
        if own:
            parts.close()


def render_pdf(issue: Issue, out_dir: Path, reporter: Reporter, context, variant: str
               ) -> list[tuple[Path, bytes]]:
    """Lay out the PDF variants of the build together (their parts share one pool of workers), then
    merge and finish each in a worker while the build goes on (the EPUB); the PDFs (and layout.json)
    are handed to the build by a deferred step (context.later)."""
    if context.pdf_started:
        return []  # the first call took every variant of the build
    context.pdf_started = True
    from ..cache import CACHE_DIR

    variants = [v for v in VARIANTS if v in context.formats] or [variant]
    parts = PartLayouts(out_dir / CACHE_DIR, jobs=context.jobs, environment=context.environment)
    context.closers.append(parts.close)
    renderers = {v: _Renderer(issue, v, reporter, parts) for v in variants}
    parts.start([job for r in renderers.values() for job in r.planned_jobs()])
    layouts = {v: r.run() for v, r in renderers.items()}
    context.laid_out = parts.laid_out
    context.layout = layouts[variants[0]]  # the EPUB's page list follows the laid-out pages
    if reporter.has_errors():
        return []
    parts.settle()  # the finishing goes before parts an overflow made useless
    finishing = {v: parts.call(finish_pdf, issue, v, *_finish_args(layouts[v], renderers[v].refused), reporter.strict)
                 for v in variants}

    def collect() -> list[tuple[Path, bytes]]:
        outputs = []
        for name, future in finishing.items():
            data, records = future.result()
            reporter.replay(records)
            outputs.append((pdf_path(issue, out_dir, name), data))
        parts.close()
        outputs.append((out_dir / LAYOUT_FILE, layout_report(issue, context.layout, reporter)))
        if not reporter.has_errors() and set(variants) == set(VARIANTS):
            parts.prune()  # every part of this build is in use: what is left is from older versions
        return outputs

    context.later.append(collect)
    return []


def _metadata(issue: Issue, when) -> DocumentMeta:
    return DocumentMeta(title=full_title(issue), authors=tuple(_authors(issue)), description=plain_text(issue.title),
                        keywords=tuple(r.title for r in issue.rubrics), lang=issue.language, date=w3c(when))


@cache
def font_families() -> set[str]:
    """The families of the fonts in fonts/, as PDF font names begin (lowercase, no spaces or dashes)."""
    from fontTools.ttLib import TTFont

    names = set()
    for path in fonts_dir().iterdir():
        if path.suffix in (".ttf", ".otf"):
            family = TTFont(path, lazy=True)["name"].getDebugName(1)
            names.add(family.replace(" ", "").replace("-", "").lower())
    return names


def source_files(issue: Issue) -> list[Path]:
    """The files the issue is built from, and only those: issue.yaml, every article, every image a
    figure shows (the reader has checked that each lies inside the issue folder)."""
    folder = Path(issue.folder)
    files = {folder / "issue.yaml"}
    for article in issue.articles:
        files.add(folder / "articles" / f"{article.id}.md")
        files.update(folder / figure.src for figure in iter_figures(article.blocks))
    return sorted(files)


def _refused(refused: list[str], issue: Issue, reporter: Reporter) -> None:
    for url in dict.fromkeys(refused):
        reporter.error("sandbox.refused", f"the layout asked for {url}, outside the issue folder, layouts/ and "
                       "fonts/: it was not read", path=issue.folder)


def _name(issue: Issue, part: Part) -> str:
    if part.article:
        return f"the article '{part.article}'"
    return f"the {part.kind.value}"


def _authors(issue: Issue) -> list[str]:
    names = [issue.editor_in_chief]
    for art in issue.articles:
        names.extend(p.name for p in art.people)
    return list(dict.fromkeys(names))
