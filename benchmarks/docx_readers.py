"""What each Word reader keeps of the same files, measured from its output (issue 18), and its time.

    .venv/bin/python benchmarks/docx_readers.py [--runs 5] [--markdown-out benchmarks/docx_readers.md]

The files are the fixtures of tests/data/docx/ (made by pandoc, LibreOffice and python-docx: see its
README).  What each file holds is read from its XML here (lxml: the « in the file » column); each reader
is then run on it the way a caller would, with the options it has for the job:

- pandoc 3 (``pypandoc-binary``): ``-f docx+styles --track-changes=all -t json``, the AST walked;
- mammoth: ``convert_to_html`` with a style map naming every caption style and every « HP » style
  (``p[style-name='HP Question'] => p.hp-question:fresh``…), ``small-caps => span.smallcaps`` and
  ``comment-reference => sup`` (comments are left out without it); the HTML parsed;
- python-docx: ``Document``, its public API only (``iter_inner_content``, runs' fonts, tables,
  ``comments``); it has no API for notes, numbering or an image's description;
- docx2python: ``docx2python(path, html=True)``, its text, ``footnotes``, ``endnotes``, ``comments``
  and ``document_pars`` (each paragraph's style id).

A cell says how much of what the file holds the reader gave back: ``4/4`` found, ``no API`` when the
reader offers no way to get it.  Times: wall-clock median of ``--runs`` runs of the whole read (the
file parsed and every value above collected), CPU seconds beside (this process and its children:
pandoc is a child process).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import time
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from lxml import etree, html

import docx
import docx2python
import mammoth
import pypandoc

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "data" / "docx"
FILES = ("pandoc.docx", "libreoffice.docx", "libreoffice-clean.docx", "house-style.docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
CAPTION_STYLES = ("Image Caption", "Table Caption", "Caption", "Figure", "Table", "HP Légende")
CAPTION_IDS = {s.replace(" ", "") for s in CAPTION_STYLES}
NBSP, NNBSP = "\u00a0", "\u202f"


@dataclass
class Reading:
    """What a reader gave back; ``None``: it has no way to give it."""
    text: str = ""                                     # body text, markup removed
    notes: list[str] | None = field(default_factory=list)
    list_starts: list[int] | None = field(default_factory=list)
    smallcaps: list[str] | None = field(default_factory=list)
    superscripts: list[str] | None = field(default_factory=list)
    tables: list[tuple[int, str | None]] = field(default_factory=list)  # cells, alignments (L C R -)
    alts: list[str] | None = field(default_factory=list)
    captions: list[str] | None = field(default_factory=list)            # texts given a caption role
    styles: set[str] | None = field(default_factory=set)                # paragraph styles seen by name
    changes: list[str] | None = field(default_factory=list)             # tracked changes reported
    comments: list[str] | None = field(default_factory=list)
    linebreaks: int = 0
    style_note: str = ""


def norm(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# -- what the file holds ----------------------------------------------------------------------------------


def _xml(z: zipfile.ZipFile, part: str):
    return etree.fromstring(z.read(part)) if part in z.namelist() else None


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(W + "t"))


def facts(path: Path) -> Reading:
    """The file's own contents, from its XML."""
    with zipfile.ZipFile(path) as z:
        doc, styles, numbering = _xml(z, "word/document.xml"), _xml(z, "word/styles.xml"), _xml(z, "word/numbering.xml")
        notes = [norm(" ".join(_text(p) for p in n.iter(W + "p"))) for part in ("word/footnotes.xml", "word/endnotes.xml") if (x := _xml(z, part)) is not None
                 for n in x if n.get(W + "type") is None]
        comments_xml = _xml(z, "word/comments.xml")
    names = {s.get(W + "styleId"): s.find(W + "name").get(W + "val") for s in styles.iter(W + "style")}
    custom = {s.get(W + "styleId") for s in styles.iter(W + "style") if s.get(W + "customStyle") == "1"
              and s.get(W + "type") == "paragraph"}
    caps_styles = {s.get(W + "styleId") for s in styles.iter(W + "style") if s.find(f"{W}rPr/{W}smallCaps") is not None}
    out = Reading(text=norm(" ".join(_text(p) for p in doc.iter(W + "p"))), notes=notes)
    for run in doc.iter(W + "r"):
        rpr = run.find(W + "rPr")
        if rpr is None:
            continue
        rstyle = rpr.find(W + "rStyle")
        if rpr.find(W + "smallCaps") is not None or (rstyle is not None and rstyle.get(W + "val") in caps_styles):
            out.smallcaps.append(_text(run))
        va = rpr.find(W + "vertAlign")
        if va is not None and va.get(W + "val") == "superscript" and run.find(W + "footnoteReference") is None:
            out.superscripts.append(_text(run))
    used = [p.get(W + "val") for p in doc.iter(W + "pStyle")]
    out.styles = {names.get(s, s) for s in used if s in custom}
    out.captions = [norm(_text(p)) for p in doc.iter(W + "p") if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
                    and names.get(s.get(W + "val")) in CAPTION_STYLES]
    out.alts = [d.get("descr") for d in doc.iter(WP + "docPr") if d.get("descr")]
    for tbl in doc.iter(W + "tbl"):
        first = tbl.find(W + "tr")
        aligns = "".join({"left": "L", "start": "L", "center": "C", "right": "R", "end": "R"}.get(
            (jc.get(W + "val") if (jc := tc.find(f"{W}p/{W}pPr/{W}jc")) is not None else ""), "-")
            for tc in first.findall(W + "tc"))
        out.tables.append((len(tbl.findall(f"{W}tr/{W}tc")), aligns))
    out.list_starts = _list_starts(doc, numbering)
    out.changes = [f"insertion « {norm(_text(e))} »" for e in doc.iter(W + "ins")] + [
        f"deletion « {norm(''.join(t.text or '' for t in e.iter(W + 'delText')))} »" for e in doc.iter(W + "del")]
    out.comments = [norm(_text(c)) for c in comments_xml] if comments_xml is not None else []
    out.linebreaks = sum(1 for br in doc.iter(W + "br") if br.get(W + "type") in (None, "textWrapping"))
    return out


def _list_starts(doc, numbering) -> list[int]:
    """The first number of each numbered (not bulleted) list at level 0."""
    if numbering is None:
        return []
    starts, seen = [], set()
    for num_id in (n.get(W + "val") for n in doc.iter(W + "numId")):
        if num_id in seen:
            continue
        seen.add(num_id)
        num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
        if num is None:
            continue
        abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{num.find(W + 'abstractNumId').get(W + 'val')}']")
        lvl = abstract.find(f"{W}lvl[@{W}ilvl='0']")
        if lvl.find(W + "numFmt").get(W + "val") == "bullet":
            continue
        override = num.find(f"{W}lvlOverride[@{W}ilvl='0']/{W}startOverride")
        start = override if override is not None else lvl.find(W + "start")
        starts.append(int(start.get(W + "val")) if start is not None else 1)
    return starts


# -- pandoc -------------------------------------------------------------------------------------------------


def _stringify(node) -> str:
    if isinstance(node, list):
        return "".join(_stringify(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, c = node.get("t"), node.get("c")
    if kind == "Str":
        return c
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in ("Note", "Image"):
        return ""
    if kind in ("Span", "Link"):
        return _stringify(c[1])
    if kind in ("Div", "Figure", "Table"):
        return _stringify(c[1:]) if kind != "Table" else ""
    if kind in ("Header",):
        return _stringify(c[2])
    if kind == "OrderedList":
        return _stringify(c[1])
    return _stringify(c)


def read_pandoc(path: Path) -> Reading:
    ast = json.loads(pypandoc.convert_file(str(path), "json", format="docx+styles",
                                           extra_args=["--track-changes=all"]))
    out = Reading(text=norm(_stringify(ast["blocks"])))

    def walk(node, in_note=False):
        if isinstance(node, list):
            for n in node:
                walk(n, in_note)
            return
        if not isinstance(node, dict) or "t" not in node:
            return
        kind, c = node["t"], node.get("c")
        if kind == "Note":
            out.notes.append(norm(_stringify(c)))
            walk(c, True)
            return
        if in_note:
            walk(c, True)
            return
        if kind == "OrderedList":
            out.list_starts.append(c[0][0])
        elif kind == "SmallCaps":
            out.smallcaps.append(_stringify(c))
        elif kind == "Superscript":
            out.superscripts.append(_stringify(c))
        elif kind == "Image":
            if _stringify(c[1]):
                out.alts.append(_stringify(c[1]))
        elif kind == "LineBreak":
            out.linebreaks += 1
        elif kind == "Figure" and _stringify(c[1]):
            out.captions.append(norm(_stringify(c[1])))
        elif kind == "Table":
            if _stringify(c[1]):
                out.captions.append(norm(_stringify(c[1])))
            aligns = "".join({"AlignLeft": "L", "AlignCenter": "C", "AlignRight": "R"}.get(s[0]["t"], "-") for s in c[2])
            rows = c[3][1] + [r for body in c[4] for r in body[2] + body[3]]
            out.tables.append((sum(len(r[1]) for r in rows), aligns))
        elif kind in ("Div", "Span"):
            attrs = dict(c[0][2])
            if "custom-style" in attrs:
                out.styles.add(attrs["custom-style"])
                if kind == "Div" and attrs["custom-style"] in CAPTION_STYLES:
                    out.captions.append(norm(_stringify(c[1])))
            classes = c[0][1]
            if "insertion" in classes or "deletion" in classes:
                out.changes.append(f"{classes[0]} « {norm(_stringify(c[1]))} »")
            if "comment-start" in classes:
                out.comments.append(norm(_stringify(c[1])))
        walk(c, in_note)

    walk(ast["blocks"])
    out.style_note = "custom-style"
    return out


# -- mammoth ------------------------------------------------------------------------------------------------


HP_STYLES = ("HP Titre", "HP Chapô", "HP Auteur", "HP Intertitre", "HP Intertitre 2", "HP Encadré titre",
             "HP Encadré", "HP Exergue", "HP Question", "HP Légende", "HP Crédit", "HP Source")


def _class(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


MAMMOTH_MAP = "\n".join(
    [f"p[style-name='{s}'] => p.{_class(s)}:fresh" for s in HP_STYLES + CAPTION_STYLES]
    + ["r[style-name='HP Petites capitales'] => span.smallcaps", "small-caps => span.smallcaps",
       "comment-reference => sup"])
CLASS_TO_STYLE = {_class(s): s for s in HP_STYLES + CAPTION_STYLES}


def read_mammoth(path: Path) -> Reading:
    with path.open("rb") as f:
        result = mammoth.convert_to_html(f, style_map=MAMMOTH_MAP)
    tree = html.fromstring(f"<div>{result.value}</div>")
    out = Reading(list_starts=[], changes=None)
    notes = tree.xpath("//li[starts-with(@id, 'footnote-') or starts-with(@id, 'endnote-')]")
    for li in notes:
        for back in li.xpath(".//a[starts-with(@href, '#footnote-ref') or starts-with(@href, '#endnote-ref')]"):
            back.drop_tree()
        out.notes.append(norm(li.text_content()))
    for back in tree.xpath("//dd//a[starts-with(@href, '#comment-ref')]"):
        back.drop_tree()
    out.comments = [norm(dd.text_content()) for dd in tree.xpath("//dd")]
    for extra in tree.xpath("//li[starts-with(@id, 'footnote-') or starts-with(@id, 'endnote-')]/.. | //dl"
                            " | //sup[a[starts-with(@href, '#')]]"):
        extra.drop_tree()
    out.text = norm(tree.text_content())
    out.list_starts = [int(ol.get("start", "1")) for ol in tree.iter("ol")]
    out.smallcaps = [s.text_content() for s in tree.xpath("//span[@class='smallcaps']")]
    out.superscripts = [s.text_content() for s in tree.iter("sup")]
    out.alts = [img.get("alt") for img in tree.iter("img") if img.get("alt")]
    for table in tree.iter("table"):
        out.tables.append((len(table.xpath(".//td | .//th")), None))
    for element in tree.xpath("//*[@class]"):
        style = CLASS_TO_STYLE.get(element.get("class"))
        if style:
            out.styles.add(style)
            if style in CAPTION_STYLES:
                out.captions.append(norm(element.text_content()))
    warned = {m.group(1) for msg in result.messages if (m := re.match(r"Unrecognised paragraph style: (.+) \(Style ID", msg.message))}
    out.styles |= warned
    out.style_note = "style map, others in warnings"
    out.linebreaks = len(tree.xpath("//br"))
    return out


# -- python-docx ----------------------------------------------------------------------------------------------


def read_python_docx(path: Path) -> Reading:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out = Reading(notes=None, list_starts=None, alts=None, changes=None)
    texts = []

    def paragraph(p: Paragraph) -> None:
        texts.append(p.text)
        out.linebreaks += p.text.count("\n")
        name = p.style.name if p.style is not None else ""
        if name in CAPTION_STYLES:
            out.captions.append(norm(p.text))
        out.styles.add(name)
        for run in p.runs:
            style_caps = run.style is not None and run.style.font.small_caps
            if run.font.small_caps or style_caps:
                out.smallcaps.append(run.text)
            if run.font.superscript and "Reference" not in (run.style.name if run.style is not None else ""):
                out.superscripts.append(run.text)

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            cells = [c for row in block.rows for c in row.cells]
            first = block.rows[0].cells
            aligns = "".join({0: "L", 1: "C", 2: "R"}.get(c.paragraphs[0].alignment, "-") for c in first)
            out.tables.append((len(cells), aligns))
            for c in cells:
                for p in c.paragraphs:
                    paragraph(p)
        else:
            paragraph(block)
    out.text = norm(" ".join(texts))
    out.comments = [norm(c.text) for c in document.comments]
    out.style_note = "style.name"
    return out


# -- docx2python ------------------------------------------------------------------------------------------------


def _pars(nested):
    if isinstance(nested, list):
        for item in nested:
            yield from _pars(item)
    else:
        yield nested


def _strip(text: str) -> str:
    text = re.sub(r"----(foot|end)note\d+----|----comment\d+----", "", text)
    text = re.sub(r"----Image alt text---->.*?<----media/[^-]*----|----media/[^-]*----", "", text)
    return re.sub(r"<[^>]+>", "", text)


def read_docx2python(path: Path) -> Reading:
    with docx2python.docx2python(str(path), html=True) as result:
        body, pars = result.body, list(_pars(result.document_pars))
        notes = [" ".join(cell) for part in (result.footnotes, result.endnotes) for tbl in part for row in tbl
                 for cell in row if "".join(cell).strip()]
        captions = [norm(_strip("".join(p.run_strings))) for p in pars if p.style in CAPTION_IDS]
        comments = result.comments
        ids = {p.style for p in pars}
    out = Reading(changes=None, tables=[], captions=captions, style_note="style id")
    strings = [s for s in _pars(body)]
    out.text = norm(" ".join(_strip(s) for s in strings))
    out.notes = [norm(_strip(re.sub(r"^(foot|end)note\d+\)\t", "", n))) for n in notes]
    out.comments = [norm(c[3]) for c in comments]
    out.list_starts = [int(m.group(1)) for s in strings if (m := re.match(r"(\d+)\)\t", s))]
    out.smallcaps = re.findall(r"<span style=\"font-variant:small-caps\">(.*?)</span>|<smallCaps>(.*?)</smallCaps>",
                               "".join(strings))
    out.smallcaps = [a or b for a, b in out.smallcaps]
    out.superscripts = [s for t in strings for s in re.findall(r"<sup>(.*?)</sup>", t)]
    out.alts = [a for t in strings for a in re.findall(r"----Image alt text---->(.*?)<----media", t) if a]
    out.linebreaks = sum(s.count("\n") for s in strings)
    for table in body:
        cells = [c for row in table for c in row]
        if len(cells) > 1:
            out.tables.append((len(cells), None))
    out.styles = {p for p in ids if p}
    return out


READERS = {"pandoc": read_pandoc, "mammoth": read_mammoth, "python-docx": read_python_docx,
           "docx2python": read_docx2python}


# -- the table ------------------------------------------------------------------------------------------------


def _found(wanted: list[str], got: list[str]) -> int:
    """How many of ``wanted`` are in ``got`` (each used once), compared without spacing."""
    pool = [norm(g).replace(" ", "") for g in got]
    n = 0
    for w in wanted:
        key = norm(w).replace(" ", "")
        if key in pool:
            pool.remove(key)
            n += 1
    return n


def _ratio(wanted: list, got: list | None, what: str = "") -> str:
    if got is None:
        return "no API"
    if not wanted:
        return f"— ({len(got)} {what})".replace(" ()", "") if got else "—"
    return f"{_found(wanted, got)}/{len(wanted)}"


def _notes(file: Reading, got: Reading) -> str:
    if got.notes is None:
        return "no API"
    if not file.notes:
        return "—"
    full = _found(file.notes, got.notes)
    return f"{len(got.notes)}/{len(file.notes)}, text whole {full}/{len(file.notes)}"


def _tables(file: Reading, got: Reading) -> str:
    if not file.tables:
        return "—"
    out = []
    for i, (cells, aligns) in enumerate(file.tables):
        if i >= len(got.tables):
            out.append("lost")
            continue
        g_cells, g_aligns = got.tables[i]
        align = "no alignment" if g_aligns is None else (g_aligns if g_aligns == aligns else f"{g_aligns} (file {aligns})")
        out.append(f"{g_cells}/{cells} cells, {align}")
    return "; ".join(out)


def _changes(file: Reading, got: Reading) -> str:
    if not file.changes:
        return "—"
    inserted = [c.split("« ", 1)[1].rstrip(" »") for c in file.changes if c.startswith("insertion")]
    deleted = [c.split("« ", 1)[1].rstrip(" »") for c in file.changes if c.startswith("deletion")]
    if got.changes:
        return f"reported ({len(got.changes)}/{len(file.changes)}, with their text)" if _found(file.changes, got.changes) == len(
            file.changes) else f"reported ({len(got.changes)}/{len(file.changes)})"
    ins = all(norm(t) in got.text for t in inserted)
    dele = any(norm(t) in got.text for t in deleted)
    if ins and not dele:
        return "silently accepted"
    if not ins and not dele:
        return "insertion lost, deletion dropped: unreported"
    return f"unreported: insertion {'kept' if ins else 'lost'}, deletion {'kept' if dele else 'dropped'}"


def _spaces(file: Reading, got: Reading) -> str:
    text = got.text + " ".join(got.notes or [])
    want = file.text + " ".join(file.notes)
    return f"{text.count(NBSP)}/{want.count(NBSP)} U+00A0, {text.count(NNBSP)}/{want.count(NNBSP)} U+202F"


ROWS = [
    ("footnotes and endnotes (count, text kept)", _notes,
     lambda f: f"{len(f.notes)}"),
    ("numbered list's first number", lambda f, g: "no API" if g.list_starts is None else (
        "—" if not f.list_starts else ("kept" if set(f.list_starts) <= set(g.list_starts) else f"lost ({g.list_starts})")),
     lambda f: ", ".join(map(str, f.list_starts)) or "—"),
    ("small caps", lambda f, g: _ratio(f.smallcaps, g.smallcaps), lambda f: ", ".join(f.smallcaps) or "—"),
    ("superscript", lambda f, g: _ratio(f.superscripts, g.superscripts), lambda f: ", ".join(f.superscripts) or "—"),
    ("tables (cells, alignment)", _tables, lambda f: "; ".join(f"{c} cells, {a}" for c, a in f.tables) or "—"),
    ("image alt text (Word's description)", lambda f, g: _ratio(f.alts, g.alts), lambda f: str(len(f.alts))),
    ("captions (given a caption role)", lambda f, g: _ratio(f.captions, g.captions), lambda f: str(len(f.captions))),
    ("custom paragraph styles (w:customStyle) visible by name", lambda f, g: "no API" if g.styles is None else (
        "—" if not f.styles else f"{_found(sorted(f.styles), sorted(g.styles | {s.replace(' ', '') for s in f.styles if s.replace(' ', '') in g.styles}))}/{len(f.styles)} ({g.style_note})"),
     lambda f: str(len(f.styles))),
    ("tracked changes", _changes, lambda f: ", ".join(c.split(" ", 1)[0] for c in f.changes) or "—"),
    ("comments", lambda f, g: _ratio(f.comments, g.comments), lambda f: str(len(f.comments))),
    ("soft line breaks", lambda f, g: f"{g.linebreaks}/{f.linebreaks}" if f.linebreaks else "—", lambda f: str(f.linebreaks)),
    ("no-break spaces kept", _spaces, lambda f: f"{(f.text + ' '.join(f.notes)).count(NBSP)} U+00A0, "
                                                f"{(f.text + ' '.join(f.notes)).count(NNBSP)} U+202F"),
]


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(read, path: Path, runs: int) -> tuple[Reading, float, float]:
    walls, cpus, reading = [], [], None
    for _ in range(runs):
        cpu, start = _cpu(), time.perf_counter()
        reading = read(path)
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return reading, statistics.median(walls), statistics.median(cpus)


def table(name: str, runs: int) -> str:
    path = FIXTURES / name
    file = facts(path)
    results = {reader: timed(read, path, runs) for reader, read in READERS.items()}
    head = ["", "in the file", *READERS]
    lines = [f"### {name}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, cell, fact in ROWS:
        lines.append(f"| {label} | {fact(file)} | " + " | ".join(cell(file, r[0]) for r in results.values()) + " |")
    lines.append("| wall time, median (CPU) | | " + " | ".join(
        f"{wall * 1000:.0f} ms ({cpu * 1000:.0f} ms)" for _, wall, cpu in results.values()) + " |")
    return "\n".join(lines)


FINDINGS = """\
What the cells do not say:

- Tracked changes: only pandoc (``--track-changes=all``) says there are any; mammoth and docx2python
  give the text as if every change were accepted, python-docx's ``paragraph.text`` leaves out the
  inserted runs (inside ``w:ins``) and the deleted ones alike. Pandoc's default (``accept``) would
  accept them silently too.
- Small capitals through a character style (« HP Petites capitales », whose style sets ``w:smallCaps``):
  pandoc gives a span with its ``custom-style`` name, not ``SmallCaps``; docx2python does not resolve it.
  mammoth marks it only because the style map names the style; python-docx through ``run.style.font``.
- mammoth drops a numbered list's first number (every ``<ol>`` starts at 1) and every table alignment;
  docx2python gives no alignment and writes the list's numbers (``3)``) and bullets (``--``) as text,
  so a note holding a list comes back with ``--`` in its text (the one note not « whole »).
- docx2python writes a page break as a line break (``\\n``): the extra soft line break it counts.
- python-docx has no API for notes (so it misses the no-break space of a note), numbering, or an
  image's description (only through the private ``InlineShape._inline.docPr``).
- An image that LibreOffice wraps in ``mc:AlternateContent`` (it does for a frame whose graphic style has
  no parent « Graphics », tried while making the fixtures): pandoc and mammoth then read the VML
  fallback and lose the description (alt text 0/1); docx2python and an lxml scan of ``mc:Choice`` keep it.
- pandoc names only the styles it does not turn into its own elements (Title, Author, Abstract, Image
  Caption… become metadata and figures): 5 of pandoc.docx's 8 custom styles.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown-out", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    versions = (f"pandoc {pypandoc.get_pandoc_version()} (pypandoc-binary {version('pypandoc-binary')}), "
                f"mammoth {version('mammoth')}, python-docx {version('python-docx')}, "
                f"docx2python {version('docx2python')}")
    text = "\n\n".join(table(name, args.runs) for name in FILES)
    print(text)
    if args.markdown_out:
        doc = __doc__.split("\n\n", 2)
        args.markdown_out.write_text(
            "# Word readers compared on the same files\n\n"
            "Made by `.venv/bin/python benchmarks/docx_readers.py --markdown-out benchmarks/docx_readers.md`"
            f" ({versions}; this machine, medians of {args.runs} runs).\n\n" + doc[2].strip() + "\n\n" + text
            + "\n\n" + FINDINGS,
            encoding="utf-8")


if __name__ == "__main__":
    main()
