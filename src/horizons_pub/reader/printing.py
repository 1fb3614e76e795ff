"""``print:`` in issue.yaml: the printer's output condition and profile, the paper, the cover price."""

from __future__ import annotations

import re
from pathlib import Path

from ..model.conditions import CONDITIONS, DEFAULT
from ..model.nodes import Pos, Printing
from ..support.diagnostics import Reporter
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
        reporter.error("print.condition", f"unknown output condition '{condition}'"
                       f"{did_you_mean(condition, set(CONDITIONS), 'conditions')}: name one of "
                       f"{', '.join(CONDITIONS)}, or give the printer's profile as 'icc'", at("condition"))
    elif icc is None and CONDITIONS[condition].profile is None:
        reporter.error("print.condition", f"no profile of {condition} can be shipped with horizons-pub: give "
                       "the printer's ICC profile as 'icc' (a file of the issue folder)", at("condition"))
    if icc is not None:
        target = folder / icc
        if not target.is_file() or not _is_cmyk_output_profile(target):
            reporter.error("print.icc", f"'{icc}' is not a CMYK output (printer) ICC profile in the issue folder",
                           at("icc"))
    paper, cover = float(get("paper_mm", PAPER_MM)), float(get("cover_mm", COVER_MM))
    for key, value, low, high in (("paper_mm", paper, 0.03, 0.5), ("cover_mm", cover, 0.05, 3.0)):
        if not low <= value <= high:
            reporter.error("print.paper", f"'{key}' is {value} mm: a thickness between {low} and {high} mm is "
                           "expected (one leaf, that is two pages)", at(key))
    price = get("price")
    if price is not None:
        price = f"{price:.2f}" if isinstance(price, float) else str(price)
        if not PRICE.fullmatch(price):
            reporter.error("print.price", f"'{price}' is not a price in euros such as 15.00", at("price"))
            price = None
        else:
            price = f"{float(price.replace(',', '.')):.2f}"
    reason = get("pages_reason")
    if pages and pages % 4 and not reason:
        reporter.error("issue.signatures", f"'pages: {pages}' is not a multiple of 4: a bound revue is printed "
                       "in signatures of 4, 8 or 16 pages (add or remove pages, or say why in "
                       "'print: pages_reason')", f.pos("pages"))
    return Printing(condition=condition, icc=icc, paper_mm=paper, cover_mm=cover, price=price,
                    pages_reason=reason, pos=pos)


def _is_cmyk_output_profile(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            header = fh.read(24)
    except OSError:
        return False
    return len(header) == 24 and header[12:16] == b"prtr" and header[16:20] == b"CMYK"
