"""What a finished PDF holds, read back with pikepdf: its fonts (embedded? from fonts/?) and its page
labels.  The build checks its own PDFs with these; check and verify read them again."""

from __future__ import annotations

import io
from functools import cache

import pikepdf
from fontTools.ttLib import TTFont

from ...support.resources import fonts_dir


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    missing = []
    for font in iter_fonts(pdf):
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font.DescendantFonts[0].get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(str(font.get("/BaseFont", "?")))
    return missing


def iter_fonts(pdf: pikepdf.Pdf):
    """Every font dictionary used by the pages, their form XObjects included (once each)."""
    seen: set[tuple[int, int]] = set()

    def walk(resources):
        if resources is None:
            return
        for font in resources.get("/Font", {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield font
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                yield from walk(xobject.get("/Resources"))

    for page in pdf.pages:
        yield from walk(page.obj.get("/Resources"))


def foreign_fonts(data: bytes, allowed_families: set[str]) -> list[str]:
    """The embedded fonts that are not from fonts/ (a fallback fontconfig chose), by name."""
    foreign = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in iter_fonts(pdf):
            name = str(font.get("/BaseFont", "/?"))[1:]
            bare = name.split("+", 1)[-1].replace("-", "").replace(" ", "").lower()
            if not any(bare.startswith(family) for family in allowed_families):
                foreign.append(name.split("+", 1)[-1])
    return sorted(set(foreign))


@cache
def font_families() -> set[str]:
    """The families of the fonts in fonts/, as PDF font names begin (lowercase, no spaces or dashes)."""
    names = set()
    for path in fonts_dir().iterdir():
        if path.suffix in (".ttf", ".otf"):
            family = TTFont(path, lazy=True)["name"].getDebugName(1)
            names.add(family.replace(" ", "").replace("-", "").lower())
    return names


def page_label_folios(pdf: pikepdf.Pdf) -> list[int | None] | None:
    """The decimal label of each page from /PageLabels (None where a page has none); None without /PageLabels."""
    labels = pdf.Root.get("/PageLabels")
    if labels is None:
        return None
    nums: list = []

    def collect(node, depth: int = 0) -> None:
        if depth > 32:
            return
        if "/Nums" in node:
            nums.extend(node.Nums)
        for kid in node.get("/Kids", []):
            collect(kid, depth + 1)

    collect(labels)
    ranges = sorted((int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2))
    out: list[int | None] = []
    for index in range(len(pdf.pages)):
        current = [r for r in ranges if r[0] <= index]
        if not current:
            out.append(None)
            continue
        start, label = current[-1]
        out.append(int(label.get("/St", 1)) + index - start if label.get("/S") == "/D" else None)
    return out
