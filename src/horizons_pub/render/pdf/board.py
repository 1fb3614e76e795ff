"""The cover board of a perfect-bound (dos carré collé) issue: which pages it carries, and its size.

A bound revue's cover is one sheet of board wrapped round the interior and glued at the spine.
Its outside is the back cover, the spine and the front cover side by side; its inside carries
the inner covers, the issue's page 2 (inside the front cover) and page N − 1 (inside the back
cover).  So the four first and last pages of the issue are the cover board's, printed on the
cover PDF (cover_spread.py); the interior, the print PDF, holds pages 3 … N − 2 (interior.py).

The spine is as thick as the interior's leaves (two pages a leaf) and the board twice::

    spine (mm) = ceil(interior pages / 2) × paper_mm + 2 × cover_mm

(docs/print.md has the worked example of issue 38).  Everything here is plain arithmetic: the
commands use it too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ...model.nodes import Issue, PartKind

BLEED_MM = 3.0  # as print-bleed.css's @page bleed
BOARD_PAGES = 4  # the front cover, page 2, page N − 1 and the back cover
MIN_SPINE_TEXT_MM = 4.0  # a narrower spine carries no text (cover.spine-narrow)


def has_cover_board(issue: Issue) -> bool:
    """The flatplan opens with the cover on page 1 and closes with the back cover on the last page, and
    the issue has an interior: then the print edition is a cover PDF and an interior PDF."""
    plan = issue.flatplan
    return (issue.pages > BOARD_PAGES and bool(plan) and plan[0].kind is PartKind.COVER and plan[0].page == 1
            and plan[-1].kind is PartKind.BACK_COVER and plan[-1].page == issue.pages)


def board_indexes(page_count: int) -> tuple[int, int, int, int]:
    """The indexes (from 0) of the laid-out pages printed on the cover board: the front cover, its inside,
    the inside of the back cover and the back cover (the first two and the last two pages)."""
    return 0, 1, page_count - 2, page_count - 1


def interior_folios(issue: Issue, folios: list) -> list:
    """The folios of the print PDF's pages, given every laid-out page's (layout.json's, the screen
    PDF's): without the cover board's four when the issue has one."""
    return interior_of(folios) if has_cover_board(issue) else list(folios)


def interior_of(folios: list) -> list:
    """Every page's folios less the cover board's four (when there are more than four)."""
    return list(folios[2:-2]) if len(folios) > BOARD_PAGES else list(folios)


def spine_mm(interior_pages: int, paper_mm: float, cover_mm: float) -> float:
    """The spine's width: the interior's leaves (two pages each, a last odd page makes a leaf) and the
    cover board on both sides."""
    return math.ceil(interior_pages / 2) * paper_mm + 2 * cover_mm


@dataclass(frozen=True)
class Spread:
    """One side of the cover board laid flat, in mm, from the left edge of its bleed."""

    width_mm: float  # the trim of one cover
    height_mm: float
    spine_mm: float
    interior_pages: int

    @classmethod
    def of(cls, issue: Issue, interior_pages: int) -> "Spread":
        return cls(issue.trim.width_mm, issue.trim.height_mm,
                   round(spine_mm(interior_pages, issue.printing.paper_mm, issue.printing.cover_mm), 3),
                   interior_pages)

    @property
    def trim_width_mm(self) -> float:
        """The TrimBox's width: back cover + spine + front cover."""
        return 2 * self.width_mm + self.spine_mm

    @property
    def bleed_width_mm(self) -> float:
        return self.trim_width_mm + 2 * BLEED_MM

    @property
    def leaves(self) -> int:
        return math.ceil(self.interior_pages / 2)

    @property
    def spine_text(self) -> bool:
        return self.spine_mm >= MIN_SPINE_TEXT_MM

    def folds_mm(self) -> tuple[float, float]:
        """Where the board folds, from the trim's left edge: either side of the spine."""
        return self.width_mm, self.width_mm + self.spine_mm
