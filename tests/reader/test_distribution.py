"""What the platforms, Crossref and the bookshops read beyond the text (issue 17): the ``distribution:`` block
of issue.yaml, the ISSNs and ISBNs by their check digits (python-stdnum), and the people's ORCID and IdRef.

Every refusal is said as the editor sees it, ``path:line: error: message [code]``, at the key's own line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import issue_yaml_text, line_of, messages, write_issue
from helpers.hostile_cases import good_issue
from helpers.hostile_metadata import CASES, EXPECTED

from horizons_pub.model.distribution import NONE, Depositor, Distribution, article_doi, article_url, issue_doi
from horizons_pub.reader.distribution import KEYS, ppn_check
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter

ROOT = Path(__file__).resolve().parents[2]
Y, A = "hp-test/issue.yaml", "hp-test/articles/a.md"
URL = "  url_pattern: \"https://www.horizonspublics.fr/revue/{number}/{id}\"\n"
DEPOSITOR = ("  depositor: {name: Berger-Levrault, email: crossref@horizonspublics.fr}\n"
             "  url_pattern: \"https://www.horizonspublics.fr/revue/{number}/{id}\"\n")


def read(folder: Path):
    reporter = Reporter(echo=False)
    return read_issue(folder, reporter), messages(reporter)


def with_block(workdir: Path, block: str = "", top: str = "") -> tuple[Path, str]:
    """An issue whose issue.yaml ends with ``block`` (a ``distribution:`` block) and holds ``top`` before
    ``publisher:`` (``issn: …``); the folder and the text."""
    text = issue_yaml_text().replace("publisher:", top + "publisher:", 1) + block
    return write_issue(workdir, issue_yaml=text), text


def error(text: str, needle: str, message: str, code: str, path: str = Y) -> str:
    return f"{path}:{line_of(text, needle)}: error: {message} [{code}]"


# -- the block, read ------------------------------------------------------------------------------------------


def test_without_the_block_nothing_is_distributed(workdir):
    issue, said = read(with_block(workdir)[0])
    assert said == [] and issue.distribution is NONE and issue.distribution.doi_prefix is None
    assert article_doi(99, "a", issue.distribution) is None and issue_doi(99, issue.distribution) is None


def test_every_key_read_and_written_as_the_records_want_it(workdir):
    folder, _ = with_block(workdir, top="issn: 2557 4809\n", block=(
        "distribution:\n"
        "  eissn: '25574817'\n"
        "  doi_prefix: ' 10.99999 '\n"
        "  doi_pattern: hp.{number}.{id}\n"
        "  doi_issue_pattern: hp-{number}\n"
        "  url_pattern: https://www.horizonspublics.fr/revue/{number}/{id}\n"
        "  issue_url_pattern: https://www.horizonspublics.fr/revue/{number}\n"
        "  epub_price: '9,99'\n"
        "  depositor: {name: Berger-Levrault, email: crossref@horizonspublics.fr}\n"
        "  registrant: ' Berger-Levrault '\n"
        "  citation_line: true\n"))
    issue, said = read(folder)
    assert said == []
    d = issue.distribution
    assert issue.issn == "2557-4809"  # the print ISSN, checked and written with its hyphen
    assert d == Distribution(
        eissn="2557-4817", doi_prefix="10.99999", doi_pattern="hp.{number}.{id}", doi_issue_pattern="hp-{number}",
        url_pattern="https://www.horizonspublics.fr/revue/{number}/{id}",
        issue_url_pattern="https://www.horizonspublics.fr/revue/{number}", epub_price="9.99",
        depositor=Depositor("Berger-Levrault", "crossref@horizonspublics.fr"), registrant="Berger-Levrault",
        citation_line=True, pos=d.pos)
    assert d.pos.line == line_of((folder / "issue.yaml").read_text(encoding="utf-8"), "distribution:")
    assert article_doi(99, "a", d) == "10.99999/hp.99.a" and issue_doi(99, d) == "10.99999/hp-99"
    assert article_url(99, "a", d) == "https://www.horizonspublics.fr/revue/99/a"


def test_an_empty_block_and_blank_keys_keep_the_defaults(workdir):
    issue, said = read(with_block(workdir, "distribution:\n  eissn:\n  citation_line:\n")[0])
    assert said == [] and issue.distribution == Distribution(pos=issue.distribution.pos)


BAD: list[tuple[str, str, str, str]] = [  # (the block's lines, the line said, the message, the code)
    ("eissn: 2557-4818", "eissn:", "'eissn': '2557-4818' is not a valid ISSN: its check digit (the last character) "
     "does not match the others; copy the ISSN from its record (portal.issn.org)", "distribution.issn"),
    ("eissn: 2557-48", "eissn:", "'eissn': '2557-48' is not an ISSN: it is 4 digits, a hyphen, 3 digits and a "
     "check digit (0-9 or X), e.g. 2557-4809", "distribution.issn"),
    ("doi_prefix: \"10.123\"\n" + DEPOSITOR, "doi_prefix:", "'10.123' is not a DOI prefix: it is '10.' and the "
     "registrant's code of 4 to 9 digits, e.g. \"10.3917\", as Crossref gave it (without 'https://doi.org/' nor a "
     "suffix)", "distribution.doi-prefix"),
    ("doi_prefix: https://doi.org/10.3917\n" + DEPOSITOR, "doi_prefix:", "'https://doi.org/10.3917' is not a DOI "
     "prefix: it is '10.' and the registrant's code of 4 to 9 digits, e.g. \"10.3917\", as Crossref gave it "
     "(without 'https://doi.org/' nor a suffix)", "distribution.doi-prefix"),
    ("doi_pattern: hp.{numero}.{id}", "doi_pattern:", "'doi_pattern' 'hp.{numero}.{id}': {numero} is not one of "
     "its placeholders: it may hold only {number} and {id} (the issue's number, the article id)",
     "distribution.pattern"),
    ("doi_pattern: \"hp.{number.{id}\"", "doi_pattern:", "'doi_pattern' 'hp.{number.{id}': a brace '{' or '}' is "
     "left open: a placeholder is {number} or {id}", "distribution.pattern"),
    ("doi_pattern: \"hp.{number}.{id}}\"", "doi_pattern:", "'doi_pattern' 'hp.{number}.{id}}': a brace '{' or '}' "
     "is left open: a placeholder is {number} or {id}", "distribution.pattern"),
    ("doi_pattern: \"hp.{number:04d}.{id}\"", "doi_pattern:", "'doi_pattern' 'hp.{number:04d}.{id}': "
     "{number:04d} is not a placeholder: write {number} or {id}, without a format", "distribution.pattern"),
    ("doi_pattern: hp.{number}", "doi_pattern:", "'doi_pattern' 'hp.{number}' lacks {id}: without it two articles "
     "of the issue would share one DOI (e.g. 'hp.{number}.{id}')", "distribution.pattern"),
    ("doi_pattern: hp.{id}", "doi_pattern:", "'doi_pattern' 'hp.{id}' lacks {number}: without it two issues would "
     "share one DOI (e.g. 'hp.{number}.{id}')", "distribution.pattern"),
    ("doi_pattern: \"hp {number}/{id}#é\"", "doi_pattern:", "'doi_pattern' 'hp {number}/{id}#é' holds ' ', '#', "
     "'é': a DOI suffix may hold only the letters a-z and A-Z, the digits and - . _ ; ( ) / (Crossref's "
     "characters)", "distribution.pattern"),
    ("doi_issue_pattern: hp", "doi_issue_pattern:", "'doi_issue_pattern' 'hp' lacks {number}: without it two "
     "issues would share one DOI (e.g. 'hp.{number}')", "distribution.pattern"),
    ("doi_issue_pattern: hp.{number}.{id}", "doi_issue_pattern:", "'doi_issue_pattern' 'hp.{number}.{id}': {id} "
     "is not one of its placeholders: it may hold only {number} (the issue's number)", "distribution.pattern"),
    ("doi_issue_pattern: hp.{number}.edito", "doi_issue_pattern:", "the issue's DOI ('doi_issue_pattern' "
     "'hp.{number}.edito') would be an article's ('doi_pattern' 'hp.{number}.{id}'): make them differ, e.g. "
     "'hp.{number}' and 'hp.{number}.{id}'", "distribution.pattern"),
    ("url_pattern: www.horizonspublics.fr/{id}", "url_pattern:", "'url_pattern' 'www.horizonspublics.fr/{id}': it "
     "is not an absolute address: start it with https:// and the site's name (e.g. "
     "https://www.horizonspublics.fr/revue/{number}/{id})", "distribution.url"),
    ("url_pattern: https://www.horizonspublics.fr/{number}", "url_pattern:", "'url_pattern' "
     "'https://www.horizonspublics.fr/{number}': it lacks {id}: every article would have the same address (e.g. "
     "https://www.horizonspublics.fr/revue/{number}/{id})", "distribution.url"),
    ("url_pattern: \"https://www.horizonspublics.fr/{number}/ {id}\"", "url_pattern:", "'url_pattern' "
     "'https://www.horizonspublics.fr/{number}/ {id}': an address holds no space, quote, brace or angle bracket "
     "(e.g. https://www.horizonspublics.fr/revue/{number}/{id})", "distribution.url"),
    ("issue_url_pattern: https://www.horizonspublics.fr/{id}", "issue_url_pattern:", "'issue_url_pattern' "
     "'https://www.horizonspublics.fr/{id}': {id} is not one of its placeholders: it may hold only {number} (the "
     "issue's number)", "distribution.url"),
    ("issue_url_pattern: ftp://horizonspublics.fr/{number}", "issue_url_pattern:", "'issue_url_pattern' "
     "'ftp://horizonspublics.fr/{number}': it is not an absolute address: start it with https:// and the site's "
     "name (e.g. https://www.horizonspublics.fr/revue/{number})", "distribution.url"),
    ("epub_price: gratuit", "epub_price:", "'epub_price': 'gratuit' is not a price in euros such as 9.99",
     "distribution.price"),
    ("epub_price: 9.999", "epub_price:", "'epub_price': '9.999' is not a price in euros such as 9.99",
     "distribution.price"),
    ("epub_price: -9.99", "epub_price:", "'epub_price': '-9.99' is not a price in euros such as 9.99",
     "distribution.price"),
    ("depositor: {name: Berger-Levrault, email: crossref@}", "depositor:", "'crossref@' is not an e-mail address "
     "such as crossref@horizonspublics.fr: Crossref sends its reports there", "distribution.depositor"),
    ("depositor: {name: ' ', email: crossref@horizonspublics.fr}", "depositor:", "the depositor's 'name' is blank: "
     "name who sends the deposit (the publisher, or the person in charge)", "distribution.depositor"),
    ("depositor: {name: Berger-Levrault}", "depositor:", "depositor lacks the required key 'email': add "
     "'email: …'", "yaml.missing-key"),
    ("registrant: ' '", "registrant:", "'registrant' is blank: name the organisation that owns the DOIs, or remove "
     "the key (the publisher is then taken)", "distribution.registrant"),
    ("citation_line: oui", "citation_line:", "'citation_line' in distribution must be true or false, not 'oui'",
     "yaml.type"),
    ("eisn: 2557-4817", "eisn:", "unknown key 'eisn' in distribution; did you mean 'eissn'?", "yaml.unknown-key"),
]


@pytest.mark.parametrize("lines, needle, message, code", BAD, ids=[f"{b[3]}-{i}" for i, b in enumerate(BAD)])
def test_each_key_refused_at_its_line(workdir, lines, needle, message, code):
    block = "distribution:\n" + "".join(f"  {line.strip()}\n" for line in lines.splitlines())
    folder, text = with_block(workdir, block)
    issue, said = read(folder)
    assert issue is None and said == [error(text, needle, message, code)]


@pytest.mark.parametrize("given, price", [("9.99", "9.99"), ("9.5", "9.50"), ("12", "12.00"), ("'9,99'", "9.99"),
                                          ("'0.00'", "0.00")])
def test_prices_read_as_the_print_price_is(workdir, given, price):
    issue, said = read(with_block(workdir, f"distribution:\n  epub_price: {given}\n")[0])
    assert said == [] and issue.distribution.epub_price == price


def test_the_block_must_be_a_mapping(workdir):
    folder, text = with_block(workdir, "distribution: oui\n")
    assert read(folder)[1] == [error(text, "distribution:", "'distribution' in issue.yaml must be a mapping, not "
                                     "'oui'", "yaml.type")]


def test_a_doi_prefix_read_as_a_number_is_refused_not_truncated(workdir):
    folder, text = with_block(workdir, "distribution:\n  doi_prefix: 10.1000\n" + DEPOSITOR)
    assert read(folder)[1] == [error(text, "doi_prefix:", "the DOI prefix was read as the number 10.1: put it in "
                                     "double quotes, e.g. doi_prefix: \"10.3917\" (a number loses its final zeros)",
                                     "distribution.doi-prefix")]


@pytest.mark.parametrize("prefix", ["10.1000", "10.99999", "10.123456789", "10.1000.10", "10.3917.2.4"])
def test_doi_prefixes_of_4_to_9_digits_and_subdivisions(workdir, prefix):
    issue, said = read(with_block(workdir, f"distribution:\n  doi_prefix: \"{prefix}\"\n{DEPOSITOR}")[0])
    assert said == [] and issue.distribution.doi_prefix == prefix


@pytest.mark.parametrize("prefix", ["10.123", "10.1234567890", "11.1234", "10.1234/hp", "10.1234.", "10.12a4"])
def test_what_is_no_doi_prefix(workdir, prefix):
    _, said = read(with_block(workdir, f"distribution:\n  doi_prefix: \"{prefix}\"\n{DEPOSITOR}")[0])
    assert len(said) == 1 and said[0].endswith("[distribution.doi-prefix]"), said


def test_a_doi_prefix_needs_a_depositor(workdir):
    folder, text = with_block(workdir, "distribution:\n  doi_prefix: \"10.99999\"\n" + URL)
    assert read(folder)[1] == [error(
        text, "doi_prefix:", "a DOI prefix is given but no depositor: a Crossref deposit names who sends it; add "
        "'depositor: {name: …, email: …}' (the e-mail address receives Crossref's reports), or remove 'doi_prefix'",
        "distribution.depositor")]


def test_a_blank_depositor_is_none(workdir):
    folder, text = with_block(workdir, "distribution:\n  doi_prefix: \"10.99999\"\n  depositor:\n" + URL)
    assert read(folder)[1] == [error(
        text, "doi_prefix:", "a DOI prefix is given but no depositor: a Crossref deposit names who sends it; add "
        "'depositor: {name: …, email: …}' (the e-mail address receives Crossref's reports), or remove 'doi_prefix'",
        "distribution.depositor")]


def test_a_depositor_of_the_wrong_kind_is_said_once(workdir):
    folder, text = with_block(workdir, "distribution:\n  doi_prefix: \"10.99999\"\n  depositor: Berger-Levrault\n" + URL)
    assert read(folder)[1] == [error(text, "depositor:", "'depositor' in distribution must be a mapping, not "
                                     "'Berger-Levrault'", "yaml.type")]


def test_a_broken_depositor_is_said_once_not_also_as_missing(workdir):
    folder, text = with_block(workdir, "distribution:\n  doi_prefix: \"10.99999\"\n  depositor: {name: X, "
                              "email: pas-une-adresse}\n" + URL)
    assert read(folder)[1] == [error(text, "depositor:", "'pas-une-adresse' is not an e-mail address such as "
                                     "crossref@horizonspublics.fr: Crossref sends its reports there",
                                     "distribution.depositor")]


@pytest.mark.parametrize("pattern", ["hp.{number}.{id}", "HP({number});{id}", "hp/{number}/{id}_v1",
                                     "revue-{id}.{number}"])
def test_patterns_of_crossrefs_characters_pass(workdir, pattern):
    issue, said = read(with_block(workdir, f"distribution:\n  doi_pattern: \"{pattern}\"\n")[0])
    assert said == [] and issue.distribution.doi_pattern == pattern


# -- ISSN and ISBN: the check digits, by python-stdnum ---------------------------------------------------------


@pytest.mark.parametrize("issn, shown", [("2557-4809", "2557-4809"), ("25574809", "2557-4809"),
                                         ("2434-009x", "2434-009X"), ("2434-009X", "2434-009X")])
def test_a_true_issn_passes(workdir, issn, shown):
    issue, said = read(with_block(workdir, top=f"issn: \"{issn}\"\n")[0])
    assert said == [] and issue.issn == shown


@pytest.mark.parametrize("issn", ["2557-4808", "2557-4709", "2434-0090", "2434-019X"])
def test_one_digit_changed_fails(workdir, issn):
    folder, text = with_block(workdir, top=f"issn: \"{issn}\"\n")
    assert read(folder)[1] == [error(text, "issn:", f"'{issn}' is not a valid ISSN: its check digit (the last "
                                     "character) does not match the others; copy the ISSN from its record "
                                     "(portal.issn.org)", "issue.issn")]


def test_the_online_issn_is_not_the_print_one(workdir):
    folder, text = with_block(workdir, "distribution:\n  eissn: 2557 4809\n", top="issn: 2557-4809\n")
    assert read(folder)[1] == [error(text, "eissn:", "'eissn' is the print edition's ISSN ('issn: 2557-4809'): the "
                                     "online edition has an ISSN of its own; give it, or remove 'eissn'",
                                     "distribution.issn")]


@pytest.mark.parametrize("isbn, digits", [("978-2-7013-0099-3", "9782701300993"), ("978 2 7013 0099 3",
                                          "9782701300993"), ("9791029099991", "9791029099991")])
def test_a_true_isbn_13_passes(workdir, isbn, digits):
    issue, said = read(with_block(workdir, top=f"isbn: \"{isbn}\"\n")[0])
    assert said == [] and issue.isbn == digits


@pytest.mark.parametrize("isbn", ["978-2-7013-0099-4", "978-2-7013-0098-3",
                                  "977-2557-4800-0",  # a true EAN-13 (a serial's), no ISBN
                                  "2-7013-0099-1",  # a true ISBN-10: the editions take an ISBN-13
                                  "ISBN 978-2-7013-0099-3", "978-2-7013-0099-3-0"])
def test_what_is_no_isbn_13(workdir, isbn):
    folder, text = with_block(workdir, top=f"isbn: \"{isbn}\"\n")
    assert read(folder)[1] == [error(text, "isbn:", f"'{isbn}' is not a valid ISBN-13 (check the digits)",
                                     "issue.isbn")]


# -- ORCID and IdRef on the people of an article ---------------------------------------------------------------


def people_issue(workdir: Path, *lines: str) -> tuple[Path, str]:
    """An article ``a`` whose one author (line 6) has ``lines`` (from line 7)."""
    text = ("---\nrubric: edito\nkind: article\ntitle: Un titre\nauthors:\n  - name: Jeanne Martin\n"
            + "".join(f"    {line}\n" for line in lines) + "---\n\nUn texte.\n")
    return write_issue(workdir, {"a": text}), text


@pytest.mark.parametrize("given, stored", [
    ("0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("http://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("0000000218250097", "0000-0002-1825-0097"),
    ("0000-0002-0000-009x", "0000-0002-0000-009X"),
])
def test_a_true_orcid_passes_and_is_stored_bare(workdir, given, stored):
    issue, said = read(people_issue(workdir, f"orcid: \"{given}\"")[0])
    assert said == [] and issue.article("a").people[0].orcid == stored


@pytest.mark.parametrize("given", ["0000-0002-1825-0098", "0000-0002-1825-0197", "0000-0002-0000-0090"])
def test_an_orcid_with_one_digit_changed_fails(workdir, given):
    folder, text = people_issue(workdir, f"orcid: {given}")
    assert read(folder)[1] == [error(text, "orcid:", f"'{given}' is not a valid ORCID iD: its check digit (the "
                                     "last character) does not match the others; copy the iD from the person's "
                                     "ORCID record", "person.orcid", A)]


@pytest.mark.parametrize("given", ["0000-0002-1825", "orcid:0000-0002-1825-0097", "0000-0002-1825-009Y",
                                   "https://orcid.example/0000-0002-1825-0097"])
def test_what_is_no_orcid(workdir, given):
    folder, text = people_issue(workdir, f"orcid: \"{given}\"")
    assert read(folder)[1] == [error(text, "orcid:", f"'{given}' is not an ORCID iD: write its 16 characters in "
                                     "groups of 4, e.g. 0000-0002-1825-0097 (or its address https://orcid.org/…)",
                                     "person.orcid", A)]


def test_ppn_check_character():
    # two IdRef records' PPNs (026927608 is the example of the brief; 027715078 too a real record's)
    assert ppn_check("02692760") == "8" and ppn_check("02771507") == "8"
    assert ppn_check("12340004") == "X"  # a remainder of 1: 10, written X
    assert all(ppn_check(f"{n:08d}") in "0123456789X" for n in range(0, 10**8, 7_654_321))


@pytest.mark.parametrize("given, stored", [
    ("\"026927608\"", "026927608"), ("183479203", "183479203"),  # nine digits, no leading zero: a number is exact
    ("https://www.idref.fr/026927608", "026927608"), ("http://idref.fr/026927608", "026927608"),
    ("12340004x", "12340004X"),
])
def test_a_true_idref_passes(workdir, given, stored):
    issue, said = read(people_issue(workdir, f"idref: {given}")[0])
    assert said == [] and issue.article("a").people[0].idref == stored


@pytest.mark.parametrize("given", ["026927609", "026927618", "123400040"])
def test_an_idref_with_one_digit_changed_fails(workdir, given):
    folder, text = people_issue(workdir, f"idref: \"{given}\"")
    assert read(folder)[1] == [error(text, "idref:", f"'{given}' is not a valid IdRef identifier: its check "
                                     "character (the last one) does not match the others; copy it from the "
                                     "person's page on idref.fr", "person.idref", A)]


@pytest.mark.parametrize("given", ["02692760", "0269276088", "https://www.idref.fr/autorite/026927608", "PPN026927608"])
def test_what_is_no_idref(workdir, given):
    folder, text = people_issue(workdir, f"idref: \"{given}\"")
    assert read(folder)[1] == [error(text, "idref:", f"'{given}' is not an IdRef identifier: write its 9 "
                                     "characters (8 digits and a check digit or X), e.g. 026927608, or its address "
                                     "https://www.idref.fr/026927608", "person.idref", A)]


def test_an_idref_that_lost_its_zeros_as_a_number_is_refused(workdir):
    folder, text = people_issue(workdir, "idref: 26927608")  # 026927608 typed without quotes, its 0 dropped
    assert read(folder)[1] == [error(text, "idref:", "YAML read the IdRef as the number 26927608, without its "
                                     "leading zeros: put it in double quotes, e.g. idref: \"026927608\"",
                                     "person.idref", A)]


def test_identifiers_are_optional_and_a_string_author_has_none(workdir):
    text = "---\nrubric: edito\nkind: article\ntitle: Un titre\nauthors:\n  - Jeanne Martin\n---\n"
    issue, said = read(write_issue(workdir, {"a": text}))
    assert said == [] and (issue.article("a").people[0].orcid, issue.article("a").people[0].idref) == (None, None)


# -- hostile sources (helpers/hostile_metadata.py; test_hostile.py builds them through the command) ------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_metadata_read(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = good_issue(Path("."))
    CASES[case](folder)
    issue, said = read(folder)
    assert issue is None and said == EXPECTED[case]


# -- the realistic issue, the documentation, the template ------------------------------------------------------


def test_the_magazine_issue_gives_every_key(monkeypatch):
    monkeypatch.chdir(ROOT / "tests" / "data")
    issue, said = read(Path("magazine"))
    assert said == []
    d = issue.distribution
    assert (issue.issn, d.eissn, d.doi_prefix, d.epub_price, issue.printing.price) == (
        "2557-4809", "2557-4817", "10.99999", "9.99", "15.00")
    assert d.depositor == Depositor("Berger-Levrault", "crossref@horizonspublics.fr") and d.citation_line
    assert article_doi(issue.number, "kessler", d) == "10.99999/hp.99.kessler"
    assert issue_doi(issue.number, d) == "10.99999/hp.99"
    assert article_url(issue.number, "gand", d) == "https://www.horizonspublics.fr/revue/99/gand"
    ids = {(a.id, p.name): (p.orcid, p.idref) for a in issue.articles for p in a.people if p.orcid or p.idref}
    assert ids[("kessler", "Amina Kessler")] == ("0000-0003-1415-9269", "031384528")  # its address in the source
    assert ids[("martin", "Jean-Baptiste Martin")] == ("0000-0002-7182-8185", None)  # its address in the source
    assert ids[("budgets", "Nadia Belkacem")] == ("0000-0002-1825-0097", "183479203")
    assert ids[("piscine", "Mathilde Roux")] == ("0000-0001-6180-3390", None)
    # one person, one identifier, in every article she signs
    by_name: dict[str, set] = {}
    for (_, name), value in ids.items():
        by_name.setdefault(name, set()).add(value)
    assert all(len(values) == 1 for values in by_name.values()), by_name


def test_every_key_is_documented():
    doc = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("Distribution: ISSN, DOIs, prices, Crossref"):]
    section = section[:section.index("\n### ")]
    for key in [*KEYS, "name", "email"]:
        assert re.search(rf"^\| `{key}` \|", section, re.M) or key in ("name", "email"), key
        assert f"`{key}`" in section, f"'{key}' is not documented in source-format.md's section"
    people = doc[doc.index("### People: `authors`"):]
    people = people[:people.index("\n### ")]
    for key in ("orcid", "idref"):
        assert re.search(rf"^\| `{key}` \|", people, re.M), f"'{key}' has no row in the people's section"


def test_the_templates_block_uncommented_reads(tmp_path, monkeypatch):
    """The commented ``distribution:`` of the new-issue template, its « … » filled in, is a block the reader
    takes as it is: the keys an editor uncomments are the keys the reader knows."""
    monkeypatch.chdir(tmp_path)
    template = (ROOT / "layouts" / "new-issue" / "issue.yaml").read_text(encoding="utf-8")
    lines = template[template.index("# distribution:"):].splitlines()
    block = "\n".join(line[2:] for line in lines if line.startswith("# ")) + "\n"
    block = (block.replace("eissn: …", "eissn: 2557-4817").replace('"10.…"', '"10.99999"')
             .replace('epub_price: "…"', 'epub_price: "9.99"').replace("email: …", "email: a@horizonspublics.fr"))
    assert "…" not in block.split("#")[0] and "distribution:" in block
    folder = write_issue(Path("."), issue_yaml=issue_yaml_text() + block)
    issue, said = read(folder)
    assert said == [] and issue.distribution.doi_prefix == "10.99999" and issue.distribution.citation_line


def test_a_doi_prefix_needs_the_articles_landing_page(workdir):
    folder, text = with_block(workdir, "distribution:\n  doi_prefix: \"10.99999\"\n"
                              "  depositor: {name: Berger-Levrault, email: crossref@horizonspublics.fr}\n")
    assert read(folder)[1] == [error(
        text, "doi_prefix:", "a DOI prefix is given but no 'url_pattern': Crossref registers a DOI only with the "
        "address of its landing page; give the articles' address, e.g. url_pattern: "
        "\"https://www.horizonspublics.fr/revue/{number}/{id}\", or remove 'doi_prefix'", "distribution.url")]
