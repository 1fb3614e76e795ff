"""The EPUB's package metadata: Dublin Core, the series, dates, and EPUB Accessibility 1.1."""

from __future__ import annotations

import datetime as _dt

from ebooklib import epub

from ...support.dates import source_datetime
from ...model.identity import MARC_ROLES, epub_urn, full_title
from ...model.nodes import Issue, plain_text

#: What the EPUB offers, true of every build (schema:accessibilitySummary, in French).
ACCESSIBILITY_OFFERS = (
    "Cette publication offre une navigation structurée (table des matières, titres hiérarchisés), un ordre de "
    "lecture identique à celui de l’édition imprimée, les numéros de page de l’édition imprimée et des notes "
    "accessibles depuis leur appel. Les images ont une description textuelle. "
    "Elle ne présente aucun risque connu (clignotement, mouvement, son)."
)
#: The summary's last sentence in a build: no checker has passed this EPUB (``build`` never runs one).
#: ``certify`` replaces it with what was verified, and when, after a passing DAISY Ace run.
NOT_VERIFIED = "Sa conformité aux normes d’accessibilité (EPUB Accessibility, WCAG) n’a pas été vérifiée."
ACCESSIBILITY_SUMMARY = f"{ACCESSIBILITY_OFFERS} {NOT_VERIFIED}"


def add_metadata(book: epub.EpubBook, issue: Issue) -> _dt.datetime:
    """Fill the book's metadata; returns the modification date to give the writer."""
    book.set_identifier(epub_urn(issue))
    book.set_title(full_title(issue))
    book.set_language(issue.language)
    meta = book.add_metadata
    meta("DC", "publisher", issue.publisher)
    meta("DC", "date", issue.date.isoformat())
    meta("DC", "rights", issue.rights)
    if issue.issn:
        meta("DC", "relation", f"urn:issn:{issue.issn}")
    meta("DC", "subject", plain_text(issue.title))
    roles: dict[str, list[str]] = {issue.editor_in_chief: ["edt"]}
    for article in issue.articles:
        for person in article.people:
            codes = roles.setdefault(person.name, [])
            if MARC_ROLES[person.role] not in codes:
                codes.append(MARC_ROLES[person.role])
    for n, (name, codes) in enumerate(roles.items(), start=1):
        # the editor-in-chief is the issue's creator; every other person a contributor
        uid = f"creator-{n}" if n == 1 else f"contributor-{n}"
        meta("DC", "creator" if n == 1 else "contributor", name, {"id": uid})
        for code in codes:
            meta(None, "meta", code, {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"})
    meta(None, "meta", issue.magazine, {"property": "belongs-to-collection", "id": "series"})
    meta(None, "meta", "series", {"refines": "#series", "property": "collection-type"})
    meta(None, "meta", str(issue.number), {"refines": "#series", "property": "group-position"})
    _accessibility(book, issue)
    return source_datetime(issue)


def _accessibility(book: epub.EpubBook, issue: Issue) -> None:
    meta = book.add_metadata
    # The cover image (and any figure) is visual content; the text alone suffices,
    # since every image has a text alternative.
    for mode in ("textual", "visual"):
        meta(None, "meta", mode, {"property": "schema:accessMode"})
    meta(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
    features = ["structuralNavigation", "tableOfContents", "printPageNumbers", "pageNavigation", "readingOrder",
                "alternativeText", "displayTransformability"]
    for feature in features:
        meta(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    meta(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    meta(None, "meta", ACCESSIBILITY_SUMMARY, {"property": "schema:accessibilitySummary"})
    # No dcterms:conformsTo nor a11y:certifiedBy here: a conformance claim is written only by
    # render/epub/certify.py, from a passing DAISY Ace run whose report is linked.
    # The page breaks come from the print edition: its ISBN when known, else its name.
    source = ("urn:isbn:" + issue.isbn) if issue.isbn else \
        f"{issue.magazine} n° {issue.number}, édition imprimée"
    meta("DC", "source", source)
    meta(None, "meta", source, {"property": "pageBreakSource"})
