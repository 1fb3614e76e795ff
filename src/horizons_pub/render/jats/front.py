"""An article's ``front``: the journal's metadata (``journal-meta``) and the article's (``article-meta``),
from the model and the pages the layout gave; nothing the source does not say is made up (no ISSN, DOI or
volume when there is none).  docs/platforms.md (« JATS ») says which JATS4R recommendations this follows."""

from __future__ import annotations

from lxml import etree

from ...model.bylines import split_name
from ...model.distribution import article_doi, article_url
from ...model.identity import MARC_ROLES, article_file, slug
from ...model.nodes import Article, Issue, Kind, Person, Role
from ..pages import PageMap
from .body import HREF, JatsWriter, sub

#: the article's kind → ``@article-type`` (JATS's suggested values where one fits; the interview has none)
ARTICLE_TYPES = {Kind.EDITORIAL: "editorial", Kind.INTERVIEW: "interview", Kind.OPENER: "introduction",
                 Kind.BRIEF: "in-brief", Kind.ARTICLE: "other"}
#: the role → ``contrib/@contrib-type`` (JATS4R: an author's is « author »)
CONTRIB_TYPES = {Role.AUTHOR: "author", Role.INTERVIEWEE: "interviewee", Role.INTERVIEWER: "interviewer",
                 Role.COORDINATOR: "editor", Role.CONTRIBUTOR: "contributor"}
#: the role's term in the MARC relator list (its code is in model/identity.py), the ``role``'s vocabulary
MARC_TERMS = {Role.AUTHOR: "Author", Role.INTERVIEWEE: "Interviewee", Role.INTERVIEWER: "Interviewer",
              Role.COORDINATOR: "Editor of compilation", Role.CONTRIBUTOR: "Contributor"}
MARC_VOCABULARY = "http://id.loc.gov/vocabulary/relators"
ORCID_URL = "https://orcid.org/"
IDREF_URL = "https://www.idref.fr/"
#: a name is split into given names and surname only when it is two words, neither a particle, each a
#: capitalised word (hyphens and apostrophes inside): « Camille Girard-Chanudet »; else it is a string-name


def journal_meta(front: etree._Element, issue: Issue) -> None:
    meta = sub(front, "journal-meta")
    sub(meta, "journal-id", slug(issue.magazine), journal_id_type="publisher-id")
    sub(sub(meta, "journal-title-group"), "journal-title", issue.magazine)
    if issue.issn:
        sub(meta, "issn", issue.issn, publication_format="print")
    if issue.distribution.eissn:
        sub(meta, "issn", issue.distribution.eissn, publication_format="electronic")
    sub(sub(meta, "publisher"), "publisher-name", issue.publisher)


def article_meta(front: etree._Element, issue: Issue, article: Article, pages: PageMap, writer: JatsWriter) -> None:
    meta = sub(front, "article-meta")
    sub(meta, "article-id", article.id, pub_id_type="publisher-id")
    doi = article_doi(issue.number, article.id, issue.distribution)
    if doi:
        sub(meta, "article-id", doi, pub_id_type="doi")
    if article.rubric:  # the rubric under its parents: Dossier → Sur le terrain
        parent = sub(meta, "article-categories")
        for index, rubric in enumerate(issue.rubric_path(article.rubric)):
            parent = sub(parent, "subj-group")
            if index == 0:  # the heading the article is listed under (the sommaire's)
                parent.set("subj-group-type", "heading")
            sub(parent, "subject", rubric.title)
    titles = sub(meta, "title-group")
    with writer.allowing_breaks():
        writer.inlines(sub(titles, "article-title"), article.title)
        if article.short_title:
            writer.inlines(sub(titles, "alt-title", alt_title_type="running-head"), article.short_title)
    if article.people:
        group = sub(meta, "contrib-group")
        for person in article.people:
            contributor(group, person, writer)
    for form in ("print", "electronic"):  # the issue's date: both editions appear with the issue
        date = sub(meta, "pub-date", publication_format=form, date_type="pub", iso_8601_date=issue.date.isoformat())
        sub(date, "day", f"{issue.date.day:02d}")
        sub(date, "month", f"{issue.date.month:02d}")
        sub(date, "year", str(issue.date.year))
    sub(meta, "issue", str(issue.number))
    with writer.allowing_breaks():
        writer.inlines(sub(meta, "issue-title"), issue.title)
    if issue.isbn:
        sub(meta, "isbn", issue.isbn, publication_format="print")
    if issue.isbn_epub:
        sub(meta, "isbn", issue.isbn_epub, publication_format="electronic")
    first, last = pages.page_range(article.id)
    sub(meta, "fpage", str(first))
    sub(meta, "lpage", str(last))
    permissions = sub(meta, "permissions")
    sub(permissions, "copyright-statement", issue.rights)
    sub(permissions, "copyright-year", str(issue.date.year))
    url = article_url(issue.number, article.id, issue.distribution)
    if url:
        sub(meta, "self-uri").set(HREF, url)
    # the article's PDF, cut from the screen edition, beside this file (the ``articles`` format writes both)
    pdf = sub(meta, "self-uri", content_type="pdf")
    pdf.set(HREF, article_file(article.id, "pdf").split("/", 1)[1])
    if article.standfirst:
        with writer.allowing_breaks(False):
            writer.inlines(sub(sub(meta, "abstract"), "p"), article.standfirst)


def contributor(group: etree._Element, person: Person, writer: JatsWriter) -> None:
    contrib = sub(group, "contrib", contrib_type=CONTRIB_TYPES[person.role])
    if person.orcid:  # JATS4R: the ORCID as its https address; not authenticated by the magazine
        sub(contrib, "contrib-id", ORCID_URL + person.orcid, contrib_id_type="orcid", authenticated="false")
    if person.idref:
        sub(contrib, "contrib-id", IDREF_URL + person.idref, contrib_id_type="idref")
    split = split_name(person.name)
    if split.certain and split.given:
        name = sub(contrib, "name", name_style="western")
        sub(name, "surname", split.surname)
        sub(name, "given-names", split.given)
    else:
        sub(contrib, "string-name", person.name)
    code = MARC_ROLES[person.role]
    sub(contrib, "role", MARC_TERMS[person.role], vocab="MARC relators", vocab_identifier=MARC_VOCABULARY,
        vocab_term=MARC_TERMS[person.role], vocab_term_identifier=f"{MARC_VOCABULARY}/{code}")
    if person.description:  # « maire de Sceaux, … »: who the person is, as the magazine prints it
        with writer.allowing_breaks(False):
            writer.inlines(sub(sub(contrib, "bio"), "p"), person.description)


def article_type(article: Article) -> str:
    return ARTICLE_TYPES[article.kind]
