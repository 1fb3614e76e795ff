"""Hostile cases of issue 17 (the metadata the platforms read): merged into hostile_cases.CASES and EXPECTED.

A pattern is given to ``str.format``: a placeholder that reaches into its value (``{number.__class__}``,
``{id[0]}``) must be refused before any DOI is made of it; an address must be a web page's; a number YAML
reads as a float or as octal must not lose its digits in silence.  Each case breaks a copy of the small issue
``hp-test`` of hostile_cases.good_issue (its issue.yaml has 41 lines; ``distribution:`` is added after them;
the article ``b``'s front matter gets an author)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from helpers import edit_once

Y, B = "hp-test/issue.yaml", "hp-test/articles/b.md"


def _dist(*lines: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with open(folder / "issue.yaml", "a", encoding="utf-8") as out:
            out.write("distribution:\n" + "".join(f"  {line}\n" for line in lines))
    return edit


def _author(*lines: str) -> Callable[[Path], None]:
    """An author on line 6 of b.md, its keys from line 7."""
    def edit(folder: Path) -> None:
        edit_once(folder / "articles" / "b.md", "title: Un article b\n", "title: Un article b\nauthors:\n"
                  "  - name: Jeanne Martin\n" + "".join(f"    {line}\n" for line in lines))
    return edit


CASES: dict[str, Callable[[Path], None]] = {
    "distribution-pattern-attribute": _dist('doi_pattern: "hp.{number.__class__.__mro__}.{id}"'),
    "distribution-pattern-index": _dist('doi_pattern: "hp.{number}.{id[0]}"'),
    "distribution-url-javascript": _dist('url_pattern: "javascript:alert(document.cookie)//{id}"'),
    "distribution-prefix-float": _dist("doi_prefix: 10.1000", "depositor: {name: Berger-Levrault, email: a@b.fr}"),
    "distribution-eissn-check-digit": _dist("eissn: 2557-4818"),
    "distribution-prefix-without-depositor": _dist('doi_prefix: "10.99999"',
                                                   'url_pattern: "https://www.horizonspublics.fr/revue/{number}/{id}"'),
    "person-orcid-check-digit": _author("orcid: 0000-0002-1825-0098"),
    "person-orcid-other-site": _author("orcid: https://orcid.example/0000-0002-1825-0097"),
    "person-idref-octal": _author("idref: 012345670"),
}

_ONLY = "it may hold only {number} and {id} (the issue's number, the article id) [distribution.pattern]"
EXPECTED: dict[str, list[str]] = {
    "distribution-pattern-attribute": [
        f"{Y}:43: error: 'doi_pattern' 'hp.{{number.__class__.__mro__}}.{{id}}': {{number.__class__.__mro__}} is not "
        f"one of its placeholders: {_ONLY}"],
    "distribution-pattern-index": [
        f"{Y}:43: error: 'doi_pattern' 'hp.{{number}}.{{id[0]}}': {{id[0]}} is not one of its placeholders: {_ONLY}"],
    "distribution-url-javascript": [
        f"{Y}:43: error: 'url_pattern' 'javascript:alert(document.cookie)//{{id}}': it is not an absolute address: "
        "start it with https:// and the site's name (e.g. https://www.horizonspublics.fr/revue/{number}/{id}) "
        "[distribution.url]"],
    "distribution-prefix-float": [
        f"{Y}:43: error: the DOI prefix was read as the number 10.1: put it in double quotes, e.g. doi_prefix: "
        "\"10.3917\" (a number loses its final zeros) [distribution.doi-prefix]"],
    "distribution-eissn-check-digit": [
        f"{Y}:43: error: 'eissn': '2557-4818' is not a valid ISSN: its check digit (the last character) does not "
        "match the others; copy the ISSN from its record (portal.issn.org) [distribution.issn]"],
    "distribution-prefix-without-depositor": [
        f"{Y}:43: error: a DOI prefix is given but no depositor: a Crossref deposit names who sends it; add "
        "'depositor: {name: …, email: …}' (the e-mail address receives Crossref's reports), or remove 'doi_prefix' "
        "[distribution.depositor]"],
    "person-orcid-check-digit": [
        f"{B}:7: error: '0000-0002-1825-0098' is not a valid ORCID iD: its check digit (the last character) does not "
        "match the others; copy the iD from the person's ORCID record [person.orcid]"],
    "person-orcid-other-site": [
        f"{B}:7: error: 'https://orcid.example/0000-0002-1825-0097' is not an ORCID iD: write its 16 characters in "
        "groups of 4, e.g. 0000-0002-1825-0097 (or its address https://orcid.org/…) [person.orcid]"],
    "person-idref-octal": [
        f"{B}:7: error: YAML read the IdRef as the number 2739128, without its leading zeros: put it in double "
        "quotes, e.g. idref: \"026927608\" [person.idref]"],
}
