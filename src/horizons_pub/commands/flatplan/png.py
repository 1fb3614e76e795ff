"""``flatplan.png``: the same plan as one image composed with Pillow (to paste into a mail or a
ticket): a header with the figures, the legend, the spreads, and the layout's diagnostics."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import fr
from .colours import ACCENT, INK, PROBLEM, RULE, WARN
from .drawing import fit, font, hatch, pill, rgb, wrap
from .page_html import HTML_FILE
from .records import Diag, Page, Plan
from .thumbnails import png_bytes

PNG_FILE = "flatplan.png"
DIAGNOSTIC_LINES = 14  # the diagnostics listed in the image; the others are in the HTML
BACKGROUND = "#f4f3f0"


@dataclass(frozen=True)
class Grid:
    """The image's geometry: a cell per spread, ``per_row`` spreads to a row."""

    page_w: int
    page_h: int
    per_row: int
    margin: int = 36
    gap_x: int = 26
    gap_y: int = 22
    head_h: int = 40  # the rubric and title over a page
    band_h: int = 5  # the band of the rubric's colour
    folio_h: int = 22

    @property
    def cell_h(self) -> int:
        return self.head_h + self.band_h + self.page_h + self.folio_h

    @property
    def width(self) -> int:
        return self.margin * 2 + self.per_row * 2 * self.page_w + (self.per_row - 1) * self.gap_x

    def plan_height(self, spreads: int) -> int:
        rows = (spreads + self.per_row - 1) // self.per_row
        return rows * self.cell_h + (rows - 1) * self.gap_y

    def spread_at(self, index: int, top: int) -> tuple[int, int]:
        """The top left corner of the ``index``-th spread."""
        row, col = divmod(index, self.per_row)
        return self.margin + col * (2 * self.page_w + self.gap_x), top + row * (self.cell_h + self.gap_y)


def flatplan_png(plan: Plan, thumbs: list, per_row: int = 6) -> bytes:
    from PIL import Image, ImageDraw

    pw, ph = plan.thumb_size
    thumbs = [t if t.size == (pw, ph) else t.resize((pw, ph), Image.Resampling.LANCZOS) for t in thumbs]
    grid = Grid(pw, ph, per_row)
    spreads = plan.spreads
    placed, legend_y = _place_legend(plan, grid)  # laid out first: the plan starts under the legend, however long
    top = legend_y + 44
    plan_bottom = top + grid.plan_height(len(spreads))
    image = Image.new("RGB", (grid.width, plan_bottom + _diagnostics_height(plan) + grid.margin), BACKGROUND)
    draw = ImageDraw.Draw(image, "RGBA")
    _draw_header(draw, plan, grid)
    _draw_legend(draw, placed)
    for index, spread in enumerate(spreads):
        _draw_spread(image, draw, spread, thumbs, grid, *grid.spread_at(index, top))
    _draw_diagnostics(draw, plan, grid, plan_bottom + 30)
    return png_bytes(image, optimize=False)


# -- the header and the legend ----------------------------------------------------


def _draw_header(draw, plan: Plan, grid: Grid) -> None:
    """The title, the issue's title and date, and the figures (in red when a page is off its plan)."""
    margin = grid.margin
    draw.rectangle((0, 0, grid.width, 6), fill=ACCENT)
    draw.text((margin, 22), fr.flatplan_title(plan.magazine, plan.number), font=font("bold", 24), fill=ACCENT)
    sub = " · ".join(x for x in (plan.title, plan.date) if x)
    draw.text((margin, 54), sub, font=font("regular", 14), fill=INK)
    figures = fr.flatplan_figures(pages=len(plan.pages), planned=plan.planned_pages, parts=plan.part_count,
                                  reserved=plan.reserved_count, overflow=plan.overflow_count,
                                  pushed=plan.pushed_count, notes=plan.note_count)
    over = plan.problem_count or plan.planned_pages != len(plan.pages)
    draw.text((margin, 76), figures, font=font("semibold", 13), fill=PROBLEM if over else "#4a5a5f")


def _place_legend(plan: Plan, grid: Grid) -> tuple[list[tuple[str, str, str, int, int]], int]:
    """The legend's entries (kind, colour, label, x, y), in rows as wide as the image; and the last row's y."""
    from PIL import Image, ImageDraw

    small = font("semibold", 11)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    legend = [("rubric", e.colour, f"{e.label} ({e.pages})") for e in plan.legend]
    legend += [("missing", RULE, fr.NO_TEXT), ("reserved", "", f"{fr.RESERVED_PAGE} ({plan.reserved_count})"),
               ("problem", PROBLEM, f"{fr.OVERFLOW} / {fr.PUSHED}"), ("note", WARN, fr.MOVED_NOTE)]
    placed, x, y = [], grid.margin, 104
    for kind, colour, label in legend:
        w = 14 + 6 + round(measure.textlength(label, font=small)) + 18
        if x + w > grid.width - grid.margin and x > grid.margin:
            x, y = grid.margin, y + 19
        placed.append((kind, colour, label, x, y))
        x += w
    return placed, y


def _draw_legend(draw, placed: list[tuple[str, str, str, int, int]]) -> None:
    small = font("semibold", 11)
    for kind, colour, label, x, y in placed:
        box = (x, y + 2, x + 13, y + 13)
        if kind == "rubric":
            draw.rectangle(box, fill=colour)
        elif kind == "missing":
            for bx in range(x, x + 14, 5):
                draw.rectangle((bx, y + 6, min(bx + 2, x + 13), y + 9), fill=colour)
        elif kind == "reserved":
            draw.rectangle(box, fill="#e6e6e3")
            hatch(draw, box, step=4)
        elif kind == "problem":
            draw.rectangle(box, fill=rgb(PROBLEM, 40), outline=PROBLEM, width=3)
        else:
            draw.ellipse(box, fill=colour)
        draw.text((x + 19, y + 1), label, font=small, fill=INK)


# -- a spread and its pages ------------------------------------------------------------


def _draw_spread(image, draw, spread: list[Page | None], thumbs: list, grid: Grid, sx: int, sy: int) -> None:
    """The pages of a spread from (sx, sy), and the spine between two pages."""
    for side, page in enumerate(spread):
        if page is not None:
            _draw_page(image, draw, page, thumbs[page.folio - 1], grid, sx + side * grid.page_w, sy)
    if spread[0] is not None and spread[1] is not None:
        spine, top = sx + grid.page_w, sy + grid.head_h + grid.band_h
        draw.line((spine, top, spine, top + grid.page_h - 1), fill=(0, 0, 0, 60))


def _draw_page(image, draw, page: Page, thumb, grid: Grid, px: int, sy: int) -> None:
    """One page in its column from (px, sy): its head, its band, the sheet, the folio."""
    py = sy + grid.head_h + grid.band_h
    if page.head is not None:
        _draw_head(draw, page, grid, px, sy)
    _draw_band(draw, page, grid, px, sy + grid.head_h)
    _draw_sheet(image, draw, page, thumb, grid, px, py)
    _draw_folio(draw, page, grid, px, py + grid.page_h + 5)


def _draw_head(draw, page: Page, grid: Grid, px: int, sy: int) -> None:
    """The rubric and the title over the part's first page; the title greyed over a spread it goes on to."""
    span_w = page.head.span * grid.page_w - 6
    if page.head.continued:
        italic = font("italic", 10)
        line = fit(draw, "↳ " + page.head.title, italic, span_w)
        draw.text((px + 1, sy + grid.head_h - 15), line, font=italic, fill="#7d8a8e")
        return
    rubric_font, title_font = font("bold", 8), font("semibold", 10)
    draw.text((px + 1, sy + 1), fit(draw, page.head.rubric.upper(), rubric_font, span_w), font=rubric_font,
              fill=page.colour)
    for n, line in enumerate(wrap(draw, page.head.title, title_font, span_w, 2)):
        draw.text((px + 1, sy + 12 + n * 13), line, font=title_font, fill=INK)


def _draw_band(draw, page: Page, grid: Grid, px: int, y: int) -> None:
    """The band of the rubric's colour; broken when the text is not delivered yet."""
    band = (px, y, px + grid.page_w - 1, y + grid.band_h - 1)
    if not page.missing_text:
        draw.rectangle(band, fill=page.colour)
        return
    for bx in range(px, px + grid.page_w, 8):
        draw.rectangle((bx, band[1], min(bx + 4, px + grid.page_w - 1), band[3]), fill=page.colour)


def _draw_sheet(image, draw, page: Page, thumb, grid: Grid, px: int, py: int) -> None:
    """The thumbnail with its shadow, hatched when reserved, red when off its plan, its note marks."""
    pw, ph = grid.page_w, grid.page_h
    box = (px, py, px + pw - 1, py + ph - 1)
    draw.rectangle((px + 2, py + 2, px + pw + 1, py + ph + 1), fill=(0, 0, 0, 28))  # shadow
    image.paste(thumb, (px, py))
    if page.reserved:
        draw.rectangle(box, fill=(214, 214, 210, 150))
        hatch(draw, box, step=9, colour=(120, 130, 133, 110))
        pill(draw, px + pw // 2, py + ph // 2, fr.RESERVED_PAGE, "#5e6b6f", "#ffffff")
    if page.problem:
        draw.rectangle(box, fill=rgb(PROBLEM, 40))
        draw.rectangle(box, outline=PROBLEM, width=3)
        pill(draw, px + pw // 2, py + 16, page.problem, PROBLEM, "#ffffff")
    for n, mark in enumerate(page.marks[:3]):
        colour = PROBLEM if mark.kind == "lost" else WARN
        pill(draw, px + pw // 2, py + ph - 14 - 17 * n, mark.text, colour, "#ffffff", size=9)


def _draw_folio(draw, page: Page, grid: Grid, px: int, y: int) -> None:
    """The folio under the page's outer corner."""
    folio_font = font("bold", 11)
    text = str(page.folio)
    tw = draw.textlength(text, font=folio_font)
    fx = px + 3 if page.side == "left" else px + grid.page_w - 3 - tw
    draw.text((fx, y), text, font=folio_font, fill=PROBLEM if page.problem else ACCENT)


# -- the diagnostics -----------------------------------------------------------------


def _diagnostics_height(plan: Plan) -> int:
    shown = min(len(plan.diagnostics), DIAGNOSTIC_LINES)
    return 40 + (30 + 18 * (shown + (len(plan.diagnostics) > DIAGNOSTIC_LINES)) if plan.diagnostics else 30)


def _draw_diagnostics(draw, plan: Plan, grid: Grid, y: int) -> None:
    """The layout's diagnostics under the plan (the first DIAGNOSTIC_LINES), or that there is none."""
    margin = grid.margin
    if not plan.diagnostics:
        draw.text((margin, y), fr.NO_LAYOUT_DIAGNOSTIC, font=font("semibold", 13), fill="#2a7d5f")
        return
    draw.text((margin, y), fr.LAYOUT_DIAGNOSTICS, font=font("bold", 15), fill=ACCENT)
    y += 28
    shown = plan.diagnostics[:DIAGNOSTIC_LINES]
    for diag in shown:
        _draw_diagnostic(draw, diag, grid, y)
        y += 18
    if len(plan.diagnostics) > len(shown):
        draw.text((margin + 14, y), fr.more_diagnostics(len(plan.diagnostics) - len(shown), HTML_FILE),
                  font=font("italic", 12), fill=INK)


def _draw_diagnostic(draw, diag: Diag, grid: Grid, y: int) -> None:
    """One line: a dot of its severity, the pages it names, its code and message."""
    margin = grid.margin
    pages = ", ".join(label for label, _ in diag.links)
    draw.ellipse((margin, y + 4, margin + 8, y + 12), fill=PROBLEM if diag.severity == "error" else WARN)
    draw.text((margin + 14, y), f"{pages}" if pages else "—", font=font("bold", 12), fill=INK)
    regular = font("regular", 12)
    line = f"[{diag.code}] {diag.message}"
    draw.text((margin + 150, y), fit(draw, line, regular, grid.width - 2 * margin - 150), font=regular, fill=INK)
