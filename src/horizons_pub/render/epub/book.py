"""The e-reader edition: an EPUB 3 written with ebooklib from the model.

The recipe (as Sphinx's EPUB builder): documents → cover image → fonts subset
to the text → metadata → nav and NCX from templates → a reproducible zip.
"""

from __future__ import annotations

import io
from pathlib import Path

from ebooklib import epub
from lxml import etree

from ...model import fr
from ...model.identity import Edition, file_name
from ...model.nodes import Issue
from ...support import progress
from ...support.cache import CACHE_DIR
from ...support.diagnostics import Reporter
from ...support.resources import layouts_dir
from ...support.sourcefile import read_project_file
from ..html.cover import CoverPress, cover_png_later
from ..pages import PageMap
from ..templates import render
from . import meta as epub_meta
from .documents import COVER_IMAGE, CSS_NAME, check_xml, documents, page_xhtml
from .fonts import subset_fonts
from .images import add_images
from .navigation import depth, landmarks, nav_text, ncx_points, page_list, play_order, toc
from .package import NavItem, RawXhtml, ReproducibleWriter, rel, uid


def epub_path(issue: Issue, out_dir: Path) -> Path:
    return out_dir / file_name(issue, Edition.EPUB)


def render_epub(issue: Issue, out_dir: Path, reporter: Reporter, pages: PageMap | None,
                press: CoverPress | None = None) -> list[tuple[Path, bytes]]:
    """``<out>/<magazine>-<number>.epub``.  ``pages``: where the print layout of this build put every
    article and each page's first block; None when no PDF was laid out (the flatplan's pages then).
    ``press``: a child process ready to lay out the cover image, when the cache has none (cover.py)."""
    progress.step(f"{issue.id}: writing the EPUB")
    data = epub_bytes(issue, Path(issue.folder), pages or PageMap.planned(issue), cache=out_dir / CACHE_DIR,
                      press=press)
    return [(epub_path(issue, out_dir), data)]


def epub_bytes(issue: Issue, issue_dir: Path, pages: PageMap, cache: Path | None = None,
               press: CoverPress | None = None) -> bytes:
    cover_image = cover_png_later(issue, issue_dir, cache=cache, press=press)  # first: a press lays it out meanwhile
    docs = documents(issue, pages)
    book = epub.EpubBook()
    book.FOLDER_NAME = "EPUB"
    when = epub_meta.add_metadata(book, issue)
    css = read_project_file(layouts_dir(), "epub/epub.css").decode("utf-8")  # support/sourcefile.py
    book.add_item(epub.EpubItem(uid="css", file_name=CSS_NAME, media_type="text/css", content=css.encode()))
    add_images(book, issue, issue_dir, docs, cache)
    items = {}
    for doc in docs:
        item = RawXhtml(uid=uid(doc.name), file_name=doc.name, title=doc.title, lang=issue.language)
        item.content = page_xhtml(issue, doc)
        item.is_linear = doc.linear
        book.add_item(item)
        items[doc.name] = item
    cover = epub.EpubImage(uid="cover-image", file_name=COVER_IMAGE, media_type="image/png")  # its bytes last
    cover.properties = ["cover-image"]
    book.add_item(cover)
    text = "".join(etree.XPath("string()")(d.root) for d in docs) + nav_text(issue, docs)
    for name, font_type, content in subset_fonts(css, text, cache):
        book.add_item(epub.EpubItem(uid=uid(name), file_name=name, media_type=font_type, content=content))
    book.spine = [items[d.name] for d in docs]
    contents, print_pages = toc(issue, docs), page_list(docs)
    nav = render("epub/nav.xhtml.j2", labels=fr, lang=issue.language, title=f"{issue.magazine} n° {issue.number}",
                 css=rel(CSS_NAME, "nav.xhtml"), toc=contents, landmarks=landmarks(docs), pages=print_pages)
    order = play_order(docs, contents, print_pages)
    ncx = render("epub/toc.ncx.j2", lang=issue.language, uid=book.uid, title=book.title, depth=depth(contents),
                 total_pages=len(print_pages), max_page=max((p["value"] for p in print_pages), default=0),
                 toc=ncx_points(contents, order), pages=[dict(p, order=order[p["href"]]) for p in print_pages])
    book.add_item(NavItem(uid="nav", file_name="nav.xhtml", title="Navigation"))
    book.add_item(epub.EpubNcx())
    cover.content = cover_image()
    writer = ReproducibleWriter(io.BytesIO(), book, {"mtime": when, "epub2_guide": False, "raise_exceptions": True},
                                 nav=check_xml(nav), ncx=check_xml(ncx))
    writer.process()
    writer.write()
    return writer.file_name.getvalue()

