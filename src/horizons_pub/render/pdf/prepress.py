"""Colours and images of a merged PDF made ready for its edition, with pikepdf, Pillow and LittleCMS.

WeasyPrint paints CSS colours in the colour space the stylesheet names (``device-cmyk()`` in
print-bleed.css) but embeds every photo as it decodes it, ``/DeviceRGB``, and an SVG's fills as ``rg``.
A CMYK output intent (PDF/X-4) forbids device RGB, and a printer wants neither a 2,000 ppi photo nor
rich black text.  So, for the print edition:

- every image in RGB (device RGB, ICC-based RGB, indexed over RGB) is converted to the output
  condition's CMYK with LittleCMS (sRGB, or the image's own profile, to the condition's profile;
  relative colorimetric with black-point compensation), grey images become K only;
- every RGB or grey colour set in a content stream (pages, forms, patterns, annotation appearances)
  becomes CMYK the same way, except neutral greys, which become K only, so that black stays 100 % K;
- transparency groups blend in DeviceCMYK; gradients' RGB stops are converted like colours;
- images far above need are downsampled to 300 ppi at their largest placed size.

For the screen edition (PDF/A with an sRGB intent) CMYK images are converted to sRGB, and images are
downsampled to 200 ppi.  Why convert rather than tag RGB images ICC-based and leave it to the RIP: the
ink limit of the condition (300 % for FOGRA39) is then honoured by every photo, which the preflight checks,
and the printer receives what he will print.  Soft masks and image masks are left alone: they are not inks.
"""

from __future__ import annotations

import hashlib
import io
import os
import json
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageChops, ImageCms

from ...support.cache import cached, key
from ...support.sourcefile import read_regular
from .placements import Placement, image_placements

VERSION = "1"  # part of every cache key: bump it when a conversion changes
JPEG_QUALITY = 90
SLACK = 1.15  # an image up to 15 % above the target is left as it is


@dataclass(frozen=True)
class Target:
    colour: str  # "cmyk": the output condition's inks; "rgb": sRGB
    ppi: float  # images are downsampled to this resolution at their largest placed size


@dataclass(frozen=True)
class Prepared:
    placements: tuple[Placement, ...]  # where each image is painted, after preparation
    converted: int  # images whose colours were converted
    resampled: int  # images downsampled


def prepare(pdf: pikepdf.Pdf, target: Target, profile: Path, cache: Path | None = None) -> Prepared:
    """Convert ``pdf``'s colours and images for ``target`` in place; ``profile``: the CMYK output profile;
    ``cache``: the build's cache folder, where each converted image is kept under the hash of what made it."""
    colours = _Colours(profile)
    placements = image_placements(pdf)
    largest: dict[tuple[int, int], float] = {}
    for p in placements:  # the image's largest placed size, in points, along its width
        largest[p.objgen] = max(largest.get(p.objgen, 0.0), p.width_pt, 1e-6)
    converted = resampled = 0
    for image in _images(pdf):  # each image once (_all_xobjects keeps the first sight of each object)
        did_convert, did_resample = _prepare_image(image, target, largest.get(image.objgen), colours, cache)
        converted += did_convert
        resampled += did_resample
    if target.colour == "cmyk":
        for stream, resources in _content_streams(pdf):
            _convert_content(pdf, stream, resources, colours)
        for group in _groups(pdf):
            if group.get("/CS") in (Name.DeviceRGB, Name.DeviceGray) or _is_icc_rgb(group.get("/CS")):
                group.CS = Name.DeviceCMYK
        for shading in _shadings(pdf):
            _convert_shading(shading, colours)
    # the placements as they are now: the same places, the images' new pixels (no second walk of the pages)
    after = tuple(p if p.objgen == (0, 0) else replace(p, width_px=int(pdf.get_object(p.objgen).Width),
                                                       height_px=int(pdf.get_object(p.objgen).Height))
                  for p in placements)
    return Prepared(after, converted, resampled)


# ---- colours ---------------------------------------------------------------------------------------


class _Colours:
    def __init__(self, profile: Path):
        self.profile_path = profile
        self.key = hashlib.sha256(read_regular(Path(os.path.realpath(profile)), 50_000_000)).hexdigest()

    def to_cmyk(self, rgb: tuple[float, float, float]) -> tuple[float, float, float, float]:
        r, g, b = (min(1.0, max(0.0, float(v))) for v in rgb)
        if abs(r - g) < 1e-3 and abs(g - b) < 1e-3:  # neutral: K only, so that black text stays 100 % K
            return 0.0, 0.0, 0.0, round(1.0 - r, 4)
        return _rgb_to_cmyk(self.profile_path, round(r * 255), round(g * 255), round(b * 255))

    def rgb_transform(self, source: ImageCms.ImageCmsProfile | None):
        return _transform(str(self.profile_path), "RGB", "CMYK", _profile_bytes(source))

    def cmyk_transform(self, source: ImageCms.ImageCmsProfile | None):
        return _transform(str(self.profile_path), "CMYK", "RGB", _profile_bytes(source))


def _profile_bytes(profile: ImageCms.ImageCmsProfile | None) -> bytes | None:
    return None if profile is None else profile.tobytes()


@lru_cache(maxsize=8)
def _transform(output_profile: str, mode_in: str, mode_out: str, source: bytes | None):
    device = ImageCms.getOpenProfile(output_profile)
    srgb = ImageCms.createProfile("sRGB")
    own = ImageCms.ImageCmsProfile(io.BytesIO(source)) if source else None
    if mode_in == "RGB":
        inp, out = own or srgb, device
    else:
        inp, out = own or device, srgb
    return ImageCms.buildTransform(inp, out, mode_in, mode_out,
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=4096)
def _rgb_to_cmyk(profile: Path, r: int, g: int, b: int) -> tuple[float, float, float, float]:
    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), (r, g, b)),
                                    _transform(str(profile), "RGB", "CMYK", None))
    return tuple(round(v / 255, 4) for v in pixel.getpixel((0, 0)))  # type: ignore[return-value]


def _is_icc_rgb(space) -> bool:
    return (isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased
            and int(space[1].get("/N", 0)) == 3)


def _kind(space, resources) -> str:
    """"rgb", "gray", "cmyk" or "other" for a colour space operand of cs/CS."""
    if isinstance(space, Name) and resources is not None and space not in (
            Name.DeviceRGB, Name.DeviceGray, Name.DeviceCMYK, Name.Pattern):
        space = resources.get("/ColorSpace", Dictionary()).get(space, space)
    if space == Name.DeviceRGB or _is_icc_rgb(space):
        return "rgb"
    if space == Name.DeviceGray or (isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased
                                    and int(space[1].get("/N", 0)) == 1):
        return "gray"
    if space == Name.DeviceCMYK:
        return "cmyk"
    return "other"


def _convert_content(pdf: pikepdf.Pdf, stream: pikepdf.Stream, resources, colours: _Colours) -> None:
    ops = pikepdf.parse_content_stream(stream)
    out, changed = [], False
    space = {"fill": "gray", "stroke": "gray"}  # the initial colour space is DeviceGray
    for operands, operator in ops:
        op = str(operator)
        if op in ("cs", "CS"):
            which = "fill" if op == "cs" else "stroke"
            space[which] = _kind(operands[0], resources)
            if space[which] in ("rgb", "gray"):
                out.append(([Name.DeviceCMYK], pikepdf.Operator(op)))
                changed = True
                continue
        elif op in ("rg", "RG", "g", "G"):
            values = [float(v) for v in operands]
            cmyk = colours.to_cmyk(values if len(values) == 3 else (values[0],) * 3)
            out.append(([*cmyk], pikepdf.Operator("k" if op in ("rg", "g") else "K")))
            space["fill" if op in ("rg", "g") else "stroke"] = "cmyk"
            changed = True
            continue
        elif op in ("sc", "scn", "SC", "SCN"):
            which = "fill" if op.islower() else "stroke"
            numbers = [v for v in operands if not isinstance(v, Name)]
            if space[which] in ("rgb", "gray") and len(numbers) == len(operands):
                values = [float(v) for v in numbers]
                cmyk = colours.to_cmyk(values if len(values) == 3 else (values[0],) * 3)
                out.append(([*cmyk], operator))
                changed = True
                continue
        out.append((operands, operator))
    if changed:
        stream.write(pikepdf.unparse_content_stream(out))


def _convert_shading(shading, colours: _Colours) -> None:
    space = shading.get("/ColorSpace")
    if space not in (Name.DeviceRGB, Name.DeviceGray) and not _is_icc_rgb(space):
        return
    functions = shading.get("/Function")
    if functions is None or not _convert_function(functions, 3 if space != Name.DeviceGray else 1, colours):
        return  # left as it is: the preflight names it
    shading.ColorSpace = Name.DeviceCMYK


def _convert_function(function, n: int, colours: _Colours) -> bool:
    if isinstance(function, Array):
        return all(_convert_function(f, n, colours) for f in function)
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        for key in ("/C0", "/C1"):
            default = [0.0] * n if key == "/C0" else [1.0] * n
            values = [float(v) for v in function.get(key, default)]
            function[key] = Array(colours.to_cmyk(values if n == 3 else (values[0],) * 3))
        return True
    if kind == 3:
        return all(_convert_function(f, n, colours) for f in function.Functions)
    return False


# ---- images ----------------------------------------------------------------------------------------


def _prepare_image(image: pikepdf.Stream, target: Target, placed_pt: float | None, colours: _Colours,
                   cache: Path | None) -> tuple[bool, bool]:
    if image.get("/ImageMask", False) or int(image.get("/BitsPerComponent", 8)) not in (1, 8, 16):
        return False, False
    width = int(image.Width)
    scale = 1.0
    if placed_pt:
        ppi = width / (placed_pt / 72)
        if ppi > target.ppi * SLACK:
            scale = target.ppi / ppi
    kind = _kind(image.get("/ColorSpace"), None)
    indexed = isinstance(image.get("/ColorSpace"), Array) and image.ColorSpace[0] == Name.Indexed
    needs_colour = (target.colour == "cmyk" and (kind in ("rgb", "gray") or indexed)) or \
                   (target.colour == "rgb" and kind == "cmyk")
    if not needs_colour and scale == 1.0:
        return False, False
    smask = image.get("/SMask")
    cache_key = key(VERSION, image.read_raw_bytes(), repr(sorted(
        (str(k), repr(v)) for k, v in image.items() if k not in ("/Length", "/SMask"))),
        smask.read_raw_bytes() if smask is not None else b"", target.colour, f"{scale:.6f}", colours.key)
    stored = cached(cache, "images", cache_key, lambda: _pack(*_convert_image(image, target, scale, colours)))
    _write_image(image, *_unpack(stored))
    return needs_colour, scale != 1.0


def _pack(data: bytes, filter_, mode: str, size: tuple[int, int], smask: bytes | None) -> bytes:
    """A converted image as one cache entry: a JSON line, then the image's bytes, then its mask's."""
    head = {"filter": str(filter_), "mode": mode, "size": list(size), "data": len(data),
            "smask": None if smask is None else len(smask)}
    return json.dumps(head).encode("ascii") + b"\n" + data + (smask or b"")


def _unpack(entry: bytes):
    line, _, body = entry.partition(b"\n")
    head = json.loads(line)
    data, rest = body[:head["data"]], body[head["data"]:]
    smask = None if head["smask"] is None else rest[:head["smask"]]
    return data, Name(head["filter"]), head["mode"], tuple(head["size"]), smask


def _convert_image(image: pikepdf.Stream, target: Target, scale: float, colours: _Colours):
    pim = pikepdf.PdfImage(image)
    picture = pim.as_pil_image()
    icc = None
    if pim.icc is not None:
        icc = pim.icc
    if picture.mode in ("P", "1", "LA", "RGBA", "I;16", "I"):
        picture = picture.convert("RGB" if picture.mode in ("P", "RGBA") else "L")
    jpeg = image.get("/Filter") in (Name.DCTDecode, Array([Name.DCTDecode]))
    if picture.mode == "CMYK" and not jpeg and image.get("/Decode") is not None and \
            [float(v) for v in image.Decode][:2] == [1.0, 0.0]:  # Pillow reads an Adobe JPEG's inversion itself
        picture = ImageChops.invert(picture)
    if scale != 1.0:
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    if target.colour == "cmyk":
        if picture.mode == "L":
            picture = Image.merge("CMYK", [Image.new("L", picture.size, 0)] * 3 + [picture.point(lambda v: 255 - v)])
        elif picture.mode == "RGB":
            picture = ImageCms.applyTransform(picture, colours.rgb_transform(icc))
    elif picture.mode == "CMYK":
        picture = ImageCms.applyTransform(picture, colours.cmyk_transform(icc))
    smask = None
    if "/SMask" in image and scale != 1.0:
        mask = pikepdf.PdfImage(image.SMask).as_pil_image().convert("L")
        smask = mask.resize(picture.size, Image.Resampling.LANCZOS).tobytes()
    if jpeg:
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        data, filter_ = out.getvalue(), Name.DCTDecode
    else:
        data, filter_ = zlib.compress(picture.tobytes(), 9), Name.FlateDecode
    return data, filter_, picture.mode, picture.size, smask


def _write_image(image: pikepdf.Stream, data: bytes, filter_, mode: str, size: tuple[int, int],
                 smask: bytes | None) -> None:
    image.write(data, filter=filter_)
    image.Width, image.Height = size
    image.BitsPerComponent = 8
    image.ColorSpace = {"CMYK": Name.DeviceCMYK, "RGB": Name.DeviceRGB, "L": Name.DeviceGray}[mode]
    for name in ("/DecodeParms", "/Decode", "/Interpolate"):
        if name in image:
            del image[name]
    if mode == "CMYK" and filter_ == Name.DCTDecode:  # Pillow writes Adobe's inverted CMYK JPEG
        image.Decode = Array([1, 0] * 4)
    if smask is not None:
        mask = image.SMask
        mask.write(zlib.compress(smask, 9), filter=Name.FlateDecode)
        mask.Width, mask.Height = size
        mask.BitsPerComponent = 8
        for name in ("/DecodeParms", "/Decode"):
            if name in mask:
                del mask[name]


# ---- walking the document -------------------------------------------------------------------------


def _xobjects(resources, seen: set) -> list:
    found = []
    for obj in (resources.get("/XObject") or Dictionary()).values():
        if obj.objgen in seen and obj.objgen != (0, 0):
            continue
        seen.add(obj.objgen)
        found.append(obj)
        if obj.get("/Subtype") == Name.Form:
            found.extend(_xobjects(obj.get("/Resources") or Dictionary(), seen))
    for pattern in (resources.get("/Pattern") or Dictionary()).values():
        if isinstance(pattern, pikepdf.Stream) and pattern.objgen not in seen:
            seen.add(pattern.objgen)
            found.append(pattern)
            found.extend(_xobjects(pattern.get("/Resources") or Dictionary(), seen))
    return found


def _all_xobjects(pdf: pikepdf.Pdf) -> list:
    seen: set = set()
    found = []
    for page in pdf.pages:
        found.extend(_xobjects(page.obj.get("/Resources") or Dictionary(), seen))
        for annot in page.obj.get("/Annots") or Array():
            appearance = annot.get("/AP")
            normal = appearance.get("/N") if appearance is not None else None
            if isinstance(normal, pikepdf.Stream) and normal.objgen not in seen:
                seen.add(normal.objgen)
                found.append(normal)
                found.extend(_xobjects(normal.get("/Resources") or Dictionary(), seen))
    return found


def _images(pdf: pikepdf.Pdf) -> list:
    return [o for o in _all_xobjects(pdf) if o.get("/Subtype") == Name.Image]


def _content_streams(pdf: pikepdf.Pdf):
    """(stream, resources) of every painted content: pages, forms, tiling patterns, annotation appearances
    (soft-mask groups are not reached through /XObject and stay as they are)."""
    for page in pdf.pages:
        resources = page.obj.get("/Resources") or Dictionary()
        contents = page.obj.get("/Contents")
        if isinstance(contents, Array):  # one stream, so that an operator split across two is parsed whole
            page.contents_coalesce()
        if page.obj.get("/Contents") is not None:
            yield page.obj.Contents, resources
    for obj in _all_xobjects(pdf):
        if obj.get("/Subtype") == Name.Form or obj.get("/PatternType") == 1 or obj.get("/BBox") is not None \
                and obj.get("/Subtype") != Name.Image:
            yield obj, obj.get("/Resources") or Dictionary()


def _groups(pdf: pikepdf.Pdf):
    for page in pdf.pages:
        if page.obj.get("/Group") is not None:
            yield page.obj.Group
    for obj in _all_xobjects(pdf):
        if obj.get("/Group") is not None:
            yield obj.Group


def _shadings(pdf: pikepdf.Pdf):
    resources = [page.obj.get("/Resources") or Dictionary() for page in pdf.pages]
    resources += [o.get("/Resources") or Dictionary() for o in _all_xobjects(pdf) if o.get("/Subtype") != Name.Image]
    seen: set = set()
    for res in resources:
        for shading in (res.get("/Shading") or Dictionary()).values():
            if shading.objgen not in seen or shading.objgen == (0, 0):
                seen.add(shading.objgen)
                yield shading
        for pattern in (res.get("/Pattern") or Dictionary()).values():
            if pattern.get("/PatternType") == 2 and pattern.get("/Shading") is not None:
                yield pattern.Shading
