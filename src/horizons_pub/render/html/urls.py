"""URLs and e-mail addresses in the text: never hyphenated, broken only after their separators.

A URL a reader may type again must not get a hyphen the line breaking added
(``www.ecolo-gie.gouv.fr``).  The writers wrap each URL-like run of text (a link
whose text is its address, or text that reads as an address: a scheme, ``www.``, an
e-mail address) in ``span.url``, which the stylesheets set ``hyphens: manual``.  In
print, a ``<wbr>`` after each separator (``/ . ? & = # _ @``; not inside ``//``) and
before each hyphen lets the line break there without a hyphen added: WeasyPrint
honours ``<wbr>`` and writes nothing for it in the text layer (measured: pdftotext and
pdfium read the URL unbroken, where U+200B reads the same but is a character in the
document).  A line ending in ``/`` or ``.`` reads as unfinished, and the next starts
with letters; a hyphen of the address starts its line (``transition`` /
``-energetique``), so that no line inside an address ends with a hyphen, which a
reader would take for the layout's and text extraction removes (measured: pdftotext
joined ``transition-`` / ``energetique`` into ``transitionenergetique``).
"""

from __future__ import annotations

import re

from lxml import etree

#: a run of text that reads as an address: a scheme or www., a domain with a path, an e-mail address
URL_LIKE = re.compile(
    r"(?:\b(?:https?|ftp)://|\bmailto:|\bwww\.)[^\s<>«»\"]+"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)+/[^\s<>«»\"]*",
    re.IGNORECASE,
)
#: punctuation that ends a sentence rather than an address
TRAILING = ".,;:!?)]»…’'\""
#: the characters a URL may break after
SEPARATORS = "/.?&=#_@"
#: the characters a URL may break before: a hyphen starts the next line, so that no line ends with one
#: (it would read as the layout's hyphenation, and text extraction joins it away: « transitionenergetique »)
BEFORE = "-"


def url_spans(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_url) runs, in order; the pieces join back into ``text``."""
    out: list[tuple[str, bool]] = []
    last = 0
    for match in URL_LIKE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in TRAILING:
            end -= 1
        if end - start < 4:
            continue
        if start > last:
            out.append((text[last:start], False))
        out.append((text[start:end], True))
        last = end
    if last < len(text):
        out.append((text[last:], False))
    return out


def is_url_text(text: str, url: str = "") -> bool:
    """A link's whole text is an address: it reads as one, or it is the link's URL without its scheme."""
    bare = re.sub(r"^(?:[a-z][a-z0-9+.-]*:(?://)?)", "", url, flags=re.IGNORECASE).rstrip("/")
    if text and bare and text.rstrip("/") in (bare, url.rstrip("/")):
        return True
    return url_spans(text) == [(text, True)]


#: no break leaves fewer characters than this on the last line (« .fr » stays with its domain)
MIN_TAIL = 4


def break_points(url: str) -> list[str]:
    """``url`` cut after each separator (not between the two slashes of ``//``, nor where fewer than
    :data:`MIN_TAIL` characters would be left: ``horizonspublics.`` / ``fr`` is not offered)."""
    pieces: list[str] = []
    current = ""
    for i, char in enumerate(url):
        if char in BEFORE and current and current[-1] not in SEPARATORS + BEFORE and len(url) - i >= MIN_TAIL:
            pieces.append(current)
            current = ""
        current += char
        following = url[i + 1] if i + 1 < len(url) else ""
        if (char in SEPARATORS and following and following not in SEPARATORS + BEFORE
                and len(url) - i - 1 >= MIN_TAIL):
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def write_url(parent: etree._Element, text: str, breaks: bool) -> None:
    """Append ``text`` (an address) to ``parent``; when ``breaks``, in pieces (``span.url-part``, set
    ``white-space: nowrap``: the line breaking's own opportunity after a hyphen is not taken) with a
    ``<wbr>`` between them, where the line may break."""
    pieces = break_points(text) if breaks else [text]
    if len(pieces) == 1:
        _append(parent, text)
        return
    for i, piece in enumerate(pieces):
        if i:
            etree.SubElement(parent, "wbr")
        etree.SubElement(parent, "span", {"class": "url-part"}).text = piece


def _append(parent: etree._Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
