"""The limits on the numbers an issue takes, checked as they are read, before anything is made from them.

A revue has at most :data:`MAX_PAGES` pages; an issue's number at most six digits; its date (and
SOURCE_DATE_EPOCH's) falls between :data:`FIRST_YEAR` and :data:`LAST_YEAR`.  Beyond these, a value
is a typo (or an attack): 50,000,000 pages would fill the memory, a 300-digit number makes file
names no file system takes.  docs/source-format.md lists them.
"""

from __future__ import annotations

import datetime as _dt

from ..model.nodes import Pos
from ..support.dates import EPOCH_VAR, FIRST_YEAR, LAST_YEAR, EpochError, source_epoch
from ..support.diagnostics import Reporter
from .yamlsrc import Fields

MAX_PAGES = 1000  # the thickest revue binds a few hundred
MAX_NUMBER = 999_999  # an issue's number: six digits

__all__ = ["FIRST_YEAR", "LAST_YEAR", "MAX_NUMBER", "MAX_PAGES", "amount", "check_environment", "issue_date",
           "issue_number", "issue_pages", "page_in_range", "page_name"]


def amount(value: int | float, unit: str = "") -> str:
    """``12 mm``, or ``a number of 400 digits`` for a whole number too long to be read in a message."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a number of {len(str(abs(value)))} digits"
    return f"{value}{' ' + unit if unit else ''}"


def page_name(page: int) -> str:
    """``page 12``, or ``a page number of 300 digits``."""
    shown = amount(page)
    return f"page {shown}" if shown == str(page) else f"a page number of {shown.split(' of ', 1)[1]}"


def issue_number(f: Fields, reporter: Reporter) -> int | None:
    """``number`` of issue.yaml, from 1 to :data:`MAX_NUMBER`; None (reported) outside."""
    number = f.get("number")
    if number is not None and not 1 <= number <= MAX_NUMBER:
        reporter.error("issue.number", f"'number' is {amount(number)}: an issue's number is a whole number "
                       f"from 1 to {MAX_NUMBER:,}", f.pos("number"))
        return None
    return number


def issue_pages(f: Fields, reporter: Reporter) -> int:
    """``pages`` of issue.yaml, from 1 to :data:`MAX_PAGES`; 0 (reported) outside or missing."""
    pages = f.get("pages", 0)
    if "pages" in f and pages < 1:
        reporter.error("issue.pages", f"'pages' must be the issue's number of pages, not {amount(pages)}",
                       f.pos("pages"))
        return 0
    if pages > MAX_PAGES:
        reporter.error("issue.pages", f"'pages' is {amount(pages)}: an issue has at most {MAX_PAGES:,} pages",
                       f.pos("pages"))
        return 0
    return pages


def issue_date(f: Fields, reporter: Reporter) -> _dt.date | None:
    """``date`` of issue.yaml, in the years :data:`FIRST_YEAR` to :data:`LAST_YEAR` (reported outside)."""
    date = f.get("date")
    if date is not None and not FIRST_YEAR <= date.year <= LAST_YEAR:
        reporter.error("issue.date", f"'date' is {date.isoformat()}: an issue's date is between "
                       f"{FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31", f.pos("date"))
    return date


def check_environment(reporter: Reporter) -> None:
    """SOURCE_DATE_EPOCH, when set, is a date the outputs can carry (else ``SOURCE_DATE_EPOCH: error: …``)."""
    try:
        source_epoch()
    except EpochError as exc:
        reporter.error("env.source-date-epoch", str(exc), path=EPOCH_VAR)


def page_in_range(page: int, pos: Pos, reporter: Reporter) -> bool:
    """A flatplan page no issue can have (when ``pages`` itself could not be read): reported."""
    if page > MAX_PAGES:
        reporter.error("flatplan.page-range", f"{page_name(page)} is after the last page an issue can have "
                       f"({MAX_PAGES:,})", pos)
        return False
    return True
