"""The print edition: each flatplan part laid out as its own WeasyPrint document, then one PDF.

Why parts: every part must start on the page the flatplan gives it.  A part is
laid out once, with its first folio; its page count then says how many reserved
pages fill the rest of its slot (or by how much it overflows).  The sommaire is
laid out last, with the folios the articles really got.  All pages are then
joined with ``Document.copy`` and written once, so fonts are embedded once and
links (sommaire → articles) stay native.

Two variants from the same parts: ``print`` (PDF/X-4, CMYK, bleed and crop
marks) for the printer, ``pdf`` (PDF/A-3a, tagged, sRGB) for reading and the
archive.  Their page boxes differ, so each is laid out on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from ..dates import pinned_source_date, w3c
from ..diagnostics import Reporter
from ..model import Issue, Part, PartKind, full_title, plain_text
from ..resources import fonts_dir
from .. import progress
from . import pdf_post
from .figures import iter_figures
from .layout_check import check_notes, page_starts
from .layout_report import LAYOUT_FILE, layout_report
from .print_parts import (PartDoc, article_doc, back_cover_doc, cover_doc, reserved_doc, sommaire_doc,
                          stylesheet_paths)
from .sandbox import SandboxFetcher

VARIANTS = {
    # name: (file suffix, WeasyPrint pdf_variant)
    "print": ("print", "pdf/x-4"),
    "pdf": ("screen", "pdf/a-3a"),
}


@dataclass
class Laid:
    """A laid-out part: its document and the folio of its first page."""

    part: PartDoc
    document: object  # weasyprint.Document
    first_folio: int

    @property
    def last_folio(self) -> int:
        return self.first_folio + len(self.document.pages) - 1


@dataclass
class Layout:
    """The issue laid out: every part in page order, and where each article starts."""

    parts: list[Laid] = field(default_factory=list)
    starts: dict[str, int] = field(default_factory=dict)  # article id or part kind → first folio
    breaks: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # article → (folio, block) after p. 1

    def folios(self) -> list[int]:
        return [laid.first_folio + i for laid in self.parts for i in range(len(laid.document.pages))]


def pdf_path(issue: Issue, out_dir: Path, variant: str) -> Path:
    from .epub import epub_path

    return epub_path(issue, out_dir).with_name(f"{epub_path(issue, out_dir).stem}-{VARIANTS[variant][0]}.pdf")


class _Renderer:
    def __init__(self, issue: Issue, variant: str, reporter: Reporter, when):
        self.issue = issue
        self.when = when
        self.variant = variant
        self.reporter = reporter
        self.issue_dir = Path(issue.folder)
        self.fetcher = SandboxFetcher(self.issue_dir)
        self.font_config = FontConfiguration()
        # parsed once for every part of the layout (the parts' HTML does not link them)
        self.stylesheets = [CSS(filename=str(path), font_config=self.font_config, url_fetcher=self.fetcher)
                            for path in stylesheet_paths()]
        self.base_url = self.issue_dir.resolve().as_uri() + "/"

    def lay_out(self, doc: PartDoc):
        progress.step(f"{self.issue.id}: laying out {doc.key} from page {doc.first_folio} "
                      f"({VARIANTS[self.variant][0]} PDF)")
        with _collect_weasyprint_messages() as messages:
            document = HTML(string=doc.html, base_url=self.base_url, url_fetcher=self.fetcher).render(
                font_config=self.font_config, pdf_variant=VARIANTS[self.variant][1], stylesheets=self.stylesheets)
        for message in messages:
            self.reporter.warning("layout.weasyprint", message, path=self.issue.folder)
        return Laid(doc, document, doc.first_folio)

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
                check_notes(article, lambda n, a=article: f"{a.id}-note-{n.number}", laid.document, start,
                            self.reporter)
                layout.breaks[article.id] = [(start + 1 + i, block)
                                             for i, block in enumerate(page_starts(laid.document))]
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
        laid = self.lay_out(sommaire_doc(self.issue, part, start, layout.starts, self.variant, linked=False))
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
        first = layout.parts[0].document
        pages = [page for laid in layout.parts for page in laid.document.pages]
        combined = first.copy(pages)
        meta = combined.metadata
        meta.title = full_title(self.issue)
        meta.authors = _authors(self.issue)
        meta.description = plain_text(self.issue.title)
        meta.keywords = [r.title for r in self.issue.rubrics]
        meta.lang = self.issue.language
        meta.generator = "horizons-pub"
        # The screen PDF is also the archival one: PDF/A-3 lets it carry its own source.
        attachments = source_attachments(self.issue, self.when) if self.variant == "pdf" else []
        progress.step(f"{self.issue.id}: writing the {VARIANTS[self.variant][0]} PDF ({len(pages)} pages)")
        with _collect_weasyprint_messages() as messages:
            data = combined.write_pdf(pdf_variant=VARIANTS[self.variant][1], pdf_identifier=False,
                                      output_intent="srgb" if self.variant == "pdf" else None,
                                      attachments=attachments)
        for message in messages:
            self.reporter.warning("layout.weasyprint", message, path=self.issue.folder)
        return data


def lay_out_issue(issue: Issue, variant: str, reporter: Reporter) -> tuple[Layout, bytes]:
    """Lay the issue out and return the layout and the final PDF bytes."""
    with pinned_source_date(issue) as when:
        renderer = _Renderer(issue, variant, reporter, when)
        layout = renderer.run()
        for laid in layout.parts:
            laid.document.metadata.created = laid.document.metadata.modified = w3c(when)
        data = renderer.write(layout)
        data = pdf_post.finish(data, issue, layout, variant, when)
    _refused(renderer.fetcher, issue, reporter)
    for name in pdf_post.foreign_fonts(data, font_families()):
        reporter.error("font.fallback", f"the PDF uses the system font {name}: a character or a style of the text "
                       "is missing from the fonts of fonts/ (add the font there and to layouts/common/fonts.css)",
                       path=issue.folder)
    return layout, data


def render_pdf(issue: Issue, out_dir: Path, reporter: Reporter, context, variant: str
               ) -> list[tuple[Path, bytes]]:
    if variant in context.pending:  # laid out in another process while this one did the other variant
        data, records = context.pending.pop(variant).result()
        reporter.replay(records)
        return [] if reporter.has_errors() else [(pdf_path(issue, out_dir, variant), data)]
    others = [v for v in VARIANTS if v != variant and v in context.formats and v not in context.pending]
    for other in others:  # the two variants share nothing but the model: lay them out side by side
        context.pending[other] = context.worker().submit(_lay_out_elsewhere, issue, other, reporter.strict)
    layout, data = lay_out_issue(issue, variant, reporter)
    outputs = [(pdf_path(issue, out_dir, variant), data)]
    if context.layout is None:
        context.layout = layout  # the EPUB's page list follows the laid-out pages
        outputs.append((out_dir / LAYOUT_FILE, layout_report(issue, layout, reporter)))
    return [] if reporter.has_errors() else outputs


def _lay_out_elsewhere(issue: Issue, variant: str, strict: bool) -> tuple[bytes, list[dict]]:
    """In the worker: lay a variant out; return its bytes and its diagnostics (as records)."""
    progress.detach()  # the parent's progress display (and its thread) is not the worker's
    reporter = Reporter(strict=strict, echo=False)
    _, data = lay_out_issue(issue, variant, reporter)
    return data, [d.record() for d in reporter.diagnostics]


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


def source_attachments(issue: Issue, when) -> list[Attachment]:
    """The source files, attached to the PDF with the relationship Source (PDF/A-3 associated files)."""
    folder = Path(issue.folder)
    out = []
    # sorted by name: the PDF's EmbeddedFiles name tree must be in key order
    for path in sorted(source_files(issue), key=lambda p: p.relative_to(folder).as_posix()):
        name = f"source/{issue.id}/{path.relative_to(folder).as_posix()}"
        out.append(Attachment(string=path.read_bytes(), name=name, description=f"Source: {name}", created=when,
                              modified=when, relationship="Source"))
    return out


def _refused(fetcher: SandboxFetcher, issue: Issue, reporter: Reporter) -> None:
    for url in dict.fromkeys(fetcher.refused):
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


class _collect_weasyprint_messages:
    """Collect what WeasyPrint logs (warnings and errors) while it works, to report it as diagnostics."""

    IGNORED = ("Using fontTools instead of HarfBuzz",)

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ListHandler(self.messages, self.IGNORED)
        self.logger.addHandler(self.handler)
        self.propagate = self.logger.propagate
        self.logger.propagate = False
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str], ignored: tuple[str, ...]):
        super().__init__(logging.WARNING)
        self.messages, self.ignored = messages, ignored

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(self.ignored):
            self.messages.append(message)
