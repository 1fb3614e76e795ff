"""A Word file → an :class:`Article` of the model, its images, and what the details must make again.

The recipe: the OOXML scan (``ooxml.py``) says what the file holds that the import refuses (tracked
changes, comments, a note in a note: errors, and pandoc is not even run) or drops (fields, page breaks,
equations: warnings); pandoc reads the text (``pandoc.py``); ``blocks.py`` and ``assemble.py`` make
the model of it, as the Markdown reader would have made it of the same article typed by hand (note
calls and their definitions, not yet numbered). Every diagnostic is at the Word paragraph it is about:
``file.docx:12: … paragraph 12, « …the text around… »``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from ...model.nodes import (Article, BlockQuote, BulletList, Figure, Inline, Kind, NoteDef, OrderedList,
                            Paragraph, Pos, Question, Table, Text)
from ...model.walk import iter_blocks
from ...support.diagnostics import Reporter
from .assemble import assemble
from .blocks import BlockConverter, Item
from .inlines import Raised, plain
from .ooxml import DocxError, WordScan, scan_docx
from .ooxml_package import DocxPackage
from ...support.pandoc import PandocError
from .pandoc import docx_ast
from .positions import Positions
from .stylemap import StyleMap

#: The codes of the scan's findings, at their level (docs/diagnostics.md lists them).
FINDING_CODES = {"import.tracked-change": "error", "import.comment": "error", "import.note-in-note": "error",
                 "import.field": "warning", "import.page-break": "warning", "import.object": "warning"}
KEPT_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
CONVERTED_FORMATS = {"TIFF", "BMP"}  # saved as PNG (a CMYK one as JPEG, its profile kept)
ALT_PLACEHOLDER = "À REMPLIR : décrire l’image pour qui ne la voit pas"
TITLE_PLACEHOLDER = "À CHANGER : titre de l’article"
#: the alternative texts Word writes by itself, which describe nothing a reader needs
AUTOMATIC_ALT = re.compile(r"description (générée|generated) automatiquement|automatically generated|"
                           r"^une image contenant|^a picture containing|^image\s*\d*$|\.(png|jpe?g|gif|emf|wmf)$",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImportedImage:
    path: str  # relative to the issue folder: images/<id>/image1.png
    data: bytes
    pos: Pos


@dataclass(frozen=True, slots=True)
class Imported:
    article: Article
    images: tuple[ImportedImage, ...]
    raised: tuple[Raised, ...]  # superscripts and subscripts made plain text, for the details to make again
    subtitle: tuple[Inline, ...]  # the file's subtitle: the source format has none (the command says where it goes)


class _NotePositions(Positions):
    """A note's blocks stand where the note is called."""

    def __init__(self, pos: Pos):
        super().__init__(pos.file, [(pos.line, "")])

    def match(self, text: str) -> Pos:
        return self.pos()


def read_docx(data: bytes, shown: str, article_id: str, rubric: str | None, style_map: StyleMap,
              reporter: Reporter) -> Imported | None:
    """The article the Word file holds, or None after an error (said)."""
    try:
        scan = scan_docx(data)
    except DocxError as exc:
        reporter.error("import.file", str(exc), path=shown)
        return None
    errors = len(reporter.errors)
    for finding in scan.findings:
        if FINDING_CODES.get(finding.code) != finding.severity:  # a defect of the scan, not of the file
            raise ValueError(f"the scan found {finding.code!r} at level {finding.severity!r}: not in FINDING_CODES")
        say = reporter.error if finding.severity == "error" else reporter.warning
        context = finding.context.strip()
        where = f"paragraph {finding.paragraph}" + (f", « {context} »" if context else "")
        say(finding.code, f"{where}: {finding.message}", Pos(shown, finding.paragraph))
    if len(reporter.errors) > errors:
        return None
    try:
        ast = docx_ast(data)
    except PandocError as exc:
        reporter.error("import.pandoc", str(exc), path=shown)
        return None
    return _Reading(data, shown, article_id, scan, style_map, reporter).article(ast, rubric)


class _Reading:
    def __init__(self, data: bytes, shown: str, article_id: str, scan: WordScan, style_map: StyleMap,
                 reporter: Reporter):
        self.package = DocxPackage(data)  # the images read within the scan's size limits
        self.shown, self.id, self.scan, self.reporter = shown, article_id, scan, reporter
        self.positions = Positions(shown, [(p.number, p.text) for p in scan.paragraphs])
        self.converter = BlockConverter(style_map, scan.style_levels, self.positions, reporter, self._note)
        self.note_defs: list[NoteDef] = []
        self.in_note = False
        self.images: dict[str, ImportedImage | None] = {}  # media target → what was made of it
        self.descriptions = {image.target: image.description for image in scan.images}

    def article(self, ast: dict, rubric: str | None) -> Imported:
        items = self._meta(ast.get("meta", {})) + self.converter.items(ast.get("blocks", []))
        for style, pos in {**self.converter.unknown_styles, **self.converter.inlines.unknown_styles}.items():
            where = self.positions.where(pos)
            self.reporter.warning("import.style", f"{where}: the style « {style} » is not in the style "
                                  "map: its text is imported as ordinary text; if it has a role, add it to the style "
                                  "map (--style-map, layouts/import/word-styles.yaml)", pos)
        done = assemble(items, self._figure, self.reporter, self.converter.style_map.paragraph_role)
        title = done.title
        if not title:
            pos = Pos(self.shown, 1)
            self.reporter.warning("import.title", "the Word file has no title (no paragraph in a title style, "
                                  "« Titre » or « HP Titre »): the article's title is a placeholder to replace", pos)
            title = (Text(TITLE_PLACEHOLDER, pos),)
        blocks = tuple(done.blocks)
        kind = Kind.INTERVIEW if any(isinstance(b, Question) for b in iter_blocks(blocks)) else (
            Kind.EDITORIAL if rubric == "edito" else Kind.ARTICLE)
        article = Article(self.id, kind, rubric, title, done.standfirst, tuple(done.people), blocks,
                          tuple(self.note_defs), Pos(self.shown, 1))
        images = tuple(image for image in self.images.values() if image is not None)
        return Imported(article, images, tuple(self.converter.inlines.raised), done.subtitle)

    def _meta(self, meta: dict) -> list[Item]:
        """pandoc reads the Title, Subtitle and Author paragraphs into its metadata: back to items."""
        items: list[Item] = []
        for key, role in (("title", "title"), ("subtitle", "subtitle"), ("author", "author")):
            value = meta.get(key)
            values = value["c"] if value and value["t"] == "MetaList" else ([value] if value else [])
            for entry in values:
                inlines = entry["c"] if entry["t"] == "MetaInlines" else [
                    n for block in entry["c"] for n in (block["c"] if block["t"] in ("Para", "Plain") else [])]
                pos = self.positions.match(plain(inlines))
                items.append(Item(role, pos, inlines=self.converter.inlines.convert(inlines, pos)))
        self.positions.cursor = 0
        return items

    def _note(self, blocks: list, pos: Pos) -> str | None:
        if self.in_note:  # refused by the scan before pandoc runs (import.note-in-note); never nested here
            return None
        self.in_note = True
        saved = self.converter.positions
        self.converter.positions = _NotePositions(pos)
        try:
            label = str(len(self.note_defs) + 1)
            converted = self.converter.blocks(blocks)
            if any(not isinstance(block, Paragraph) for block in converted):
                where = self.positions.where(pos)
                self.reporter.warning("import.note-block", f"{where}: the note called here (its number "
                                      f"{label}) holds a list, a quotation or a table: a note holds paragraphs "
                                      "only, so each item is made a paragraph of the note", pos)
            self.note_defs.append(NoteDef(label, tuple(_paragraphs(converted)), pos))
        finally:
            self.converter.positions = saved
            self.in_note = False
        return label

    def _figure(self, item: Item) -> Figure | None:
        target, alt = item.image
        if target not in self.images:
            self.images[target] = self._image(target, item.pos)
        image = self.images[target]
        if image is None:
            return None
        alt = " ".join((alt or self.descriptions.get("word/" + target, "")).split())
        if not alt or AUTOMATIC_ALT.search(alt):
            said = f" (Word's own « {alt} » describes nothing)" if alt else ""
            where = self.positions.where(item.pos)
            self.reporter.warning("import.image-alt", f"{where}: the image {image.path} has no "
                                  f"description{said}: write its alternative text in the article (between the "
                                  "[ ] of its line), or in Word (Format de l'image › Texte de remplacement) before "
                                  "importing", item.pos)
            alt = ALT_PLACEHOLDER
        return Figure(image.path, alt, item.inlines, (), item.pos)

    def _image(self, target: str, pos: Pos) -> ImportedImage | None:
        name = target if target.startswith("word/") else "word/" + target
        try:
            data = self.package.read(name)
            with Image.open(io.BytesIO(data)) as img:
                kind = img.format
                if kind in CONVERTED_FORMATS:
                    data, kind = _converted(img)
        except (DocxError, OSError, UnidentifiedImageError):
            kind = None
        if kind not in KEPT_FORMATS:
            where = self.positions.where(pos)
            self.reporter.warning("import.object", f"{where}: the image {target.rsplit('/', 1)[-1]} is "
                                  "in a format the magazine cannot print (a drawing, EMF, WMF, SVG): it is left out; "
                                  "export it from Word as PNG or JPEG and add it to the article", pos)
            return None
        number = sum(1 for made in self.images.values() if made is not None) + 1
        return ImportedImage(f"images/{self.id}/image{number}.{KEPT_FORMATS[kind]}", data, pos)


def _converted(img: Image.Image) -> tuple[bytes, str]:
    out = io.BytesIO()
    if img.mode == "CMYK":
        img.save(out, "JPEG", quality=95, icc_profile=img.info.get("icc_profile"))
        return out.getvalue(), "JPEG"
    img.convert("RGBA" if "A" in img.mode else "RGB").save(out, "PNG", icc_profile=img.info.get("icc_profile"))
    return out.getvalue(), "PNG"


def _paragraphs(blocks: list) -> list[Paragraph]:
    """(the blocks, their paragraphs): a list's items, a quotation's paragraphs, a table's rows as text."""
    out: list = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                out.extend(_paragraphs(list(item.blocks)))
        elif isinstance(block, BlockQuote):
            out.extend(_paragraphs(list(block.blocks)))
        elif isinstance(block, Table):
            for row in block.head + block.body:
                cells = [c.children for c in row.cells if c.children]
                joined: list = []
                for n, cell in enumerate(cells):
                    joined.extend(((Text(" ; ", row.pos),) if n else ()) + cell)
                if joined:
                    out.append(Paragraph(tuple(joined), row.pos))
    return out

