"""The preview's pages of laid-out pages (:mod:`.board`): the chemin de fer of an edition as the index
(``/``: print, ``/screen/``: screen), each page a thumbnail that opens its spread (``/spread/<folio>``,
``/screen/spread/<folio>``), and the page images (``/page-image/<id>.png``, ``/page-thumb/<id>.png``:
named by their digest, so cached by the browser for good).

The plan is the flatplan's (commands/flatplan/plan.py), made from the press's layout; before its first
answer, from the flatplan as planned (each part on its planned pages, no image yet)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ...model import fr
from ...model.nodes import Issue, PartKind, plain_text
from ...render.pdf.layout_file import LaidOutPart, LayoutDiagnostic, LayoutFile
from ..flatplan.plan import build_plan
from ..flatplan.records import Page, Plan
from .board import Board, Edition
from .responses import Response

PREFIX = {"print": "", "screen": "/screen"}
LABEL = fr.EDITION_LABELS
_IMAGE = re.compile(r"/page-(image|thumb)/([0-9a-f]{20})\.png")
_SPREAD = re.compile(r"(/screen)?/spread/([0-9]{1,4})")
IMMUTABLE = "public, max-age=31536000, immutable"


def route(path: str) -> tuple[str, str, int | None] | None:
    """What a path of these pages names: ("index" | "spread" | "image" | "thumb", variant or image id,
    folio); None when it is none of them."""
    if path in ("/", "/index.html"):
        return "index", "print", None
    if path in ("/screen", "/screen/"):
        return "index", "screen", None
    if m := _SPREAD.fullmatch(path):
        return "spread", "screen" if m.group(1) else "print", int(m.group(2))
    if m := _IMAGE.fullmatch(path):
        return m.group(1), m.group(2), None
    return None


def image_response(board: Board, kind: str, image_id: str) -> Response | None:
    image = board.image(image_id)
    if image is None:
        return None
    return Response(200, image.png if kind == "image" else image.thumb, "image/png", cache=IMMUTABLE)


def spread_href(variant: str, folio: int) -> str:
    return f"{PREFIX[variant]}/spread/{folio}"


class BoardView:
    """The context of board.html.j2 and spread.html.j2 for one edition as the board holds it now."""

    def __init__(self, board: Board, variant: str, issue: Issue | None):
        self.variant = variant
        self.edition: Edition = board.edition(variant)
        self.layout = self.edition.layout or (planned_layout(issue) if issue is not None else None)
        self.plan: Plan | None = build_plan(self.layout, issue) if self.layout is not None else None
        self.images = {}
        if self.plan is not None:
            for page in self.plan.pages:
                image_id = self.edition.folios.get(page.folio) if self.edition.layout else None
                found = board.image(image_id) if image_id else None
                page.thumb = f"/page-thumb/{image_id}.png" if found else ""
                if found:
                    self.images[page.folio] = {"href": f"/page-image/{image_id}.png", "width": found.width,
                                               "height": found.height}

    def pending_folios(self) -> set[int]:
        """The pages of the parts being laid out again, and those shown as they were before moving."""
        if self.plan is None:
            return set()
        pending = {p.folio for p in self.plan.pages if p.group in self.edition.pending} if self.edition.laying else set()
        return pending | set(self.edition.stale)

    def state(self) -> tuple[str, str]:
        e = self.edition
        if e.failed:
            return "failed", fr.layout_failed(e.failed)
        if e.layout is None:
            return "none", fr.LAYING_FIRST
        if e.laying:
            return "laying", fr.LAYING_MOVED if e.stale else fr.LAYING
        return "ready", ""

    def context(self) -> dict:
        other = "screen" if self.variant == "print" else "print"
        state, note = self.state()
        folios = [p.folio for p in self.plan.pages] if self.plan else []
        return {"plan": self.plan, "edition": self.variant, "edition_label": LABEL[self.variant],
                "other_edition": {"href": f"{PREFIX[other]}/", "label": LABEL[other]},
                "spread_href": {f: spread_href(self.variant, f) for f in folios},
                "fresh": set(self.edition.fresh), "pending": self.pending_folios(),
                "board_state": state, "board_note": note, "board_seconds": self.edition.seconds}

    def spread_context(self, folio: int) -> dict | None:
        """The spread holding ``folio``; None when the edition has no such page."""
        if self.plan is None:
            return None
        spreads = self.plan.spreads
        at = next((i for i, s in enumerate(spreads) if any(p is not None and p.folio == folio for p in s)), None)
        if at is None:
            return None
        spread = spreads[at]
        shown = [p.folio for p in spread if p is not None]
        context = self.context()
        other = "screen" if self.variant == "print" else "print"
        href: Callable[[int], str] = lambda i: spread_href(self.variant, _first(spreads[i]))  # noqa: E731
        context.update({
            "spread": spread, "images": self.images,
            "prev_href": href(at - 1) if at > 0 else None,
            "next_href": href(at + 1) if at + 1 < len(spreads) else None,
            "first_href": href(0), "last_href": href(len(spreads) - 1),
            "index_href": f"{PREFIX[self.variant]}/#p-{shown[0]}",
            "other_edition": {"href": spread_href(other, shown[0]), "label": LABEL[other]},
            "label": fr.spread_label(shown[0], shown[-1]),
            "page_diagnostics": self.diagnostics_on(set(shown)),
        })
        return context

    def diagnostics_on(self, folios: set[int]) -> list[tuple[str, str]]:
        """The layout's diagnostics that name one of ``folios``: (severity, the line as the build says it)."""
        out = []
        for d in self.layout.diagnostics if self.layout else ():
            if _folios(d) & folios:
                where = f"{d.file}:{d.line}: " if d.file and d.line else (f"{d.file}: " if d.file else "")
                out.append((d.severity, f"{where}{d.severity}: {d.message} [{d.code}]"))
        return out


def edition_status(e: Edition) -> dict:
    """An edition's pages as ``/__status`` gives them: the requests asked and answered, and each part's pages
    with the ids of their images."""
    parts = {}
    for part in e.layout.parts if e.layout else ():
        parts.setdefault(part.key, {"first": part.first, "last": part.last,
                                    "images": [e.folios.get(f, "") for f in part.folios]})
    return {"asked": e.asked, "answered": e.answered, "final": e.final, "laying": e.laying, "failed": e.failed,
            "seconds": e.seconds, "drawing": {"seconds": e.drawing[0], "pages": e.drawing[1]},
            "laid_out": list(e.laid_out), "stale": sorted(e.stale), "parts": parts,
            "pages": e.layout.pages if e.layout else 0,
            "codes": [d.code for d in e.layout.diagnostics] if e.layout else []}


def planned_layout(issue: Issue) -> LayoutFile:
    """The flatplan as planned: each part on the pages from its planned page to the next part's."""
    parts = []
    plan = issue.flatplan
    for index, part in enumerate(plan):
        last = (plan[index + 1].page if index + 1 < len(plan) else issue.pages + 1) - 1
        article = issue.article(part.article) if part.article else None
        rubric = issue.rubric_path(article.rubric) if article and article.rubric else ()
        parts.append(LaidOutPart(
            key=article.id if article else part.kind.value, kind=part.kind.value,
            article=article.id if article else None,
            title=plain_text(article.title) if article else fr.PART_NAMES.get(part.kind, part.kind.value),
            rubric=tuple(r.title for r in rubric), rubric_id=rubric[0].id if rubric else part.kind.value,
            has_text=bool(article and article.has_body) if part.kind is PartKind.ARTICLE else True,
            planned=part.page, first=part.page, last=max(part.page, last)))
    return LayoutFile(issue.id, issue.magazine, issue.number, issue.pages, issue.pages, tuple(parts), ())


def _first(spread: list[Page | None]) -> int:
    return next(p.folio for p in spread if p is not None)


def _folios(d: LayoutDiagnostic) -> set[int]:
    facts = d.data or {}
    found = {facts[k] for k in ("page", "call") if k in facts}
    if "first" in facts and "last" in facts:
        found |= set(range(facts["first"], facts["last"] + 1))
    return found
