"""The Crossref deposit (render/records/crossref.py), from the models of the realistic magazine issue (a DOI
prefix, URL patterns, a depositor, ORCIDs) and of issue 38 (none of them), on the flatplan's pages: valid
against the vendored Crossref 5.4.0 schema, its DOIs the pattern's, its pages the page map's, and refused by
the schema once tampered with. The built deposit is checked in test_records_built.py."""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

import pytest
from helpers.outputs import HP38, MAGAZINE
from lxml import etree

from horizons_pub.builder.recipe import load_issue
from horizons_pub.render.pages import PageMap
from horizons_pub.render.platforms import platform_articles, platform_outputs
from horizons_pub.render.records.crossref import (
    CROSSREF_SCHEMA,
    NS,
    CrossrefError,
    crossref_deposit,
    deposit_problem,
)
from horizons_pub.model.bylines import split_name
from horizons_pub.support.dates import source_datetime
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.support.xmlschemas import validate

N = {"c": NS, "jats": "http://www.ncbi.nlm.nih.gov/JATS1"}
WHEN = _dt.datetime(2025, 11, 1, tzinfo=_dt.UTC)


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))


@pytest.fixture(scope="module")
def magazine():
    issue = load_issue(MAGAZINE, Reporter(echo=False))
    assert issue is not None and issue.distribution.doi_prefix == "10.99999"
    return issue


@pytest.fixture(scope="module")
def hp38_issue():
    return load_issue(HP38, Reporter(echo=False))


@pytest.fixture(scope="module")
def deposit(magazine) -> bytes:
    return crossref_deposit(magazine, PageMap.planned(magazine), source_datetime(magazine))


#: compiling Crossref's schema (its language and media type lists, JATS, MathML) takes seconds: ``slow``
SCHEMA_TIME = pytest.mark.slow


@SCHEMA_TIME
def test_the_deposit_is_valid_against_crossrefs_schema(deposit):
    assert CROSSREF_SCHEMA == "crossref/crossref5.4.0.xsd"
    assert validate(CROSSREF_SCHEMA, deposit) == []
    assert parse(deposit).get("version") == "5.4.0"


@SCHEMA_TIME
@pytest.mark.parametrize("tamper", [
    lambda root: root.find(".//c:journal_article/c:doi_data/c:resource", N).getparent().remove(
        root.find(".//c:journal_article/c:doi_data/c:resource", N)),  # a DOI without its landing page
    lambda root: setattr(root.find(".//c:ORCID", N), "text", "0000-0002-1825-0097"),  # not an ORCID URL
    lambda root: root.find(".//c:journal_article", N).insert(0, etree.Element(f"{{{NS}}}pages")),  # out of order
    lambda root: setattr(root.find(".//c:journal_article//c:doi", N), "text", "hp.99.edito"),  # no prefix
])
def test_a_tampered_deposit_is_refused(deposit, tamper):
    root = parse(deposit)
    tamper(root)
    assert validate(CROSSREF_SCHEMA, etree.tostring(root)) != []


def test_every_flatplan_article_is_deposited_with_the_patterns_doi_and_url(magazine, deposit):
    articles = parse(deposit).findall(".//c:journal_article", N)
    assert len(articles) == len(platform_articles(magazine)) == 11
    for article_id, el in zip(platform_articles(magazine), articles):
        assert el.findtext("c:doi_data/c:doi", namespaces=N) == f"10.99999/hp.99.{article_id}"
        assert el.findtext("c:doi_data/c:resource", namespaces=N) == \
            f"https://www.horizonspublics.fr/revue/99/{article_id}"
    issue_el = parse(deposit).find(".//c:journal_issue", N)
    assert issue_el.findtext("c:doi_data/c:doi", namespaces=N) == "10.99999/hp.99"
    assert issue_el.findtext("c:issue", namespaces=N) == "99"


def test_the_pages_are_the_page_maps(magazine):
    pages = PageMap.planned(magazine)
    pages.ends["gand"] = 8  # a layout whose slot ends before the flatplan's next article
    root = parse(crossref_deposit(magazine, pages, WHEN))
    got = {el.findtext("c:doi_data/c:doi", namespaces=N).rsplit(".", 1)[1]:
           (int(el.findtext("c:pages/c:first_page", namespaces=N)), int(el.findtext("c:pages/c:last_page", namespaces=N)))
           for el in root.iterfind(".//c:journal_article", N)}
    assert got["gand"] == (6, 8)
    assert got["kessler"] == (10, 17) and got["edito"] == (2, 2) and got["bibliotheques"] == (40, 43)
    assert got == {a: pages.page_range(a) for a in platform_articles(magazine)}


def test_head_journal_and_contributors(magazine, deposit):
    root = parse(deposit)
    assert root.findtext("c:head/c:doi_batch_id", namespaces=N) == "horizons-publics-99-20251101000000"
    assert root.findtext("c:head/c:timestamp", namespaces=N) == "20251101000000"
    assert root.findtext("c:head/c:depositor/c:email_address", namespaces=N) == "crossref@horizonspublics.fr"
    assert root.findtext("c:head/c:registrant", namespaces=N) == "Berger-Levrault"
    issns = {el.get("media_type"): el.text for el in root.iterfind(".//c:journal_metadata/c:issn", N)}
    assert issns == {"print": "2557-4809", "electronic": "2557-4817"}
    interview = root.findall(".//c:journal_article", N)[platform_articles(magazine).index("kessler")]
    people = interview.findall("c:contributors/c:person_name", N)
    assert [(p.get("sequence"), p.findtext("c:surname", namespaces=N), p.findtext("c:ORCID", namespaces=N))
            for p in people] == [("first", "Kessler", "https://orcid.org/0000-0003-1415-9269"),
                                 ("additional", "Bellec", None)]
    assert interview.find("jats:abstract/jats:p", N).text.startswith("Économiste, spécialiste")
    # the dossier's opener credits its coordinator as editor, not the contributors it lists
    opener = root.findall(".//c:journal_article", N)[platform_articles(magazine).index("dossier")]
    assert [(p.get("contributor_role"), p.findtext("c:surname", namespaces=N))
            for p in opener.iterfind("c:contributors/c:person_name", N)] == [("editor", "Roux")]


def test_the_bytes_depend_on_the_date_given_never_the_clock(magazine):
    pages = PageMap.planned(magazine)
    one = crossref_deposit(magazine, pages, WHEN)
    assert crossref_deposit(magazine, pages, WHEN) == one
    later = crossref_deposit(magazine, pages, WHEN + _dt.timedelta(days=1, seconds=5))
    assert later != one and parse(later).findtext("c:head/c:timestamp", namespaces=N) == "20251102000005"


def test_without_url_pattern_the_deposit_is_refused(magazine):
    """The reader refuses a DOI prefix without url_pattern (distribution.url, tests/reader/test_distribution.py);
    a model made otherwise is refused here too, rather than registering DOIs without a landing page."""
    no_url = replace(magazine, distribution=replace(magazine.distribution, url_pattern=None))
    assert "url_pattern" in deposit_problem(no_url)
    with pytest.raises(CrossrefError):
        crossref_deposit(no_url, PageMap.planned(no_url), WHEN)


def test_without_doi_prefix_no_deposit_is_written(hp38_issue, tmp_path):
    assert hp38_issue.distribution.doi_prefix is None
    outputs = platform_outputs(hp38_issue, tmp_path, ["records"], PageMap.planned(hp38_issue))
    assert [p.name for p, _ in outputs] == ["horizons-publics-38-onix.xml"]
    with pytest.raises(CrossrefError):
        crossref_deposit(hp38_issue, PageMap.planned(hp38_issue), WHEN)


def test_names_split_at_the_first_word():
    assert split_name("Jean-Marc Ayrault")[:2] == ("Jean-Marc", "Ayrault")
    assert split_name("Marie de La Tour")[:2] == ("Marie", "de La Tour")
    assert split_name("Anne Le Goff")[:2] == ("Anne", "Le Goff")
    assert split_name("Nadar")[:2] == (None, "Nadar")
