"""What the ONIX record of the EPUB says of its accessibility (``<ProductFormFeature>`` of type 09, codes
of EDItEUR's list 196, and type 12, list 143, for the hazards): what the European Accessibility Act
asks a retailer to show before the sale.

Only what every EPUB the build writes has (render/epub/: documents.py, navigation.py, meta.py), each code
beside the EPUB Accessibility 1.1 metadata it stands for; ``tests/render/records/`` checks each against a
built EPUB's package and documents. A conformance claim (EPUB Accessibility 1.1, WCAG version and level)
is made only from a :class:`Certification`: what ``render/epub/certify.py`` wrote into the EPUB after a
passing DAISY Ace run, at ``archive`` time. The build's record claims none, as its EPUB claims none."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from ..epub.certify import verified_sentence
from ..epub.meta import ACCESSIBILITY_OFFERS, ACCESSIBILITY_SUMMARY

#: list 196 code → (its meaning in the list, what of the EPUB makes it true)
FEATURES = {
    "11": ("Table of contents navigation", "the nav document's toc: every part, article and intertitle"),
    "13": ("Single logical reading order", "schema:accessibilityFeature readingOrder: the spine in print order"),
    "14": ("Short alternative textual descriptions", "alternativeText: the reader requires an alt on every image"),
    "19": ("Print-equivalent page numbering", "printPageNumbers: doc-pagebreak marks of the print pages"),
    "22": ("Language tagging provided", "dc:language, lang/xml:lang on every document and foreign phrase"),
    "29": ("Next / Previous structural navigation", "structuralNavigation: h1–h3 headings in order"),
    "30": ("ARIA roles provided", "DPUB-ARIA roles: doc-chapter, doc-toc, doc-footnote, doc-noteref…"),
    "32": ("Landmark navigation", "the nav document's landmarks"),
    "36": ("Appearance of all textual content can be modified", "displayTransformability: reflowable, CSS only"),
    "41": ("Page list navigation", "pageNavigation: the nav document's page-list of the print pages"),
}
SUMMARY = "00"  # list 196: Accessibility summary (the EPUB's schema:accessibilitySummary, word for word)
HAZARD_TYPE = "12"  # list 79: hazard warning, with a code of list 143
NO_HAZARDS = "00"  # list 143: No known hazards or warnings (schema:accessibilityHazard none)
ACCESSIBILITY_TYPE = "09"  # list 79: E-publication accessibility detail

#: list 196 codes of a conformance claim: the specification, the WCAG version, the WCAG level
SPECIFICATION = {"1.1": "04"}
WCAG_VERSIONS = {"2.0": "80", "2.1": "81", "2.2": "82"}
WCAG_LEVELS = {"A": "84", "AA": "85", "AAA": "86"}
CERTIFIED_BY = "90"  # Compliance certification by (name)
ASSESSED = "91"  # Latest accessibility assessment date (YYYYMMDD)
REPORT_PUBLISHER = "96"  # Publisher's web page for detailed accessibility information

_CLAIM = re.compile(r"EPUB Accessibility (1\.1) - WCAG (2\.[0-2]) Level (A{1,3})")


@dataclass(frozen=True, slots=True)
class Certification:
    """The claim ``certify`` added to the EPUB (its arguments): given to ``onix_message`` by ``archive``."""

    conforms_to: str  # "EPUB Accessibility 1.1 - WCAG 2.2 Level AA", as dcterms:conformsTo
    certified_by: str
    date: _dt.date
    report_href: str | None = None
    checker: str = "DAISY Ace"


def feature_codes(certification: Certification | None = None, *,
                  publisher: str = "") -> list[tuple[str, str, str | None]]:
    """(ProductFormFeatureType, ProductFormFeatureValue, ProductFormFeatureDescription) of the EPUB."""
    out: list[tuple[str, str, str | None]] = []
    if certification is None:
        out.append((ACCESSIBILITY_TYPE, SUMMARY, ACCESSIBILITY_SUMMARY))
    else:
        out.extend(_claim(certification, publisher))
    out.extend((ACCESSIBILITY_TYPE, code, None) for code in FEATURES)
    out.append((HAZARD_TYPE, NO_HAZARDS, None))
    return out


def _claim(cert: Certification, publisher: str) -> list[tuple[str, str, str | None]]:
    found = _CLAIM.fullmatch(cert.conforms_to.strip())
    if not found:
        raise ValueError(f"onix: no list 196 codes for the claim {cert.conforms_to!r} (expected e.g. "
                         "'EPUB Accessibility 1.1 - WCAG 2.2 Level AA')")
    spec, version, level = found.groups()
    summary = f"{ACCESSIBILITY_OFFERS} " + verified_sentence(
        certified_by=cert.certified_by, conforms_to=cert.conforms_to, date=cert.date, checker=cert.checker)
    # list 196: the specification's code carries the report of an independent certifier; without one the
    # claim is the publisher's own, and its report is the publisher's page (code 96). Both codes want a web
    # page: a report named by a URN (the archive's, kept in the bag) is not given.
    own = cert.certified_by.strip().casefold() == publisher.strip().casefold()
    page = cert.report_href if cert.report_href and cert.report_href.lower().startswith(("https://", "http://")) \
        else None
    out = [(ACCESSIBILITY_TYPE, SUMMARY, summary),
           (ACCESSIBILITY_TYPE, SPECIFICATION[spec], None if own else page),
           (ACCESSIBILITY_TYPE, WCAG_VERSIONS[version], None), (ACCESSIBILITY_TYPE, WCAG_LEVELS[level], None),
           (ACCESSIBILITY_TYPE, CERTIFIED_BY, cert.certified_by),
           (ACCESSIBILITY_TYPE, ASSESSED, cert.date.strftime("%Y%m%d"))]
    if page and own:
        out.append((ACCESSIBILITY_TYPE, REPORT_PUBLISHER, page))
    return out
