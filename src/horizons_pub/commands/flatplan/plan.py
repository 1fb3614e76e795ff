"""``build_plan``: what the flatplan shows, from layout.json (a LayoutFile) and the issue: each page's
part, rubric colour and title, the pages past their slot or pushed, the notes marked on their pages,
the diagnostics with the pages they name, and the legend."""

from __future__ import annotations

from pathlib import Path

from ...model import fr
from ...model.nodes import Issue, plain_text
from ...render.pdf.layout_file import LaidOutPart, LayoutFile
from ...support.paths import display_path
from .colours import KIND_COLOURS, PALETTE, RULE
from .records import Diag, Head, LegendEntry, Mark, Page, Plan

#: A folio claimed by two parts of the layout (listed below the plan; see _overlaps).
OVERLAP_CODE = "flatplan.overlap"


def build_plan(layout: LayoutFile, issue: Issue | None = None) -> Plan:
    """What the flatplan shows, from ``layout.json`` (and the issue, for rubric order, titles and boxes)."""
    colours = _rubric_colours(layout, issue)
    parts = layout.parts
    ends = _slot_ends(parts, layout.planned_pages)
    pages: dict[int, Page] = {}
    box_titles = _box_titles(issue)
    claimed: dict[int, list[str]] = {}  # folio → the parts that claim it (two only in a failed layout)
    # which part heads each group: a reserved part continues the part before it
    group_head: dict[str, LaidOutPart] = {}
    for part in parts:
        group = part.key.removeprefix("reserved-")
        group_head.setdefault(group, part)
        head_part = group_head[group]
        pushed = not head_part.reserved and head_part.first > head_part.planned
        slot_end = ends.get(part.planned, part.planned)
        colour = colours.get(part.rubric_id, (RULE, ""))[0]
        for folio in part.folios:
            page = Page(folio=folio, part=part, group=group, colour=colour, reserved=part.reserved,
                        has_text=part.has_text, side=_side(folio))
            if pushed:
                page.problem = fr.PUSHED
                page.problem_text = fr.planned_on(head_part.planned + folio - head_part.first)
                if folio == head_part.first:
                    page.planned_note = page.problem_text
            elif folio > slot_end:
                page.problem = fr.OVERFLOW
                page.problem_text = fr.past_page(slot_end)
            pages[folio] = page  # a folio claimed twice shows the later part, as thumbnails_by_folio does
            claimed.setdefault(folio, []).append(part.title)
    twice = sum(len(titles) - 1 for titles in claimed.values())  # pages laid out over another part's
    count = max((layout.pages or 0) - twice, max(pages, default=0))
    for folio in range(1, count + 1):  # a folio no part claims (should not happen): shown, but plainly
        if folio not in pages:
            gap = LaidOutPart(key="", kind="reserved", article=None, title="", rubric=(), rubric_id="",
                              has_text=False, planned=folio, first=folio, last=folio)
            pages[folio] = Page(folio, gap, f"gap-{folio}", RULE, True, False, side=_side(folio))
    ordered = [pages[f] for f in sorted(pages)]
    _heads(ordered, box_titles)
    diagnostics = _diagnostics(layout, ordered) + _overlaps(claimed)
    for page in ordered:
        page.tooltip = _tooltip(page)
    legend = _legend(ordered, colours)
    title = plain_text(issue.title) if issue is not None else ""
    date = fr.month_year(issue.date) if issue is not None else ""
    return Plan(layout.issue, layout.magazine, layout.number, title, date, ordered,
                layout.planned_pages or count, legend, diagnostics)


def _side(folio: int) -> str:
    return "left" if folio % 2 == 0 else "right"


def _rubric_colours(layout: LayoutFile, issue: Issue | None) -> dict[str, tuple[str, str]]:
    """root rubric id → (colour, title): the issue's rubrics in order, then any other the layout names."""
    ids: list[tuple[str, str]] = []
    if issue is not None:
        ids = [(r.id, r.title) for r in issue.rubrics]
    for part in layout.parts:
        rid = part.rubric_id
        if rid and rid not in KIND_COLOURS and rid not in dict(ids):
            ids.append((rid, (part.rubric or [rid])[0]))
    colours = {rid: (PALETTE[i % len(PALETTE)], title) for i, (rid, title) in enumerate(ids)}
    colours.update(KIND_COLOURS)
    return colours


def _slot_ends(parts: tuple[LaidOutPart, ...], planned_pages: int) -> dict[int, int]:
    """planned first page → the last page of its slot (the page before the next planned part)."""
    starts = sorted({p.planned for p in parts if p.planned})
    return {start: (starts[i + 1] if i + 1 < len(starts) else max(planned_pages, start) + 1) - 1
            for i, start in enumerate(starts)}


def _rubric_label(part: LaidOutPart) -> str:
    """The rubric path over an article's title; nothing over the covers and the sommaire (their title says it)."""
    return " › ".join(part.rubric or ())


def _box_titles(issue: Issue | None) -> dict[str, list[str]]:
    """part key → the titles of the articles printed in it (``boxes`` in the flatplan)."""
    if issue is None:
        return {}
    out: dict[str, list[str]] = {}
    for part in issue.flatplan:
        if part.boxes:
            titles = []
            for art_id in part.boxes:
                try:
                    titles.append(plain_text(issue.article(art_id).title))
                except KeyError:
                    titles.append(art_id)
            out[part.article or part.kind.value] = titles
    return out


def _heads(pages: list[Page], box_titles: dict[str, list[str]]) -> None:
    """The title over the first page of each part, and over the first page of each spread it goes on to.
    The reserved pages that fill a slot have a head of their own, « Pages réservées », not the title of
    the article before them: they are no continuation of its text."""

    def run(page: Page) -> tuple[str, bool]:
        return page.group, page.reserved

    first_part: dict[tuple[str, bool], LaidOutPart] = {}
    for page in pages:
        first_part.setdefault(run(page), page.part)
    for index, page in enumerate(pages):
        previous = pages[index - 1] if index else None
        starts = previous is None or run(previous) != run(page)
        opens_spread = page.folio % 2 == 0 or page.folio == 1
        if not starts and not opens_spread:
            continue
        following = pages[index + 1] if index + 1 < len(pages) else None
        span = 2 if page.folio % 2 == 0 and following is not None and run(following) == run(page) else 1
        if page.reserved:
            page.head = Head(title=fr.RESERVED_PAGES, rubric="", span=span, continued=not starts, boxes=[])
            continue
        head_part = first_part[run(page)]
        page.head = Head(title=head_part.title, rubric=_rubric_label(head_part), span=span,
                         continued=not starts, boxes=[] if not starts else box_titles.get(page.group, []))


def _diagnostics(layout: LayoutFile, pages: list[Page]) -> list[Diag]:
    by_folio = {p.folio: p for p in pages}
    out = []
    for d in layout.diagnostics:
        message, code = d.message, d.code
        where = display_path(Path(d.file)) if d.file else ""
        if where and d.line:
            where += f":{d.line}"
        links: list[tuple[str, int]] = []
        facts = d.data or {}  # the pages and note numbers the message states (render/pdf/layout_file.py)
        if code == "note.moved" and {"note", "page", "call"} <= facts.keys():
            number, page, call = facts["note"], facts["page"], facts["call"]
            _mark(by_folio, page, Mark("moved", number, fr.note_printed_here(number, call), message))
            _mark(by_folio, call, Mark("call", number, fr.note_called_here(number, page), message))
            links = [(fr.pages_ref(page), page), (fr.call_ref(call), call)]
        elif code == "note.lost" and "note" in facts:
            number = facts["note"]
            call = facts.get("call") or _article_page(pages, d.file)
            if call:
                _mark(by_folio, call, Mark("lost", number, fr.note_lost(number), message))
                links = [(fr.pages_ref(call), call)]
        elif {"first", "last"} <= facts.keys():
            first, last = facts["first"], facts["last"]
            if "next" in facts and first < facts["next"] <= last:
                first = facts["next"]  # the overflow proper: the pages past the slot
            links = [(fr.pages_ref(first, last) if last > first else fr.pages_ref(first), first)]
        out.append(Diag(d.severity, code, message, where,
                        [(label, folio) for label, folio in links if folio in by_folio]))
    return out


def _overlaps(claimed: dict[int, list[str]]) -> list[Diag]:
    """A folio given to two parts (only a failed layout does it: a part pushed past its slot while the
    next keeps its place) is said below the plan, with the parts, never drawn as one page silently."""
    out: list[Diag] = []
    runs: list[tuple[int, int, list[str]]] = []
    for folio in sorted(f for f, titles in claimed.items() if len(titles) > 1):
        titles = list(dict.fromkeys(claimed[folio]))
        if runs and runs[-1][1] == folio - 1 and runs[-1][2] == titles:
            runs[-1] = (runs[-1][0], folio, titles)
        else:
            runs.append((folio, folio, titles))
    for first, last, titles in runs:
        pages = f"pages {first}–{last} are" if last > first else f"page {first} is"
        out.append(Diag("warning", OVERLAP_CODE, f"{pages} given to two parts by this layout ("
                        f"{'; '.join(titles)}): the plan shows the last of them there; fix the overflow before "
                        "them", "", [(fr.pages_ref(first, last), first)]))
    return out


def thumbnails_by_folio(layout: LayoutFile, thumbs: list) -> list:
    """The PDF's pages, which follow the layout's parts, at the index of their folio − 1: for a folio
    claimed twice, the later part's page, as the plan shows it.  As they are for a layout that gives
    every folio once (any layout but a failed one), or for a PDF that is not this layout's."""
    order = layout.folios()
    by_folio = dict(zip(order, thumbs))
    if len(order) != len(thumbs) or len(by_folio) == len(order) or sorted(by_folio) != list(
            range(1, len(by_folio) + 1)):
        return thumbs
    return [by_folio[folio] for folio in range(1, len(by_folio) + 1)]


def _mark(by_folio: dict[int, Page], folio: int, mark: Mark) -> None:
    if folio in by_folio:
        by_folio[folio].marks.append(mark)


def _article_page(pages: list[Page], file: str | None) -> int | None:
    """The first page of the article whose source is ``file`` (articles/<id>.md)."""
    if not file:
        return None
    stem = Path(file).stem
    return next((p.folio for p in pages if p.part.article == stem), None)


def _tooltip(page: Page) -> str:
    part = page.part
    lines = [f"{fr.pages_ref(page.folio)} — {part.title}"]
    if part.rubric:
        lines.append(" › ".join(part.rubric))
    span = fr.pages_ref(part.first, part.last)
    lines.append((f"{fr.RESERVED_SPAN} " if page.reserved else "") + span + f" ({fr.planned_on(part.planned)})")
    if page.missing_text:
        lines.append(fr.NO_TEXT)
    if page.problem:
        lines.append(f"{page.problem} : {page.problem_text}")
    lines.extend(m.message for m in page.marks)
    return "\n".join(lines)


def _legend(pages: list[Page], colours: dict[str, tuple[str, str]]) -> list[LegendEntry]:
    counts: dict[str, int] = {}
    for page in pages:
        if page.reserved:  # the pages a rubric fills, not the slot's rest (counted apart: Plan.reserved_count)
            continue
        rid = page.part.rubric_id
        counts[rid] = counts.get(rid, 0) + 1
    merged: dict[tuple[str, str], int] = {}
    for rid, (colour, label) in colours.items():
        if counts.get(rid):
            merged[(colour, label)] = merged.get((colour, label), 0) + counts[rid]
    # the covers and the sommaire first, then the rubrics in the issue's order
    kinds = {label for _, label in KIND_COLOURS.values()}
    first = [k for k in merged if k[1] in kinds]
    rest = [k for k in merged if k not in first]
    return [LegendEntry(colour, label, merged[(colour, label)]) for colour, label in sorted(first, key=lambda k: k[1])
            + rest]
