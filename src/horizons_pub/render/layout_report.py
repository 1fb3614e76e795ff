"""``layout.json``: what the print layout did, for the tools that show or check it (check, flatplan, preview).

One record per laid-out part, in page order (the reserved pages that fill a slot are parts
of their own), and the layout's diagnostics (overflows, moved or lost notes).
"""

from __future__ import annotations

import json

from ..diagnostics import Reporter
from ..model import Issue, PartKind, plain_text

LAYOUT_FILE = "layout.json"
LAYOUT_CODES = ("layout.", "note.moved", "note.lost", "font.fallback", "sandbox.")


def layout_report(issue: Issue, layout, reporter: Reporter) -> bytes:
    parts = []
    for laid in layout.parts:
        doc = laid.part
        article = issue.article(doc.part.article) if doc.part.article else None
        reserved = doc.key.startswith("reserved-")
        kind = "reserved" if reserved else doc.part.kind.value
        rubric = issue.rubric_path(article.rubric) if article and article.rubric else ()
        parts.append({
            "key": doc.key,
            "kind": kind,
            "article": article.id if article else None,
            "title": _title(issue, doc.part.kind, article),
            "rubric": [r.title for r in rubric],
            "rubric_id": rubric[0].id if rubric else doc.part.kind.value,
            "has_text": bool(article and article.has_body) if doc.part.kind is PartKind.ARTICLE else True,
            "planned": doc.part.page,
            "first": laid.first_folio,
            "last": laid.last_folio,
        })
    # each with its facts as data ("note", "page", "call", "first", "last", "next", "planned")
    diagnostics = [{**d.record(), "file": d.pos.file if d.pos else d.path}
                   for d in reporter.diagnostics if d.code.startswith(LAYOUT_CODES)]
    report = {"issue": issue.id, "magazine": issue.magazine, "number": issue.number,
              "pages": len(layout.folios()), "planned_pages": issue.pages, "parts": parts,
              "diagnostics": diagnostics}
    return (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _title(issue: Issue, kind: PartKind, article) -> str:
    if article is not None:
        return plain_text(article.title)
    return {PartKind.COVER: "Couverture", PartKind.SOMMAIRE: "Sommaire",
            PartKind.BACK_COVER: "Quatrième de couverture"}.get(kind, kind.value)
