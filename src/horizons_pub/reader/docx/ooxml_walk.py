"""The walk of the OOXML tree behind :func:`.ooxml.scan_docx`: paragraphs numbered, their text gathered,
images, note calls and findings noted at their place (a paragraph and an offset in its text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from . import ooxml_messages as msg
from .ooxml_package import DocxPackage

#: fields said nothing of: a link (pandoc reads it as one) and a caption's number (« Figure 1 », a SEQ field:
#: its shown number is kept, in the caption's label, which the import drops)
SILENT_FIELDS = frozenset({"HYPERLINK", "SEQ"})

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
W = "{%s}" % NS["w"]
R = "{%s}" % NS["r"]
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
CHANGES = {"ins": "insertion", "del": "deletion", "moveFrom": "move", "moveTo": "move",
           "rPrChange": "formatting change", "pPrChange": "paragraph formatting change",
           "sectPrChange": "section change", "tblPrChange": "table change", "trPrChange": "table row change",
           "tcPrChange": "table cell change", "tblGridChange": "table change", "numberingChange": "numbering change",
           "cellIns": "cell insertion", "cellDel": "cell deletion", "cellMerge": "cell merge"}
#: changes whose content is the old state: recorded, not walked
OLD_STATE = {"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange",
             "numberingChange"}


def qn(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def paragraph_texts(el: etree._Element) -> list[str]:
    """The plain text of each w:p under ``el`` (for a comment's text)."""
    return ["".join(t.text or "" if t.tag == W + "t" else " " for t in p.iter(W + "t", W + "tab"))
            for p in el.iter(W + "p")]


@dataclass(eq=False)
class Para:
    number: int
    style: str | None = None
    own_level: int | None = None
    chars: list[str] = field(default_factory=list)
    length: int = 0


@dataclass(eq=False)
class Found:
    code: str
    severity: str
    message: str
    para: Para
    at: int
    seq: int

    @property
    def paragraph(self) -> int:
        return self.para.number

    @property
    def text(self) -> str:
        return "".join(self.para.chars)


@dataclass(eq=False)
class _Field:
    para: Para
    at: int
    instr: list[str] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    shown: bool = False  # past its "separate"


@dataclass(eq=False)
class _Changes:
    count: int
    kind: str
    author: str
    date: str
    where: str
    para: Para
    at: int
    seq: int


def _name(f: _Field) -> str:
    """A field's instruction word: PAGE, TOC, HYPERLINK…"""
    words = "".join(f.instr).split()
    return words[0].upper() if words else ""


class Walker:
    def __init__(self, pkg: DocxPackage, part: str, comments: dict[str, tuple[str, str]]):
        self.pkg = pkg
        self.comments = comments
        self.paragraphs: list[Para] = []
        self.images: list[tuple[int, str, str, str, bool]] = []
        self.note_calls: dict[tuple[str, str], int] = {}
        self.found: list[Found] = []
        self.changes: dict[int, _Changes] = {}
        self.comments_seen: set[str] = set()
        self.seq = 0
        self._set_part(part)
        self.note: tuple[str, int] | None = None  # (kind, call) while in a note
        self.stack: list[Para] = []
        self.waiting: list[Callable[[], None]] = []
        self.last: Para | None = None
        self.fields: list[_Field] = []
        self.deleted = 0

    def _set_part(self, part: str) -> None:
        self.rels = {rid: target for rid, _, target, _ in self.pkg.rels(part)}

    # the walks

    def walk_body(self, body: etree._Element) -> None:
        self._walk(body)
        self._end_part()

    def walk_note(self, note: etree._Element, kind: str, call: int, part: str) -> None:
        self._set_part(part)
        self.note, self.last, self.fields = (kind, call), None, []
        self._walk(note)
        self._end_part()
        self.note = None

    def finish(self) -> list[Found]:
        for c in self.changes.values():
            self.found.append(Found("import.tracked-change", "error", msg.changes(c.count, c.kind, c.author, c.date,
                                                                                  c.where), c.para, c.at, c.seq))
        return self.found

    def _end_part(self) -> None:
        while self.fields:
            self._field_end()
        if self.waiting:
            last = self.last or Para(self.note[1] if self.note else max(len(self.paragraphs), 1))
            self.stack.append(last)
            for call in self.waiting:
                call()
            self.stack.pop()
            self.waiting = []

    def _walk(self, el: etree._Element) -> None:
        for child in el:
            if isinstance(child.tag, str):
                handler = _HANDLERS.get(child.tag)
                if handler is None:
                    self._walk(child)
                else:
                    handler(self, child)

    # places and text

    @property
    def where(self) -> str:
        return f" in the {self.note[0]} called here" if self.note else ""

    def _at(self, action: Callable[[Para, int], None]) -> None:
        """Do ``action`` at the current place, or at the start of the next paragraph when outside one."""
        if self.stack:
            action(self.stack[-1], self.stack[-1].length)
        else:
            self.waiting.append(lambda: action(self.stack[-1], self.stack[-1].length))

    def _add(self, code: str, severity: str, message: str) -> None:
        self.seq += 1
        seq = self.seq
        self._at(lambda para, at: self.found.append(Found(code, severity, message, para, at, seq)))

    def _text(self, text: str) -> None:
        if not text or self.deleted or not self.stack:
            return
        para = self.stack[-1]
        para.chars.append(text)
        para.length += len(text)
        for f in self.fields:
            if f.shown:
                f.result.append(text)

    # handlers

    def _p(self, el: etree._Element) -> None:
        ppr = el.find(W + "pPr")
        style = ppr.find(W + "pStyle") if ppr is not None else None
        lvl = ppr.find(W + "outlineLvl") if ppr is not None else None
        try:
            level = int(lvl.get(W + "val") or "9") if lvl is not None else None
        except ValueError:
            level = None
        if self.note:
            para = Para(self.note[1])
        else:
            para = Para(len(self.paragraphs) + 1, style.get(W + "val") if style is not None else None, level)
            self.paragraphs.append(para)
        self.stack.append(para)
        waiting, self.waiting = self.waiting, []
        for call in waiting:
            call()
        self._walk(el)
        self.stack.pop()
        self.last = para
        for f in self.fields:  # a field across paragraphs (a TOC): its shown lines apart
            if f.shown:
                f.result.append(" ")

    def _ppr(self, el: etree._Element) -> None:
        before = el.find(W + "pageBreakBefore")
        if before is not None and before.get(W + "val", "1") not in ("0", "false", "off"):
            self._add("import.page-break", "warning", msg.page_break("before", self.where))
        if el.find(W + "sectPr") is not None:
            self._add("import.page-break", "warning", msg.page_break("section", self.where))
        self._walk(el)

    def _change(self, el: etree._Element) -> None:
        local = etree.QName(el).localname
        self.seq += 1
        seq, where = self.seq, self.where

        def note(para: Para, at: int) -> None:
            c = self.changes.get(para.number)
            if c is None:
                self.changes[para.number] = _Changes(1, CHANGES[local], el.get(W + "author") or "",
                                                     el.get(W + "date") or "", where, para, at, seq)
            else:
                c.count += 1
        self._at(note)
        if local in ("del", "moveFrom"):
            self.deleted += 1
            self._walk(el)
            self.deleted -= 1
        elif local not in OLD_STATE:
            self._walk(el)

    def _comment(self, el: etree._Element) -> None:
        cid = el.get(W + "id") or ""
        if cid not in self.comments_seen:
            self.comments_seen.add(cid)
            author, text = self.comments.get(cid, ("", ""))
            self._add("import.comment", "error", msg.comment(author, text, self.where))

    def _note_ref(self, el: etree._Element) -> None:
        kind = "footnote" if el.tag == W + "footnoteReference" else "endnote"
        if self.note:
            self._add("import.note-in-note", "error", msg.note_in_note(kind, self.note[0]))
        elif self.stack:
            self.note_calls.setdefault((kind, el.get(W + "id") or ""), self.stack[-1].number)

    def _t(self, el: etree._Element) -> None:
        self._text(el.text or "")

    def _char(self, el: etree._Element) -> None:
        if el.getparent() is not None and el.getparent().tag == W + "r":
            self._text({"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "\u2011"}.get(
                etree.QName(el).localname, ""))

    def _br(self, el: etree._Element) -> None:
        kind = el.get(W + "type")
        if kind in ("page", "column"):
            self._add("import.page-break", "warning", msg.page_break(kind, self.where))
        else:
            self._text("\n")

    def _sym(self, el: etree._Element) -> None:
        self._add("import.object", "warning", msg.symbol(el.get(W + "font") or "", el.get(W + "char") or "",
                                                         self.where))

    def _instr(self, el: etree._Element) -> None:
        if self.fields and not self.fields[-1].shown and not self.deleted:
            self.fields[-1].instr.append(el.text or "")

    def _fld_char(self, el: etree._Element) -> None:
        kind = el.get(W + "fldCharType")
        if kind == "begin":
            self._field_begin()
        elif kind == "separate" and self.fields:
            self.fields[-1].shown = True
        elif kind == "end" and self.fields:
            self._field_end()

    def _field_begin(self, instr: str | None = None) -> None:
        para = self.stack[-1] if self.stack else (self.last or Para(0))
        f = _Field(para, para.length)
        if instr is not None:
            f.instr.append(instr)
            f.shown = True
        self.fields.append(f)

    def _field_end(self) -> None:
        f = self.fields.pop()
        instr, name = " ".join("".join(f.instr).split()), _name(f)
        if name in SILENT_FIELDS or any(_name(o) != "HYPERLINK" for o in self.fields):
            return  # a link, a caption's number; or a field inside a field already reported (a TOC's PAGEREFs)
        self.seq += 1
        self.found.append(Found("import.field", "warning", msg.field(name, instr, "".join(f.result), self.where),
                                f.para, f.at, self.seq))

    def _fld_simple(self, el: etree._Element) -> None:
        self._field_begin(el.get(W + "instr") or "")
        self._walk(el)
        self._field_end()

    def _alternate(self, el: etree._Element) -> None:
        choice = el.find(qn("mc:Choice"))
        self._walk(choice if choice is not None else el)  # the mc:Fallback copy is never walked twice

    def _drawing(self, el: etree._Element) -> None:
        if any(g.get("uri") == DIAGRAM_URI for g in el.iter(qn("a:graphicData"))):
            self._add("import.object", "warning", msg.OBJECTS["smartart"] + self.where + msg.OBJECT_HINTS["smartart"])
        elif next(el.iter(qn("c:chart")), None) is not None:
            self._add("import.object", "warning", msg.OBJECTS["chart"] + self.where + msg.OBJECT_HINTS["chart"])
        else:
            doc = next(el.iter(qn("wp:docPr")), None)
            get = doc.get if doc is not None else (lambda _, d="": d)
            decorative = doc is not None and any(
                etree.QName(d).localname == "decorative" and d.get("val", "") in ("1", "true")
                for d in doc.iter() if isinstance(d.tag, str))
            blips = list(el.iter(qn("a:blip")))
            for blip in blips:
                self._image(blip.get(R + "embed") or blip.get(R + "link") or "", get("descr", ""),
                            get("title", ""), decorative)
            if not blips and next(el.iter(W + "txbxContent"), None) is None:
                self._add("import.object", "warning", msg.OBJECTS["shape"] + self.where + msg.OBJECT_HINTS["shape"])
        self._walk(el)

    def _image(self, rid: str, descr: str, title: str, decorative: bool) -> None:
        target = self.rels.get(rid)
        if target is not None and self.stack:
            self.images.append((self.stack[-1].number, target, descr or "", title or "", decorative))

    def _pict(self, el: etree._Element) -> None:
        data = next(el.iter(qn("v:imagedata")), None)
        if data is not None:
            shape = data.getparent()
            self._image(data.get(R + "id") or "", shape.get("alt", "") if shape is not None else "",
                        data.get(qn("o:title"), ""), False)
        elif next(el.iter(W + "txbxContent"), None) is None and not any(
                e.get(qn("o:hr")) in ("t", "true") for e in el.iter() if isinstance(e.tag, str)):  # o:hr: a rule
            self._add("import.object", "warning", msg.OBJECTS["shape"] + self.where + msg.OBJECT_HINTS["shape"])
        self._walk(el)

    def _object(self, el: etree._Element) -> None:
        ole = next(el.iter(qn("o:OLEObject")), None)
        prog = ole.get("ProgID", "") if ole is not None else ""
        self._add("import.object", "warning", msg.OBJECTS["ole"] + (f" ({prog})" if prog else "") + self.where
                  + msg.OBJECT_HINTS["ole"])

    def _math(self, el: etree._Element) -> None:
        self._add("import.object", "warning", msg.OBJECTS["equation"] + self.where + msg.OBJECT_HINTS["equation"])
        for t in el.iter(qn("m:t")):
            self._text(t.text or "")


_HANDLERS: dict[str, Callable[[Walker, etree._Element], None]] = {
    W + "p": Walker._p, W + "pPr": Walker._ppr,
    **{W + name: Walker._change for name in CHANGES},
    W + "commentRangeStart": Walker._comment, W + "commentReference": Walker._comment,
    W + "footnoteReference": Walker._note_ref, W + "endnoteReference": Walker._note_ref,
    W + "t": Walker._t, W + "br": Walker._br, W + "sym": Walker._sym,
    **{W + name: Walker._char for name in ("tab", "ptab", "cr", "noBreakHyphen", "softHyphen")},
    W + "delText": lambda w, el: None, W + "delInstrText": lambda w, el: None, W + "fldData": lambda w, el: None,
    W + "instrText": Walker._instr, W + "fldChar": Walker._fld_char, W + "fldSimple": Walker._fld_simple,
    qn("mc:AlternateContent"): Walker._alternate, W + "drawing": Walker._drawing, W + "pict": Walker._pict,
    W + "object": Walker._object, qn("m:oMathPara"): Walker._math, qn("m:oMath"): Walker._math,
}
