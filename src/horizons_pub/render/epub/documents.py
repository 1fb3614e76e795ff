"""The EPUB's XHTML documents, one per part of the flatplan that has text: the cover, the sommaire,
each article (with the print edition's page breaks), each parsed back before it is packed."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ...model import fr
from ...model.nodes import Article, Issue, PartKind, plain_text
from ..html.cover import cover_alt
from ..html.sommaire import sommaire_element
from ..html.writer import EPUB_NS, EPUB_TYPE, HtmlWriter, article_body, article_header, sub
from ..pages import PageMap
from ..templates import fragment, render
from .package import rel

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


def documents(issue: Issue, pages: PageMap) -> list[Doc]:
    docs: list[Doc] = []
    for part in issue.flatplan:
        if part.kind is PartKind.COVER:
            docs.append(cover_doc(issue, pages.parts.get(PartKind.COVER, part.page)))
        elif part.kind is PartKind.SOMMAIRE:
            docs.append(sommaire_doc(issue, pages))
            for box in part.boxes:
                art = issue.article(box)
                if art.has_body:
                    docs.append(article_doc(issue, art, None, []))
        elif part.kind is PartKind.ARTICLE:
            art = issue.article(part.article)
            if art.has_body:  # an article without text is not a chapter
                docs.append(article_doc(issue, art, pages.articles.get(art.id, part.page),
                                          pages.breaks.get(art.id, [])))
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


def cover_doc(issue: Issue, page: int) -> Doc:
    root = _root("cover-image")
    root.set(EPUB_TYPE, "cover")
    _pagebreak(root, page)
    sub(root, "img", src=f"../{COVER_IMAGE}", alt=cover_alt(issue))
    return Doc("text/cover.xhtml", fr.PART_NAMES[PartKind.COVER], "cover", "cover-page", root)


def sommaire_doc(issue: Issue, pages: PageMap) -> Doc:
    root = _root("sommaire-page")
    root.set(EPUB_TYPE, "toc")
    root.set("role", "doc-toc")
    _pagebreak(root, pages.parts.get(PartKind.SOMMAIRE, 0)
               or next(p.page for p in issue.flatplan if p.kind is PartKind.SOMMAIRE))
    writer = HtmlWriter(issue, "epub")
    in_book = {a.id for a in issue.articles if a.has_body}
    sommaire_element(writer, root, href=lambda a: f"{a.id}.xhtml" if a.id in in_book else None,
                     folio=lambda a: pages.articles[a.id])
    # The sommaire's root already is a section: keep one level.
    inner = root[-1]
    root.remove(inner)
    for child in list(inner):
        root.append(child)
    root.set("aria-labelledby", "sommaire-title")
    return Doc("text/sommaire.xhtml", fr.PART_NAMES[PartKind.SOMMAIRE], "frontmatter", "sommaire-page", root)


def article_doc(issue: Issue, article: Article, page: int | None, breaks: list[tuple[int, int]]) -> Doc:
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


def page_xhtml(issue: Issue, doc: Doc) -> bytes:
    xhtml = render("epub/page.xhtml.j2", lang=issue.language, title=doc.title, css=rel(CSS_NAME, doc.name),
                   body_type=doc.body_type, body_class=doc.body_class, content=fragment(doc.root, "xml"))
    return check_xml(xhtml)


def check_xml(text: str) -> bytes:
    """Every document is parsed back before it is packed: a malformed one is a bug, caught here."""
    data = text.encode("utf-8")
    etree.fromstring(data)
    return data
