"""Where each image of a PDF is painted, and how large: the current transformation matrix followed through
every page's content (``q``/``Q``/``cm``) and into form XObjects (their ``/Matrix``, their own resources),
up to each ``Do`` of an image and each inline image (``BI``…``EI``).  An image fills the unit square of
the matrix it is painted under: its placed sides are that square's transformed sides, so a rotated or
skewed image has its true size.

A content that names no ``Do`` nor ``BI`` (most pages: text and rules only) paints no image: its bytes are
looked at, not parsed (parsing every operator of every page was the costly part of the walk).  The test
can only err one way: a ``Do`` inside a string parses the content as before."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 12  # forms inside forms: deeper is a hostile file
INLINE = "(inline)"


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based page index
    name: str  # the XObject's resource name, as the content stream calls it (INLINE for an inline image)
    objgen: tuple[int, int]  # the image stream's object ((0, 0) for an inline image: it is no object)
    width_px: int
    height_px: int
    width_pt: float  # the placed image's sides, in points (rotation and skew included)
    height_pt: float

    @property
    def ppi(self) -> float:
        """The effective resolution: the lower of the two axes'."""
        return min(self.width_px / max(self.width_pt / 72, 1e-9), self.height_px / max(self.height_pt / 72, 1e-9))


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def image_placements(pdf: pikepdf.Pdf) -> list[Placement]:
    """Every image painted on every page, in page order, once per ``Do`` (or inline image)."""
    found: list[Placement] = []
    for index, page in enumerate(pdf.pages):
        _walk(page.obj, page.obj.get("/Resources") or Dictionary(), IDENTITY, index, found, ())
    return found


def _sides(ctm: Matrix) -> tuple[float, float]:
    a, b, c, d, _, _ = ctm
    return math.hypot(a, b), math.hypot(c, d)


def _content_bytes(stream) -> bytes | None:
    """The decoded bytes of a content stream, or of a page's contents (its streams joined as parsed)."""
    if isinstance(stream, pikepdf.Stream):
        return stream.read_bytes()
    contents = stream.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Stream):
        return contents.read_bytes()
    if isinstance(contents, pikepdf.Array) and all(isinstance(part, pikepdf.Stream) for part in contents):
        return b"".join(part.read_bytes() for part in contents)
    return None


def _may_paint(stream) -> bool:
    """False when the content holds no ``Do`` and no ``BI`` operator (so paints no image); True when it may,
    or when its bytes cannot be read here (it is then parsed, as ever)."""
    try:
        data = _content_bytes(stream)
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError):
        return True
    return data is None or b"Do" in data or b"BI" in data


def _walk(stream, resources, ctm: Matrix, page: int, found: list[Placement], path: tuple) -> None:
    """``path``: the forms being walked, outermost first (a form that paints itself is not walked again)."""
    if len(path) > MAX_DEPTH or not _may_paint(stream):
        return
    stack: list[Matrix] = []
    xobjects = resources.get("/XObject") or Dictionary()
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "q":
            stack.append(ctm)
        elif op == "Q":
            ctm = stack.pop() if stack else ctm
        elif op == "cm" and len(operands) == 6:
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif op == "INLINE IMAGE" and operands:
            image = operands[0]
            found.append(Placement(page, INLINE, (0, 0), int(image.width), int(image.height), *_sides(ctm)))
        elif op == "Do" and operands and isinstance(operands[0], Name):
            xobject = xobjects.get(operands[0])
            if not isinstance(xobject, pikepdf.Stream):
                continue
            if xobject.get("/Subtype") == Name.Image:
                found.append(Placement(page, str(operands[0]), xobject.objgen, int(xobject.Width),
                                       int(xobject.Height), *_sides(ctm)))
            elif xobject.get("/Subtype") == Name.Form and xobject.objgen not in path:
                matrix = tuple(float(v) for v in xobject.get("/Matrix", list(IDENTITY)))
                _walk(xobject, xobject.get("/Resources") or resources, _multiply(matrix, ctm),  # type: ignore[arg-type]
                      page, found, (*path, xobject.objgen))
