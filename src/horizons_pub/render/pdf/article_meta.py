"""What an article's own PDF says of itself (article_pdfs.py): its title, its people, its rubric, and the
issue it comes from with its pages, in the Info dictionary and the XMP.

- Dublin Core: ``dc:title`` the article's title, ``dc:creator`` its people (every role, in the order the
  source gives them), ``dc:description`` its standfirst, ``dc:source`` the issue and the pages (« Horizons
  publics n° 38 – …, mars 2024, p. 4–7 »), ``dc:publisher``, ``dc:language``, and ``dc:identifier`` the
  DOI (``doi:10.…``) when ``distribution.doi_prefix`` gives one;
- PRISM basic 2.0, as publishers' article PDFs carry it and Crossref's guidelines for XMP ask:
  ``prism:publicationName``, ``prism:number`` (the issue), ``prism:coverDate``, ``prism:startingPage``,
  ``prism:endingPage``, ``prism:issn`` / ``prism:eIssn`` when given, ``prism:doi`` and ``prism:url``
  (the DOI's link) with a DOI.  PRISM is not one of PDF/A's predefined schemas: it is declared in the
  XMP's extension schemas (finish.declare_schemas), so the article stays valid PDF/A.
"""

from __future__ import annotations

from lxml import etree
import pikepdf

from ...model import fr
from ...model.distribution import article_doi
from ...model.identity import full_title
from ...model.nodes import Article, Issue, plain_text
from ...support.dates import w3c
from .finish import RDF, Schema, write_xmp
from .job import DocumentMeta

PRISM = "http://prismstandard.org/namespaces/basic/2.0/"
_TEXT = "Text"
PRISM_SCHEMA = Schema("PRISM Basic Metadata", PRISM, "prism", tuple((name, kind, "external", description) for
                      name, kind, description in (
    ("publicationName", _TEXT, "The title of the magazine the article is published in"),
    ("number", _TEXT, "The number of the issue the article is published in"),
    ("coverDate", "Date", "The date on the cover of the issue"),
    ("startingPage", _TEXT, "The first page of the article in the issue"),
    ("endingPage", _TEXT, "The last page of the article in the issue"),
    ("issn", _TEXT, "The ISSN of the printed magazine"),
    ("eIssn", _TEXT, "The ISSN of the online magazine"),
    ("doi", _TEXT, "The Digital Object Identifier of the article"),
    ("url", "URL", "The address the article's DOI resolves to"))))


def article_meta(issue: Issue, article: Article, when) -> DocumentMeta:
    """The Info dictionary's and the XMP's shared fields (finish.set_metadata)."""
    rubric = tuple(r.title for r in issue.rubric_path(article.rubric)) if article.rubric else ()
    return DocumentMeta(title=plain_text(article.title) or article.id,
                        authors=tuple(dict.fromkeys(p.name for p in article.people)),
                        description=plain_text(article.standfirst), keywords=rubric, lang=issue.language,
                        date=w3c(when))


def source_line(issue: Issue, first: int, last: int) -> str:
    """``dc:source``: « Horizons publics n° 38 – Quel(s) numérique(s)…, mars 2024, p. 4–7 »."""
    return f"{full_title(issue)}, {fr.month_year(issue.date)}, {fr.pages_ref(first, last)}"


def add_source(pdf: pikepdf.Pdf, issue: Issue, article: Article, first: int, last: int) -> None:
    """The issue as the article's source, in Dublin Core and PRISM (see the module's docstring)."""
    doi = article_doi(issue.number, article.id, issue.distribution)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:source"] = source_line(issue, first, last)
        xmp["dc:publisher"] = [issue.publisher]
        xmp["dc:language"] = [issue.language]
        if doi:
            xmp["dc:identifier"] = f"doi:{doi}"
    prism = {"publicationName": issue.magazine, "number": str(issue.number), "coverDate": issue.date.isoformat(),
             "startingPage": str(first), "endingPage": str(last), "issn": issue.issn,
             "eIssn": issue.distribution.eissn, "doi": doi, "url": f"{fr.DOI_LINK}{doi}" if doi else None}
    root = etree.fromstring(pdf.Root.Metadata.read_bytes())
    desc = etree.SubElement(root.find(f".//{{{RDF}}}RDF"), f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""},
                            nsmap={"prism": PRISM})
    for name, value in prism.items():
        if value:
            etree.SubElement(desc, f"{{{PRISM}}}{name}").text = value
    write_xmp(pdf, root)
