"""The e-reader edition: an EPUB 3 written with ebooklib from the model.

The recipe (as Sphinx's EPUB builder): documents → cover image → fonts subset
to the text → metadata → nav and NCX from templates → a reproducible zip.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ebooklib import epub
from lxml import etree

from .. import progress
from ..cache import CACHE_DIR
from ..diagnostics import Reporter
from ..model import Article, Issue, PartKind, plain_text
from ..resources import layouts_dir
from . import epub_meta
from .cover import cover_alt, cover_png
from .epub_fonts import subset_fonts
from .html import EPUB_NS, EPUB_TYPE, HtmlWriter, article_body, article_header, sub
from .sommaire import RubricNode, rubric_tree, sommaire_element
from .templates import fragment, render

CSS_NAME = "css/horizons.css"
COVER_IMAGE = "images/cover.png"


@dataclass
class Doc:
    """One XHTML document of the book."""

    name: str  # file name inside EPUB/, e.g. "text/edito.xhtml"
    title: str
    body_type: str
    body_class: str
    root: etree._Element  # the content, inside <body>
    article: Article | None = None
    linear: bool = True


def epub_path(issue: Issue, out_dir: Path) -> Path:
    return out_dir / f"{_slug(issue.magazine)}-{issue.number}.epub"


def render_epub(issue: Issue, out_dir: Path, reporter: Reporter, context) -> list[tuple[Path, bytes]]:
    """Write ``<out>/<magazine>-<number>.epub``.

    Its page list follows the print layout when a PDF was laid out in this build
    (every page's first block), else the flatplan (each part's first page).
    """
    progress.step(f"{issue.id}: writing the EPUB")
    layout = context.layout
    starts = layout.starts if layout else {p.article or p.kind.value: p.page for p in issue.flatplan}
    breaks = layout.breaks if layout else {}
    data = epub_bytes(issue, Path(issue.folder), starts, breaks, cache=out_dir / CACHE_DIR)
    return [(epub_path(issue, out_dir), data)]


def epub_bytes(issue: Issue, issue_dir: Path, starts: dict[str, int],
               breaks: dict[str, list[tuple[int, int]]] | None = None, cache: Path | None = None) -> bytes:
    docs = _documents(issue, starts, breaks or {})
    book = epub.EpubBook()
    book.FOLDER_NAME = "EPUB"
    when = epub_meta.add_metadata(book, issue)
    css = (layouts_dir() / "epub" / "epub.css").read_text(encoding="utf-8")
    book.add_item(epub.EpubItem(uid="css", file_name=CSS_NAME, media_type="text/css", content=css.encode()))
    _add_images(book, issue, issue_dir, docs)
    items = {}
    for doc in docs:
        item = _RawXhtml(uid=_uid(doc.name), file_name=doc.name, title=doc.title, lang=issue.language)
        item.content = _page(issue, doc)
        item.is_linear = doc.linear
        book.add_item(item)
        items[doc.name] = item
    cover = epub.EpubImage(uid="cover-image", file_name=COVER_IMAGE, media_type="image/png",
                           content=cover_png(issue, issue_dir, cache=cache))
    cover.properties = ["cover-image"]
    book.add_item(cover)
    text = "".join(etree.XPath("string()")(d.root) for d in docs) + _nav_text(issue, docs)
    for name, media_type, content in subset_fonts(css, text, cache):
        book.add_item(epub.EpubItem(uid=_uid(name), file_name=name, media_type=media_type, content=content))
    book.spine = [items[d.name] for d in docs]
    toc, pages = _toc(issue, docs), _pages(docs)
    nav = render("epub/nav.xhtml.j2", lang=issue.language, title=f"{issue.magazine} n° {issue.number}",
                 css=_rel(CSS_NAME, "nav.xhtml"), toc=toc, landmarks=_landmarks(docs), pages=pages)
    order = _play_order(docs, toc, pages)
    ncx = render("epub/toc.ncx.j2", lang=issue.language, uid=book.uid, title=book.title,
                 depth=_depth(toc), total_pages=len(pages), max_page=max((p["value"] for p in pages), default=0),
                 toc=_ncx_points(toc, order), pages=[dict(p, order=order[p["href"]]) for p in pages])
    book.add_item(_NavItem(uid="nav", file_name="nav.xhtml", title="Navigation"))
    book.add_item(epub.EpubNcx())
    writer = _ReproducibleWriter(io.BytesIO(), book, {"mtime": when, "epub2_guide": False, "raise_exceptions": True},
                                 nav=_check_xml(nav), ncx=_check_xml(ncx))
    writer.process()
    writer.write()
    return writer.file_name.getvalue()


# -- documents ----------------------------------------------------------------


def _documents(issue: Issue, starts: dict[str, int], breaks: dict[str, list[tuple[int, int]]]) -> list[Doc]:
    docs: list[Doc] = []
    for part in issue.flatplan:
        if part.kind is PartKind.COVER:
            docs.append(_cover_doc(issue, starts.get("cover", part.page)))
        elif part.kind is PartKind.SOMMAIRE:
            docs.append(_sommaire_doc(issue, starts))
            for box in part.boxes:
                art = issue.article(box)
                if art.has_body:
                    docs.append(_article_doc(issue, art, None, []))
        elif part.kind is PartKind.ARTICLE:
            art = issue.article(part.article)
            if art.has_body:  # an article without text is not a chapter
                docs.append(_article_doc(issue, art, starts.get(art.id, part.page), breaks.get(art.id, [])))
    return docs


def _pagebreak_mark(page: int) -> etree._Element:
    """Where print page ``page`` begins (``epub:type="pagebreak"``, listed in the nav's page-list)."""
    mark = etree.Element("span", {"class": "pagebreak", "id": f"page-{page}", "role": "doc-pagebreak",
                                  EPUB_TYPE: "pagebreak", "aria-label": str(page)})
    return mark


def _pagebreak(parent: etree._Element, page: int) -> None:
    parent.append(_pagebreak_mark(page))


def _page_breaks(body: etree._Element, breaks: list[tuple[int, int]]) -> None:
    """Markers for the print pages after an article's first, before the block each page begins with."""
    blocks = list(body)
    for folio, index in breaks:
        mark = _pagebreak_mark(folio)
        if index < len(blocks):
            blocks[index].addprevious(mark)
        else:
            body.append(mark)


def _root(cls: str) -> etree._Element:
    return etree.Element("section", {"class": cls}, nsmap={"epub": EPUB_NS})


def _cover_doc(issue: Issue, page: int) -> Doc:
    root = _root("cover-image")
    root.set(EPUB_TYPE, "cover")
    _pagebreak(root, page)
    sub(root, "img", src=f"../{COVER_IMAGE}", alt=cover_alt(issue))
    return Doc("text/cover.xhtml", "Couverture", "cover", "cover-page", root)


def _sommaire_doc(issue: Issue, starts: dict[str, int]) -> Doc:
    root = _root("sommaire-page")
    root.set(EPUB_TYPE, "toc")
    root.set("role", "doc-toc")
    _pagebreak(root, starts.get("sommaire", 0) or next(p.page for p in issue.flatplan if p.kind is PartKind.SOMMAIRE))
    writer = HtmlWriter(issue, "epub")
    in_book = {a.id for a in issue.articles if a.has_body}
    sommaire_element(writer, root, href=lambda a: f"{a.id}.xhtml" if a.id in in_book else None,
                     folio=lambda a: starts[a.id])
    # The sommaire's root already is a section: keep one level.
    inner = root[-1]
    root.remove(inner)
    for child in list(inner):
        root.append(child)
    root.set("aria-labelledby", "sommaire-title")
    return Doc("text/sommaire.xhtml", "Sommaire", "frontmatter", "sommaire-page", root)


def _article_doc(issue: Issue, article: Article, page: int | None, breaks: list[tuple[int, int]]) -> Doc:
    root = _root(f"article kind-{article.kind.value}")
    root.set("id", article.id)
    root.set(EPUB_TYPE, "chapter")
    root.set("role", "doc-chapter")
    if page is not None:
        _pagebreak(root, page)
    writer = HtmlWriter(issue, "epub")
    article_header(writer, root, article)
    body = sub(root, "div", "body")
    article_body(writer, body, article)
    _page_breaks(body, breaks)
    writer.epub_notes(root)
    return Doc(f"text/{article.id}.xhtml", plain_text(article.title), "bodymatter", "article-page", root, article)


def _page(issue: Issue, doc: Doc) -> bytes:
    xhtml = render("epub/page.xhtml.j2", lang=issue.language, title=doc.title, css=_rel(CSS_NAME, doc.name),
                   body_type=doc.body_type, body_class=doc.body_class, content=fragment(doc.root, "xml"))
    return _check_xml(xhtml)


def _check_xml(text: str) -> bytes:
    """Every document is parsed back before it is packed: a malformed one is a bug, caught here."""
    data = text.encode("utf-8")
    etree.fromstring(data)
    return data


# -- navigation ---------------------------------------------------------------


def _toc(issue: Issue, docs: list[Doc]) -> list[dict]:
    """The table of contents in spine order, nested as the issue is (rubric → article)."""
    listed = [d for d in docs if d.body_type != "cover"]
    tree = rubric_tree(issue, listed, rubric_of=lambda d: d.article.rubric if d.article else None)

    def walk(node: RubricNode) -> list[dict]:
        out = []
        for child in node.children:
            if isinstance(child, RubricNode):
                out.append({"label": child.rubric.title, "href": None, "children": walk(child)})
            else:
                out.append({"label": child.title, "href": child.name, "children": []})
        return out

    return walk(tree)


def _pages(docs: list[Doc]) -> list[dict]:
    pages = []
    for doc in docs:
        for mark in doc.root.iter("span"):
            if mark.get(EPUB_TYPE) == "pagebreak":
                label = mark.get("aria-label")
                pages.append({"label": label, "value": int(label), "href": f"{doc.name}#{mark.get('id')}"})
    return pages


def _landmarks(docs: list[Doc]) -> list[dict]:
    marks = [{"type": "cover", "href": docs[0].name, "label": "Couverture"}] if docs[0].body_type == "cover" else []
    if any(d.name == "text/sommaire.xhtml" for d in docs):  # an issue may have no sommaire page
        marks.append({"type": "toc", "href": "text/sommaire.xhtml", "label": "Sommaire"})
    first = next((d for d in docs if d.body_type == "bodymatter"), None)
    if first is not None:
        marks.append({"type": "bodymatter", "href": first.name, "label": "Début de la lecture"})
    return marks


def _ncx_points(toc: list[dict], order: dict[str, int], ids: itertools.count | None = None) -> list[dict]:
    ids = ids if ids is not None else itertools.count(1)
    out = []
    for entry in toc:
        point_id = f"np-{next(ids)}"
        children = _ncx_points(entry["children"], order, ids)
        href = entry["href"] or (children[0]["href"] if children else "")
        out.append({"id": point_id, "order": order[href], "label": entry["label"], "href": href,
                    "children": children})
    return out


def _play_order(docs: list[Doc], toc: list[dict], pages: list[dict]) -> dict[str, int]:
    """NCX playOrder: 1, 2, … for the distinct targets, in reading order (a document, then its page breaks)."""
    spine = {doc.name: i for i, doc in enumerate(docs)}
    keys: dict[str, tuple[int, int]] = {}

    def visit(entries: list[dict]) -> None:
        for entry in entries:
            if entry["href"]:
                keys[entry["href"]] = (spine[entry["href"]], 0)
            visit(entry["children"])

    visit(toc)
    for n, page in enumerate(pages, start=1):
        keys[page["href"]] = (spine[page["href"].split("#", 1)[0]], n)
    return {href: rank for rank, href in enumerate(sorted(keys, key=keys.get), start=1)}


def _depth(toc: list[dict]) -> int:
    return 1 + max((_depth(e["children"]) for e in toc), default=0) if toc else 0


def _nav_text(issue: Issue, docs: list[Doc]) -> str:
    return "Table des matières Repères Pages de l’édition imprimée 0123456789" + "".join(d.title for d in docs)


# -- images -------------------------------------------------------------------


def _add_images(book: epub.EpubBook, issue: Issue, issue_dir: Path, docs: list[Doc]) -> None:
    from ..reader.images import media_type

    seen: set[str] = set()
    for doc in docs:
        for img in doc.root.iter("img"):
            href = img.get("src")  # quoted by the writer (a URL); the file name inside the EPUB is not
            if href.startswith("../"):
                continue  # the cover image
            src = unquote(href)
            if src not in seen:
                seen.add(src)
                path = issue_dir / src
                book.add_item(epub.EpubImage(uid=_uid(src), file_name=src, media_type=media_type(path),
                                             content=path.read_bytes()))
            img.set("src", f"../{href}")


# -- ebooklib glue --------------------------------------------------------------


class _RawXhtml(epub.EpubHtml):
    """A chapter given as a complete XHTML document: ebooklib must not rebuild it
    (it would drop the <head>, the body's epub:type and lowercase SVG attributes)."""

    def get_content(self, default=None):
        return self.content


class _NavItem(epub.EpubNav):
    pass


class _ReproducibleWriter(epub.EpubWriter):
    """ebooklib's writer with our nav and NCX, and zip entries with a fixed time."""

    def __init__(self, name, book, options, nav: bytes, ncx: bytes):
        super().__init__(name, book, options)
        self._nav, self._ncx = nav, ncx

    def _write_opf_metadata(self, root):
        # The package's language (EPUB Accessibility asks for xml:lang on <package>).
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_metadata(root)

    def _get_nav(self, item):
        return self._nav

    def _get_ncx(self):
        return self._ncx

    def write(self):
        self.out = _FixedTimeZip(self.file_name, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()


class _FixedTimeZip(zipfile.ZipFile):
    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress_type if compress_type is not None else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type=compress_type, compresslevel=compresslevel)


def _uid(name: str) -> str:
    """A manifest id for a file name: unique and a valid XML id whatever the name holds."""
    return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


def _rel(target: str, from_doc: str) -> str:
    depth = from_doc.count("/")
    return "../" * depth + target


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def issue_uuid(issue: Issue) -> uuid.UUID:
    """A stable identifier for an issue without ISBN: the same issue always gets the same UUID."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://{issue.cover.website or 'horizonspublics.fr'}/"
                                          f"{_slug(issue.magazine)}/{issue.number}")


__all__ = ["render_epub", "epub_bytes", "epub_path", "issue_uuid"]
