"""The parts' PDFs joined into one, as if WeasyPrint had written them together.

Each part was written by WeasyPrint as a document of its own (see typeset.py).  The
first part gives the catalog: its metadata, output intent, language and viewer
preferences.  Then, part by part:

- its pages are appended (pikepdf copies what they use: fonts, images, annotations);
- its named destinations join one name tree, except the stand-in anchors of the
  sommaire, so that its links now lead to the articles' first pages;
- in a tagged PDF, its structure elements become children of the one ``Document``
  element, and its parent-tree keys (``/StructParents`` of its pages,
  ``/StructParent`` of its annotations) are moved past those of the parts before it.

Then each font face becomes one font again, and streams alike are kept once (pdf_fonts).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree

from .fonts import dedupe_streams, merge_fonts


@dataclass(frozen=True)
class PartPdf:
    data: bytes
    stand_ins: tuple[str, ...] = ()  # anchor names this part defines only for its own links


def merge(parts: list[PartPdf], drawn: Callable[[pikepdf.Pdf], None] | None = None) -> pikepdf.Pdf:
    """One PDF of every part's pages in order (the caller saves or closes it).  ``drawn``: what adds to the
    joined pages before their fonts become one (an article PDF's citation line, citation.py), so that
    its fonts join the parts'."""
    out = pikepdf.open(io.BytesIO(parts[0].data))
    try:
        _join(out, parts)
        if drawn is not None:
            drawn(out)
        merge_fonts(out)
        dedupe_streams(out)
    except BaseException:
        out.close()
        raise
    return out


def _join(out: pikepdf.Pdf, parts: list[PartPdf]) -> None:
    names: dict[str, object] = dict(_dests(out, parts[0].stand_ins))
    tree = _StructTree(out) if "/StructTreeRoot" in out.Root else None
    for part in parts[1:]:
        with pikepdf.open(io.BytesIO(part.data)) as src:
            detached = tree.detach(src) if tree else None
            first = len(out.pages)
            with warnings.catch_warnings():  # pikepdf warns that named destinations are not carried: see _dests
                warnings.simplefilter("ignore", UserWarning)
                out.pages.extend(src.pages)
            if tree:
                tree.add(out, src, out.pages[first:], detached)
            for name, dest in _dests(src, part.stand_ins):
                if name not in names:
                    names[name] = _copy(out, dest)
    _write_dests(out, names)
    if tree:
        tree.finish()


def _dests(pdf: pikepdf.Pdf, stand_ins: tuple[str, ...]):
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    return [(name, dest) for name, dest in NameTree(names.Dests).items() if name not in stand_ins]


def _write_dests(out: pikepdf.Pdf, names: dict[str, object]) -> None:
    if "/Names" not in out.Root:
        out.Root.Names = Dictionary()
    if not names:
        if "/Dests" in out.Root.Names:
            del out.Root.Names["/Dests"]
        return
    tree = NameTree.new(out)
    for name in sorted(names):
        tree[name] = names[name]
    out.Root.Names.Dests = tree.obj


class _StructTree:
    """The merged structure tree: the first part's ``Document`` element receives every part's elements."""

    def __init__(self, out: pikepdf.Pdf):
        root = out.Root.StructTreeRoot
        self.document = root.K[0] if isinstance(root.K, Array) else root.K
        if self.document.get("/S") != Name.Document:  # pragma: no cover - WeasyPrint always writes one
            raise ValueError("the part's structure tree has no Document element")
        self.tree = root.ParentTree
        self.nums = list(self.tree.Nums)
        self.next_key = _next_key(self.nums)

    def detach(self, src: pikepdf.Pdf) -> tuple[Dictionary, list]:
        """The part's Document element and its top elements, cut from it (so that copying them does not
        bring the part's own root along)."""
        root = src.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, Array) else root.K
        kids = list(document.K) if isinstance(document.K, Array) else [document.K]
        for kid in kids:
            if isinstance(kid, Dictionary) and "/P" in kid:
                del kid["/P"]
        return document, kids

    def add(self, out: pikepdf.Pdf, src: pikepdf.Pdf, pages, detached: tuple[Dictionary, list]) -> None:
        source_document, kids = detached
        offset = self.next_key
        for page in pages:  # the pages (and their annotations) were copied with the part's keys
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", ()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        for kid in (_copy(out, kid) for kid in kids):
            if isinstance(kid, Dictionary):
                kid.P = self.document
            self.document.K.append(kid)
        nums = list(src.Root.StructTreeRoot.ParentTree.Nums)
        values = [_copy(out, nums[i + 1]) for i in range(0, len(nums), 2)]
        for i, value in zip(range(0, len(nums), 2), values):
            self.nums.extend([int(nums[i]) + offset, value])
        self.next_key = offset + _next_key(nums)
        # WeasyPrint gives some elements its Document element as parent without listing them among its
        # kids (the page margin boxes' content): their parent becomes the merged Document element too
        copied_document = out.copy_foreign(source_document)
        seen: set[tuple[int, int]] = set()
        for value in values:
            for element in (value if isinstance(value, Array) else [value]):
                while isinstance(element, Dictionary) and "/P" in element and element.objgen not in seen:
                    seen.add(element.objgen)
                    if element.P.objgen == copied_document.objgen:
                        element.P = self.document
                        break
                    element = element.P

    def finish(self) -> None:
        self.tree.Nums = Array(self.nums)


def _copy(out: pikepdf.Pdf, obj):
    """``obj`` of another PDF in ``out``: indirect objects through pikepdf's foreign copy (which maps
    each object once, the pages already copied included), direct arrays and dictionaries entry by entry."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([_copy(out, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(out, value) for key, value in obj.items()})
    return obj


def _next_key(nums: list) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys) + 1 if keys else 0
