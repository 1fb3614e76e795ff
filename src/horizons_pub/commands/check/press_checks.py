"""A printer's preflight of the print PDF, read back with pikepdf: what a PDF/X-4 preflight (Acrobat,
PitStop, callas) would refuse under a CMYK output intent.

- ``print.colour-spaces``: no device RGB, no device grey used as a colour, anywhere: content streams of
  pages, forms, patterns and annotation appearances (``rg``/``RG``/``g``/``G``, ``cs``/``CS``), images,
  shadings and transparency groups. Soft masks and image masks are not inks and are not looked at.
- ``print.ink-coverage``: the total area coverage, at most 300 %: the largest ink sum of every CMYK colour
  set in a content stream and of every CMYK image's pixels. It is measured per object (overprint and
  transparency are not composited), so it bounds what is painted without overprint. The registration
  colour stroked (100 % of every ink, ``1 1 1 1 K``) is the crop and fold marks' and is not counted; filled
  (``1 1 1 1 k``), it is 400 %.
- ``print.image-resolution``: the effective resolution of every placed image (placements.py): under
  150 ppi fails, under 250 ppi passes with a warning.
- ``print.page-count``: a multiple of 4, as a bound revue is printed in signatures.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import ImageChops, ImageMath

from ...render.pdf.inspect import page_label_folios
from ...render.pdf.placements import image_placements
from .report import Check, failed, passed, warned

TAC_LIMIT = 300  # %: FOGRA39's
PPI_FAIL, PPI_WARN = 150, 250
REGISTRATION = (1.0, 1.0, 1.0, 1.0)


def press_checks(pdf: pikepdf.Pdf) -> list[Check]:
    """The four checks; pages are named by their folio (the page label), as the printer's proof shows them."""
    labels = page_label_folios(pdf) or []
    folio = {n: (labels[n - 1] if n - 1 < len(labels) and labels[n - 1] is not None else n)
             for n in range(1, len(pdf.pages) + 1)}
    walk = _Walk(pdf, folio)
    return [_colour_spaces(walk), _ink_coverage(walk), _image_resolution(pdf, folio), _page_count(pdf)]


class _Walk:
    """Every painted content stream, image, shading and group of the document, with its page (1-based)."""

    def __init__(self, pdf: pikepdf.Pdf, folio: dict[int, int]):
        self.streams: list[tuple[int, object, object]] = []  # (page, stream, resources)
        self.images: list[tuple[int, pikepdf.Stream]] = []
        self.shadings: list[tuple[int, object]] = []
        self.groups: list[tuple[int, object]] = []
        seen: set = set()
        for index, page in enumerate(pdf.pages, 1):
            number = folio[index]
            resources = page.obj.get("/Resources") or Dictionary()
            self.streams.append((number, page.obj, resources))
            if page.obj.get("/Group") is not None:
                self.groups.append((number, page.obj.Group))
            self._resources(number, resources, seen)
            for annot in page.obj.get("/Annots") or Array():
                normal = (annot.get("/AP") or Dictionary()).get("/N")
                if isinstance(normal, pikepdf.Stream) and normal.objgen not in seen:
                    seen.add(normal.objgen)
                    self._form(number, normal, seen)

    def _resources(self, number: int, resources, seen: set) -> None:
        for shading in (resources.get("/Shading") or Dictionary()).values():
            self.shadings.append((number, shading))
        for pattern in (resources.get("/Pattern") or Dictionary()).values():
            if pattern.get("/PatternType") == 2 and pattern.get("/Shading") is not None:
                self.shadings.append((number, pattern.Shading))
            elif isinstance(pattern, pikepdf.Stream) and pattern.objgen not in seen:
                seen.add(pattern.objgen)
                self._form(number, pattern, seen)
        for xobject in (resources.get("/XObject") or Dictionary()).values():
            if xobject.objgen in seen:
                continue
            seen.add(xobject.objgen)
            if xobject.get("/Subtype") == Name.Image:
                if not xobject.get("/ImageMask", False):
                    self.images.append((number, xobject))
            elif xobject.get("/Subtype") == Name.Form:
                self._form(number, xobject, seen)

    def _form(self, number: int, form, seen: set) -> None:
        resources = form.get("/Resources") or Dictionary()
        self.streams.append((number, form, resources))
        if form.get("/Group") is not None:
            self.groups.append((number, form.Group))
        self._resources(number, resources, seen)


def _space_kind(space, resources=None) -> str:
    """What a colour space paints with: "CMYK", "DeviceRGB", "DeviceGray", "RGB (ICC)", "grey (ICC)" or "other"
    (Lab, Pattern…). An Indexed space is its base's; a Separation or DeviceN (a spot colour) its alternate's,
    since a press without that ink prints the alternate."""
    if isinstance(space, Name) and resources is not None and space not in (
            Name.DeviceRGB, Name.DeviceGray, Name.DeviceCMYK, Name.Pattern):
        space = (resources.get("/ColorSpace") or Dictionary()).get(space, space)
    if isinstance(space, Array) and len(space) >= 2 and space[0] == Name.Indexed:
        return _space_kind(space[1], resources)
    if isinstance(space, Array) and len(space) >= 3 and space[0] in (Name.Separation, Name.DeviceN):
        kind = _space_kind(space[2], resources)
        return kind if kind in ("CMYK", "other") else f"{str(space[0])[1:]} with a {kind} alternate"
    if isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased:
        return {1: "grey (ICC)", 3: "RGB (ICC)", 4: "CMYK"}.get(int(space[1].get("/N", 0)), "other")
    if not isinstance(space, Name):  # an array of another family (Lab, CalRGB, Pattern with its base…)
        return "other"
    return {Name.DeviceRGB: "DeviceRGB", Name.DeviceGray: "DeviceGray", Name.DeviceCMYK: "CMYK"}.get(space, "other")


def _pages(numbers) -> str:
    found = sorted(set(numbers))
    shown = ", ".join(str(n) for n in found[:12]) + ("…" if len(found) > 12 else "")
    return f"page{'s' if len(found) > 1 else ''} {shown}"


def _colour_spaces(walk: _Walk) -> Check:
    name = "print.colour-spaces"
    problems: dict[str, list[int]] = {}
    for number, stream, resources in walk.streams:
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in ("rg", "RG"):
                problems.setdefault(f"device RGB colour ({op})", []).append(number)
            elif op in ("g", "G"):
                problems.setdefault(f"device grey colour ({op})", []).append(number)
            elif op in ("cs", "CS") and operands:
                kind = _space_kind(operands[0], resources)
                if kind not in ("CMYK", "other"):
                    problems.setdefault(f"{kind} colour space ({op})", []).append(number)
    for number, image in walk.images:
        kind = _space_kind(image.get("/ColorSpace"))
        if kind not in ("CMYK", "other"):
            problems.setdefault(f"{kind} image", []).append(number)
    for number, shading in walk.shadings:
        kind = _space_kind(shading.get("/ColorSpace"))
        if kind not in ("CMYK", "other"):
            problems.setdefault(f"{kind} shading", []).append(number)
    for number, group in walk.groups:
        kind = _space_kind(group.get("/CS")) if group.get("/CS") is not None else "CMYK"
        if kind not in ("CMYK", "other"):
            problems.setdefault(f"{kind} transparency group", []).append(number)
    if problems:
        return failed(name, [f"{what} under the CMYK output intent: {_pages(pages)}"
                             for what, pages in sorted(problems.items())])
    return passed(name, [f"every colour, image, shading and group in CMYK ({len(walk.images)} images)"])


def _ink_coverage(walk: _Walk) -> Check:
    name = "print.ink-coverage"
    worst: dict[int, float] = {}
    for number, stream, resources in walk.streams:
        fill = stroke = None
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in ("cs", "CS") and operands:
                kind = _space_kind(operands[0], resources)
                if op == "cs":
                    fill = kind
                else:
                    stroke = kind
            elif op in ("k", "K") or (op in ("sc", "scn", "SC", "SCN")
                                      and (fill if op.islower() else stroke) == "CMYK"):
                values = tuple(float(v) for v in operands if not isinstance(v, Name))
                if len(values) == 4 and not (values == REGISTRATION and op.isupper()):  # the marks' stroke
                    worst[number] = max(worst.get(number, 0.0), 100 * sum(values))
    for number, image in walk.images:
        if _space_kind(image.get("/ColorSpace")) == "CMYK":
            worst[number] = max(worst.get(number, 0.0), _image_coverage(image))
    over = {n: v for n, v in worst.items() if v > TAC_LIMIT + 0.5}
    if over:
        return failed(name, [f"{v:.0f} % of ink on page {n}, over the {TAC_LIMIT} % the condition allows"
                             for n, v in sorted(over.items())])
    top = max(worst.values(), default=0.0)
    return passed(name, [f"at most {top:.0f} % of ink (limit {TAC_LIMIT} %), per object, overprint not composited"])


def _image_coverage(image: pikepdf.Stream) -> float:
    picture = pikepdf.PdfImage(image).as_pil_image()
    if picture.mode != "CMYK":
        return 0.0
    jpeg = image.get("/Filter") in (Name.DCTDecode, Array([Name.DCTDecode]))
    decode = image.get("/Decode")
    if not jpeg and decode is not None and [float(v) for v in decode][:2] == [1.0, 0.0]:
        picture = ImageChops.invert(picture)
    c, m, y, k = (band.convert("I") for band in picture.split())
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return 100 * total.getextrema()[1] / 255


def _image_resolution(pdf: pikepdf.Pdf, folio: dict[int, int]) -> Check:
    name = "print.image-resolution"
    placed = image_placements(pdf)
    photos = [p for p in placed if p.width_px * p.height_px >= 64]
    low = [p for p in photos if p.ppi < PPI_FAIL]
    soft = [p for p in photos if PPI_FAIL <= p.ppi < PPI_WARN]
    describe = [f"{p.width_px} × {p.height_px} px at {p.ppi:.0f} ppi on page {folio[p.page + 1]}" for p in low + soft]
    if low:
        return failed(name, [f"{len(low)} image(s) under {PPI_FAIL} ppi"] + describe)
    if soft:
        return warned(name, [f"{len(soft)} image(s) under {PPI_WARN} ppi"] + describe)
    if not photos:
        return passed(name, ["no placed image"])
    coarsest = min(p.ppi for p in photos)
    return passed(name, [f"{len(photos)} placed image(s), each at {PPI_WARN} ppi or more "
                         f"(the coarsest {coarsest:.0f})"])


def _page_count(pdf: pikepdf.Pdf) -> Check:
    count = len(pdf.pages)
    if count % 4:
        return failed("print.page-count", [f"{count} pages: not a multiple of 4 (a bound revue is printed in "
                                           "signatures)"])
    return passed("print.page-count", [f"{count} pages, {count // 4} × 4"])
