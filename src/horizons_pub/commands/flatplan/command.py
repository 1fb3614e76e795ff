"""``horizons-pub flatplan``: the chemin de fer of an issue, as a production editor reads it.

Every page of the print PDF (its trim box: no bleed, no crop marks) as a
thumbnail, in spreads (page 1 alone on the right, then 2–3, 4–5, …), each page
under a band of its rubric's colour, the title of each part over its first page,
the reserved pages hatched, the pages an overflow makes (or moves) in red, the
notes printed away from their call marked on their page, and the layout's
diagnostics listed below the plan.

Written for each issue into ``<out>/<issue>/``:

* ``flatplan.html``: one page, its CSS inlined, opening from the file system with
  no network; it shows the thumbnails of ``flatplan/page-NNN.png``;
* ``flatplan.png``: the whole plan as one image, composed with Pillow from the
  same thumbnails (to paste into a mail or a ticket).

What the plan shows comes from ``layout.json`` (see render/layout_report.py),
written by the build; the issue is built first when its outputs are missing or
older than its source (build.ensure_built).
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ... import __version__
from ...support.atomic import write_bytes
from ...builder.recipe import ensure_built
from ...support.diagnostics import Reporter
from ...model.nodes import Issue, plain_text
from ...support.paths import display_path

HTML_FILE = "flatplan.html"
PNG_FILE = "flatplan.png"
THUMBS_DIR = "flatplan"  # <out>/<issue>/flatplan/page-NNN.png
THUMB_WIDTH = 110  # CSS pixels of a page in the HTML, and pixels in flatplan.png
THUMB_DENSITY = 2  # thumbnails are rendered at twice their CSS size: sharp on high-density screens
TEMPLATE = "flatplan/flatplan.html.j2"
STYLESHEET = "flatplan/flatplan.css"

#: The magazine's colours (layouts/print/print.css), and the colour of what needs fixing.
ACCENT = "#0d4a5e"
ACCENT_2 = "#b8741a"
INK = "#1b1b1b"
RULE = "#9aa9ad"
PROBLEM = "#d1242f"
WARN = "#c76b00"

#: One colour per root rubric, in the order of issue.yaml's rubrics (stable from one issue to the
#: next): dark enough to read as text on white, and no red (red is for what needs fixing).
PALETTE = ("#b8741a", "#2f63a8", "#2a7d5f", "#7a4d98", "#8c7a16", "#1f7f9c", "#a4457a", "#5f7a22",
           "#4e6275", "#7d4f33", "#44489a", "#3d8a8a")
KIND_COLOURS = {"cover": (ACCENT, "Couvertures"), "back-cover": (ACCENT, "Couvertures"),
                "sommaire": ("#6d8790", "Sommaire")}


# --------------------------------------------------------------------------
# The plan: what each page shows, from layout.json
# --------------------------------------------------------------------------


@dataclass
class Mark:
    """A note problem shown on a page."""

    kind: str  # "moved" (the note printed here, its call elsewhere), "call" (its call here), "lost"
    number: int
    text: str  # short, on the page
    message: str  # the diagnostic, in the tooltip


@dataclass
class Head:
    """What stands over a page: the title of the part that starts there (or goes on there)."""

    title: str
    rubric: str  # the rubric path, "Dossier › Sur le terrain"; the kind for cover and sommaire
    span: int  # pages of the spread the title stands over (1 or 2)
    continued: bool  # the part started on an earlier spread
    boxes: list[str] = field(default_factory=list)  # articles printed in the part (the idea box…)


@dataclass
class Page:
    folio: int
    part: dict  # its record in layout.json
    group: str  # the part, reserved pages included (the key without "reserved-")
    colour: str
    reserved: bool
    has_text: bool
    problem: str | None = None  # "débord" (past the part's slot) or "décalée" (pushed by an overflow)
    problem_text: str = ""
    planned_note: str = ""  # "prévue p. 8", under the first page of a pushed part
    head: Head | None = None
    marks: list[Mark] = field(default_factory=list)
    thumb: str = ""  # relative to the HTML
    side: str = "right"
    tooltip: str = ""

    @property
    def anchor(self) -> str:
        return f"p-{self.folio}"

    @property
    def missing_text(self) -> bool:
        """An article (or its reserved pages) whose text is not in the source yet."""
        return not self.has_text and self.part.get("kind") in ("article", "reserved")


@dataclass
class LegendEntry:
    colour: str
    label: str
    pages: int


@dataclass
class Diag:
    severity: str
    code: str
    message: str
    where: str
    links: list[tuple[str, int]]  # ("p. 8–12", 8): what to look at, and the page it starts on

    @property
    def pages(self) -> list[int]:
        return [folio for _, folio in self.links]


@dataclass
class Plan:
    issue_id: str
    magazine: str
    number: int
    title: str
    date: str
    pages: list[Page]
    planned_pages: int
    legend: list[LegendEntry]
    diagnostics: list[Diag]
    thumb_size: tuple[int, int] = (THUMB_WIDTH, round(THUMB_WIDTH * 260 / 180))
    source_pdf: str = ""

    @property
    def spreads(self) -> list[list[Page | None]]:
        """Page 1 alone on the right, then 2–3, 4–5…; the last even page alone on the left."""
        by_folio = {p.folio: p for p in self.pages}
        count = len(self.pages)
        out: list[list[Page | None]] = [[None, by_folio.get(1)]] if count else []
        for left in range(2, count + 1, 2):
            out.append([by_folio.get(left), by_folio.get(left + 1)])
        return out

    @property
    def reserved_count(self) -> int:
        return sum(p.reserved for p in self.pages)

    @property
    def problem_count(self) -> int:
        return sum(p.problem is not None for p in self.pages)

    @property
    def overflow_count(self) -> int:
        return sum(p.problem == "débord" for p in self.pages)

    @property
    def pushed_count(self) -> int:
        return sum(p.problem == "décalée" for p in self.pages)

    @property
    def note_count(self) -> int:
        return len({(m.number, p.group) for p in self.pages for m in p.marks})

    @property
    def part_count(self) -> int:
        return len({p.group for p in self.pages})


def _rubric_colours(report: dict, issue: Issue | None) -> dict[str, tuple[str, str]]:
    """root rubric id → (colour, title): the issue's rubrics in order, then any other the layout names."""
    ids: list[tuple[str, str]] = []
    if issue is not None:
        ids = [(r.id, r.title) for r in issue.rubrics]
    for part in report["parts"]:
        rid = part.get("rubric_id")
        if rid and rid not in KIND_COLOURS and rid not in dict(ids):
            ids.append((rid, (part.get("rubric") or [rid])[0]))
    colours = {rid: (PALETTE[i % len(PALETTE)], title) for i, (rid, title) in enumerate(ids)}
    colours.update(KIND_COLOURS)
    return colours


def _slot_ends(parts: list[dict], planned_pages: int) -> dict[int, int]:
    """planned first page → the last page of its slot (the page before the next planned part)."""
    starts = sorted({p["planned"] for p in parts if p.get("planned")})
    return {start: (starts[i + 1] if i + 1 < len(starts) else max(planned_pages, start) + 1) - 1
            for i, start in enumerate(starts)}


def _rubric_label(part: dict) -> str:
    """The rubric path over an article's title; nothing over the covers and the sommaire (their title says it)."""
    return " › ".join(part.get("rubric") or ())


def build_plan(report: dict, issue: Issue | None = None) -> Plan:
    """What the flatplan shows, from ``layout.json`` (and the issue, for rubric order, titles and boxes)."""
    colours = _rubric_colours(report, issue)
    parts = report["parts"]
    ends = _slot_ends(parts, report.get("planned_pages") or report["pages"])
    pages: dict[int, Page] = {}
    box_titles = _box_titles(issue)
    # which part heads each group: a reserved part continues the part before it
    group_head: dict[str, dict] = {}
    for part in parts:
        group = part["key"].removeprefix("reserved-")
        group_head.setdefault(group, part)
        head_part = group_head[group]
        pushed = head_part["kind"] != "reserved" and head_part["first"] > head_part["planned"]
        slot_end = ends.get(part["planned"], part["planned"])
        colour = colours.get(part.get("rubric_id"), (RULE, ""))[0]
        for folio in range(part["first"], part["last"] + 1):
            page = Page(folio=folio, part=part, group=group, colour=colour, reserved=part["kind"] == "reserved",
                        has_text=bool(part.get("has_text", True)), side="left" if folio % 2 == 0 else "right")
            if pushed:
                page.problem = "décalée"
                page.problem_text = f"prévue p. {head_part['planned'] + folio - head_part['first']}"
                if folio == head_part["first"]:
                    page.planned_note = page.problem_text
            elif folio > slot_end:
                page.problem = "débord"
                page.problem_text = f"au-delà de la p. {slot_end}"
            pages[folio] = page
    count = max(report.get("pages") or 0, max(pages, default=0))
    for folio in range(1, count + 1):  # a folio no part claims (should not happen): shown, but plainly
        if folio not in pages:
            pages[folio] = Page(folio, {"key": "", "kind": "reserved", "title": "", "planned": folio, "first": folio,
                                        "last": folio}, f"gap-{folio}", RULE, True, False,
                                side="left" if folio % 2 == 0 else "right")
    ordered = [pages[f] for f in sorted(pages)]
    _heads(ordered, box_titles)
    diagnostics = _diagnostics(report, ordered)
    for page in ordered:
        page.tooltip = _tooltip(page)
    legend = _legend(ordered, colours)
    title = plain_text(issue.title) if issue is not None else ""
    date = _french_date(issue.date) if issue is not None else ""
    return Plan(report["issue"], report.get("magazine", ""), report.get("number", 0), title, date, ordered,
                report.get("planned_pages") or count, legend, diagnostics)


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
    """The title over the first page of each part, and over the first page of each spread it goes on to."""
    first_part: dict[str, dict] = {}
    for page in pages:
        first_part.setdefault(page.group, page.part)
    for index, page in enumerate(pages):
        previous = pages[index - 1] if index else None
        starts = previous is None or previous.group != page.group
        opens_spread = page.folio % 2 == 0 or page.folio == 1
        if not starts and not opens_spread:
            continue
        following = pages[index + 1] if index + 1 < len(pages) else None
        span = 2 if page.folio % 2 == 0 and following is not None and following.group == page.group else 1
        head_part = first_part[page.group]
        page.head = Head(title=head_part.get("title", ""), rubric=_rubric_label(head_part), span=span,
                         continued=not starts, boxes=[] if not starts else box_titles.get(page.group, []))


def _diagnostics(report: dict, pages: list[Page]) -> list[Diag]:
    by_folio = {p.folio: p for p in pages}
    out = []
    for d in report.get("diagnostics", []):
        message, code = d.get("message", ""), d.get("code", "")
        where = display_path(Path(d["file"])) if d.get("file") else ""
        if where and d.get("line"):
            where += f":{d['line']}"
        links: list[tuple[str, int]] = []
        facts = d.get("data") or {}  # the pages and note numbers the message states (layout_report.py)
        if code == "note.moved" and {"note", "page", "call"} <= facts.keys():
            number, page, call = facts["note"], facts["page"], facts["call"]
            _mark(by_folio, page, Mark("moved", number, f"note {number} ← p. {call}", message))
            _mark(by_folio, call, Mark("call", number, f"appel {number} → p. {page}", message))
            links = [(f"p. {page}", page), (f"appel p. {call}", call)]
        elif code == "note.lost" and "note" in facts:
            number = facts["note"]
            call = facts.get("call") or _article_page(pages, d.get("file"))
            if call:
                _mark(by_folio, call, Mark("lost", number, f"note {number} perdue", message))
                links = [(f"p. {call}", call)]
        elif {"first", "last"} <= facts.keys():
            first, last = facts["first"], facts["last"]
            if "next" in facts and first < facts["next"] <= last:
                first = facts["next"]  # the overflow proper: the pages past the slot
            links = [(f"p. {first}–{last}" if last > first else f"p. {first}", first)]
        out.append(Diag(d.get("severity", "warning"), code, message, where,
                        [(label, folio) for label, folio in links if folio in by_folio]))
    return out


def _mark(by_folio: dict[int, Page], folio: int, mark: Mark) -> None:
    if folio in by_folio:
        by_folio[folio].marks.append(mark)


def _article_page(pages: list[Page], file: str | None) -> int | None:
    """The first page of the article whose source is ``file`` (articles/<id>.md)."""
    if not file:
        return None
    stem = Path(file).stem
    return next((p.folio for p in pages if p.part.get("article") == stem), None)


def _tooltip(page: Page) -> str:
    part = page.part
    lines = [f"p. {page.folio} — {part.get('title', '')}"]
    if part.get("rubric"):
        lines.append(" › ".join(part["rubric"]))
    if part.get("first") is not None:
        span = f"p. {part['first']}" if part["first"] == part["last"] else f"p. {part['first']}–{part['last']}"
        lines.append(("pages réservées " if page.reserved else "") + span + f" (prévue p. {part.get('planned')})")
    if page.missing_text:
        lines.append("texte non livré")
    if page.problem:
        lines.append(f"{page.problem} : {page.problem_text}")
    lines.extend(m.message for m in page.marks)
    return "\n".join(lines)


def _legend(pages: list[Page], colours: dict[str, tuple[str, str]]) -> list[LegendEntry]:
    counts: dict[str, int] = {}
    for page in pages:
        rid = page.part.get("rubric_id", "")
        counts[rid] = counts.get(rid, 0) + 1
    merged: dict[tuple[str, str], int] = {}
    for rid, (colour, label) in colours.items():
        if counts.get(rid):
            merged[(colour, label)] = merged.get((colour, label), 0) + counts[rid]
    # the covers and the sommaire first, then the rubrics in the issue's order
    first = [k for k in merged if k[1] in ("Couvertures", "Sommaire")]
    rest = [k for k in merged if k not in first]
    return [LegendEntry(colour, label, merged[(colour, label)]) for colour, label in sorted(first, key=lambda k: k[1])
            + rest]


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def _french_date(date) -> str:
    return f"{MONTHS[date.month - 1]} {date.year}"


# --------------------------------------------------------------------------
# Thumbnails: the trim box of each page of the PDF
# --------------------------------------------------------------------------


def render_thumbnails(pdf: Path, width: int) -> list:
    """Every page's trim box as a PIL image ``width`` pixels wide (all the same size)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        images = []
        size = None
        for index in range(len(doc)):
            page = doc[index]
            left, bottom, right, top = page.get_trimbox()
            c_left, c_bottom, c_right, c_top = page.get_cropbox()  # what pdfium renders
            crop = (max(0.0, left - c_left), max(0.0, bottom - c_bottom), max(0.0, c_right - right),
                    max(0.0, c_top - top))
            scale = width / (right - left)
            image = page.render(scale=scale, crop=crop, may_draw_forms=False).to_pil().convert("RGB")
            if size is None:
                size = (width, round(width * (top - bottom) / (right - left)))
            if image.size != size:
                image = image.resize(size)
            images.append(image)
            page.close()
        return images
    finally:
        doc.close()


def _png(image, optimize: bool = False) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=optimize)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The HTML page
# --------------------------------------------------------------------------


def flatplan_html(plan: Plan) -> str:
    from markupsafe import Markup

    from ...render.templates import render
    from ...support.resources import layouts_dir

    css = (layouts_dir() / STYLESHEET).read_text(encoding="utf-8")
    width, height = plan.thumb_size
    return render(TEMPLATE, plan=plan, css=Markup(css), thumb_w=width, thumb_h=height, version=__version__,
                  problem=PROBLEM)


# --------------------------------------------------------------------------
# The PNG: the same plan composed with Pillow
# --------------------------------------------------------------------------


@cache
def _font(weight: str, size: int):
    from PIL import ImageFont

    from ...support.resources import fonts_dir

    name = {"regular": "Inter-Regular.otf", "semibold": "Inter-SemiBold.otf", "bold": "Inter-Bold.otf",
            "italic": "Inter-Italic.otf"}[weight]
    try:
        return ImageFont.truetype(str(fonts_dir() / name), size)
    except (OSError, FileNotFoundError):
        return ImageFont.load_default(size)


def _fit(draw, text: str, font, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(draw, text: str, font, width: float, lines: int) -> list[str]:
    words, out, line = [w for w in re.split(r"[ \t\n]+", text) if w], [], ""  # not at no-break spaces
    for i, word in enumerate(words):
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
            continue
        out.append(line)
        line = word
        if len(out) == lines - 1:
            line = " ".join(words[i:])
            break
    if line:
        out.append(line)
    out = out[:lines]
    if out:
        out[-1] = _fit(draw, out[-1], font, width)
    return out


def _hex(colour: str, alpha: int | None = None):
    value = colour.lstrip("#")
    rgb = tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))
    return rgb if alpha is None else rgb + (alpha,)


def flatplan_png(plan: Plan, thumbs: list, per_row: int = 6) -> bytes:
    from PIL import Image, ImageDraw

    pw, ph = plan.thumb_size
    thumbs = [t if t.size == (pw, ph) else t.resize((pw, ph), Image.Resampling.LANCZOS) for t in thumbs]
    margin, gap_x, gap_y = 36, 26, 22
    head_h, band_h, folio_h = 40, 5, 22
    cell_h = head_h + band_h + ph + folio_h
    spreads = plan.spreads
    rows = (len(spreads) + per_row - 1) // per_row
    width = margin * 2 + per_row * 2 * pw + (per_row - 1) * gap_x
    small = _font("semibold", 11)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    legend = [("rubric", e.colour, f"{e.label} ({e.pages})") for e in plan.legend]
    legend += [("missing", RULE, "texte non livré"), ("reserved", "", "réservée"),
               ("problem", PROBLEM, "débord / décalée"), ("note", WARN, "note déplacée")]
    placed, x, y = [], margin, 104
    for kind, colour, label in legend:  # laid out first: the plan starts under the legend, however long
        w = 14 + 6 + round(measure.textlength(label, font=small)) + 18
        if x + w > width - margin and x > margin:
            x, y = margin, y + 19
        placed.append((kind, colour, label, x, y))
        x += w
    top = y + 44
    diag_lines = plan.diagnostics[:14]
    bottom = 40 + (30 + 18 * (len(diag_lines) + (len(plan.diagnostics) > 14)) if plan.diagnostics else 30)
    height = top + rows * cell_h + (rows - 1) * gap_y + bottom + margin
    image = Image.new("RGB", (width, height), "#f4f3f0")
    draw = ImageDraw.Draw(image, "RGBA")

    # header: title, figures, legend
    draw.rectangle((0, 0, width, 6), fill=ACCENT)
    draw.text((margin, 22), f"Chemin de fer — {plan.magazine} n° {plan.number}", font=_font("bold", 24), fill=ACCENT)
    sub = " · ".join(x for x in (plan.title, plan.date) if x)
    draw.text((margin, 54), sub, font=_font("regular", 14), fill=INK)
    figures = f"{len(plan.pages)} pages"
    if plan.planned_pages != len(plan.pages):
        figures += f" ({plan.planned_pages} prévues)"
    figures += f" · {plan.part_count} parties · {plan.reserved_count} réservées"
    if plan.overflow_count:
        figures += f" · {plan.overflow_count} en débord"
    if plan.pushed_count:
        figures += f" · {plan.pushed_count} décalée(s)"
    if not plan.problem_count:
        figures += " · aucun débord"
    if plan.note_count:
        figures += f" · {plan.note_count} note(s) à revoir"
    over = plan.problem_count or plan.planned_pages != len(plan.pages)
    draw.text((margin, 76), figures, font=_font("semibold", 13), fill=PROBLEM if over else "#4a5a5f")
    for kind, colour, label, x, y in placed:
        box = (x, y + 2, x + 13, y + 13)
        if kind == "rubric":
            draw.rectangle(box, fill=colour)
        elif kind == "missing":
            for bx in range(x, x + 14, 5):
                draw.rectangle((bx, y + 6, min(bx + 2, x + 13), y + 9), fill=colour)
        elif kind == "reserved":
            draw.rectangle(box, fill="#e6e6e3")
            _hatch(draw, box, step=4)
        elif kind == "problem":
            draw.rectangle(box, fill=_hex(PROBLEM, 40), outline=PROBLEM, width=3)
        else:
            draw.ellipse(box, fill=colour)
        draw.text((x + 19, y + 1), label, font=small, fill=INK)

    title_font, rubric_font = _font("semibold", 10), _font("bold", 8)
    folio_font = _font("bold", 11)
    for index, spread in enumerate(spreads):
        row, col = divmod(index, per_row)
        sx = margin + col * (2 * pw + gap_x)
        sy = top + row * (cell_h + gap_y)
        for side, page in enumerate(spread):
            if page is None:
                continue
            px = sx + side * pw
            py = sy + head_h + band_h
            if page.head is not None:
                span_w = page.head.span * pw - 6
                colour = page.colour
                if page.head.continued:
                    line = _fit(draw, "↳ " + page.head.title, _font("italic", 10), span_w)
                    draw.text((px + 1, sy + head_h - 15), line, font=_font("italic", 10), fill="#7d8a8e")
                else:
                    draw.text((px + 1, sy + 1), _fit(draw, page.head.rubric.upper(), rubric_font, span_w),
                              font=rubric_font, fill=colour)
                    for n, line in enumerate(_wrap(draw, page.head.title, title_font, span_w, 2)):
                        draw.text((px + 1, sy + 12 + n * 13), line, font=title_font, fill=INK)
            # band
            band = (px, sy + head_h, px + pw - 1, sy + head_h + band_h - 1)
            if not page.missing_text:
                draw.rectangle(band, fill=page.colour)
            else:  # text not delivered yet: a broken band
                for bx in range(px, px + pw, 8):
                    draw.rectangle((bx, band[1], min(bx + 4, px + pw - 1), band[3]), fill=page.colour)
            # the page
            draw.rectangle((px + 2, py + 2, px + pw + 1, py + ph + 1), fill=(0, 0, 0, 28))  # shadow
            image.paste(thumbs[page.folio - 1], (px, py))
            if page.reserved:
                box = (px, py, px + pw - 1, py + ph - 1)
                draw.rectangle(box, fill=(214, 214, 210, 150))
                _hatch(draw, box, step=9, colour=(120, 130, 133, 110))
                _pill(draw, px + pw // 2, py + ph // 2, "réservée", "#5e6b6f", "#ffffff")
            if page.problem:
                draw.rectangle((px, py, px + pw - 1, py + ph - 1), fill=_hex(PROBLEM, 40))
                draw.rectangle((px, py, px + pw - 1, py + ph - 1), outline=PROBLEM, width=3)
                _pill(draw, px + pw // 2, py + 16, page.problem, PROBLEM, "#ffffff")
            for n, mark in enumerate(page.marks[:3]):
                colour = PROBLEM if mark.kind == "lost" else WARN
                _pill(draw, px + pw // 2, py + ph - 14 - 17 * n, mark.text, colour, "#ffffff", size=9)
            # spine and folio
            folio_colour = PROBLEM if page.problem else ACCENT
            text = str(page.folio)
            tw = draw.textlength(text, font=folio_font)
            fx = px + 3 if page.side == "left" else px + pw - 3 - tw
            draw.text((fx, py + ph + 5), text, font=folio_font, fill=folio_colour)
        if spread[0] is not None and spread[1] is not None:
            spine = sx + pw
            draw.line((spine, sy + head_h + band_h, spine, sy + head_h + band_h + ph - 1), fill=(0, 0, 0, 60))

    # the diagnostics
    y = top + rows * cell_h + (rows - 1) * gap_y + 30
    if plan.diagnostics:
        draw.text((margin, y), "Diagnostics de mise en page", font=_font("bold", 15), fill=ACCENT)
        y += 28
        for diag in diag_lines:
            colour = PROBLEM if diag.severity == "error" else WARN
            pages = ", ".join(label for label, _ in diag.links)
            draw.ellipse((margin, y + 4, margin + 8, y + 12), fill=colour)
            draw.text((margin + 14, y), f"{pages}" if pages else "—", font=_font("bold", 12), fill=INK)
            line = f"[{diag.code}] {diag.message}"
            draw.text((margin + 150, y), _fit(draw, line, _font("regular", 12), width - 2 * margin - 150),
                      font=_font("regular", 12), fill=INK)
            y += 18
        if len(plan.diagnostics) > len(diag_lines):
            draw.text((margin + 14, y), f"… et {len(plan.diagnostics) - len(diag_lines)} autre(s) : voir "
                      f"{HTML_FILE}", font=_font("italic", 12), fill=INK)
    else:
        draw.text((margin, y), "Aucun diagnostic de mise en page.", font=_font("semibold", 13), fill="#2a7d5f")
    return _png(image, optimize=False)


def _hatch(draw, box, step: int = 6, colour=(110, 120, 124, 150)) -> None:
    x0, y0, x1, y1 = box
    h = y1 - y0
    for start in range(int(x0 - h), int(x1), step):
        # a 45° line from (start, y1) to (start + h, y0), clipped to the box
        ax, ay, bx, by = start, y1, start + h, y0
        if ax < x0:
            ay -= x0 - ax
            ax = x0
        if bx > x1:
            by += bx - x1
            bx = x1
        draw.line((ax, ay, bx, by), fill=colour, width=1)


def _pill(draw, cx: float, cy: float, text: str, background: str, foreground: str, size: int = 10) -> None:
    font = _font("bold", size)
    w = draw.textlength(text, font=font)
    box = (cx - w / 2 - 6, cy - size / 2 - 4, cx + w / 2 + 6, cy + size / 2 + 4)
    draw.rounded_rectangle(box, radius=(box[3] - box[1]) / 2, fill=background)
    draw.text((cx, cy), text, font=font, fill=foreground, anchor="mm")


# --------------------------------------------------------------------------
# Writing one issue's flatplan
# --------------------------------------------------------------------------


def _source_pdf(issue: Issue, out_dir: Path, pages: int) -> Path | None:
    """The print PDF (cropped to its trim box), or the screen PDF when only it has the layout's page count."""
    import pypdfium2

    from ...model.identity import Edition, file_name

    candidates = [p for p in (out_dir / file_name(issue, Edition.PRINT), out_dir / file_name(issue, Edition.SCREEN)) if p.is_file()]
    for pdf in candidates:
        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            if len(doc) == pages:
                return pdf
        finally:
            doc.close()
    return candidates[0] if candidates else None


def write_flatplan(issue: Issue, out_dir: Path, reporter: Reporter, say=lambda text: None) -> list[Path]:
    """Write flatplan.html, flatplan.png and the thumbnails into ``out_dir`` (built); the paths written."""
    from PIL import Image

    from ...render.pdf.layout_file import LAYOUT_FILE

    layout_file = out_dir / LAYOUT_FILE
    if not layout_file.is_file():
        reporter.error("flatplan.no-layout", f"no {LAYOUT_FILE}: build the issue first", path=display_path(out_dir))
        return []
    report = json.loads(layout_file.read_text(encoding="utf-8"))
    plan = build_plan(report, issue)
    pdf = _source_pdf(issue, out_dir, len(plan.pages))
    if pdf is None:
        reporter.error("flatplan.no-pdf", "no PDF to draw the pages from: build the issue first",
                       path=display_path(out_dir))
        return []
    say(f"rendering {len(plan.pages)} pages of {display_path(pdf)}")
    thumbs = render_thumbnails(pdf, THUMB_WIDTH * THUMB_DENSITY)
    if not thumbs:
        reporter.error("flatplan.no-pdf", f"{display_path(pdf)} has no page", path=display_path(out_dir))
        return []
    if len(thumbs) != len(plan.pages):
        reporter.warning("flatplan.pages", f"{display_path(pdf)} has {len(thumbs)} pages, {LAYOUT_FILE} "
                         f"{len(plan.pages)}: the thumbnails may not match the plan", path=display_path(out_dir))
    plan.thumb_size = (THUMB_WIDTH, round(THUMB_WIDTH * thumbs[0].height / thumbs[0].width))
    plan.source_pdf = pdf.name
    blank = None
    thumbs_dir = out_dir / THUMBS_DIR
    written: list[Path] = []
    for page in plan.pages:
        if page.folio - 1 < len(thumbs):
            image = thumbs[page.folio - 1]
        else:  # a page the PDF lacks
            blank = blank or Image.new("RGB", thumbs[0].size, "white")
            image = blank
        name = f"page-{page.folio:03d}.png"
        page.thumb = f"{THUMBS_DIR}/{name}"
        data = _png(image)
        target = thumbs_dir / name
        if not target.is_file() or target.read_bytes() != data:
            write_bytes(target, data)
        written.append(target)
    keep = {p.name for p in written}
    for stale in thumbs_dir.glob("page-*.png"):  # the pages of a longer, earlier layout
        if stale.name not in keep:
            stale.unlink()
    say(f"composing {HTML_FILE} and {PNG_FILE}")
    html = out_dir / HTML_FILE
    write_bytes(html, flatplan_html(plan).encode("utf-8"))
    small = [t.resize(plan.thumb_size, Image.Resampling.LANCZOS) for t in thumbs]
    while len(small) < len(plan.pages):
        small.append(Image.new("RGB", plan.thumb_size, "white"))
    png = out_dir / PNG_FILE
    write_bytes(png, flatplan_png(plan, small))
    return [html, png]


def main(args) -> int:
    from ..folders import issue_folders
    from ...render.pdf.layout_file import LAYOUT_FILE

    reporter = Reporter()
    folders = issue_folders(args.issues, reporter, "flatplan")
    failed = reporter.has_errors()
    verbose = getattr(args, "verbose", False)
    quiet = getattr(args, "quiet", False)
    for folder in folders:
        issue_reporter = Reporter()
        shown = display_path(folder)

        def say(text: str, shown: str = shown) -> None:
            if verbose:
                print(f"{shown}: {text}", file=sys.stderr)

        out_root = Path(args.out)
        layout_before = _mtime(out_root / folder.name / LAYOUT_FILE)
        result = ensure_built(folder, out_root, issue_reporter)
        if result.issue is None or issue_reporter.has_errors():
            failed = True
            print(f"{shown}: build failed ({len(issue_reporter.errors)} error(s)): flatplan not made",
                  file=sys.stderr)
            continue
        out_dir = out_root / result.issue.id
        say("built" if _mtime(out_dir / LAYOUT_FILE) != layout_before else "outputs up to date: not rebuilt")
        written = write_flatplan(result.issue, out_dir, issue_reporter, say)
        if not written or issue_reporter.has_errors():
            failed = True
            print(f"{shown}: flatplan not made", file=sys.stderr)
            continue
        if not quiet:
            for path in written:
                print(f"{shown} → {display_path(path)}")
    return 1 if failed else 0


def _mtime(path: Path) -> float | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


__all__ = ["build_plan", "flatplan_html", "flatplan_png", "main", "render_thumbnails", "write_flatplan"]
