"""The issue's parts as browser pages: each part's print HTML (:mod:`...render.pdf.documents`) with its
links made to work over HTTP, the index's entries, and the markup the preview adds to a page (its bar,
its reload script) and the digest that tells a page it changed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from urllib.parse import quote

from markupsafe import Markup

from ...model import fr
from ...model.nodes import Issue, PartKind, plain_text
from ...support.resources import fonts_dir, layouts_dir
from .snapshot import Entry

VARIANT = "screen"  # the screen variant's stylesheets (sRGB; the print variant's CMYK means nothing to a browser)

_HREF_ART = re.compile(r'href="#art-([^"]+)"')

_RELOAD_SCRIPT = Markup('<script src="/layouts/preview/reload.js" nonce="{}" data-path="{}" data-tag="{}" defer>'
                        '</script>\n')


def render_parts(issue: Issue, folios: Mapping[str, int]) -> tuple[tuple[Entry, ...], dict[str, str]]:
    """Every part of the flatplan as (index entries, key → HTML with links that work over HTTP)."""
    from ...render.pdf import documents as print_parts

    articles = {p.article for p in issue.flatplan if p.article}
    entries: list[Entry] = []
    pages: dict[str, str] = {}
    for part in issue.flatplan:
        article = issue.article(part.article) if part.article else None
        if part.kind is PartKind.COVER:
            doc = print_parts.cover_doc(issue, part, VARIANT)
        elif part.kind is PartKind.SOMMAIRE:
            planned = {a: folios.get(a, p.page) for p in issue.flatplan if (a := p.article)}
            doc = print_parts.sommaire_doc(issue, part, part.page, planned, VARIANT)
        elif part.kind is PartKind.BACK_COVER:
            doc = print_parts.back_cover_doc(issue, part, part.page, VARIANT)
        else:
            doc = print_parts.article_doc(issue, part, article, part.page, VARIANT)
        key = doc.key
        while key in pages:  # an article named like a part: keep both reachable
            key += "-"
        pages[key] = browser_html(doc.html, articles)
        rubric = " › ".join(r.title for r in issue.rubric_path(article.rubric)) if article and article.rubric else ""
        entries.append(Entry(
            key=key, kind=part.kind.value,
            title=plain_text(article.title) if article else fr.PART_NAMES.get(part.kind, part.kind.value),
            planned=part.page, rubric=rubric, has_text=article.has_body if article else True,
            source=article.pos.file if article else "",
            boxes=tuple((b, plain_text(issue.article(b).title)) for b in part.boxes),
        ))
    return tuple(entries), pages


def browser_html(html: str, articles: set[str]) -> str:
    """A part's print HTML made to work over HTTP: stylesheets and fonts from the server, and the links
    to another part's article (sommaire, cover lines) to that part's page."""
    for root, prefix in ((layouts_dir(), "/layouts/"), (fonts_dir(), "/fonts/")):
        html = html.replace(root.as_uri() + "/", prefix)

    def link(m: re.Match) -> str:
        target = m.group(1)
        if target in articles and f'id="art-{target}"' not in html:
            return f'href="/part/{quote(target)}"'
        return m.group(0)

    return _HREF_ART.sub(link, html)


def inject(html: str, head: str = "", body_start: str = "", body_end: str = "") -> str:
    """``html`` with markup added at the end of its head and at the start and end of its body."""
    if head:
        m = re.search(r"</head\s*>", html, re.I)
        html = html[:m.start()] + head + html[m.start():] if m else head + html
    if body_start:
        m = re.search(r"<body\b[^>]*>", html, re.I)
        html = html[:m.end()] + body_start + html[m.end():] if m else body_start + html
    if body_end:
        at = html.lower().rfind("</body")
        html = html[:at] + body_end + html[at:] if at >= 0 else html + body_end
    return html


def page_tag(body: bytes) -> str:
    """The digest of what a page shows (``X-Page-Tag``): the page reloads when it changes."""
    return hashlib.sha1(body).hexdigest()[:16]


def reload_script(path: str, tag: str, nonce: str) -> str:
    """The script that polls ``/__version?path=…`` and reloads the page when its tag is no longer ``tag``;
    ``nonce`` is the one the page's Content-Security-Policy lets run."""
    return str(_RELOAD_SCRIPT.format(nonce, path, tag))
