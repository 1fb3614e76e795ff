"""What the layout of an article's figures is checked for, from its facts (figure_places.py): an opening
page left nearly empty, a figure that did not get the place its source asks for, an interview's
portrait that would not face its opening page."""

from __future__ import annotations

from ...model.nodes import Article, Figure, Kind, Placement
from ...model.walk import iter_figures
from ...support.diagnostics import Reporter
from .job import PartFacts

#: The issue's criterion: an opening page uses at least this share of its text area when the article
#: goes on to the next page.
OPENER_FILL = 1 / 3


def check_figures(article: Article, facts: PartFacts, first_folio: int, reporter: Reporter) -> None:
    """Report what :mod:`.figure_places` could not do for ``article`` laid out from ``first_folio``."""
    top_level = {b.pos.line: b for b in article.blocks if isinstance(b, Figure)}
    opening = first_folio + 1 if _portrait(article) else first_folio
    if facts.opener_fill is not None and facts.opener_fill < OPENER_FILL and opening < first_folio + facts.pages - 1:
        reporter.warning("layout.empty-opener", f"the opening page (page {opening}) uses "
                         f"{facts.opener_fill:.0%} of its text area while the article goes on to the next page: "
                         "shorten the title block, or move what follows it", article.pos,
                         page=opening, percent=round(facts.opener_fill * 100))
    for line, page, column, asked, got, _moved in facts.figures:
        figure = top_level.get(line)
        if figure is not None and asked != got:
            reporter.warning("layout.figure-place", f"the figure asked for place={asked} is set in its column "
                             f"on page {first_folio + page}: the layout found no room for it there",
                             figure.pos, page=first_folio + page)
    for figure in iter_figures(article.blocks):
        if figure.pos.line not in top_level and figure.place is not Placement.COLUMN:
            reporter.warning("layout.figure-place", f"place={figure.place.value} is for a figure of the text itself: "
                             "inside a sidebar, a quotation or a list the figure stays in its column", figure.pos)
    if _portrait(article) and first_folio % 2:
        reporter.warning("layout.figure-place", f"the interview's portrait (place=ouverture) is on page "
                         f"{first_folio}, a right-hand page: give the interview an even page in the flatplan so that "
                         "the portrait, on the left, faces its opening page", _portrait(article).pos,
                         page=first_folio)


def _portrait(article: Article) -> Figure | None:
    if article.kind is not Kind.INTERVIEW:
        return None
    return next((b for b in article.blocks if isinstance(b, Figure) and b.place is Placement.OPENER), None)


__all__ = ["OPENER_FILL", "check_figures"]
