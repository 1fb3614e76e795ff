"""``print:`` in issue.yaml: the printer's output condition and profile, the paper, the cover price."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.conditions import CONDITIONS, DEFAULT
from ..model.nodes import Pos, Printing
from ..support.sourcefile import SourceFileError, read_inside
from ..support.diagnostics import Reporter
from .limits import amount
from .textchecks import quoted
from .yamlsrc import Fields, check_mapping, did_you_mean

PAPER_MM = 0.1  # one leaf of 90 g/m² coated paper is about 0.08 to 0.1 mm
COVER_MM = 0.3  # a 300 g/m² cover board
PRICE = re.compile(r"\d{1,3}([.,]\d{2})?")


def read_printing(f: Fields, folder: Path, shown: str, pages: int, reporter: Reporter) -> Printing:
    """The ``print:`` block (every key optional), checked; and the page count against the signatures."""
    pos = f.pos("print") if "print" in f else Pos(shown, 1)
    p = None
    if "print" in f:
        p = check_mapping(f.get("print"), shown, pos, "print", reporter, required={},
                          optional={"condition": str, "icc": str, "paper_mm": (int, float),
                                    "cover_mm": (int, float), "price": (str, int, float), "pages_reason": str})
    get = (lambda key, default=None: p.get(key, default)) if p is not None else (lambda key, default=None: default)
    at = (lambda key: p.pos(key)) if p is not None else (lambda key: pos)
    condition, icc = get("condition", DEFAULT), get("icc")
    if condition not in CONDITIONS and icc is None:
        reporter.error("print.condition", f"unknown output condition {quoted(condition)}"
                       f"{did_you_mean(condition, set(CONDITIONS), 'conditions')}: name one of "
                       f"{', '.join(CONDITIONS)}, or give the printer's profile as 'icc'", at("condition"))
    elif icc is None and CONDITIONS[condition].profile is None:
        reporter.error("print.condition", f"no profile of {condition} can be shipped with horizons-pub: give "
                       "the printer's ICC profile as 'icc' (a file of the issue folder)", at("condition"))
    if icc is not None:
        if not _is_cmyk_output_profile(folder, icc):
            reporter.error("print.icc", f"'{icc}' is not a CMYK output (printer) ICC profile in the issue folder",
                           at("icc"))
    paper, cover = get("paper_mm", PAPER_MM), get("cover_mm", COVER_MM)
    for key, value, low, high, default in (("paper_mm", paper, 0.03, 0.5, PAPER_MM),
                                           ("cover_mm", cover, 0.05, 3.0, COVER_MM)):
        if not low <= value <= high:  # (before float(): a whole number of 400 digits is no float)
            reporter.error("print.paper", f"'{key}' is {amount(value, 'mm')}: a thickness between {low} and {high} "
                           "mm is expected (one leaf, that is two pages)", at(key))
            paper, cover = (default, cover) if key == "paper_mm" else (paper, default)
    paper, cover = float(paper), float(cover)
    price, problem = read_price(get("price"))
    if problem:
        reporter.error("print.price", problem, at("price"))
    reason = get("pages_reason")
    if pages and pages % 4 and not reason:
        reporter.error("issue.signatures", f"'pages: {pages}' is not a multiple of 4: a bound revue is printed "
                       "in signatures of 4, 8 or 16 pages (add or remove pages, or say why in "
                       "'print: pages_reason')", f.pos("pages"))
    return Printing(condition=condition, icc=icc, paper_mm=paper, cover_mm=cover, price=price,
                    pages_reason=reason, pos=pos)


def read_price(price: str | int | float | None, example: str = "15.00") -> tuple[str | None, str | None]:
    """(a price in euros as the source gives it, ``15``, ``15.00``, ``"15,00"``, written ``15.00``; the
    problem to say when it is none, or None).  The print price and the EPUB's are read alike."""
    if price is None:
        return None, None
    shown = amount(price) if isinstance(price, int) and len(str(price)) > 15 else None
    if isinstance(price, float):  # 15.5 is 15.50; 9.999 is no price (never rounded in silence)
        price = f"{price:.2f}" if round(price, 2) == price else repr(price)
    else:
        price = str(price)
    if not PRICE.fullmatch(price):
        shown = shown or f"'{price if len(price) <= 40 else price[:39] + '…'}'"
        return None, f"{shown} is not a price in euros such as {example}"
    return f"{float(price.replace(',', '.')):.2f}", None


def _is_cmyk_output_profile(folder: Path, icc: str) -> bool:
    try:  # a regular file inside the issue folder, read with a limit (support/sourcefile.py)
        header = read_inside(folder, str(icc), 50_000_000)[:24]
    except SourceFileError:
        return False
    return len(header) == 24 and header[12:16] == b"prtr" and header[16:20] == b"CMYK"
