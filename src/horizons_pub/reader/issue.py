"""An issue folder: ``issue.yaml`` (metadata, rubrics, cover, flatplan) and ``articles/*.md``."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from pathlib import Path

from stdnum import isbn as _isbn13
from stdnum.exceptions import ValidationError

from ..support.diagnostics import Diagnostic, Reporter, in_source_order
from ..support.paths import display_path
from ..model.nodes import Article, Cover, CoverLine, Issue, Part, PartKind, Pos, Rubric, Trim, iter_rubrics
from .article import read_article
from .distribution import read_distribution, read_issn
from .limits import amount, check_environment, issue_date, issue_number, issue_pages, page_in_range, page_name
from .markdown import MarkdownReader
from .placeholders import check_yaml_values
from .printing import read_printing
from .textchecks import invisible_note, nfc, quoted, visible
from .textfile import read_text, report_file
from ..support.sourcefile import SourceFileError, resolve_inside
from .yamlsrc import Fields, LocList, check_mapping, check_str_items, did_you_mean, load_yaml

ISSUE_FILE = "issue.yaml"
ARTICLE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ARTICLES_DIR = "articles"
#: what reads one article file: (path, shown path, id, issue folder, rubric ids, reporter) → the article or None
ArticleReader = Callable[[Path, str, str, Path, set[str], Reporter], Article | None]


def read_issue(folder: Path, reporter: Reporter) -> Issue | None:
    """Read an issue folder into the model (before transforms), or None after reporting errors.

    Every file is read to its end, whatever the problems of the others, and all that was found is then
    said at once, in source order: issue.yaml first, then each article file, each by line."""
    found = Reporter(strict=reporter.strict, echo=False)
    issue = read_issue_partial(folder, found)
    reporter.extend(source_order(folder, issue, found.diagnostics))
    return None if found.has_errors() else issue


def read_issue_partial(folder: Path, reporter: Reporter, read: ArticleReader = read_article) -> Issue | None:
    """The model as far as the source gives it, even after errors (each said in ``reporter`` as it is
    found), so that the transforms that check the source (the notes) can still say their problems in the
    same run; nothing is to be built from it when ``reporter`` holds an error.  An article that could not
    be read is left out (its flatplan entry stays); one whose front matter is broken keeps its text, with
    an empty title, no rubric and the kind 'article'.  None when issue.yaml gives no model at all.
    ``read``: what reads each article file (:func:`.article.read_article`, or a memo's: builder/issue_memo.py)."""
    return _read_issue(folder, reporter, read)


def source_order(folder: Path, issue: Issue | None, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` in the order of the source: issue.yaml first, then each article's file in flatplan
    order (then any other file, in the order found), each by line."""
    files = [display_path(folder / ISSUE_FILE)]
    for part in issue.flatplan if issue is not None else ():
        ids = ((part.article,) if part.article else ()) + part.boxes
        files.extend(display_path(folder / ARTICLES_DIR / f"{art_id}.md") for art_id in ids)
    return in_source_order(diagnostics, tuple(files))


def _read_issue(folder: Path, reporter: Reporter, read: ArticleReader = read_article) -> Issue | None:
    shown_dir = display_path(folder)
    yaml_path = folder / ISSUE_FILE
    shown = display_path(yaml_path)
    check_environment(reporter)  # SOURCE_DATE_EPOCH, which the outputs' dates come from
    if not yaml_path.exists() and not yaml_path.is_symlink():  # anything else: said by read_text
        reporter.error("issue.missing", f"no {ISSUE_FILE} in the issue folder", path=shown_dir)
        return None
    text = read_text(yaml_path, shown, reporter, folder)
    if text is None:
        return None
    data = load_yaml(text, shown, reporter)
    if data is None:
        if not reporter.has_errors():
            reporter.error("issue.empty", f"{ISSUE_FILE} is empty", Pos(shown, 1))
        return None
    check_yaml_values(data, text, shown, reporter)  # before check_mapping, which drops what it refuses
    f = check_mapping(data, shown, Pos(shown, 1), ISSUE_FILE, reporter,
                      required={"magazine": str, "number": int, "title": str, "language": str, "date": _dt.date,
                                "publisher": str, "editor_in_chief": str, "trim": dict, "pages": int,
                                "cover": dict, "rubrics": list, "flatplan": list},
                      optional={"isbn": str, "isbn_epub": str, "issn": str, "rights": str, "print": dict,
                                "distribution": dict})
    if f is None:
        return None
    md = MarkdownReader(shown, reporter)
    rubrics = _rubrics(f.get("rubrics", LocList()), shown, reporter)
    rubric_ids = {r.id for r in iter_rubrics(rubrics)}
    trim = _trim(f, shown, reporter)
    cover = _cover(f, shown, md, rubric_ids, reporter)
    number, date, pages = issue_number(f, reporter), issue_date(f, reporter), issue_pages(f, reporter)
    printing = read_printing(f, folder, shown, pages, reporter)
    mentioned: set[str] = set()
    flatplan = _flatplan(f.get("flatplan", LocList()), shown, pages, reporter, mentioned)
    isbn, isbn_epub = _isbn(f, "isbn", reporter), _isbn(f, "isbn_epub", reporter)
    if isbn_epub and isbn_epub == isbn:
        reporter.error("issue.isbn-same", "'isbn_epub' is the print edition's ISBN ('isbn'): each edition has "
                       "its own ISBN, give the EPUB's (or remove 'isbn_epub')", f.pos("isbn_epub"))
    placed = {a for p in flatplan for a in ((p.article,) if p.article else ()) + p.boxes} | mentioned
    for line in cover.lines:
        if line.article and line.article not in placed:
            reporter.error("cover.unknown-article", f"the cover line names the article {quoted(line.article)}, which "
                           f"is not in the flatplan{did_you_mean(line.article, placed, 'articles')}", line.pos)
    issn, problem = read_issn(f.get("issn"))
    if problem:
        reporter.error("issue.issn", problem, f.pos("issn"))
    distribution = read_distribution(f, shown, issn, reporter)
    articles = _articles(folder, flatplan, rubric_ids, reporter, mentioned, f.pos("flatplan"), read)
    # after errors, the model as far as it goes (see read_issue_partial): a missing key stays None
    return Issue(
        id=folder.resolve().name, folder=shown_dir, magazine=f.get("magazine"), number=number,
        title=md.read_inline(f.get("title", ""), f.pos("title").line, "the issue title"),
        language=f.get("language"), date=date, isbn=isbn, isbn_epub=isbn_epub,
        issn=issn, distribution=distribution,
        publisher=f.get("publisher"), editor_in_chief=f.get("editor_in_chief"),
        rights=f.get("rights", "Tous droits réservés"), trim=trim, pages=pages, cover=cover, printing=printing,
        rubrics=rubrics, flatplan=flatplan, articles=articles, pos=Pos(shown, 1),
    )


def _rubrics(items: LocList, shown: str, reporter: Reporter, seen: set[str] | None = None) -> tuple[Rubric, ...]:
    seen = set() if seen is None else seen
    out: list[Rubric] = []
    for item, line in zip(items, items.item_lines):
        r = check_mapping(item, shown, Pos(shown, line), "a rubric", reporter,
                          required={"id": str, "title": str}, optional={"children": list})
        if r is None or "id" not in r or "title" not in r:
            continue
        if r.get("id") in seen:
            reporter.error("rubric.duplicate", f"the rubric id {quoted(r.get('id'))} is used twice", r.pos("id"))
        seen.add(r.get("id"))
        children = _rubrics(r.get("children", LocList()), shown, reporter, seen)
        out.append(Rubric(r.get("id"), r.get("title"), children, r.pos()))
    return tuple(out)


def _trim(f: Fields, shown: str, reporter: Reporter) -> Trim:
    if "trim" not in f:  # missing or of the wrong type: already reported
        return Trim(180, 260)
    t = check_mapping(f.get("trim"), shown, f.pos("trim"), "trim", reporter,
                      required={"width_mm": (int, float), "height_mm": (int, float)}, optional={})
    if t is None or "width_mm" not in t or "height_mm" not in t:
        return Trim(180, 260)
    ok = True
    for key in ("width_mm", "height_mm"):
        if not 50 <= t.get(key) <= 1000:
            reporter.error("issue.trim", f"'{key}' is {amount(t.get(key), 'mm')}: a page is between 50 and 1000 mm",
                           t.pos(key))
            ok = False
    return Trim(float(t.get("width_mm")), float(t.get("height_mm"))) if ok else Trim(180, 260)


def _cover(f: Fields, shown: str, md: MarkdownReader, rubric_ids: set[str], reporter: Reporter) -> Cover:
    if "cover" not in f:  # missing or of the wrong type: already reported
        return Cover((), "", "", (), f.pos("cover"))
    c = check_mapping(f.get("cover"), shown, f.pos("cover"), "cover", reporter,
                      required={"taglines": list, "website": str, "headline": str, "lines": list}, optional={})
    if c is None:
        return Cover((), "", "", (), f.pos("cover"))
    if c.get("headline") is not None and c.get("headline") not in rubric_ids:
        reporter.error("cover.unknown-rubric", f"unknown rubric {quoted(c.get('headline'))}"
                       f"{did_you_mean(c.get('headline'), rubric_ids, 'rubrics')}", c.pos("headline"))
    lines: list[CoverLine] = []
    items = c.get("lines", LocList())
    for item, line in zip(items, items.item_lines):
        cl = check_mapping(item, shown, Pos(shown, line), "a cover line", reporter,
                           required={"rubric": str, "text": str}, optional={"person": str, "article": str})
        if cl is None or "rubric" not in cl or "text" not in cl:
            continue
        if cl.get("rubric") not in rubric_ids:
            reporter.error("cover.unknown-rubric", f"unknown rubric {quoted(cl.get('rubric'))}"
                           f"{did_you_mean(cl.get('rubric'), rubric_ids, 'rubrics')}", cl.pos("rubric"))
        lines.append(CoverLine(cl.get("rubric"), md.read_inline(cl.get("text"), cl.pos("text").line, "a cover line"),
                               cl.get("person", ""), cl.get("article"), cl.pos()))
    taglines = check_str_items(c.get("taglines", LocList()), shown, "the taglines", reporter)
    return Cover(taglines, c.get("website", ""), c.get("headline", ""), tuple(lines), c.pos())


def _flatplan(items: LocList, shown: str, pages: int, reporter: Reporter, mentioned: set[str]
              ) -> tuple[Part, ...]:
    """The flatplan's parts; ``mentioned`` receives the articles of entries too broken to keep."""
    parts: list[Part] = []
    last: Part | None = None
    for item, line in zip(items, items.item_lines):
        pos = Pos(shown, line)
        e = check_mapping(item, shown, pos, "a flatplan entry", reporter, required={"page": int},
                          optional={"article": str, "part": str, "boxes": list})
        if e is not None and "page" not in e and isinstance(e.get("article"), str):
            mentioned.add(e.get("article"))  # reported already: not also "missing from the flatplan"
        if e is None or "page" not in e:
            continue
        page = e.get("page")
        if ("article" in e) == ("part" in e):
            if "article" in e:
                reporter.error("flatplan.entry", "a flatplan entry names both an 'article' and a 'part': keep one "
                               "(the boxes printed on a part's page go under 'boxes')", pos)
            else:
                reporter.error("flatplan.entry", "a flatplan entry needs an 'article' (its file name without '.md') "
                               "or a 'part' (cover, sommaire, back-cover)", pos)
            continue
        if "part" in e:
            kinds = {k.value for k in PartKind if k is not PartKind.ARTICLE}
            if e.get("part") == PartKind.ARTICLE.value:
                reporter.error("flatplan.part", "'part: article' is not a part: name the article with "
                               "'article: <file name without .md>'", e.pos("part"))
                continue
            try:
                kind = PartKind(e.get("part"))
            except ValueError:
                reporter.error("flatplan.part", f"unknown part {quoted(e.get('part'))}"
                               f"{did_you_mean(e.get('part'), kinds, 'parts')}", e.pos("part"))
                continue
        else:
            kind = PartKind.ARTICLE
        if page < 1:
            reporter.error("flatplan.page-range", f"{page_name(page)} does not exist: pages are numbered from 1 "
                           "(the cover)", e.pos("page"))
        elif pages and page > pages:
            reporter.error("flatplan.page-range", f"{page_name(page)} is after the last page of the issue "
                           f"('pages: {pages}'): correct the page, or 'pages'", e.pos("page"))
        elif not pages:  # 'pages' missing or refused: the limit of every issue
            page_in_range(page, e.pos("page"), reporter)
        if last is not None and page == last.page:
            reporter.error("flatplan.same-page", f"page {page} is already given to {_name(last)} "
                           f"(line {last.pos.line}); to print a box on that page, list it under 'boxes'",
                           e.pos("page"))
        elif last is not None and page < last.page:
            reporter.error("flatplan.order", f"page {page} comes after page {last.page}: list the parts in page order",
                           e.pos("page"))
        boxes = check_str_items(e.get("boxes", LocList()), shown, "'boxes'", reporter)
        if boxes and kind is not PartKind.SOMMAIRE:
            reporter.error("flatplan.boxes", "only the sommaire's page holds boxes: move 'boxes' to the "
                           "sommaire's entry", e.pos("boxes"))
            boxes = ()
        if kind is not PartKind.ARTICLE and any(p.kind is kind for p in parts):
            reporter.error("flatplan.part-twice", f"the {kind.value} is placed twice", e.pos("part"))
        part = Part(kind, page, e.get("article"), boxes, pos)
        parts.append(part)
        last = part
    if not items:
        reporter.error("flatplan.empty", "the flatplan is empty: list the parts of the issue with their pages",
                       Pos(shown, items.line or 1))
    if not any(p.kind is PartKind.COVER for p in parts) and parts:
        reporter.warning("flatplan.no-cover", "the flatplan has no cover part", parts[0].pos)
    return tuple(parts)


def _name(part: Part) -> str:
    return f"the article '{part.article}'" if part.article else f"the {part.kind.value}"


def _articles(folder: Path, flatplan: tuple[Part, ...], rubric_ids: set[str], reporter: Reporter,
              mentioned: set[str] = frozenset(), flatplan_pos: Pos | None = None,
              read: ArticleReader = read_article) -> tuple[Article, ...]:
    art_dir = folder / ARTICLES_DIR
    if art_dir.is_symlink() or art_dir.exists():  # a link only to a folder inside the issue (sourcefile.py)
        try:
            resolve_inside(folder, ARTICLES_DIR, folder=True)
        except SourceFileError as exc:
            report_file(reporter, exc, exc.sentence(f"the folder {ARTICLES_DIR}/"), path=display_path(art_dir))
            return ()
    # Hidden files (".~lock.a.md#", macOS "._a.md" copies) are the tools', not the editors'.
    # Ids are compared NFC-normalised: a decomposed accent (a macOS file name) is its composed form.
    present = ({nfc(p.stem): p for p in sorted(art_dir.glob("*.md")) if not p.name.startswith(".")}
               if art_dir.is_dir() else {})
    for art_id, path in present.items():  # ids become file names and anchors in the EPUB and the PDF
        if not ARTICLE_ID.fullmatch(art_id):
            reporter.error("article.id", f"the file name {quoted(nfc(path.name))} is not a valid article id: use "
                           "lower-case letters without accents, digits and hyphens (e.g. grand-entretien.md)",
                           Pos(display_path(path), 1))
    wanted: list[tuple[str, Pos]] = []
    for part in flatplan:
        ids = ((part.article,) if part.article else ()) + part.boxes
        wanted.extend((art_id, part.pos) for art_id in ids)
    articles: list[Article] = []
    seen: set[str] = set()
    for art_id, pos in wanted:
        if art_id in seen:
            reporter.error("flatplan.duplicate-article", f"the article {quoted(art_id)} is placed twice", pos)
            continue
        seen.add(art_id)
        path = present.get(art_id)
        if path is None:
            hint = did_you_mean(art_id, present, "articles") if present else ""
            reporter.error("flatplan.missing-article",
                           f"no file {ARTICLES_DIR}/{visible(art_id)}.md{invisible_note(art_id)} for this flatplan "
                           f"entry{hint}", pos)
            continue
        art = read(path, display_path(path), art_id, folder, rubric_ids, reporter)
        if art is not None:
            articles.append(art)
    for art_id, path in present.items():
        if art_id not in seen and art_id not in mentioned and flatplan:  # (an empty flatplan is reported)
            # said where it is to be fixed, the flatplan of issue.yaml; the article is read all the same,
            # so that its own problems are said in this run too
            reporter.error("flatplan.unlisted-article", f"the article {ARTICLES_DIR}/{path.name} is not in the "
                           f"flatplan: give it a page here ('- {{page: N, article: {art_id}}}'), or move it "
                           f"out of {ARTICLES_DIR}/", flatplan_pos or Pos(display_path(path), 1))
            if ARTICLE_ID.fullmatch(art_id):
                read(path, display_path(path), art_id, folder, rubric_ids, reporter)
    return tuple(articles)


def _isbn(f: Fields, key: str, reporter: Reporter) -> str | None:
    """The ISBN under ``key`` (``isbn``: the print edition's, ``isbn_epub``: the EPUB's), digits only."""
    isbn = f.get(key)
    if isbn is not None and not _isbn_ok(isbn):
        reporter.error("issue.isbn", f"'{isbn}' is not a valid ISBN-13 (check the digits)", f.pos(key))
    return "".join(c for c in isbn if c.isdigit()) if isbn else None  # 978-2-… and 978 2 … alike


def _isbn_ok(isbn: str) -> bool:
    """An ISBN-13 (978 or 979, its check digit; python-stdnum), written with hyphens or spaces or neither."""
    if any(c not in "0123456789- " for c in isbn) or sum(c.isdigit() for c in isbn) != 13:
        return False  # (stdnum would take an ISBN-10 too, and an 'ISBN' before the digits)
    try:
        _isbn13.validate(isbn)
    except ValidationError:
        return False
    return True
