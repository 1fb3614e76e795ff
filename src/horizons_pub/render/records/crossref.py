"""The Crossref deposit of an issue: the journal, the issue and every article of its flatplan, with their
titles, contributors, page ranges from the laid-out pages, DOIs and landing pages (Crossref's metadata
input schema 5.4.0, vendored in ``schemas/crossref/``; docs/platforms.md, « Crossref »).

Only written when ``distribution: doi_prefix`` is given (``render/platforms.py`` checks) and the
articles have a landing page (``url_pattern``): Crossref refuses a DOI without its ``resource``, so
without a pattern nothing is deposited and the build says so, rather than sending every DOI to one page.
The bytes depend on the model, the pages and ``when`` only: never on the clock."""

from __future__ import annotations

import datetime as _dt

from lxml import etree

from ...model.bylines import split_name
from ...model.distribution import article_doi, article_url, issue_doi, issue_url
from ...model.identity import base_name, platform_articles
from ...model.nodes import (
    INLINE_CONTAINERS,
    Article,
    Emph,
    Inline,
    Issue,
    Person,
    Role,
    SmallCaps,
    Strong,
    Subscript,
    Superscript,
    plain_text,
)
from ..pages import PageMap
from .elements import in_namespace

VERSION = "5.4.0"
#: the main file of the schema under ``schemas/`` (support/xmlschemas.py ``validate``)
CROSSREF_SCHEMA = f"crossref/crossref{VERSION}.xsd"
NS = f"http://www.crossref.org/schema/{VERSION}"
_q, _sub = in_namespace(NS)
JATS = "http://www.ncbi.nlm.nih.gov/JATS1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_URL = f"https://www.crossref.org/schemas/crossref{VERSION}.xsd"

#: Crossref's ``contributor_role`` of each role; the dossier's contributors (listed on its opener) are
#: credited in their own articles, not as the opener's authors
ROLES = {Role.AUTHOR: "author", Role.INTERVIEWEE: "author", Role.INTERVIEWER: "author", Role.COORDINATOR: "editor"}
#: Crossref's face markup for the inline nodes that have one (titles only); the others give their text
FACES = {Emph: "i", Strong: "b", SmallCaps: "scp", Superscript: "sup", Subscript: "sub"}


class CrossrefError(ValueError):
    """The issue cannot be deposited (no DOI prefix, no depositor, no landing page for the articles)."""


def deposit_problem(issue: Issue) -> str | None:
    """Why the issue's deposit cannot be written (an editor's message), None when it can."""
    dist = issue.distribution
    if not dist.doi_prefix:
        return "no 'distribution: doi_prefix' is given: there is nothing to register"
    if dist.depositor is None:
        return "no 'distribution: depositor' is given: a deposit names who sends it"
    if not dist.url_pattern:
        return ("no 'distribution: url_pattern' is given: Crossref registers a DOI only with the address of its "
                "landing page; give the articles' address, e.g. url_pattern: "
                "\"https://www.example.fr/revue/{number}/{id}\"")
    return None


def crossref_deposit(issue: Issue, pages: PageMap, when: _dt.datetime) -> bytes:
    """The deposit's XML (UTF-8). Raises :class:`CrossrefError` when :func:`deposit_problem` says why not."""
    problem = deposit_problem(issue)
    if problem:
        raise CrossrefError(problem)
    root = etree.Element(_q("doi_batch"), nsmap={None: NS, "jats": JATS, "xsi": XSI})
    root.set("version", VERSION)
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {SCHEMA_URL}")
    _head(etree.SubElement(root, _q("head")), issue, when)
    journal = etree.SubElement(etree.SubElement(root, _q("body")), _q("journal"))
    _journal_metadata(journal, issue)
    _journal_issue(journal, issue)
    for article_id in platform_articles(issue):
        _journal_article(journal, issue, issue.article(article_id), pages)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def batch_id(issue: Issue, when: _dt.datetime) -> str:
    """``horizons-publics-38-20240301000000``: the same for the same issue and build date."""
    return f"{base_name(issue)}-{_stamp(when)}"


def _stamp(when: _dt.datetime) -> str:
    utc = when.astimezone(_dt.UTC) if when.tzinfo else when
    return utc.strftime("%Y%m%d%H%M%S")


def _head(head: etree._Element, issue: Issue, when: _dt.datetime) -> None:
    dist = issue.distribution
    _sub(head, "doi_batch_id", batch_id(issue, when))
    # Crossref keeps a deposit only when its timestamp is greater than the last one's: the build's date
    # (SOURCE_DATE_EPOCH, else the issue's) grows with every new build of a changed source
    _sub(head, "timestamp", _stamp(when))
    depositor = _sub(head, "depositor")
    _sub(depositor, "depositor_name", dist.depositor.name)
    _sub(depositor, "email_address", dist.depositor.email)
    _sub(head, "registrant", dist.registrant or issue.publisher)


def _journal_metadata(journal: etree._Element, issue: Issue) -> None:
    meta = _sub(journal, "journal_metadata", language=_language(issue))
    _sub(meta, "full_title", issue.magazine)
    if issue.issn:
        _sub(meta, "issn", issue.issn, media_type="print")
    if issue.distribution.eissn:
        _sub(meta, "issn", issue.distribution.eissn, media_type="electronic")


def _journal_issue(journal: etree._Element, issue: Issue) -> None:
    dist = issue.distribution
    el = _sub(journal, "journal_issue")
    contributors = _sub(el, "contributors")
    _person(contributors, issue.editor_in_chief, None, "editor", "first")
    titles = _sub(el, "titles")
    _title(_sub(titles, "title"), issue.title)
    _dates(el, issue)
    _sub(el, "issue", str(issue.number))
    doi, url = issue_doi(issue.number, dist), issue_url(issue.number, dist)
    if doi and url:  # the issue's DOI only with its own landing page (never an article's)
        _doi_data(el, doi, url)


def _journal_article(journal: etree._Element, issue: Issue, article: Article, pages: PageMap) -> None:
    dist = issue.distribution
    el = _sub(journal, "journal_article", publication_type="full_text", language=_language(issue))
    _title(_sub(_sub(el, "titles"), "title"), article.title)
    people = _credited(article)
    if people:
        contributors = _sub(el, "contributors")
        for n, person in enumerate(people):
            _person(contributors, person.name, person.orcid, ROLES[person.role], "first" if n == 0 else "additional")
    if article.standfirst:
        abstract = etree.SubElement(el, f"{{{JATS}}}abstract")
        abstract.set(XML_LANG, _language(issue))
        etree.SubElement(abstract, f"{{{JATS}}}p").text = plain_text(article.standfirst)
    _dates(el, issue)
    first, last = pages.page_range(article.id)
    page_el = _sub(el, "pages")
    _sub(page_el, "first_page", str(first))
    _sub(page_el, "last_page", str(last))
    _doi_data(el, article_doi(issue.number, article.id, dist), article_url(issue.number, article.id, dist))


def _credited(article: Article) -> list[Person]:
    """The article's people Crossref credits, in the source's order, each once (the first role they have)."""
    seen: set[str] = set()
    out = []
    for person in article.people:
        if person.role in ROLES and person.name not in seen:
            seen.add(person.name)
            out.append(person)
    return out


def _person(parent: etree._Element, name: str, orcid: str | None, role: str, sequence: str) -> None:
    el = _sub(parent, "person_name", sequence=sequence, contributor_role=role)
    split = split_name(name)
    if split.given:
        _sub(el, "given_name", split.given)
    _sub(el, "surname", split.surname)
    if orcid:
        _sub(el, "ORCID", f"https://orcid.org/{orcid}")


def _dates(parent: etree._Element, issue: Issue) -> None:
    """The issue's date for both editions: the printed issue and the EPUB and PDFs come out together."""
    for media in ("print", "online"):
        date = _sub(parent, "publication_date", media_type=media)
        _sub(date, "month", f"{issue.date.month:02d}")
        _sub(date, "day", f"{issue.date.day:02d}")
        _sub(date, "year", str(issue.date.year))


def _doi_data(parent: etree._Element, doi: str, url: str) -> None:
    data = _sub(parent, "doi_data")
    _sub(data, "doi", doi)
    _sub(data, "resource", url)


def _language(issue: Issue) -> str:
    return issue.language.split("-")[0].lower()


def _title(el: etree._Element, inlines: tuple[Inline, ...]) -> None:
    """Crossref's title with its face markup (italics, small capitals…); notes dropped."""
    last: etree._Element | None = None

    def text(value: str) -> None:
        if last is None:
            el.text = (el.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for node in inlines:
        face = FACES.get(type(node))
        if face:
            last = _sub(el, face)
            _title(last, node.children)
        elif isinstance(node, INLINE_CONTAINERS):
            if len(node.children):  # a link, a foreign phrase, a capitalised word: their text, flattened
                text(plain_text(node.children))
        else:
            text(plain_text((node,)))
