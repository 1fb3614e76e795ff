"""The flatplan walked for one PDF variant: each part laid out where it must start.

Why parts: every part must start on the page the flatplan gives it.  A part is
laid out once, with its first folio; its page count then says how many reserved
pages fill the rest of its slot (or by how much it overflows, and which parts it
pushes).  The sommaire is laid out last, with the folios the articles really got.
The parts come from the cache or a pool of workers (pool.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...model import fr
from ...model.nodes import Issue, Part, PartKind, plain_text
from ...support import progress
from ...support.dates import source_datetime, w3c
from ...support.diagnostics import Reporter
from ..pages import PageMap
from .documents import PartDoc, article_doc, back_cover_doc, cover_doc, reserved_doc, sommaire_doc
from .job import DocumentMeta, PartFacts, PartJob
from .figure_checks import check_figures
from .note_places import PageNotes, check_notes
from .table_widths import check_tables
from .overprint import check_overprint
from .loose_lines import check_loose_lines
from .heads import head_source
from .pool import PartLayouts


@dataclass
class LaidPart:
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
class PagedIssue:
    """The issue laid out in one variant: every part in page order, and where everything starts."""

    parts: list[LaidPart] = field(default_factory=list)
    pages: PageMap = field(default_factory=PageMap)

    def folios(self) -> list[int]:
        return [laid.first_folio + i for laid in self.parts for i in range(laid.facts.pages)]


class Paginator:
    """Lays out one variant's parts in flatplan order (see the module's docstring)."""

    def __init__(self, issue: Issue, variant: str, reporter: Reporter, parts: PartLayouts):
        self.issue = issue
        self.variant = variant
        self.reporter = reporter
        self.parts = parts
        self.when = source_datetime(issue)
        self.issue_dir = str(Path(issue.folder))
        self.refused: list[str] = []
        #: the parts whose own text overflows their slot since the flatplan was last on time: the cause
        #: named by each part they push (a cascade names its first overflow, not the part just before)
        self.causes: list[Part] = []
        self.blank: dict[int, int] = {}  # folio → pages left blank there to open a pushed part on its side
        self.heads_said: set[str] = set()  # the running heads already reported as too long
        self.laid_count = 0  # the parts laid out so far, for the progress line

    def job(self, doc: PartDoc) -> PartJob:
        # the issue's metadata is set on the merged PDF (finish.py): a part's does not depend on other parts
        meta = DocumentMeta(title=doc.key, lang=self.issue.language, date=w3c(self.when))
        return PartJob(self.issue_dir, self.variant, doc.html, int(self.when.timestamp()), meta,
                       self.parts.environment)

    def planned_jobs(self) -> list[PartJob]:
        """The parts as the flatplan places them (what a build lays out unless something overflows)."""
        return [self.job(self.part_doc(part, part.page)) for part in self.issue.flatplan
                if part.kind is not PartKind.SOMMAIRE]

    def lay_out(self, doc: PartDoc, last: int, fill: bool = False) -> LaidPart:
        """Lay out ``doc``, whose pages run from its first folio to ``last`` in the flatplan; ``fill``: reserved
        pages that complete a part's slot, shown under the count of the part they complete."""
        if not fill:
            self.laid_count += 1
        pages = f"page {doc.first_folio}" if last <= doc.first_folio else f"pages {doc.first_folio}–{last}"
        progress.step(f"{pages} · {_shown_title(doc)} ({self.variant}) · "
                      f"{self.laid_count}/{len(self.issue.flatplan)} parts")
        data, facts = self.parts.get(self.job(doc))
        for message in facts.messages:
            self.reporter.warning("layout.weasyprint", message, path=self.issue.folder)
        self.refused.extend(facts.refused)
        for text, width, room in facts.long_heads:
            self._long_head(doc, text, width, room)
        return LaidPart(doc, data, facts, doc.first_folio)

    def _long_head(self, doc: PartDoc, text: str, width: float, room: float) -> None:
        """A running head wider than its line (heads.py): said once, where a ``short_title`` would shorten it."""
        if text in self.heads_said:
            return
        self.heads_said.add(text)
        source = head_source(self.issue, doc.article) if doc.article is not None else None
        if source is not None:
            pos = (source.short_title or source.title or (None,))[0]
            pos = pos.pos if pos is not None else source.pos
            where = (f"shorten the 'short_title' of {source.id}" if source.short_title
                     else f"give {source.id} a 'short_title' (front matter) for its running head")
        else:
            pos, where = self.issue.pos, "shorten the part's running head"
        self.reporter.warning("layout.running-head-long", f"the running head « {text} » is {width:g} pt long and "
                              f"its line {room:g} pt: it would not fit on one line; {where}", pos,
                              width=width, room=room)

    def run(self) -> PagedIssue:
        issue, paged = self.issue, PagedIssue()
        plan = issue.flatplan
        cursor = 1
        sommaire_slot: tuple[Part, int, int] | None = None
        for index, part in enumerate(plan):
            slot_end = (plan[index + 1].page if index + 1 < len(plan) else issue.pages + 1) - 1
            start = self._start(part, cursor)
            if start > cursor and paged.parts and paged.parts[-1] is not None:
                # a folio skipped to open on the right side after an overflow: a reserved page, not a gap
                before = plan[index - 1]
                paged.parts.append(self.lay_out(reserved_doc(
                    issue, before, issue.article(before.article) if before.article else None, cursor,
                    start - cursor, self.variant, linked=False, blank=True), start - 1, fill=True))
                self.blank[start] = start - cursor
            paged.pages.place(part.kind, part.article, start)
            if part.kind is PartKind.SOMMAIRE:
                sommaire_slot = (part, start, slot_end)
                paged.parts.append(None)  # laid out last, with the folios of the articles
                cursor = slot_end + 1
                continue
            laid = self.lay_out(self.part_doc(part, start), max(slot_end, start))
            if part.article:
                article = issue.article(part.article)
                check_notes(article, lambda n, a=article: f"{a.id}-note-{n.number}", laid.page_notes(), start,
                            self.reporter)
                check_tables(article, f"{article.id}-", laid.facts.too_wide, self.reporter)
                check_figures(article, laid.facts, start, self.reporter)
                check_overprint(article, laid.facts.overprints, start, self.reporter)
                check_loose_lines(article, laid.facts.loose, start, self.reporter)
                paged.pages.breaks[article.id] = [(start + 1 + i, block)
                                                  for i, block in enumerate(laid.facts.page_blocks)]
            paged.parts.append(laid)
            cursor = self._fill(paged, part, laid, slot_end, index)
        if sommaire_slot is not None:
            self._sommaire(paged, *sommaire_slot)
        self._page_count(paged)
        return paged

    def _page_count(self, paged: PagedIssue) -> None:
        """The printer quotes and binds the issue's ``pages``: say when the layout has more."""
        folios = paged.folios()
        laid = max(folios) if folios else 0
        if laid > self.issue.pages:
            self.reporter.warning("layout.page-count", f"the issue lays out {laid} pages, not the {self.issue.pages} "
                                  f"of 'pages:' in issue.yaml: the overflows above push its last "
                                  f"{laid - self.issue.pages} page(s) out; make the parts fit their pages (the "
                                  f"printer quotes {self.issue.pages} pages; the spine is measured on {laid})",
                                  self.issue.pos, first=self.issue.pages + 1, last=laid)

    def _start(self, part: Part, cursor: int) -> int:
        """The part's first folio: its flatplan page, or later when what precedes overflowed."""
        if cursor <= part.page:
            return part.page
        return cursor + (cursor % 2 != part.page % 2)

    def part_doc(self, part: Part, start: int) -> PartDoc:
        if part.kind is PartKind.COVER:
            return cover_doc(self.issue, part, self.variant, linked=False)
        if part.kind is PartKind.BACK_COVER:
            return back_cover_doc(self.issue, part, start, self.variant, linked=False)
        return article_doc(self.issue, part, self.issue.article(part.article), start, self.variant,
                           linked=False)

    def _fill(self, paged: PagedIssue, part: Part, laid: LaidPart, slot_end: int, index: int) -> int:
        """Reserve the rest of the part's slot; report an overflow or a push.  Returns the next free folio.

        A part *overflows* when its own pages outnumber its slot's: it alone is told to be cut.  A part
        that would fit its slot but starts late (what precedes it overflowed) is *pushed*: said once,
        with the pages it moved by and the overflow that caused it, never told to cut its text."""
        slot = max(slot_end, part.page) - part.page + 1
        pushed = laid.first_folio > part.page
        if pushed:
            self._pushed(part, laid)
        else:
            self.causes = []  # on time: what overflowed before has been absorbed
        if laid.facts.pages > slot:
            self._overflow(part, laid, index, slot)
            self.causes.append(part)
        if part.article:
            paged.pages.ends[part.article] = max(laid.last_folio, slot_end)
        if laid.last_folio > slot_end:
            return laid.last_folio + 1
        spare = slot_end - laid.last_folio
        if spare:
            article = self.issue.article(part.article) if part.article else None
            paged.parts.append(self.lay_out(reserved_doc(self.issue, part, article, laid.last_folio + 1, spare,
                                                         self.variant, linked=False), slot_end, fill=True))
        return slot_end + 1

    def _pushed(self, part: Part, laid: LaidPart) -> None:
        by = laid.first_folio - part.page
        causes = " and ".join(_name(c) for c in self.causes) or "the part before it"
        blank = self.blank.get(laid.first_folio, 0)
        side = "left" if laid.first_folio % 2 == 0 else "right"
        pages = (f"page {laid.first_folio}" if laid.first_folio == laid.last_folio
                 else f"pages {laid.first_folio}–{laid.last_folio}")
        gap = (f"; {'a page is' if blank == 1 else f'{blank} pages are'} left blank before it so that it opens "
               f"on a {side}-hand page" if blank else "")
        self.reporter.warning(
            "layout.pushed", f"{_name(part)} should start on page {part.page} but starts on page {laid.first_folio} "
            f"({by} page(s) later, {pages}), pushed by the overflow of {causes}{gap}; "
            f"{'the sommaire and ' if part.article else ''}the bookmarks give page {laid.first_folio}", part.pos,
            planned=part.page, first=laid.first_folio, last=laid.last_folio, by=by,
            cause=",".join(c.article or c.kind.value for c in self.causes), blank=blank)

    def _overflow(self, part: Part, laid: LaidPart, index: int, slot: int) -> None:
        over = laid.facts.pages - slot
        following = self.issue.flatplan[index + 1] if index + 1 < len(self.issue.flatplan) else None
        what = (f"page {part.page + slot}, where the next part starts" if following else "the issue's last page")
        self.reporter.warning("layout.overflow", f"{_name(part)} runs {over} page(s) past {what}: it needs "
                              f"{laid.facts.pages} pages, its slot has {slot}, it fills pages "
                              f"{laid.first_folio}–{laid.last_folio}; cut the text or move the next part in the "
                              "flatplan", part.pos,
                              first=laid.first_folio, last=laid.last_folio, next=part.page + slot, over=over)

    def _sommaire(self, paged: PagedIssue, part: Part, start: int, slot_end: int) -> None:
        laid = self.lay_out(sommaire_doc(self.issue, part, start, paged.pages.articles, self.variant, linked=False,
                                         alone=True), max(slot_end, start))
        if laid.last_folio > slot_end:
            cause = (f"the part before it overflows onto page {part.page}: make that part fit its own pages"
                     if start > part.page else "give it more pages in the flatplan")
            self.reporter.error("layout.sommaire-overflow", f"the sommaire fills pages {start}–{laid.last_folio} "
                                f"but the flatplan gives it pages {part.page}–{slot_end}: {cause}", part.pos)
        where = paged.parts.index(None)
        paged.parts[where] = laid
        spare = slot_end - laid.last_folio
        if spare > 0:
            paged.parts.insert(where + 1, self.lay_out(reserved_doc(self.issue, part, None, laid.last_folio + 1,
                                                                    spare, self.variant, linked=False), slot_end,
                                                       fill=True))


def _shown_title(doc: PartDoc, limit: int = 48) -> str:
    """The part as the editor knows it, for the progress line: the article's title, or the part's name."""
    if doc.article is not None:
        title = plain_text(doc.article.title) or doc.key
    else:
        title = fr.PART_NAMES.get(doc.part.kind, doc.key)
    if doc.key.startswith("reserved-"):
        title = f"{fr.RESERVED_PAGES} · {title}"
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _name(part: Part) -> str:
    if part.article:
        return f"the article '{part.article}'"
    return f"the {part.kind.value}"
