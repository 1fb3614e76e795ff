"""The ISBN's EAN-13 barcode, as an SVG element (lxml) that the cover spread's HTML holds inline.

The bars come from python-barcode's EAN-13 encoder (its tables and check digit); they are drawn
here, at the nominal size of ISO/IEC 15420 (module 0.33 mm, bars 22.85 mm, the guard bars 5 modules
longer, 11 modules of quiet zone on the left and 7 on the right), on a paper-white box in 100 % K
with the digits below in the magazine's font (WeasyPrint lays SVG text out with the fonts of fonts/).

No EAN-5 price add-on: its first digit names a currency only for the English-speaking book trade
(0 or 1 pound sterling, 3 Australian, 4 New Zealand, 5 US, 6 Canadian dollars); no digit is assigned
to the euro, and French books and revues carry the plain EAN-13, the price printed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
MODULE_MM = 0.33
QUIET_LEFT, QUIET_RIGHT = 11, 7  # modules
BAR_HEIGHT = 69.24  # modules: 22.85 mm
GUARD_EXTRA = 5  # modules the guard bars go below the others
DIGIT_SIZE = 8.3  # modules: the digits' font size (about 2.75 mm)
TOP = 2  # modules of white above the bars
INK = "device-cmyk(0 0 0 1)"  # the print edition's black: K only
PAPER = "device-cmyk(0 0 0 0)"
GUARDS = ((0, 3), (45, 50), (92, 95))  # the start, centre and end guards, in modules from the first bar


@dataclass(frozen=True)
class Ean13:
    digits: str  # the 13 digits, check digit included
    modules: str  # 95 characters, "1" a dark module

    @classmethod
    def of(cls, code: str) -> "Ean13":
        """``code``: 13 digits whose last is the EAN-13 check digit (an ISBN-13 is one)."""
        from barcode.ean import EuropeanArticleNumber13

        if len(code) != 13 or not code.isdigit():
            raise ValueError(f"an EAN-13 has 13 digits, not {code!r}")
        symbol = EuropeanArticleNumber13(code[:12])
        if symbol.get_fullcode() != code:
            raise ValueError(f"{code} does not end with its EAN-13 check digit ({symbol.get_fullcode()[-1]})")
        return cls(code, symbol.build()[0])

    @property
    def width_modules(self) -> int:
        return QUIET_LEFT + len(self.modules) + QUIET_RIGHT

    @property
    def height_modules(self) -> float:
        return TOP + BAR_HEIGHT + GUARD_EXTRA + 3.5

    def bars(self) -> list[tuple[int, int, bool]]:
        """Each dark bar: (first module, width in modules, a guard bar)."""
        out, start = [], None
        for i, module in enumerate(self.modules + "0"):
            if module == "1" and start is None:
                start = i
            elif module != "1" and start is not None:
                out.append((start, i - start, any(a <= start < b for a, b in GUARDS)))
                start = None
        return out

    def digit_places(self) -> list[tuple[str, float]]:
        """Each human-readable digit and the centre of its place, in modules from the left edge: the
        first left of the start guard, then six under each half."""
        places = [(self.digits[0], QUIET_LEFT - 4.0)]
        for i, digit in enumerate(self.digits[1:7]):
            places.append((digit, QUIET_LEFT + 3 + 7 * i + 3.5))
        for i, digit in enumerate(self.digits[7:]):
            places.append((digit, QUIET_LEFT + 50 + 7 * i + 3.5))
        return places


def ean13_svg(code: str, label: str) -> etree._Element:
    """The barcode of ``code`` as an ``<svg>`` element sized in mm; ``label``: its accessible name."""
    ean = Ean13.of(code)
    width, height = ean.width_modules, ean.height_modules
    svg = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS}, attrib={
        "class": "ean13", "width": f"{width * MODULE_MM:.3f}mm", "height": f"{height * MODULE_MM:.3f}mm",
        "viewBox": f"0 0 {width} {height:g}", "role": "img", "aria-label": label})
    etree.SubElement(svg, f"{{{SVG_NS}}}rect", x="0", y="0", width=str(width), height=f"{height:g}", fill=PAPER)
    bars = etree.SubElement(svg, f"{{{SVG_NS}}}g", fill=INK)
    for start, size, guard in ean.bars():
        tall = BAR_HEIGHT + (GUARD_EXTRA if guard else 0)
        etree.SubElement(bars, f"{{{SVG_NS}}}rect", x=str(QUIET_LEFT + start), y=str(TOP), width=str(size),
                         height=f"{tall:g}")
    text = etree.SubElement(svg, f"{{{SVG_NS}}}g", fill=INK, attrib={
        "font-family": "Inter", "font-size": f"{DIGIT_SIZE:g}", "text-anchor": "middle"})
    baseline = TOP + BAR_HEIGHT + DIGIT_SIZE * 0.8
    for digit, centre in ean.digit_places():
        etree.SubElement(text, f"{{{SVG_NS}}}text", x=f"{centre:g}", y=f"{baseline:.2f}").text = digit
    return svg
