"""What the platforms, the registration agency and the bookshops are told of an issue beyond its text
(``distribution:`` in issue.yaml; docs/source-format.md): the online ISSN, the DOIs and the articles'
addresses, the EPUB's price, who deposits with Crossref, and the citation line of the article PDFs.

Every key is optional: a record that needs one the source does not give is not written (the Crossref
deposit without a DOI prefix), and the build says so."""

from __future__ import annotations

from dataclasses import dataclass

from .inlines import Pos


@dataclass(frozen=True, slots=True)
class Depositor:
    """Who sends the deposit to Crossref (its ``<head>``): a name and an e-mail address for its reports."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Distribution:
    eissn: str | None = None  # the online edition's ISSN, ``1234-567X`` (the print one is ``Issue.issn``)
    doi_prefix: str | None = None  # the registrant's prefix, ``10.3917``; None: no DOI, no Crossref deposit
    #: the DOI's suffix of an article: ``{number}`` (the issue's) and ``{id}`` (the article's) replaced;
    #: never a page number: a DOI must not move when the layout does
    doi_pattern: str = "hp.{number}.{id}"
    doi_issue_pattern: str = "hp.{number}"  # the issue's own DOI suffix
    #: the article's landing page (Crossref's resource, the JATS self-uri): ``{number}``, ``{id}`` replaced
    url_pattern: str | None = None
    issue_url_pattern: str | None = None  # the issue's landing page, ``{number}`` replaced
    epub_price: str | None = None  # in euros, "9.99" (the print price is ``Printing.price``)
    depositor: Depositor | None = None
    registrant: str | None = None  # the organisation that owns the DOIs (default: the publisher)
    citation_line: bool = False  # print « Pour citer cet article … » at the foot of each article PDF's first page
    pos: Pos | None = None


#: what an issue.yaml without ``distribution:`` gives
NONE = Distribution()


def article_doi(number: int, article_id: str, dist: Distribution) -> str | None:
    """``10.3917/hp.38.edito``: the article's DOI, or None without a prefix."""
    if not dist.doi_prefix:
        return None
    return f"{dist.doi_prefix}/{dist.doi_pattern.format(number=number, id=article_id)}"


def issue_doi(number: int, dist: Distribution) -> str | None:
    if not dist.doi_prefix:
        return None
    return f"{dist.doi_prefix}/{dist.doi_issue_pattern.format(number=number)}"


def article_url(number: int, article_id: str, dist: Distribution) -> str | None:
    return dist.url_pattern.format(number=number, id=article_id) if dist.url_pattern else None


def issue_url(number: int, dist: Distribution) -> str | None:
    return dist.issue_url_pattern.format(number=number) if dist.issue_url_pattern else None
