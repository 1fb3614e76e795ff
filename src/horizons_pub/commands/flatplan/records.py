"""The flatplan's records: a page as the plan shows it (its part, colour, title, problems and
note marks), the legend, the diagnostics listed below, and the plan in spreads with its figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import fr
from ...render.pdf.layout_file import LaidOutPart

THUMB_WIDTH = 110  # CSS pixels of a page in the HTML, and pixels in flatplan.png


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
    part: LaidOutPart  # its record in layout.json
    group: str  # the part, reserved pages included (the key without "reserved-")
    colour: str
    reserved: bool
    has_text: bool
    problem: str | None = None  # fr.OVERFLOW (past the part's slot) or fr.PUSHED (pushed by an overflow)
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
        return not self.has_text and self.part.kind in ("article", "reserved")


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
        return sum(p.problem == fr.OVERFLOW for p in self.pages)

    @property
    def pushed_count(self) -> int:
        return sum(p.problem == fr.PUSHED for p in self.pages)

    @property
    def note_count(self) -> int:
        return len({(m.number, p.group) for p in self.pages for m in p.marks})

    @property
    def part_count(self) -> int:
        return len({p.group for p in self.pages})
