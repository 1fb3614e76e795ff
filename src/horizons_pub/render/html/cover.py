"""The cover, from the issue's cover data: page 1 of the print edition and the EPUB's cover image."""

from __future__ import annotations

import io
from importlib.metadata import version
from pathlib import Path

from lxml import etree

from ...support.sourcefile import read_project_file
from ...support.cache import cached, key
from ...model import fr
from ...model.nodes import Issue, PartKind, plain_text
from ...support.resources import fonts_dir, layouts_dir
from ..visitor import append_text
from .writer import HtmlWriter, sub
from ..templates import fragment, render


def cover_element(writer: HtmlWriter, parent: etree._Element) -> etree._Element:
    issue = writer.issue
    cover = sub(parent, "section", "cover", id="cover")
    cover.set("aria-label", fr.PART_NAMES[PartKind.COVER])
    head = sub(cover, "header", "cover-masthead")
    number = sub(head, "p", "cover-number")
    sub(number, "span", "cover-number-label").text = "n°\u00a0"
    append_text(number, str(issue.number))
    sub(head, "p", "cover-magazine").text = issue.magazine
    taglines = sub(cover, "ul", "cover-taglines")
    for tagline in issue.cover.taglines:
        sub(taglines, "li").text = tagline
    dossier = sub(cover, "div", "cover-dossier")
    if issue.cover.headline_rubric:
        sub(dossier, "p", "cover-headline-label").text = issue.rubric(issue.cover.headline_rubric).title
    writer.inlines(sub(dossier, "p", "cover-headline"), issue.title)
    lines = sub(cover, "ul", "cover-lines")
    for line in issue.cover.lines:
        item = sub(lines, "li", "cover-line")
        sub(item, "span", "cover-line-rubric").text = issue.rubric(line.rubric).title
        if line.person:
            sub(item, "span", "cover-line-person").text = line.person
        writer.inlines(sub(item, "span", "cover-line-text"), line.text)
    sub(cover, "p", "cover-website").text = issue.cover.website
    return cover


def cover_alt(issue: Issue) -> str:
    """The cover image's text alternative: what the cover says, in reading order."""
    parts = [f"{issue.magazine}, n° {issue.number}", " · ".join(issue.cover.taglines)]
    if issue.cover.headline_rubric:
        parts.append(f"{issue.rubric(issue.cover.headline_rubric).title} : {plain_text(issue.title)}")
    for line in issue.cover.lines:
        person = f"{line.person}, " if line.person else ""
        parts.append(f"{issue.rubric(line.rubric).title} : {person}{plain_text(line.text)}")
    parts.append(issue.cover.website)
    return " ".join(p if p.endswith((".", "?", "!", "…")) else p + "." for p in parts if p)


def cover_png(issue: Issue, issue_dir: Path, width_px: int = 1600, cache: Path | None = None) -> bytes:
    """Lay the cover out with WeasyPrint and rasterise it (pypdfium2) to a PNG (cached under ``cache``)."""
    writer = HtmlWriter(issue, "print", id_prefix="cover-")
    holder = etree.Element("div")
    cover_element(writer, holder)
    html = render("common/cover.html.j2", lang=issue.language, title=f"{issue.magazine} n° {issue.number}",
                  width_mm=issue.trim.width_mm, height_mm=issue.trim.height_mm,
                  layouts=layouts_dir().as_uri(), content=fragment(holder[0], "html"))
    css = b"".join(read_project_file(layouts_dir(), f"common/{name}") for name in ("fonts.css", "cover.css"))
    fonts = b"".join(read_project_file(fonts_dir(), path.name) for path in sorted(fonts_dir().iterdir()))
    return cached(cache, "cover", key(html, css, fonts, str(width_px), version("pypdfium2")),
                  lambda: _rasterise(html, issue_dir, width_px))


def _rasterise(html: str, issue_dir: Path, width_px: int) -> bytes:
    import pypdfium2
    from weasyprint import HTML

    from ..sandbox import SandboxFetcher

    pdf = HTML(string=html, base_url=issue_dir.resolve().as_uri() + "/",
               url_fetcher=SandboxFetcher(issue_dir)).write_pdf()
    doc = pypdfium2.PdfDocument(pdf)
    try:
        page = doc[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
