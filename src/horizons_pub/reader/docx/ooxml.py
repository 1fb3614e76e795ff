"""The scan of a .docx's OOXML with lxml: what pandoc's reading of the text does not give.

Paragraph numbers and texts (the positions of the import's messages), the paragraph styles' names and
outline levels, the images with Word's alt text, the note calls' paragraphs, and every thing the import
must refuse (tracked changes, comments, notes inside notes) or drop (fields, page breaks, equations,
charts…) as :class:`Finding`\\ s saying where.  A paragraph is every ``w:p`` of the main document's body
in document order, 1-based: empty ones, those of table cells and text boxes included, the
``mc:Fallback`` copy of a text box skipped.  A place inside a footnote or endnote is given at the
paragraph holding the note's call.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .ooxml_package import DocxError, DocxPackage
from .ooxml_walk import NS, W, Found, Walker, paragraph_texts, qn

__all__ = ["DocxError", "Finding", "WordImage", "WordParagraph", "WordScan", "scan_docx"]


@dataclass(frozen=True, slots=True)
class WordParagraph:
    number: int  # 1-based, every w:p of the body in document order
    text: str  # the visible text (w:tab "\t", w:br/w:cr "\n"), deleted text excluded
    style: str | None  # the paragraph style's name (styles.xml's w:name), None for the default style
    outline_level: int | None  # 0-based as Word stores it; None for body text (9)


@dataclass(frozen=True, slots=True)
class WordImage:
    paragraph: int  # the paragraph holding the drawing
    target: str  # the media part, "word/media/image1.png" (or the URL of a linked image)
    description: str  # wp:docPr/@descr, Word's alt text ("" when none)
    title: str  # wp:docPr/@title ("" when none)
    decorative: bool  # Word's "mark as decorative"


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # import.tracked-change, import.comment, import.field, import.page-break, import.note-in-note,
    #            import.object
    severity: str  # "error" or "warning"
    message: str  # what was found, and what to do
    paragraph: int  # the body paragraph (inside a note: the paragraph holding its call)
    context: str  # the text around the place, ~30 characters each side, trimmed with "…"


@dataclass(frozen=True, slots=True)
class WordScan:
    paragraphs: tuple[WordParagraph, ...]
    images: tuple[WordImage, ...]
    findings: tuple[Finding, ...]  # in paragraph order
    style_levels: dict[str, int | None]  # every paragraph style's name → its outline level (None: body text)
    note_calls: dict[tuple[str, str], int]  # ("footnote" | "endnote", w:id) → the paragraph holding the call


WORD_NAMESPACES = (NS["w"], "http://purl.oclc.org/ooxml/wordprocessingml/main")
CONTEXT = 30  # characters each side of a finding's place


class _Styles:
    """styles.xml's paragraph styles: id → name, id → outline level through w:basedOn."""

    def __init__(self, root: etree._Element | None):
        self.names: dict[str, str] = {}
        self.default: str | None = None
        own: dict[str, int | None] = {}
        based: dict[str, str] = {}
        for style in root.iter(qn("w:style")) if root is not None else ():
            if style.get(W + "type", "paragraph") != "paragraph":
                continue
            sid = style.get(W + "styleId") or ""
            name = style.find(qn("w:name"))
            self.names[sid] = (name.get(W + "val") if name is not None else None) or sid
            if style.get(W + "default") in ("1", "true", "on") and self.default is None:
                self.default = sid
            base = style.find(qn("w:basedOn"))
            if base is not None and base.get(W + "val"):
                based[sid] = base.get(W + "val") or ""
            own[sid] = _outline(style.find(qn("w:pPr")))
        if self.default is None:  # LibreOffice marks no default: Word's is "Normal"
            self.default = next((sid for sid, name in self.names.items() if name.lower() == "normal"), None)
        self.levels: dict[str, int | None] = {}
        for sid in self.names:
            seen, cur, level = set(), sid, None
            while cur and cur not in seen:
                seen.add(cur)
                if own.get(cur) is not None:
                    level = own[cur]
                    break
                cur = based.get(cur, "")
            self.levels[sid] = None if level is None or level >= 9 else level

    def name(self, sid: str | None) -> str | None:
        if not sid or sid == self.default:
            return None
        return self.names.get(sid, sid)


def _outline(ppr: etree._Element | None) -> int | None:
    """The w:outlineLvl of a pPr (9 and beyond: body text, kept as 9), None when it has none."""
    lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if lvl is None:
        return None
    try:
        return min(max(int(lvl.get(W + "val") or "9"), 0), 9)
    except ValueError:
        return None


def _context(text: str, at: int) -> str:
    at = min(max(at, 0), len(text))
    before, after = text[max(0, at - CONTEXT):at], text[at:at + CONTEXT]
    shown = ("…" if at > CONTEXT else "") + before + after + ("…" if at + CONTEXT < len(text) else "")
    return " ".join(shown.replace("\u00a0", " ").split()) if shown.strip() else ""


def _comments(pkg: DocxPackage, part: str | None) -> dict[str, tuple[str, str]]:
    """comments.xml: id → (author, text)."""
    if part is None:
        return {}
    out = {}
    for comment in pkg.xml(part).iter(qn("w:comment")):
        text = " ".join(t for t in paragraph_texts(comment) if t)
        out[comment.get(W + "id") or ""] = (comment.get(W + "author") or "", " ".join(text.split()))
    return out


def _finding(found: Found) -> Finding:
    return Finding(found.code, found.severity, found.message, found.paragraph, _context(found.text, found.at))


def scan_docx(data: bytes) -> WordScan:
    """Scan a .docx (its bytes); a :class:`DocxError` when it is not a readable one."""
    pkg = DocxPackage(data)
    root = pkg.xml(pkg.main)
    ns = etree.QName(root).namespace
    if ns not in WORD_NAMESPACES:
        raise DocxError(f"this is not a .docx: its main part {pkg.main} is not a Word document")
    if ns != NS["w"]:
        raise DocxError("this .docx is saved as « Strict Open XML »: open it in Word and save it again as "
                        "« Word Document (.docx) »")
    body = root.find(qn("w:body"))
    if body is None:
        raise DocxError(f"this .docx is damaged: its main part {pkg.main} has no body; open it in Word or "
                        f"LibreOffice and save it again")
    styles_part = pkg.related(pkg.main, "styles")
    styles = _Styles(pkg.xml(styles_part) if styles_part else None)
    comments = _comments(pkg, pkg.related(pkg.main, "comments"))

    walker = Walker(pkg, pkg.main, comments)
    try:
        walker.walk_body(body)
        for kind in ("footnote", "endnote"):
            part = pkg.related(pkg.main, kind + "s")
            if part is None:
                continue
            for note in pkg.xml(part).iter(qn(f"w:{kind}")):
                call = walker.note_calls.get((kind, note.get(W + "id") or ""))
                if call is not None and note.get(W + "type") in (None, "normal"):
                    walker.walk_note(note, kind, call, part)
    except RecursionError:  # the parser stops at 256 levels; this is a guard for a deep caller
        raise DocxError("this .docx nests its elements too deeply to be read: open it in Word or LibreOffice "
                        "and save it again") from None
    found = walker.finish()

    paragraphs = tuple(
        WordParagraph(p.number, "".join(p.chars), styles.name(p.style),
                      _level(p.own_level, styles.levels.get(p.style or styles.default or "")))
        for p in walker.paragraphs)
    images = tuple(WordImage(*image) for image in walker.images)
    findings = tuple(_finding(f) for f in sorted(found, key=lambda f: (f.paragraph, f.seq)))
    style_levels = {styles.names[sid]: level for sid, level in styles.levels.items()}
    return WordScan(paragraphs, images, findings, style_levels, dict(walker.note_calls))


def _level(own: int | None, styled: int | None) -> int | None:
    level = own if own is not None else styled
    return None if level is None or level >= 9 else level
