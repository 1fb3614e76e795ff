"""The issue's identity: its title in catalogues, its stable identifiers, the file name of each
edition, and the MARC codes of the roles people play in it.

Every edition and record takes these from here, so that the EPUB, the PDFs and the archive
name and identify the issue the same way.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from enum import Enum

from .nodes import Issue, Role, plain_text

#: MARC relator codes for the roles of the source format.
MARC_ROLES = {Role.AUTHOR: "aut", Role.INTERVIEWEE: "ive", Role.INTERVIEWER: "ivr", Role.COORDINATOR: "edc",
              Role.CONTRIBUTOR: "ctb"}


class Edition(str, Enum):
    """The files a build makes of an issue (the archive's PDF is the screen edition under its own name; the
    printer's cover, made with the print edition, is its own PDF: the interior is ``PRINT``)."""

    EPUB = "epub"
    PRINT = "print"
    COVER = "cover"
    SCREEN = "screen"
    ARCHIVAL = "archival"
    CROSSREF = "crossref"  # the Crossref deposit of the issue and its articles (with a DOI prefix only)
    ONIX = "onix"  # the ONIX 3.0 products of the EPUB and the print edition


#: Each edition's file name after the issue's base name (``horizons-publics-38``).
_ENDINGS = {Edition.EPUB: ".epub", Edition.PRINT: "-print.pdf", Edition.COVER: "-print-cover.pdf",
            Edition.SCREEN: "-screen.pdf", Edition.ARCHIVAL: ".pdf", Edition.CROSSREF: "-crossref.xml",
            Edition.ONIX: "-onix.xml"}

#: the folder of the output folder that holds each article's PDF and JATS XML
ARTICLES_DIR = "articles"


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: « Horizons publics » → ``horizons-publics``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def base_name(issue: Issue) -> str:
    return f"{slug(issue.magazine)}-{issue.number}"


def file_name(issue: Issue, edition: Edition) -> str:
    """``horizons-publics-38.epub``, ``horizons-publics-38-print.pdf``, ``-print-cover.pdf``, …"""
    return base_name(issue) + _ENDINGS[edition]


def article_file(article_id: str, ext: str) -> str:
    """``articles/edito.pdf``, ``articles/edito.xml``: an article's file, relative to the output folder."""
    return f"{ARTICLES_DIR}/{article_id}.{ext}"


def platform_articles(issue: Issue) -> list[str]:
    """The ids of the parts that are articles for the platforms (each its PDF, JATS and Crossref record), in
    page order: every article of the flatplan (the editorial and the dossier's opener too), not the boxes
    printed on another part's page."""
    return [part.article for part in issue.flatplan if part.article]


def full_title(issue: Issue) -> str:
    """« Horizons publics n° 38 – Quel(s) numérique(s)… »: the issue's title in metadata and catalogues."""
    return f"{issue.magazine} n° {issue.number} – {plain_text(issue.title)}"


def issue_uuid(issue: Issue) -> uuid.UUID:
    """A stable identifier for an issue without ISBN: the same issue always gets the same UUID."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://{issue.cover.website or 'horizonspublics.fr'}/"
                                          f"{slug(issue.magazine)}/{issue.number}")


def issue_urn(issue: Issue) -> str:
    """The issue's identifier (the archive's, the print edition's): its print ISBN as a URN, else its UUID's."""
    return f"urn:isbn:{issue.isbn}" if issue.isbn else f"urn:uuid:{issue_uuid(issue)}"


def epub_urn(issue: Issue) -> str:
    """The EPUB's own identifier: the EPUB edition's ISBN as a URN, else the issue's UUID's (never the print
    edition's ISBN, which is another edition's: the EPUB names it as its dc:source)."""
    return f"urn:isbn:{issue.isbn_epub}" if issue.isbn_epub else f"urn:uuid:{issue_uuid(issue)}"
