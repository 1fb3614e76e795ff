"""The cover, from the issue's cover data: page 1 of the print edition and the EPUB's cover image."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Callable

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


#: how the cover image is written: zlib's default level, without Pillow's ``optimize`` pass, which made the
#: covers of tests/data/magazine, source/hp-38 and a generated issue 1.7–2.2 % smaller for 2.5 times the time
#: (0.10 s more per cover): under the 3 % that would pay.  Part of the cache key.
PNG_OPTIONS = {"optimize": False}


def cover_png(issue: Issue, issue_dir: Path, width_px: int = 1600, cache: Path | None = None) -> bytes:
    """Lay the cover out with WeasyPrint and rasterise it (pypdfium2) to a PNG (cached under ``cache``)."""
    return cover_png_later(issue, issue_dir, width_px, cache)()


def cover_png_later(issue: Issue, issue_dir: Path, width_px: int = 1600, cache: Path | None = None,
                    press: CoverPress | None = None) -> Callable[[], bytes]:
    """What gives :func:`cover_png`'s bytes: from the cache, or laid out when called; with a ``press``, the
    cover is sent to its child process now and received when called (the same bytes)."""
    html = cover_html(issue)
    css = b"".join(read_project_file(layouts_dir(), f"common/{name}") for name in ("fonts.css", "cover.css"))
    fonts = b"".join(read_project_file(fonts_dir(), path.name) for path in sorted(fonts_dir().iterdir()))
    cover_key = key(html, css, fonts, str(width_px), version("pypdfium2"), repr(PNG_OPTIONS))
    if press is not None:
        press.send(html, issue_dir, width_px)
    return lambda: cached(cache, "cover", cover_key,
                          lambda: (press and press.receive()) or rasterise(html, issue_dir, width_px))


def cover_html(issue: Issue) -> str:
    """The cover as a page of its own, the trim's size: what :func:`rasterise` lays out."""
    writer = HtmlWriter(issue, "print", id_prefix="cover-")
    holder = etree.Element("div")
    cover_element(writer, holder)
    return render("common/cover.html.j2", lang=issue.language, title=f"{issue.magazine} n° {issue.number}",
                  width_mm=issue.trim.width_mm, height_mm=issue.trim.height_mm,
                  layouts=layouts_dir().as_uri(), content=fragment(holder[0], "html"))


def rasterise(html: str, issue_dir: Path, width_px: int) -> bytes:
    """The PNG of the first page of ``html`` laid out by WeasyPrint, ``width_px`` wide."""
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
    image.convert("RGB").save(out, format="PNG", **PNG_OPTIONS)
    return out.getvalue()


class CoverPress:
    """A child process that imports WeasyPrint while this one reads the issue, then lays out and rasterises
    the cover it is sent (:func:`rasterise`, the same bytes): an EPUB-only build into an empty folder then
    pays WeasyPrint's import (half a second) on the other core, and never imports it itself.

    ``python -m horizons_pub.render.html.cover`` is the child: it reads one JSON request on stdin and
    writes the PNG on stdout.  Any failure of the child gives None: the caller lays the cover out itself."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        try:
            self.proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            pass

    def send(self, html: str, issue_dir: Path, width_px: int) -> None:
        """The cover to lay out (a few kilobytes: the pipe holds them while the child is still importing)."""
        if self.proc is None:
            return
        try:
            self.proc.stdin.write(json.dumps({"html": html, "issue_dir": str(issue_dir), "width_px": width_px},
                                             ensure_ascii=False).encode("utf-8"))
            self.proc.stdin.close()
        except OSError:  # the child is gone
            self.close()

    def receive(self) -> bytes | None:
        """The PNG of the cover sent, or None (the child failed, or nothing was sent)."""
        if self.proc is None or not self.proc.stdin.closed:
            return None
        try:
            data = self.proc.stdout.read()
        except OSError:
            data = b""
        self.proc.stdout.close()
        ok = self.proc.wait() == 0 and data.startswith(_PNG_SIGNATURE)
        self.proc = None
        return data if ok else None

    def close(self) -> None:
        """Stop the child if it was not used (a cover from the cache, a build that stopped before the EPUB)."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                if not stream.closed:
                    stream.close()
            self.proc = None


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cover_press(cache: Path) -> CoverPress | None:
    """A :class:`CoverPress` for a build whose cache holds no cover image yet (a cold build, whose cover is
    sure to be laid out), else None: a warm build takes its cover from the cache, or lays it out itself."""
    return None if (cache / "cover").is_dir() else CoverPress()


def _serve() -> None:
    import pypdfium2  # noqa: F401  imported first: the parent is still reading the issue
    import weasyprint  # noqa: F401

    request = json.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(rasterise(request["html"], Path(request["issue_dir"]), request["width_px"]))


if __name__ == "__main__":
    _serve()
