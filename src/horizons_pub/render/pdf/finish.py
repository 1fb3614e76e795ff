"""What the merged parts lack, added with pikepdf: the issue's metadata, page labels, the outline,
stable identifiers, the source files.

- ``/PageLabels`` so that a viewer shows the printed folios;
- the outline (bookmarks) as the issue is built: rubric → article;
- identifiers derived from the issue, never random: PDF/X-4's XMP DocumentID
  and InstanceID, and the trailer ``/ID`` (pikepdf's deterministic id);
- the issue's metadata (title, authors, subject, keywords) in the Info dictionary and the XMP alike;
- for the screen PDF, the PDF/UA-1 identification next to PDF/A-3a's, and the source files
  attached with the relationship Source (PDF/A-3 associated files).
"""

from __future__ import annotations

import datetime as _dt
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name, OutlineItem
from pikepdf.models.metadata import encode_pdf_date

from ...model import fr
from ...model.nodes import Issue, PartKind, plain_text
from ...support.mediatypes import media_type
from ...support.sourcefile import read_inside
from ...model.identity import issue_uuid
from ..html.sommaire import RubricNode, rubric_tree
from ..pages import PageMap
from .variants import VARIANTS


def finish(pdf: pikepdf.Pdf, issue: Issue, folios: list[int], pages: PageMap, variant: str,
           when: _dt.datetime, meta, attachments: list[Path]) -> bytes:
    """The finished PDF's bytes.  ``folios``: the folio of each page; ``pages``: where each article
    and part starts; ``meta``: the issue's DocumentMeta; ``attachments``:
    the source files."""
    page_labels(pdf, folios)
    _outline(pdf, issue, pages, folios)
    set_metadata(pdf, meta)
    identify(pdf, uuid.uuid5(issue_uuid(issue), f"pdf-{VARIANTS[variant].id_name}-{when.isoformat()}"),
             VARIANTS[variant].tagged)
    return complete(pdf, issue, variant, when, attachments)


def complete(pdf: pikepdf.Pdf, issue: Issue, variant: str, when: _dt.datetime, attachments: list[Path],
             schemas: tuple[Schema, ...] = ()) -> bytes:
    """What every finished PDF of ``variant`` gets after its labels, outline and metadata (the issue's, an
    article's: article_meta.py), then its bytes: images drawn as they are, the variant's crop marks, its
    document title shown and its attachments, the XMP schemas PDF/A must be told of (the PDF/UA
    identification's, then ``schemas``) and one annotation per link when it is tagged."""
    _no_interpolation(pdf)
    if VARIANTS[variant].crop_marks:
        _crop_marks(pdf)
    if VARIANTS[variant].tagged:
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    if VARIANTS[variant].attach_sources:
        _attach(pdf, issue, attachments, when)
    if VARIANTS[variant].tagged:
        declare_schemas(pdf, (PDFUA_SCHEMA, *schemas))
        _one_annotation_per_link(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def set_metadata(pdf: pikepdf.Pdf, meta) -> None:
    """The title, authors, subject and keywords of ``meta`` (a DocumentMeta: the issue's, or an article's),
    said the same way in Info and in the XMP (PDF/A asks both to agree); the dates, the producer and the
    language come from the parts."""
    info = {"/Title": meta.title, "/Author": ", ".join(meta.authors), "/Subject": meta.description,
            "/Keywords": ", ".join(meta.keywords), "/Creator": meta.generator}
    for key, value in info.items():
        if value:
            pdf.docinfo[key] = pikepdf.String(value)
        elif key in pdf.docinfo:
            del pdf.docinfo[key]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:title"] = meta.title
        if meta.authors:
            xmp["dc:creator"] = list(meta.authors)
        if meta.description:
            xmp["dc:description"] = meta.description
        if meta.keywords:
            xmp["pdf:Keywords"] = ", ".join(meta.keywords)
        xmp["xmp:CreatorTool"] = meta.generator


def _attach(pdf: pikepdf.Pdf, issue: Issue, files: list[Path], when: _dt.datetime) -> None:
    """The source files, each under ``source/<issue>/<path>``, with its media type, dated like the
    build, listed in the catalog's /AF with the relationship Source (in name order)."""
    folder = Path(issue.folder)
    date = encode_pdf_date(when)
    specs = []
    for path in sorted(files, key=lambda p: p.relative_to(folder).as_posix()):
        name = f"source/{issue.id}/{path.relative_to(folder).as_posix()}"
        data = read_inside(folder, path.relative_to(folder), 200_000_000)  # as the reader checked it
        spec = pikepdf.AttachedFileSpec(pdf, data, description=f"Source: {name}", filename=name,
                                        mime_type=media_type(path),
                                        creation_date=date, mod_date=date, relationship=Name.Source)
        pdf.attachments[name] = spec
        specs.append(spec.obj)
    if specs:
        pdf.Root.AF = pikepdf.Array(specs)


MM = 72 / 25.4
MARK_GAP = 3 * MM + 2  # the marks start just outside the 3 mm bleed
MARK_LENGTH = 5 * MM
SLUG = 12 * MM  # room around the trim for the bleed and the marks


def _crop_marks(pdf: pikepdf.Pdf) -> None:
    """Crop marks at the trim's corners, outside the bleed, in registration black (CMYK); one stream
    drawn by every page of the same trim box."""
    marks: dict[tuple[float, ...], pikepdf.Stream] = {}
    for page in pdf.pages:
        x0, y0, x1, y1 = trim = tuple(float(v) for v in page.TrimBox)
        page.MediaBox = pikepdf.Array([x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG])
        if trim not in marks:
            lines = []
            for x, dx in ((x0, -1), (x1, 1)):
                for y, dy in ((y0, -1), (y1, 1)):
                    # a horizontal and a vertical stroke pointing away from each corner
                    lines.append(f"{x + dx * MARK_GAP:.3f} {y:.3f} m {x + dx * (MARK_GAP + MARK_LENGTH):.3f} {y:.3f} l S")
                    lines.append(f"{x:.3f} {y + dy * MARK_GAP:.3f} m {x:.3f} {y + dy * (MARK_GAP + MARK_LENGTH):.3f} l S")
            stream = "q 1 1 1 1 K 0.25 w 0 J\n" + "\n".join(lines) + "\nQ\n"
            marks[trim] = pdf.make_stream(stream.encode("ascii"))
        page.contents_add(marks[trim], prepend=False)


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"


@dataclass(frozen=True)
class Schema:
    """An XMP schema outside PDF/A's predefined ones, as its extension schema describes it."""

    name: str
    uri: str
    prefix: str
    #: each property: (name, value type, category "internal" or "external", description)
    properties: tuple[tuple[str, str, str, str], ...]


#: the PDF/UA identification's (``pdfuaid:part``)
PDFUA_SCHEMA = Schema("PDF/UA Universal Accessibility Schema", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid",
                      (("part", "Integer", "internal", "Indicates which part of ISO 14289 the file conforms to"),))


def declare_schemas(pdf: pikepdf.Pdf, schemas: tuple[Schema, ...]) -> None:
    """PDF/A accepts an XMP property outside its predefined schemas only when the XMP describes the
    schema (pdfaExtension:schemas): declare each of ``schemas`` (pdfuaid, so that the PDF/UA
    identification is valid PDF/A; PRISM for an article's)."""
    from lxml import etree

    xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
    rdf = xmp.find(f".//{{{RDF}}}RDF")
    desc = etree.SubElement(rdf, f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""},
                            nsmap={"pdfaExtension": PDFA_EXTENSION, "pdfaSchema": PDFA_SCHEMA,
                                   "pdfaProperty": PDFA_PROPERTY})
    bag = etree.SubElement(etree.SubElement(desc, f"{{{PDFA_EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    for declared in schemas:
        schema = etree.SubElement(bag, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
        for name, text in (("schema", declared.name), ("namespaceURI", declared.uri), ("prefix", declared.prefix)):
            etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}{name}").text = text
        seq = etree.SubElement(etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
        for values in declared.properties:
            prop = etree.SubElement(seq, f"{{{RDF}}}li", {f"{{{RDF}}}parseType": "Resource"})
            for name, text in zip(("name", "valueType", "category", "description"), values):
                etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}{name}").text = text
    write_xmp(pdf, xmp)


def write_xmp(pdf: pikepdf.Pdf, xmp) -> None:
    """The XMP packet of ``xmp`` (its lxml root, edited) as the PDF's metadata stream."""
    from lxml import etree

    packet = etree.tostring(xmp, encoding="utf-8")
    pdf.Root.Metadata.write(b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + packet
                            + b'\n<?xpacket end="w"?>')


def _one_annotation_per_link(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint writes a link annotation for every inline box inside a link (the <a> and each
    <span> or <em> in it); the extra ones are tagged with the span, not with a Link element, which
    PDF/UA forbids.  Keep the annotations tagged as Link; drop the others from the page, the
    structure tree and its parent tree."""
    root = pdf.Root.get("/StructTreeRoot")
    tree = root.get("/ParentTree") if root is not None else None
    if tree is None or "/Nums" not in tree:
        return
    nums = list(tree.Nums)
    owner = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    dropped: set[tuple[int, int]] = set()
    parents: set[int] = set()
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        kept = []
        for annot in annots:
            parent = int(annot.StructParent) if "/StructParent" in annot else None
            element = owner.get(parent) if parent is not None else None
            if annot.get("/Subtype") == "/Link" and isinstance(element, pikepdf.Dictionary) \
                    and element.get("/S") != "/Link":
                dropped.add(annot.objgen)
                parents.add(parent)
                continue
            kept.append(annot)
        page.obj.Annots = pikepdf.Array(kept)
    if dropped:
        _drop_object_references(root, dropped)
        tree.Nums = pikepdf.Array([x for i in range(0, len(nums), 2) if int(nums[i]) not in parents
                                   for x in (nums[i], nums[i + 1])])


def _drop_object_references(element, dropped: set[tuple[int, int]]) -> None:
    """Remove the OBJR entries pointing at dropped annotations, depth first (and the elements left empty)."""
    kids = element.get("/K")
    if kids is None:
        return
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    kept = []
    for kid in items:
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/OBJR" and kid.get("/Obj") is not None and kid.Obj.objgen in dropped:
                continue
            _drop_object_references(kid, dropped)
        kept.append(kid)
    element.K = pikepdf.Array(kept)


def _no_interpolation(pdf: pikepdf.Pdf) -> None:
    """Images are drawn as they are (PDF/A and PDF/X forbid /Interpolate true, which WeasyPrint sets)."""
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and "/Interpolate" in obj:
            obj.Interpolate = False


def page_labels(pdf: pikepdf.Pdf, folios: list[int]) -> None:
    """One decimal range for each run of consecutive folios (one range when nothing overflowed)."""
    nums: list = []
    for index, folio in enumerate(folios):
        if index == 0 or folio != folios[index - 1] + 1:
            nums.extend([index, Dictionary(S=Name.D, St=folio)])
    pdf.Root.PageLabels = Dictionary(Nums=pikepdf.Array(nums))


def _outline(pdf: pikepdf.Pdf, issue: Issue, pages: PageMap, folios: list[int]) -> None:
    index = {folio: i for i, folio in enumerate(folios)}

    def item(title: str, folio: int) -> OutlineItem:
        return OutlineItem(title, index.get(folio, 0))

    # the print interior has no cover board: an article printed on it (the editorial on the inside front
    # cover) has no page here, and no entry
    articles = [issue.article(p.article) for p in issue.flatplan
                if p.article and pages.articles.get(p.article) in index]

    def build(node: RubricNode) -> list[OutlineItem]:
        out = []
        for child in node.children:
            if isinstance(child, RubricNode):
                first = _first_article(child)
                entry = item(child.rubric.title, pages.articles[first.id])
                entry.children.extend(build(child))
            else:
                entry = item(plain_text(child.title), pages.articles[child.id])
            out.append(entry)
        return out

    with pdf.open_outline() as outline:
        outline.root.clear()
        parts = pages.parts
        if parts.get(PartKind.COVER) in index:
            outline.root.append(item(fr.PART_NAMES[PartKind.COVER], parts[PartKind.COVER]))
        entries = build(rubric_tree(issue, articles))
        if parts.get(PartKind.SOMMAIRE) in index:
            entries = _insert_by_page(entries, item(fr.PART_NAMES[PartKind.SOMMAIRE], parts[PartKind.SOMMAIRE]))
        outline.root.extend(entries)
        if parts.get(PartKind.BACK_COVER) in index:
            outline.root.append(item(fr.PART_NAMES[PartKind.BACK_COVER], parts[PartKind.BACK_COVER]))


def _insert_by_page(entries: list[OutlineItem], extra: OutlineItem) -> list[OutlineItem]:
    pos = next((i for i, e in enumerate(entries) if e.destination > extra.destination), len(entries))
    return entries[:pos] + [extra] + entries[pos:]


def _first_article(node: RubricNode):
    for child in node.children:
        return _first_article(child) if isinstance(child, RubricNode) else child
    raise ValueError("an empty rubric group")  # pragma: no cover - rubric_tree never makes one


def identify(pdf: pikepdf.Pdf, stable: uuid.UUID, tagged: bool) -> None:
    """The XMP DocumentID and InstanceID (``stable``: derived from the issue, never random), and the PDF/UA
    identification of a tagged PDF."""
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["xmpMM:DocumentID"] = f"uuid:{stable}"
        meta["xmpMM:InstanceID"] = f"uuid:{stable}"
        if tagged:
            meta["pdfuaid:part"] = "1"
