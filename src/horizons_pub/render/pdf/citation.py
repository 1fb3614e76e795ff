"""The citation line of an article's own PDF (``distribution.citation_line``): « Pour citer cet article :
Auteur, « Titre », *Horizons publics*, n° 38, mars 2024, p. 4–7. » and the DOI's link when there is one,
at the foot of its first page, without laying the article out again.

The line is laid out by WeasyPrint alone, with the fonts of fonts/, on a page as wide as the article's and
as tall as its foot margin (``layouts/print/citation.html.j2`` and ``citation.css``: under the folio, on the
text's width, the page's side deciding its margins); that tiny PDF is cached under the hash of its HTML and
the environment (``.cache/citations/``).  Its page becomes a form XObject drawn over the article's first page
inside an ``/Artifact`` marked-content sequence (a pagination footer): PDF/UA asks every content to be tagged
or an artifact, and the citation is the platform's furniture, not the article's text.  It is drawn before
the merged PDF's fonts become one (merge.py's ``drawn``), so that its glyphs join the article's fonts.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from pikepdf import Name

from ...model import fr
from ...model.bylines import join_names
from ...model.distribution import article_doi
from ...model.nodes import Article, Issue, Role, plain_text
from ...support.cache import cached, key
from ...support.dates import pinned_epoch, source_datetime
from ...support.resources import layouts_dir

TEMPLATE = "print/citation.html.j2"
STYLESHEETS = ("common/fonts.css", "print/citation.css")
FOOT_MM = 20  # print.css's bottom margin: the overlay's height
PT_MM = 25.4 / 72
#: the roles a citation names: the people the article is by (not the dossier's contributors, whose box
#: the opener shows)
CITED = (Role.AUTHOR, Role.INTERVIEWEE, Role.INTERVIEWER, Role.COORDINATOR)


def citation_text(issue: Issue, article: Article, first: int, last: int
                  ) -> tuple[str, str, str, str, str | None]:
    """The line's words, as model/fr.py's ``citation`` puts them (before the magazine, the magazine, after it,
    the pages), and the DOI's link, or None."""
    names = join_names(list(dict.fromkeys(p.name for p in article.people if p.role in CITED)))
    doi = article_doi(issue.number, article.id, issue.distribution)
    return (*fr.citation(names, plain_text(article.title), issue.magazine, issue.number, issue.date, first, last),
            f"{fr.DOI_LINK}{doi}" if doi else None)


def citation_html(issue: Issue, article: Article, first: int, last: int, width_pt: float) -> str:
    from ..templates import render

    before, magazine, after, pages, link = citation_text(issue, article, first, last)
    return render(TEMPLATE, lang=issue.language, title=fr.CITE_THIS, side="left" if first % 2 == 0 else "right",
                  stylesheets=[(layouts_dir() / css).as_uri() for css in STYLESHEETS],
                  width_mm=round(width_pt * PT_MM, 3), height_mm=FOOT_MM, before=before, magazine=magazine,
                  after=after, pages=pages, link=link)


def citation_pdf(issue: Issue, html: str, cache: Path | None, environment: str) -> bytes:
    """The line laid out (from the cache when its HTML and the environment are unchanged)."""
    return cached(cache, "citations", key(html, environment), lambda: _lay_out(issue, html))


def _lay_out(issue: Issue, html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from ..sandbox import SandboxFetcher
    from .issue_url import ISSUE_URL, IssueFetcher

    issue_dir = Path(issue.folder).resolve()
    fetcher = IssueFetcher(SandboxFetcher(issue_dir), issue_dir)
    with pinned_epoch(int(source_datetime(issue).timestamp())):  # the fonts' subsets
        document = HTML(string=html, base_url=ISSUE_URL, url_fetcher=fetcher).render(font_config=FontConfiguration())
        return document.write_pdf(pdf_identifier=False)


def draw_citation(pdf: pikepdf.Pdf, issue: Issue, article: Article, first: int, last: int, cache: Path | None,
                  environment: str) -> bool:
    """Lay the citation line over the foot of ``pdf``'s first page, as a pagination artifact.  False when it
    does not fit the foot margin (five lines, with a title of some 400 characters): its first page only is
    drawn, and the caller says so."""
    page = pdf.pages[0]
    x0, y0, x1, _ = (float(v) for v in page.MediaBox)
    data = citation_pdf(issue, citation_html(issue, article, first, last, x1 - x0), cache, environment)
    with pikepdf.open(io.BytesIO(data)) as line:
        form = pdf.copy_foreign(line.pages[0].as_form_xobject())
        whole = len(line.pages) == 1
    # a name of its own, never a random one (pikepdf's prefix= draws one): the same source, the same bytes
    used = set(page.obj.get("/Resources", {}).get("/XObject", {}).keys())
    name = next(n for n in (f"/HpCitation{i or ''}" for i in range(len(used) + 1)) if n not in used)
    page.add_resource(form, Name.XObject, name=Name(name))
    page.contents_add(b"q\n", prepend=True)  # the page's own drawing cannot move the line
    page.contents_add(f"\nQ\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC q 1 0 0 1 {x0:g} {y0:g} cm "
                      f"{name} Do Q EMC\n".encode("ascii"), prepend=False)
    return whole
