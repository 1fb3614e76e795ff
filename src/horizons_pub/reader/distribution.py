"""``distribution:`` in issue.yaml (what the platforms, Crossref and the bookshops are told: the online ISSN,
the DOIs and the articles' addresses, the EPUB's price, who deposits with Crossref), and the standard
numbers of the source checked by their check digits: ISSN, ORCID and IdRef (the ISBN is issue.py's).

docs/source-format.md, « Distribution: ISSN, DOIs, prices, Crossref », says every key."""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from stdnum import issn as _issn
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_11_2

from ..model.distribution import NONE, Depositor, Distribution
from ..model.nodes import Pos
from ..support.diagnostics import Reporter
from .printing import read_price
from .textchecks import quoted
from .yamlsrc import Fields, check_mapping

KEYS: dict[str, type | tuple[type, ...]] = {
    "eissn": str, "doi_prefix": (str, float), "doi_pattern": str, "doi_issue_pattern": str,
    "url_pattern": str, "issue_url_pattern": str, "epub_price": (str, int, float), "depositor": dict,
    "registrant": str, "citation_line": bool,
}
#: ``10.`` then the registrant's code, 4 to 9 digits, then optional subdivisions (``10.1000.10``)
DOI_PREFIX = re.compile(r"10\.\d{4,9}(?:\.\d+)*")
#: the characters Crossref accepts in a DOI's suffix ("a-z, A-Z, 0-9 and -._;()/")
DOI_SUFFIX = re.compile(r"[A-Za-z0-9\-._;()/]+")
FIELDS = frozenset({"number", "id"})  # what a pattern may name
ARTICLE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # as reader/issue.py takes a file name
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
ORCID = re.compile(r"(?:https?://(?:www\.)?orcid\.org/)?(\d{4}-?\d{4}-?\d{4}-?\d{3}[\dXx])")
IDREF = re.compile(r"(?:https?://(?:www\.)?idref\.fr/)?(\d{8}[\dXx])")


def read_distribution(f: Fields, shown: str, print_issn: str | None, reporter: Reporter) -> Distribution:
    """The ``distribution:`` block of issue.yaml (every key optional), each key checked at its line;
    ``NONE`` without it.  A key refused is left at its default, after its error."""
    if "distribution" not in f:
        return NONE
    pos = f.pos("distribution")
    raw = f.get("distribution")
    depositor_given = isinstance(raw, dict) and raw.get("depositor") is not None  # (refused: said already)
    d = check_mapping(f.get("distribution"), shown, pos, "distribution", reporter, required={}, optional=KEYS)
    if d is None:
        return NONE
    eissn, problem = read_issn(d.get("eissn"))
    if problem:
        reporter.error("distribution.issn", f"'eissn': {problem}", d.pos("eissn"))
    if eissn and eissn == print_issn:
        reporter.error("distribution.issn", f"'eissn' is the print edition's ISSN ('issn: {print_issn}'): the "
                       "online edition has an ISSN of its own; give it, or remove 'eissn'", d.pos("eissn"))
        eissn = None
    prefix = _doi_prefix(d, reporter)
    doi_pattern = _pattern(d, "doi_pattern", NONE.doi_pattern, FIELDS, reporter)
    issue_pattern = _pattern(d, "doi_issue_pattern", NONE.doi_issue_pattern, frozenset({"number"}), reporter)
    if _same_doi(doi_pattern, issue_pattern):
        reporter.error("distribution.pattern", f"the issue's DOI ('doi_issue_pattern' {_shown(issue_pattern)}) "
                       f"would be an article's ('doi_pattern' {_shown(doi_pattern)}): make them differ, e.g. "
                       f"{quoted(NONE.doi_issue_pattern)} and {quoted(NONE.doi_pattern)}",
                       d.pos("doi_issue_pattern" if "doi_issue_pattern" in d else "doi_pattern"))
        doi_pattern, issue_pattern = NONE.doi_pattern, NONE.doi_issue_pattern
    url_pattern = _url(d, "url_pattern", FIELDS, reporter)
    issue_url = _url(d, "issue_url_pattern", frozenset({"number"}), reporter)
    price, problem = read_price(d.get("epub_price"), "9.99")
    if problem:
        reporter.error("distribution.price", f"'epub_price': {problem}", d.pos("epub_price"))
    depositor = _depositor(d, shown, reporter)
    if prefix and not depositor_given:
        reporter.error("distribution.depositor", "a DOI prefix is given but no depositor: a Crossref deposit "
                       "names who sends it; add 'depositor: {name: …, email: …}' (the e-mail address receives "
                       "Crossref's reports), or remove 'doi_prefix'", d.pos("doi_prefix"))
    if prefix and "url_pattern" not in d:
        reporter.error("distribution.url", "a DOI prefix is given but no 'url_pattern': Crossref registers a DOI "
                       "only with the address of its landing page; give the articles' address, e.g. url_pattern: "
                       "\"https://www.horizonspublics.fr/revue/{number}/{id}\", or remove 'doi_prefix'",
                       d.pos("doi_prefix"))
    registrant = d.get("registrant")
    if registrant is not None and not registrant.strip():
        reporter.error("distribution.registrant", "'registrant' is blank: name the organisation that owns the "
                       "DOIs, or remove the key (the publisher is then taken)", d.pos("registrant"))
        registrant = None
    return Distribution(
        eissn=eissn, doi_prefix=prefix, doi_pattern=doi_pattern, doi_issue_pattern=issue_pattern,
        url_pattern=url_pattern, issue_url_pattern=issue_url, epub_price=price, depositor=depositor,
        registrant=registrant.strip() if registrant else None, citation_line=d.get("citation_line", False),
        pos=pos,
    )


def read_issn(value: str | None) -> tuple[str | None, str | None]:
    """(an ISSN checked, its length and its check digit (python-stdnum), written ``2557-4809``; the
    problem to say when it is refused, or None)."""
    if value is None:
        return None, None
    compact = _issn.compact(value)
    try:
        return _issn.format(_issn.validate(value)), None
    except ValidationError:
        if len(compact) == 8 and compact[:7].isdigit() and compact[7] in "0123456789X":
            return None, (f"{_shown(value)} is not a valid ISSN: its check digit (the last character) does not "
                          "match the others; copy the ISSN from its record (portal.issn.org)")
        return None, (f"{_shown(value)} is not an ISSN: it is 4 digits, a hyphen, 3 digits and a check digit "
                      "(0-9 or X), e.g. 2557-4809")


def orcid(value: str, pos: Pos, reporter: Reporter) -> str | None:
    """An ORCID iD, given bare (``0000-0002-1825-0097``) or as its address (``https://orcid.org/…``),
    its check digit (ISO 7064 MOD 11-2) checked; written ``0000-0002-1825-0097``."""
    match = ORCID.fullmatch(value.strip())
    if match is None:
        reporter.error("person.orcid", f"{_shown(value)} is not an ORCID iD: write its 16 characters in "
                       "groups of 4, e.g. 0000-0002-1825-0097 (or its address https://orcid.org/…)", pos)
        return None
    digits = match[1].replace("-", "").upper()
    if not mod_11_2.is_valid(digits):
        reporter.error("person.orcid", f"{_shown(value)} is not a valid ORCID iD: its check digit (the last "
                       "character) does not match the others; copy the iD from the person's ORCID record", pos)
        return None
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


def idref(value: str | int, pos: Pos, reporter: Reporter) -> str | None:
    """An IdRef identifier (the PPN of a SUDOC authority record: 8 digits and a check character), given
    bare (``026927608``) or as its address (``https://www.idref.fr/026927608``), its check character
    checked; written bare."""
    if isinstance(value, int):  # YAML reads 026927608 as text, 183479203 as a number, 012345670 as octal
        if len(str(value)) != 9:
            reporter.error("person.idref", f"YAML read the IdRef as the number {value}, without its leading "
                           "zeros: put it in double quotes, e.g. idref: \"026927608\"", pos)
            return None
        value = str(value)
    match = IDREF.fullmatch(value.strip())
    if match is None:
        reporter.error("person.idref", f"{_shown(value)} is not an IdRef identifier: write its 9 characters "
                       "(8 digits and a check digit or X), e.g. 026927608, or its address "
                       "https://www.idref.fr/026927608", pos)
        return None
    ppn = match[1].upper()
    if ppn_check(ppn[:8]) != ppn[8]:
        reporter.error("person.idref", f"{_shown(value)} is not a valid IdRef identifier: its check character "
                       "(the last one) does not match the others; copy it from the person's page on idref.fr",
                       pos)
        return None
    return ppn


def ppn_check(digits: str) -> str:
    """The check character of a SUDOC PPN's 8 digits: their sum weighted 9 down to 2, its complement to a
    multiple of 11 (10 written X, 11 written 0)."""
    total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1)))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _doi_prefix(d: Fields, reporter: Reporter) -> str | None:
    value = d.get("doi_prefix")
    if value is None:
        return None
    if isinstance(value, float):
        reporter.error("distribution.doi-prefix", f"the DOI prefix was read as the number {value}: put it in "
                       "double quotes, e.g. doi_prefix: \"10.3917\" (a number loses its final zeros)",
                       d.pos("doi_prefix"))
        return None
    if not DOI_PREFIX.fullmatch(value.strip()):
        reporter.error("distribution.doi-prefix", f"{_shown(value)} is not a DOI prefix: it is '10.' and the "
                       "registrant's code of 4 to 9 digits, e.g. \"10.3917\", as Crossref gave it (without "
                       "'https://doi.org/' nor a suffix)", d.pos("doi_prefix"))
        return None
    return value.strip()


def _fields(pattern: str) -> tuple[set[str], str | None]:
    """(the names a pattern's braces hold, the problem of its braces or None); ``{{``, ``}}`` are braces."""
    names: set[str] = set()
    try:
        for _literal, name, spec, conversion in string.Formatter().parse(pattern):
            if name is None:
                continue
            if spec or conversion or not name:
                field = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
                return names, f"{field} is not a placeholder: write {{number}} or {{id}}, without a format"
            names.add(name)
    except ValueError:
        return names, "a brace '{' or '}' is left open: a placeholder is {number} or {id}"
    return names, None


def _placeholders(d: Fields, key: str, allowed: frozenset[str]) -> str | None:
    """What is wrong with the placeholders of the pattern under ``key`` (one not ``allowed``, a brace
    left open), or None."""
    value = d.get(key)
    names, problem = _fields(value)
    unknown = sorted(names - allowed)
    if problem is None and unknown:
        may = " and ".join(f"{{{n}}}" for n in sorted(allowed, reverse=True))
        problem = (f"{', '.join(f'{{{n}}}' for n in unknown)} is not one of its placeholders: it may hold only "
                   f"{may} (the issue's number{', the article id' if 'id' in allowed else ''})")
    return f"'{key}' {_shown(value)}: {problem}" if problem else None


def _pattern(d: Fields, key: str, default: str, allowed: frozenset[str], reporter: Reporter) -> str:
    """A DOI suffix's pattern: only ``allowed`` placeholders, and all of them (two articles, or two
    issues, never share a DOI, and a DOI never changes: it is made of neither page nor title); what
    remains uses only Crossref's characters."""
    value = d.get(key)
    if value is None:
        return default
    problem = _placeholders(d, key, allowed)
    if problem:
        reporter.error("distribution.pattern", problem, d.pos(key))
        return default
    names, _ = _fields(value)
    missing = sorted(allowed - names, reverse=True)
    if missing:
        what = {"number": "two issues", "id": "two articles of the issue"}
        reporter.error("distribution.pattern", f"'{key}' {_shown(value)} lacks "
                       f"{' and '.join(f'{{{n}}}' for n in missing)}: without it "
                       f"{' and '.join(what[n] for n in missing)} would share one DOI "
                       f"(e.g. {quoted(NONE.doi_pattern if 'id' in allowed else NONE.doi_issue_pattern)})",
                       d.pos(key))
        return default
    suffix = value.format(number=99, id="edito")
    bad = sorted(set(DOI_SUFFIX.sub("", suffix)))
    if bad or not suffix.strip():
        shown = ", ".join(quoted(c) for c in bad) if bad else "nothing"
        reporter.error("distribution.pattern", f"'{key}' {_shown(value)} holds {shown}: a DOI suffix may hold only "
                       "the letters a-z and A-Z, the digits and - . _ ; ( ) / (Crossref's characters)", d.pos(key))
        return default
    return value


def _same_doi(article_pattern: str, issue_pattern: str) -> bool:
    """Whether the issue's DOI suffix could be an article's, for some article id (DOIs ignore case)."""
    issue = issue_pattern.format(number=99)
    parts = [re.escape(literal) + {"number": "99", "id": ARTICLE_ID.pattern, None: ""}[name]
             for literal, name, _spec, _conv in string.Formatter().parse(article_pattern)]
    return re.fullmatch("".join(parts), issue, re.IGNORECASE) is not None


def _url(d: Fields, key: str, allowed: frozenset[str], reporter: Reporter) -> str | None:
    """A landing page's pattern: an absolute http(s) address, the article's holding ``{id}``."""
    value = d.get(key)
    if value is None:
        return None
    problem = _placeholders(d, key, allowed)
    if problem:
        reporter.error("distribution.url", problem, d.pos(key))
        return None
    names, _ = _fields(value)
    url = value.format(number=99, id="edito")
    parts = urlsplit(url)
    problem = None
    if "id" in allowed and "id" not in names:
        problem = "it lacks {id}: every article would have the same address"
    elif parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        problem = "it is not an absolute address: start it with https:// and the site's name"
    elif any(c.isspace() or c in "\"<>\\^`{|}" for c in url):
        problem = "an address holds no space, quote, brace or angle bracket"
    if problem:
        reporter.error("distribution.url", f"'{key}' {_shown(value)}: {problem} (e.g. "
                       f"https://www.horizonspublics.fr/revue/{{number}}{'/{id}' if 'id' in allowed else ''})",
                       d.pos(key))
        return None
    return value


def _depositor(d: Fields, shown: str, reporter: Reporter) -> Depositor | None:
    if "depositor" not in d:
        return None
    dep = check_mapping(d.get("depositor"), shown, d.pos("depositor"), "depositor", reporter,
                        required={"name": str, "email": str}, optional={})
    if dep is None or "name" not in dep or "email" not in dep:
        return None
    name, email = dep.get("name").strip(), dep.get("email").strip()
    ok = True
    if not name:
        reporter.error("distribution.depositor", "the depositor's 'name' is blank: name who sends the deposit "
                       "(the publisher, or the person in charge)", dep.pos("name"))
        ok = False
    if not EMAIL.fullmatch(email):
        reporter.error("distribution.depositor", f"{_shown(email)} is not an e-mail address such as "
                       "crossref@horizonspublics.fr: Crossref sends its reports there", dep.pos("email"))
        ok = False
    return Depositor(name, email) if ok else None


def _shown(value: object) -> str:
    text = str(value)
    return quoted(text if len(text) <= 60 else text[:59] + "…")
