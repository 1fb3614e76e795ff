"""One embedded program per font face in the merged PDF, as WeasyPrint writes it for one document.

Each part's PDF embeds its own subset of every face it uses, under a name WeasyPrint
derives from the face alone (``LNXIQZ+Inter``): once merged, the PDF would hold a dozen
different programs under one name, which some RIPs and viewers conflate, and the file
would carry every face many times.  Here the fonts of one name become one font:

- its glyphs are the union of the parts' glyphs (WeasyPrint keeps the glyph ids of the
  original font, so a glyph id means the same glyph in every part);
- its program is subset anew from the original in ``fonts/`` with HarfBuzz, with the
  options WeasyPrint uses (glyph ids retained, desubroutinized, unhinted);
- its widths (``/W``) and ``/ToUnicode`` map are the union of the parts';
- every resource dictionary that named one of them names the one left.

A face that a part drew with missing glyphs (``/Encoding`` other than Identity-H) is left
as the parts wrote it; the build reports those glyphs anyway.
"""

from __future__ import annotations

import re
import zlib
from functools import cache

import pikepdf
import uharfbuzz as hb
from pikepdf import Array, Dictionary, Name

from ...support.resources import fonts_dir
from ...support.sourcefile import read_project_file

#: WeasyPrint's list, and the Graphite tables of Charis SIL (a PDF draws glyphs: no shaping happens there)
DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ",
                  "Feat", "Glat", "Gloc", "Silf", "Sill", "Silt")


def merge_fonts(pdf: pikepdf.Pdf) -> None:
    groups: dict[str, list[pikepdf.Dictionary]] = {}
    resources = list(_font_resources(pdf))
    for fonts in resources:
        for _, font in fonts.items():
            if font.get("/Subtype") == Name.Type0 and font.is_indirect:
                group = groups.setdefault(str(font.BaseFont), [])
                if all(font.objgen != other.objgen for other in group):
                    group.append(font)
    keep: dict[tuple[int, int], pikepdf.Dictionary] = {}
    for fonts in groups.values():
        if len(fonts) > 1 and all(f.get("/Encoding") == Name("/Identity-H") for f in fonts) and _merge(pdf, fonts):
            for font in fonts[1:]:
                keep[font.objgen] = fonts[0]
        for font in fonts:
            _postscript_name(font)
    for fonts in resources:
        for name, font in list(fonts.items()):
            if font.is_indirect and font.objgen in keep:
                fonts[name] = keep[font.objgen]


def _font_resources(pdf: pikepdf.Pdf):
    """Every /Font resource dictionary: of the pages, and of the forms and patterns they use."""
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        holder = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        if not isinstance(holder, Dictionary):
            continue
        for res in (holder, holder.get("/Resources")):
            if isinstance(res, Dictionary) and isinstance(res.get("/Font"), Dictionary):
                fonts = res.Font
                ident = fonts.objgen if fonts.is_indirect else None
                if ident is not None and ident in seen:
                    continue
                if ident is not None:
                    seen.add(ident)
                yield fonts


def _merge(pdf: pikepdf.Pdf, fonts: list[pikepdf.Dictionary]) -> bool:
    """Make ``fonts[0]`` the union of ``fonts``; False when the original program is not in fonts/."""
    first = fonts[0].DescendantFonts[0]
    descriptor = first.FontDescriptor
    key = "/FontFile3" if "/FontFile3" in descriptor else "/FontFile2"
    original = _original(descriptor[key].read_bytes())
    if original is None:
        return False
    widths: dict[int, float] = {}
    to_unicode: dict[int, str] = {}
    for font in fonts:
        for gid, width in _widths(font.DescendantFonts[0].get("/W", Array())).items():
            widths.setdefault(gid, width)
        for gid, text in _cmap(font.ToUnicode.read_bytes()).items():
            to_unicode.setdefault(gid, text)
    program = _subset(original, sorted(set(widths) | set(to_unicode)))
    extra = {"/Subtype": Name.OpenType} if key == "/FontFile3" else {"/Length1": len(program)}
    stream = pdf.make_stream(b"", Dictionary(extra))
    stream.write(zlib.compress(program, 9), filter=Name.FlateDecode)
    descriptor[key] = stream
    bbox = [float(v) for v in descriptor.FontBBox]
    descriptor.FontBBox = Array([bbox[0], bbox[1], max(widths.values(), default=0), bbox[3]])
    first.W = _w_array(widths)
    cmap = pdf.make_stream(b"")
    cmap.write(zlib.compress(_cmap_bytes(to_unicode), 9), filter=Name.FlateDecode)
    fonts[0].ToUnicode = cmap
    return True


def _postscript_name(font: pikepdf.Dictionary) -> None:
    """WeasyPrint names a font after Pango's description of it (``Inter-Semi-Bold``); ISO 32000 asks for
    the PostScript name of the program (``Inter-SemiBold``), after the subset tag."""
    descendant = font.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    key = next((k for k in ("/FontFile3", "/FontFile2") if k in descriptor), None)
    if key is None:
        return
    name = _program_name(descriptor[key].read_bytes())
    tag = str(font.BaseFont)[1:].split("+", 1)[0]
    if name and name in _originals():
        font.BaseFont = descendant.BaseFont = descriptor.FontName = Name(f"/{tag}+{name}")


@cache
def _originals() -> dict[str, bytes]:
    """The fonts of fonts/ by PostScript name."""
    out = {}
    for path in sorted(fonts_dir().iterdir()):
        if path.suffix in (".ttf", ".otf"):
            data = read_project_file(fonts_dir(), path.name)  # a regular file of fonts/ (support/sourcefile.py)
            out[_program_name(data)] = data
    return out


def _program_name(program: bytes) -> str | None:
    """The PostScript name (name ID 6) of a font program."""
    face = hb.Face(program)
    return face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME)


def _original(program: bytes) -> bytes | None:
    return _originals().get(_program_name(program))


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


def _subset(data: bytes, gids: list[int]) -> bytes:
    """WeasyPrint's two passes: keep the used glyphs at their ids, then drop the empty tail, unhinted."""
    face = hb.Face(data)
    request = hb.SubsetInput()
    request.glyph_set.update(gids)
    request.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | \
        hb.SubsetFlags.DESUBROUTINIZE
    request.drop_table_tag_set.update(_tag(t) for t in DROPPED_TABLES)
    face = hb.subset(face, request)
    request = hb.SubsetInput()
    request.glyph_set.update(range(max(gids, default=0) + 1))
    request.flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE | \
        hb.SubsetFlags.NO_HINTING
    face = hb.subset(face, request)
    return face.blob.data


def _widths(w: pikepdf.Array) -> dict[int, float]:
    """A CID font's /W: ``c [w1 w2 …]`` and ``c_first c_last w`` runs."""
    out: dict[int, float] = {}
    items = list(w)
    i = 0
    while i < len(items):
        start = int(items[i])
        if isinstance(items[i + 1], Array):
            for offset, width in enumerate(items[i + 1]):
                out[start + offset] = float(width)
            i += 2
        else:
            for cid in range(start, int(items[i + 1]) + 1):
                out[cid] = float(items[i + 2])
            i += 3
    return out


def _w_array(widths: dict[int, float]) -> Array:
    """As WeasyPrint writes it: one ``c [w …]`` run per series of consecutive glyph ids."""
    out: list = []
    for gid in sorted(widths):
        if gid - 1 not in widths:
            out.extend([gid, []])
        out[-1].append(_number(widths[gid]))
    return Array([Array(x) if isinstance(x, list) else x for x in out])


def _number(value: float):
    return int(value) if value == int(value) else value


_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _cmap(data: bytes) -> dict[int, str]:
    """The glyph → text pairs of the ``bfchar`` sections WeasyPrint writes."""
    out: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for gid, text in _BFCHAR.findall(section):
            out.setdefault(int(gid, 16), bytes.fromhex(text.decode()).decode("utf-16-be", errors="replace"))
    return out


def _cmap_bytes(to_unicode: dict[int, str]) -> bytes:
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange", b"<0000> <ffff>",
             b"endcodespacerange"]
    items = sorted(to_unicode.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for gid, text in batch:
            lines.append(f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


#: The keys of a page's content stream: streams with other keys (images, ICC profiles, fonts, forms)
#: are the ones several parts may carry alike
CONTENT_KEYS = {"/Length", "/Filter", "/DecodeParms"}


def dedupe_streams(pdf: pikepdf.Pdf) -> None:
    """Streams alike in every byte and key (the ICC profile each part carried, a logo on several
    parts) kept once: every reference to a copy points to the first.  A stream's keys are compared
    as written, references included (an image's /SMask is a reference): after a round, streams whose
    references now point to one object may be alike in turn, so rounds go on until none is found."""
    dropped: set[tuple[int, int]] = set()  # copies no longer referenced (written no more)
    while True:
        first: dict[tuple[bytes, bytes], pikepdf.Object] = {}
        alias: dict[tuple[int, int], pikepdf.Object] = {}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.objgen not in dropped \
                    and not set(obj.stream_dict.keys()) <= CONTENT_KEYS:
                ident = (obj.read_raw_bytes(), obj.stream_dict.unparse())
                if ident in first:
                    alias[obj.objgen] = first[ident]
                else:
                    first[ident] = obj
        if not alias:
            return
        # only the objects whose serialization names a copy are walked (unparse is done by qpdf, fast)
        mention = re.compile(b"|".join(rb"\b%d %d R" % objgen for objgen in alias))
        for obj in pdf.objects:
            holder = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            if isinstance(holder, (Dictionary, Array)) and mention.search(holder.unparse(resolved=True)):
                _redirect(holder, alias)
        _redirect(pdf.trailer, alias)
        dropped.update(alias)


def _redirect(container, alias: dict) -> None:
    if isinstance(container, Dictionary):
        entries = list(container.items())
    elif isinstance(container, Array):
        entries = list(enumerate(container))
    else:
        return
    for key, value in entries:
        if isinstance(value, (Dictionary, Array, pikepdf.Stream)):
            if value.is_indirect:
                if value.objgen in alias:
                    container[key] = alias[value.objgen]
            else:
                _redirect(value, alias)
