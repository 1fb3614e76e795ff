"""Where the print edition puts things: the first folio of each article and part, and the block each
later page of an article begins with.  The PDF's layout makes it; the EPUB's page list, the PDF's
outline and the sommaire read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.nodes import Issue, PartKind


@dataclass
class PageMap:
    articles: dict[str, int] = field(default_factory=dict)  # article id → its first folio
    parts: dict[PartKind, int] = field(default_factory=dict)  # cover, sommaire, back cover → first folio
    #: article id → (folio, index of the body block the page begins with), for each page after its first
    breaks: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    #: article id → the last folio of its slot: its own pages and the reserved pages that fill the slot after
    #: them (its PDF's, its JATS lpage, its Crossref last_page); its last own page when it overflows
    ends: dict[str, int] = field(default_factory=dict)

    def place(self, kind: PartKind, article: str | None, folio: int) -> None:
        if kind is PartKind.ARTICLE:
            self.articles[article] = folio
        else:
            self.parts[kind] = folio

    @classmethod
    def planned(cls, issue: Issue) -> PageMap:
        """The flatplan's pages, when nothing was laid out (an EPUB built alone)."""
        pages = cls()
        plan = issue.flatplan
        for index, part in enumerate(plan):
            pages.place(part.kind, part.article, part.page)
            if part.article:
                after = plan[index + 1].page if index + 1 < len(plan) else issue.pages + 1
                pages.ends[part.article] = max(after - 1, part.page)
        return pages

    def page_range(self, article_id: str) -> tuple[int, int]:
        """(first, last) folio of the article's slot."""
        first = self.articles[article_id]
        return first, self.ends.get(article_id, first)
