"""The print edition's parts as HTML documents, one per flatplan part, from the model.

Code makes the content (lxml elements), ``layouts/print/part.html.j2`` the
frame, and the stylesheets in ``layouts/`` every bit of presentation.  Each
part is its own document whose first page carries the part's first folio.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from lxml import etree

from ...model import fr
from ...model.nodes import Article, Issue, Part, PartKind, plain_text
from ...support.resources import layouts_dir
from ..html.cover import cover_element
from ..html.writer import HtmlWriter, article_body, article_header, number_blocks, sub
from ..visitor import append_text
from ..html.sommaire import sommaire_element
from .figure_places import prepare as prepare_figures
from .glue import glue_no_break_spaces
from .heads import running_head  # the right-hand head's text (short_title: heads.py)
from .variants import VARIANTS
from ..templates import fragment, render

#: Stylesheets of every print document (each variant's own follows them: see variants.py).
BASE_CSS = ("common/fonts.css", "common/cover.css", "print/print.css")


@dataclass(frozen=True)
class PartDoc:
    """One part's HTML, with what the renderer needs to know about it."""

    key: str  # the article id, or the part kind
    part: Part
    first_folio: int
    html: str
    article: Article | None = None
    #: anchors the part defines only so that its links resolve when it is laid out alone (the
    #: sommaire's links to the articles): the merged PDF points those names at the articles
    stand_ins: tuple[str, ...] = ()


def magazine_head(issue: Issue) -> str:
    return f"{issue.magazine} n°\u00a0{issue.number}"


def stylesheet_paths(variant: str | None = None) -> list[Path]:
    """The shared stylesheets (``variant`` None) or a variant's own, in cascade order."""
    return [layouts_dir() / css for css in ((VARIANTS[variant].stylesheet,) if variant else BASE_CSS)]


def _document(issue: Issue, variant: str, title: str, first_folio: int, html_class: str,
              content: etree._Element, linked: bool) -> str:
    """The part's HTML.  ``linked``: the shared stylesheets are linked from its head (for a browser);
    the print renderer passes them to WeasyPrint already parsed, once per layout, instead.  The
    variant's own stylesheet is always linked: WeasyPrint honours its @color-profile (the PDF/X
    output intent) only in the document's own stylesheets."""
    shared = stylesheet_paths() if linked else []
    return render(
        "print/part.html.j2", lang=issue.language, title=title, html_class=html_class,
        stylesheets=[p.as_uri() for p in shared + stylesheet_paths(variant)],
        width_mm=issue.trim.width_mm, height_mm=issue.trim.height_mm, first_folio=first_folio,
        content=fragment(content, "html"),
    )


def _running(parent: etree._Element, issue: Issue, article: Article | None) -> None:
    """An empty element at the start of the part whose attributes give the running heads' text
    (CSS ``string-set: … attr()``): no hidden text is printed or read aloud."""
    sub(parent, "div", "running", data_rh_magazine=magazine_head(issue), data_rh_rubric=running_head(issue, article))


def article_doc(issue: Issue, part: Part, article: Article, first_folio: int, variant: str,
                linked: bool = True) -> PartDoc:
    root_rubric = issue.rubric_path(article.rubric)[0].id if article.rubric else "none"
    el = etree.Element("article", {
        "class": f"article kind-{article.kind.value} rubric-{article.rubric or 'none'} rubric-root-{root_rubric}"
                 + ("" if article.has_body else " no-text"),
        "id": f"art-{article.id}",
    })
    _running(el, issue, article)
    writer = HtmlWriter(issue, "print", id_prefix=f"{article.id}-")
    article_header(writer, el, article)
    body = sub(el, "div", "body")
    article_body(writer, body, article)
    number_blocks(body)
    prepare_figures(el, article)  # after numbering: the EPUB numbers the blocks in the source's order
    glue_no_break_spaces(el)  # WeasyPrint breaks badly after a no-break space before an element (glue.py)
    html = _document(issue, variant, plain_text(article.title), first_folio, f"part-article rubric-root-{root_rubric}",
                     el, linked=linked)
    return PartDoc(article.id, part, first_folio, html, article)


def cover_doc(issue: Issue, part: Part, variant: str, linked: bool = True) -> PartDoc:
    holder = etree.Element("div")
    cover_element(HtmlWriter(issue, "print", id_prefix="cover-"), holder)
    return PartDoc("cover", part, part.page, _document(issue, variant, fr.PART_NAMES[PartKind.COVER], part.page, "part-cover",
                                                       holder[0], linked=linked))


def back_cover_element(issue: Issue, isbn: bool = True) -> etree._Element:
    """The back cover's content (the last page, and the cover spread's back: cover_spread.py).  ``isbn``:
    the ISBN in its line of identifiers (the cover spread prints it over its barcode instead)."""
    el = etree.Element("section", {"class": "back-cover", "id": "back-cover"})
    el.set("aria-label", fr.PART_NAMES[PartKind.BACK_COVER])
    sub(el, "p", "back-magazine").text = issue.magazine
    sub(el, "p", "back-number").text = f"n°\u00a0{issue.number}"
    HtmlWriter(issue, "print").inlines(sub(el, "p", "back-title"), issue.title)
    sub(el, "p", "back-taglines").text = " · ".join(issue.cover.taglines)
    sub(el, "p", "back-website").text = issue.cover.website
    ids = sub(el, "p", "back-ids")
    append_text(ids, issue.publisher)
    if issue.issn:
        append_text(ids, f" · ISSN\u00a0{issue.issn}")
    if issue.isbn and isbn:
        append_text(ids, f" · ISBN\u00a0{issue.isbn}")
    return el


def back_cover_doc(issue: Issue, part: Part, first_folio: int, variant: str,
                   linked: bool = True) -> PartDoc:
    el = back_cover_element(issue)
    return PartDoc("back-cover", part, first_folio,
                   _document(issue, variant, fr.PART_NAMES[PartKind.BACK_COVER], first_folio, "part-back-cover", el,
                             linked=linked))


def sommaire_doc(issue: Issue, part: Part, first_folio: int, folios: dict[str, int], variant: str,
                 linked: bool = True, alone: bool = False) -> PartDoc:
    """``alone``: the sommaire is laid out as a document of its own, without the articles its links
    point to; each entry then carries its article's anchor as a stand-in (see PartDoc.stand_ins)."""
    el = etree.Element("div", {"class": "sommaire-part", "id": "sommaire"})
    _running(el, issue, None)
    writer = HtmlWriter(issue, "print", id_prefix="sommaire-")
    sommaire = sommaire_element(writer, el, href=lambda a: f"#art-{a.id}", folio=lambda a: folios[a.id])
    for box_id in part.boxes:  # boxes flow at the end of the sommaire's columns
        box = issue.article(box_id)
        aside = sub(sommaire, "aside", f"box kind-{box.kind.value}", id=f"art-{box.id}")
        box_writer = HtmlWriter(issue, "print", id_prefix=f"{box.id}-")
        article_header(box_writer, aside, box, show_rubric=False)
        article_body(box_writer, aside, box)
    stand_ins = []
    if alone:
        defined = set(el.xpath("//@id"))
        for link in el.iter("a"):
            target = (link.get("href") or "").removeprefix("#")
            if link.get("href", "").startswith("#") and target not in defined:
                link.getparent().set("id", target)
                defined.add(target)
                stand_ins.append(target)
    return PartDoc("sommaire", part, first_folio, _document(issue, variant, fr.PART_NAMES[PartKind.SOMMAIRE], first_folio,
                                                            "part-sommaire", el, linked=linked),
                   stand_ins=tuple(stand_ins))


def reserved_doc(issue: Issue, part: Part, article: Article | None, first_folio: int, pages: int,
                 variant: str, linked: bool = True, blank: bool = False) -> PartDoc:
    """``pages`` blank pages that keep the running heads and folios of the part they follow; ``blank``:
    pages left blank so that a pushed part opens on its side, with neither running head nor folio."""
    el = etree.Element("div", {"class": "reserved"})
    _running(el, issue, article)
    for _ in range(pages):
        sub(el, "div", "reserved-page")
    key = f"reserved-{part.article or part.kind.value}"
    root = issue.rubric_path(article.rubric)[0].id if article is not None and article.rubric else "none"
    return PartDoc(key, part, first_folio, _document(issue, variant, fr.RESERVED_PAGES, first_folio,
                                                     f"part-reserved{' part-blank' if blank else ''} rubric-root-{root}",
                                                     el, linked=linked), article)

