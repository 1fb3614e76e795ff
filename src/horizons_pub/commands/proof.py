"""``horizons-pub proof ID``: the author's proof (« BAT auteur ») of one article, in ``<out>/<issue>/proofs/``.

``<id>-bat.pdf`` is the article as laid out: the very file the build's ``articles`` format makes
(``articles/<id>.pdf``: its pages with their folios as page labels, render/pdf/article_pdfs.py), copied, never
laid out a second way.  The build is run first: when the last build of every format in the output folder is
current (builder/stamp.py), it is taken as it is (nothing is laid out, its stamp kept); otherwise the issue is
built with the ``articles`` format alone, its print parts taken from the layout cache when they are unchanged.

``--docx`` adds ``<id>-bat.docx``: the edited text, the article's source after the editors' work, as a Word file
the author can compare with the one they sent (Word: Révision › Comparer).  pandoc (pypandoc-binary, in its
``--sandbox``) reads the body of the source (docs/source-format.md, close to pandoc's CommonMark: notes, pipe
tables, fenced divs, spans); the front matter is not given as it is: only the title, the people's names and the
standfirst, as pandoc's metadata (Word's Title, Author and Abstract paragraphs).  The blocks of the magazine get
the paragraph styles of its Word template, the ones ``horizons-pub import`` reads back
(layouts/import/word-styles.yaml): « HP Encadré », « HP Encadré titre », « HP Exergue », « HP Question »,
« HP Crédit »; intertitles are Word's Heading 1 and 2, a figure's caption its Image Caption.  The sandbox reads
no file but its input: each image the body shows is read here, inside the issue folder, and given to pandoc
in the AST as a ``data:`` address, so that it is embedded.

Both files are written together and atomically (support/atomic.py); nothing is written after an error.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import yaml

from ..builder.recipe import FORMATS, build_issue, load_issue
from ..builder.stamp import build_key, source_digests, up_to_date
from ..model.identity import article_file
from ..model.nodes import Issue
from ..reader.article import split_front_matter
from ..support.pandoc import PandocError, run_pandoc
from ..reader.markdown import make_parser
from ..reader.textchecks import quoted
from ..reader.textfile import read_text
from ..reader.yamlsrc import did_you_mean, load_yaml
from ..support.atomic import write_all
from ..support.diagnostics import Reporter, file_of
from ..support.mediatypes import media_type
from ..support.paths import display_path
from ..support.sourcefile import SourceFileError, read_inside
from .folders import latest_issue_folder

#: the folder of the output folder that holds the proofs
PROOFS_DIR = "proofs"
#: what pandoc reads: CommonMark with the source format's additions, none of pandoc's that it refuses or lacks
PANDOC_FROM = ("commonmark_x+implicit_figures-alerts-emoji-definition_lists-subscript-superscript-task_lists"
               "-tex_math_dollars-raw_html-raw_attribute-yaml_metadata_block-gfm_auto_identifiers"
               "-implicit_header_references-fancy_lists")
IMAGE_MAX = 200_000_000  # bytes of one image (reader/images.py's limit)
#: the paragraph styles of the magazine's Word template (layouts/import/word-styles.yaml), by fenced div
DIV_STYLES = {"encadre": "HP Encadré", "encadré": "HP Encadré", "sidebar": "HP Encadré",
              "exergue": "HP Exergue", "pullquote": "HP Exergue", "question": "HP Question"}
SIDEBAR_TITLE, CREDIT = "HP Encadré titre", "HP Crédit"
SMALLCAPS = {"smallcaps", "petites-capitales"}
_SEP = "\ue000"  # between a figure's caption and its credit in the text given to pandoc (a private-use character)
_IMAGE = "hp-proof-image-"  # the addresses of the images in that text: an index in the figures' list
_SIGNATURES = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"GIF8", "image/gif"))


def main(args: argparse.Namespace) -> int:
    reporter = Reporter()
    folder = latest_issue_folder(getattr(args, "issue", None), reporter, "proof")
    if folder is None:
        return 1
    found = Reporter(echo=False)  # the issue's and its build's: all said after an error, else the article's
    issue = load_issue(folder, found)
    if issue is None:
        reporter.extend(found.diagnostics)
        reporter.error("proof.failed", f"the source of {display_path(folder)} has errors (said above): no proof is "
                       "made; fix them, then run proof again", path=display_path(folder))
        return 1
    article_id = unicodedata.normalize("NFC", args.id)
    if not known_article(issue, article_id, folder, reporter):
        return 1
    out_root = Path(getattr(args, "out", None) or "build")
    pdf = built_pdf(folder, out_root, article_id, found)
    mine = os.path.realpath(issue.article(article_id).pos.file)
    own = [d for d in found.diagnostics if file_of(d) and os.path.realpath(file_of(d)) == mine]
    reporter.extend(found.diagnostics if pdf is None else own)
    if pdf is None:
        reporter.error("proof.failed", f"the build of {display_path(folder)} failed ({found.counts()}): its "
                       "diagnostics are said above; fix them, then run proof again", path=display_path(folder))
        return 1
    proofs = out_root / folder.resolve().name / PROOFS_DIR
    files = [(proofs / f"{article_id}-bat.pdf", pdf)]
    if getattr(args, "docx", False):
        try:
            files.append((proofs / f"{article_id}-bat.docx", proof_docx(issue, folder, article_id)))
        except PandocError as exc:
            reporter.error("proof.pandoc", f"the Word file of {article_id} could not be made: {exc}",
                           path=display_path(source_path(folder, article_id)))
            return 1
    try:
        written = write_all(files)
    except OSError as exc:  # a full disk, a read-only folder, --out naming a file
        reporter.error("output.write", f"cannot write {exc.filename or proofs}: {exc.strerror}; choose another "
                       "output folder with --out", path=str(proofs))
        return 1
    if not getattr(args, "quiet", False):
        folios = pdf_folios(pdf)
        pages = f"page {folios[0]}" if len(folios) == 1 else f"pages {folios[0]}–{folios[-1]}" if folios else ""
        for path in written:
            said = f" ({len(folios)} page(s): {pages})" if path.suffix == ".pdf" and folios else ""
            print(f"  → {display_path(path)}{said}")
        others = len(found.diagnostics) - len(own)
        rest = f"; {others} warning(s) of the issue's other files: horizons-pub build says them" if others else ""
        print(f"{display_path(folder)}: proof of {article_id} written ({reporter.counts()}{rest})")
    return 0


def known_article(issue: Issue, article_id: str, folder: Path, reporter: Reporter) -> bool:
    """Whether ``article_id`` is an article of the flatplan, which has a PDF of its own; else said."""
    ids = [part.article for part in issue.flatplan if part.article]
    if article_id in ids:
        return True
    shown = display_path(folder / "issue.yaml")
    box = next((part for part in issue.flatplan if article_id in part.boxes), None)
    if box is not None:
        reporter.error("proof.box", f"{quoted(article_id)} is a box printed on page {box.page} of the issue, with "
                       "another part: it has no PDF of its own; send its author that page of the screen PDF, or "
                       f"give it its own page in the flatplan", box.pos)
        return False
    others = ids + [b for part in issue.flatplan for b in part.boxes]
    reporter.error("proof.unknown-article", f"the issue {display_path(folder)} has no article "
                   f"{quoted(article_id)}{did_you_mean(article_id, others, 'articles')}", path=shown)
    return False


def built_pdf(folder: Path, out_root: Path, article_id: str, reporter: Reporter) -> bytes | None:
    """The article's PDF as the build makes it (``articles/<id>.pdf``), after building what is not current;
    None when the build failed (its diagnostics in ``reporter``)."""
    out_dir = out_root / folder.resolve().name
    # the reporter that read the issue: what the build finds again is held once (Reporter._add)
    result = build_issue(folder, out_root, build_formats(folder, out_dir), reporter)
    if (result.issue is None and not result.up_to_date) or reporter.has_errors():
        return None
    path = out_dir / article_file(article_id, "pdf")
    try:
        return path.read_bytes()
    except OSError as exc:  # removed between the build and here
        reporter.error("proof.failed", f"the build did not leave {display_path(path)} ({exc.strerror}): run proof "
                       "again", path=display_path(path))
        return None


def build_formats(folder: Path, out_dir: Path) -> list[str]:
    """Every format when the last build in ``out_dir`` made them all and is current (taken as it is, its stamp
    kept); else the ``articles`` format alone."""
    from ..support.environment import environment_key

    key = build_key(folder, list(FORMATS), False, environment_key(), source_digests(folder, skip=out_dir))
    return list(FORMATS) if up_to_date(out_dir, key) is not None else ["articles"]


def pdf_folios(data: bytes) -> list[str]:
    """The page labels of a PDF (its folios), empty when it cannot be read."""
    import io

    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return [page.label for page in pdf.pages]
    except (pikepdf.PdfError, ValueError):
        return []


# -- the edited text as a Word file ------------------------------------------------------------------------


def source_path(folder: Path, article_id: str) -> Path:
    """The article's source file (its name may be written decomposed: compared after NFC)."""
    articles = folder / "articles"
    for path in sorted(articles.glob("*.md")):
        if unicodedata.normalize("NFC", path.stem) == article_id:
            return path
    return articles / f"{article_id}.md"


def proof_docx(issue: Issue, folder: Path, article_id: str) -> bytes:
    """The .docx of the article's edited text (raises PandocError: pandoc missing or failing, a file unreadable)."""
    path = source_path(folder, article_id)
    text = read_text(path, display_path(path), Reporter(echo=False), folder)
    if text is None:
        raise PandocError(f"its source {display_path(path)} cannot be read")
    front, _offset, body, _body_offset = split_front_matter(text)
    meta = load_yaml(front or "", display_path(path), Reporter(echo=False), front_matter=True) or {}
    meta = meta if isinstance(meta, dict) else {}
    body = body or ""
    title = meta.get("title")
    if not isinstance(title, str):
        title, body = title_heading(body)
    article = issue.article(article_id)
    metadata = {"title": title or "", "author": [markdown_escape(p.name) for p in article.people],
                "lang": issue.language}  # Word's language; pandoc names the standfirst's label in it
    if isinstance(meta.get("standfirst"), str) and meta["standfirst"].strip():
        metadata["abstract"] = meta["standfirst"]
    body, images = figures_for_pandoc(body)
    with tempfile.TemporaryDirectory(prefix="hp-proof-") as tmp:
        meta_file = Path(tmp) / "metadata.yaml"
        meta_file.write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
        ast = json.loads(run_pandoc(["--from", PANDOC_FROM, "--to", "json", "--shift-heading-level-by=-1",
                                     "--metadata-file", str(meta_file)], body.encode("utf-8")))
    sources = [image_uri(folder, src) for src, _alt in images]
    ast["blocks"] = blocks_for_word(ast["blocks"], sources, [alt for _src, alt in images])
    return run_pandoc(["--from", "json", "--to", "docx", "--output", "-"], json.dumps(ast).encode("utf-8"))


def title_heading(body: str) -> tuple[str, str]:
    """(the title, the body without it) when the body's first line with text is a ``# `` heading (the title
    written as the text's first line, docs/source-format.md); else no title and the body."""
    lines = body.split("\n")
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("# ") and len(line) - len(line.lstrip()) <= 3:
            return stripped[2:].strip().rstrip("#").strip(), "\n".join(lines[n + 1:])
        break
    return "", body


def markdown_escape(text: str) -> str:
    """A plain string (a name) as Markdown that reads back as the same text."""
    return "".join(f"\\{c}" if c in "\\`*_{}[]<>#!|~^$@:" else c for c in text)


def figures_for_pandoc(body: str) -> tuple[str, list[tuple[str, str]]]:
    """The body with each figure's line written as pandoc reads a figure, and the figures' (file, alt text).

    The source's figure is ``![alt](file "caption"){credit="…" place=…}``: its caption and credit are inline
    Markdown (notes called in them too), which pandoc reads only in the brackets.  The line becomes
    ``![caption <SEP> credit](hp-proof-image-N)``, the rest of its paragraph's lines emptied (their numbers
    kept); :func:`blocks_for_word` splits the caption from the credit, sets the file and the alt text."""
    lines = body.split("\n")
    images: list[tuple[str, str]] = []
    for token in make_parser().parse(body):
        if token.type != "inline" or not token.map or len(token.children or []) != 1:
            continue
        image = token.children[0]
        if image.type != "image":
            continue
        first, last = token.map
        line = lines[first]
        start = line.find("![")
        if start < 0:
            continue
        alt = "".join(c.content for c in image.children or [] if c.type in ("text", "code_inline")).strip()
        images.append((unquote(str(image.attrs.get("src", ""))), alt))
        caption, credit = str(image.attrs.get("title") or ""), str(image.attrs.get("credit") or "")
        words = caption + (f" {_SEP} {credit}" if credit else "")
        lines[first] = f"{line[:start]}![{words.replace(chr(10), ' ')}]({_IMAGE}{len(images) - 1})"
        for n in range(first + 1, last):
            lines[n] = ""
    return "\n".join(lines), images


def image_uri(folder: Path, src: str) -> str:
    """The image's bytes as a ``data:`` address (read inside the issue folder, as the reader reads it)."""
    try:
        data = read_inside(folder, src, IMAGE_MAX)
    except SourceFileError as exc:  # the build read it: changed since
        raise PandocError(exc.sentence(f"the image {src}")) from exc
    kind = next((m for head, m in _SIGNATURES if data.startswith(head)), None)
    if kind is None:
        kind = "image/webp" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else media_type(src)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def blocks_for_word(blocks: list, sources: list[str], alts: list[str]) -> list:
    """pandoc's blocks made into what the Word file shows (see the module's docstring)."""
    out: list = []
    for block in blocks:
        kind, content = block.get("t"), block.get("c")
        if kind == "Div":
            (ident, classes, attrs), inner = content
            style = next((DIV_STYLES[c.lower()] for c in classes if c.lower() in DIV_STYLES), None)
            inner = blocks_for_word(inner, sources, alts)
            if style == DIV_STYLES["encadre"] and inner and inner[0].get("t") == "Header":
                inner[0] = _styled(SIDEBAR_TITLE, [{"t": "Para", "c": inner[0]["c"][2]}])
            if style is not None:
                attrs = [*attrs, ["custom-style", style]]
            out.append({"t": "Div", "c": [[ident, classes, attrs], inner]})
            continue
        if kind == "Figure":
            credit = _figure(content, sources, alts)
            out.append(block)
            if credit:
                out.append(_styled(CREDIT, [{"t": "Para", "c": credit}]))
            continue
        out.append(_walk(block, sources, alts))
    return out


def _figure(content: list, sources: list[str], alts: list[str]) -> list:
    """Split a figure's caption at the separator: the caption stays, the credit's inlines are returned."""
    caption = content[1]  # [short caption, [blocks]]
    credit: list = []
    for plain in caption[1]:
        if plain.get("t") in ("Plain", "Para"):
            inlines = plain["c"]
            at = next((i for i, x in enumerate(inlines) if x.get("t") == "Str" and _SEP in x.get("c", "")), None)
            if at is not None:
                inlines, credit = _trim(inlines[:at]), _trim(inlines[at + 1:])
                plain["c"] = inlines
    caption[1] = [_walk(b, sources, alts) for b in caption[1]]
    content[2] = [_walk(b, sources, alts) for b in content[2]]
    return [_walk_inline(x, sources, alts) for x in credit]


def _trim(inlines: list) -> list:
    while inlines and inlines[0].get("t") in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    while inlines and inlines[-1].get("t") in ("Space", "SoftBreak"):
        inlines = inlines[:-1]
    return inlines


def _styled(style: str, blocks: list) -> dict:
    return {"t": "Div", "c": [["", [], [["custom-style", style]]], blocks]}


def _walk(node, sources: list[str], alts: list[str]):
    """A block, its inlines made Word's (small capitals, French quotation marks, the images' data)."""
    if isinstance(node, list):
        if node and all(isinstance(x, dict) and "t" in x for x in node) and _is_blocks(node):
            return blocks_for_word(node, sources, alts)
        return [_walk(x, sources, alts) for x in node]
    if isinstance(node, dict) and "t" in node:
        if node["t"] in _INLINES:
            return _walk_inline(node, sources, alts)
        if "c" in node:
            return {"t": node["t"], "c": _walk(node["c"], sources, alts)}
    return node


_BLOCKS = {"Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList", "BulletList",
           "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div"}
_INLINES = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Quoted",
            "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link", "Image", "Note", "Span"}


def _is_blocks(nodes: list) -> bool:
    return all(x["t"] in _BLOCKS for x in nodes)


def _walk_inline(node: dict, sources: list[str], alts: list[str]) -> dict:
    kind, content = node["t"], node.get("c")
    if kind == "Span" and SMALLCAPS & set(content[0][1]):
        return {"t": "SmallCaps", "c": [_walk_inline(x, sources, alts) for x in content[1]]}
    if kind == "Quoted" and content[0]["t"] == "DoubleQuote":  # the print edition's « … », its thin spaces
        inner = [_walk_inline(x, sources, alts) for x in content[1]]
        return {"t": "Span", "c": [["", [], []], [{"t": "Str", "c": "«\u202f"}, *inner, {"t": "Str", "c": "\u202f»"}]]}
    if kind == "Image":
        (ident, classes, attrs), inlines, (src, title) = content
        if src.startswith(_IMAGE) and src[len(_IMAGE):].isdigit():
            n = int(src[len(_IMAGE):])
            # its inlines are what Word shows as its description (docPr descr): the alternative text
            src, inlines = sources[n], [{"t": "Str", "c": alts[n]}]
        return {"t": "Image", "c": [[ident, classes, attrs], _walk(inlines, sources, alts), [src, title]]}
    if content is None:
        return node
    return {"t": kind, "c": _walk(content, sources, alts)}
