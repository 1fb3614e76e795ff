"""``layout.json``: what the print layout did, for the tools that show or check it (check, flatplan,
preview).  Written by the build and read back by those tools, both here, as typed records.

One record per laid-out part, in page order (the reserved pages that fill a slot are parts
of their own), with where each of an article's figures went (its page, its column, the
placement asked and the one it got), and the layout's diagnostics (overflows, moved or lost notes), each with its
facts as data (``note``, ``page``, ``call``, ``first``, ``last``, ``next``, ``planned``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ...model import fr
from ...model.nodes import Issue, PartKind, plain_text
from ...support.diagnostics import Reporter
from ...support.paths import display_path

LAYOUT_FILE = "layout.json"
LAYOUT_CODES = ("layout.", "note.moved", "note.lost", "font.fallback", "sandbox.")


@dataclass(frozen=True)
class PlacedFigure:
    """Where one of an article's figures went (render/pdf/figure_places.py)."""

    line: int  # the figure's line in the article's file
    folio: int
    column: str  # "1", "2", "span" (across the columns), "page" (a page of its own)
    asked: str  # the placement the source asks for (a model.nodes.Placement value)
    got: str  # the placement the layout gave it
    moved: int = 0  # blocks it was moved after its call, to fill the hole it would have left


@dataclass(frozen=True)
class LaidOutPart:
    key: str  # the article id, the part kind, or "reserved-…" for pages that fill a slot
    kind: str  # a PartKind value, or "reserved"
    article: str | None
    title: str
    rubric: tuple[str, ...]  # the rubric path's titles, outermost first
    rubric_id: str  # the root rubric's id, or the part kind
    has_text: bool
    planned: int  # the flatplan page of the part it belongs to
    first: int
    last: int
    figures: tuple[PlacedFigure, ...] = ()  # the article's top-level figures, by source line

    @property
    def reserved(self) -> bool:
        return self.kind == "reserved"

    @property
    def folios(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True)
class LayoutDiagnostic:
    severity: str
    code: str
    message: str
    file: str | None
    line: int | None
    path: str | None
    data: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class LayoutFile:
    issue: str
    magazine: str
    number: int
    pages: int  # pages laid out
    planned_pages: int  # pages the issue.yaml gives
    parts: tuple[LaidOutPart, ...]
    diagnostics: tuple[LayoutDiagnostic, ...]

    def folios(self) -> list[int]:
        return [folio for part in self.parts for folio in part.folios]


class LayoutFileError(Exception):
    """layout.json is missing or unreadable: the message says which, for the user."""


def layout_report(issue: Issue, paged, reporter: Reporter) -> bytes:
    """The layout.json of ``paged`` (render.pdf.paginate.PagedIssue) and the layout's diagnostics."""
    parts = []
    for laid in paged.parts:
        doc = laid.part
        article = issue.article(doc.part.article) if doc.part.article else None
        reserved = doc.key.startswith("reserved-")
        rubric = issue.rubric_path(article.rubric) if article and article.rubric else ()
        parts.append(LaidOutPart(
            key=doc.key, kind="reserved" if reserved else doc.part.kind.value, article=article.id if article else None,
            title=_title(doc.part.kind, article), rubric=tuple(r.title for r in rubric),
            rubric_id=rubric[0].id if rubric else doc.part.kind.value,
            has_text=bool(article and article.has_body) if doc.part.kind is PartKind.ARTICLE else True,
            planned=doc.part.page, first=laid.first_folio, last=laid.last_folio,
            figures=tuple(PlacedFigure(line, laid.first_folio + page, column, asked, got, moved)
                          for line, page, column, asked, got, moved in laid.facts.figures)))
    diagnostics = [LayoutDiagnostic(**{**d.record(), "file": _in_issue(issue, d.pos.file if d.pos else d.path),
                                           "path": _in_issue(issue, d.path)})
                   for d in reporter.diagnostics if d.code.startswith(LAYOUT_CODES)]
    report = LayoutFile(issue.id, issue.magazine, issue.number, len(paged.folios()), issue.pages, tuple(parts),
                        tuple(diagnostics))
    return (json.dumps(asdict(report), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _in_issue(issue: Issue, file: str | None) -> str | None:
    """``file`` relative to the issue folder (``articles/a.md``), so that layout.json holds no path of this
    machine: the same source in another folder gives the same bytes.  :func:`read_layout` joins it back."""
    if not file:
        return file
    folder = Path(issue.folder)
    path = Path(file)
    for base, target in ((folder, path), (folder.resolve(), path.resolve())):
        if target.is_relative_to(base):
            return target.relative_to(base).as_posix()
    return file


def read_layout(path: Path, folder: Path | None = None) -> LayoutFile:
    """The layout.json at ``path``; raises LayoutFileError when it is missing or not one.  ``folder``: the
    issue folder, which the diagnostics' files (relative to it) are joined to, as the build names it."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LayoutFileError(f"{display_path(path)} is missing: rebuild the issue (horizons-pub build)") from None
    except (OSError, ValueError) as exc:
        raise LayoutFileError(f"{display_path(path)} does not read: {exc}") from None
    return parse_layout(text, folder, display_path(path))


def parse_layout(text: str | bytes, folder: Path | None = None, shown: str = LAYOUT_FILE) -> LayoutFile:
    """A layout.json's text (as :func:`layout_report` writes it) read back; ``shown``: its name in messages."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LayoutFileError(f"{shown} does not read: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
        raise LayoutFileError(f"{shown} has no list of parts")
    try:
        return LayoutFile(
            issue=str(data["issue"]), magazine=str(data.get("magazine", "")), number=int(data.get("number", 0)),
            pages=int(data["pages"]), planned_pages=int(data.get("planned_pages") or data["pages"]),
            parts=tuple(LaidOutPart(**{**p, "rubric": tuple(p.get("rubric", ())),
                                       "figures": tuple(PlacedFigure(**f) for f in p.get("figures", ()))})
                        for p in data["parts"]),
            diagnostics=tuple(_rejoined(LayoutDiagnostic(**d), folder) for d in data.get("diagnostics", ())))
    except (KeyError, TypeError, ValueError) as exc:
        raise LayoutFileError(f"{shown} is not a layout of horizons-pub ({exc}): "
                              "rebuild the issue") from None


def _rejoined(d: "LayoutDiagnostic", folder: Path | None) -> "LayoutDiagnostic":
    if folder is None:
        return d
    return replace(d, **{name: str(folder / value) for name in ("file", "path")
                         if (value := getattr(d, name)) and not Path(value).is_absolute()})


def _title(kind: PartKind, article) -> str:
    if article is not None:
        return plain_text(article.title)
    return fr.PART_NAMES.get(kind, kind.value)
