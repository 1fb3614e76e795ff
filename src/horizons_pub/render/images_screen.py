"""The images of the screen editions (the EPUB): what the source gives, made fit for a screen.

A reader's screen wants sRGB pixels the right way up and not too many of them; a source image may be
a camera's JPEG turned by an EXIF tag, a CMYK file made for the press, a photograph in a wide-gamut
profile, or 24 million pixels.  :func:`screen_image` returns the bytes to put in the book:

- the EXIF orientation applied to the pixels (``ImageOps.exif_transpose``) and its tag dropped;
- a CMYK image converted to sRGB with LittleCMS, from its own ICC profile when it has one, else from
  the CMYK profile the caller names (the issue's printing condition: what the print edition prints
  those inks with, so that the two editions show the same colours);
- an RGB image with an embedded profile other than sRGB converted to sRGB (then written untagged:
  an untagged image is sRGB to every reading system);
- downscaled with LANCZOS so that its long side is at most :data:`MAX_SIDE` pixels, only when larger;
- PNG stays PNG (with its alpha), JPEG stays JPEG, WebP stays WebP; GIF (animation), SVG and anything
  else pass through unchanged.

When nothing of this applies (a small sRGB or untagged image, upright), the source bytes are returned
as they are.  The output is deterministic: the same bytes in give the same bytes out, with the same
Pillow and LittleCMS (both are in the cache key through ``support/environment.py``).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from ..support.cache import cached, key
from ..support.sourcefile import read_regular
from .profiles import default_cmyk_profile

VERSION = "1"  # part of the cache key: bump it when the conversion changes
MAX_SIDE = 1600  # pixels on the long side: a tablet's full screen, twice a phone's width
JPEG_QUALITY = 88
WEBP_QUALITY = 88
ORIENTATION = 0x0112  # the EXIF tag
CONVERTED = ("image/jpeg", "image/png", "image/webp")  # the formats re-encoded; the others pass through
_FORMAT = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
_FLAGS = ImageCms.Flags.BLACKPOINTCOMPENSATION


def screen_image(data: bytes, media_type: str, cmyk_profile: Path | None = None, cache: Path | None = None) -> bytes:
    """The bytes of the source image ``data`` (of ``media_type``) to put in a screen edition.

    ``cmyk_profile``: the profile of a CMYK image that carries none (FOGRA39's when None); ``cache``: the
    build's cache folder (``<out>/<issue>/.cache``), where converted images are kept under the hash of
    their source, the profile and :data:`VERSION`."""
    if media_type not in CONVERTED:
        return data
    try:
        with Image.open(io.BytesIO(data)) as img:
            if not _needs_work(img):
                return data
    except (OSError, ValueError, Image.DecompressionBombError):
        return data  # the reader reported what it could not open; nothing better to give here
    profile = cmyk_profile or default_cmyk_profile()
    cache_key = key("screen-image", VERSION, media_type, data, _file_digest(profile))
    return cached(cache, "screen-images", cache_key, lambda: convert(data, media_type, profile))


def _needs_work(img: Image.Image) -> bool:
    """From the header alone (no pixel is decoded): is the image turned, CMYK, non-sRGB or too large?"""
    if max(img.size) > MAX_SIDE or img.mode == "CMYK":
        return True
    if img.getexif().get(ORIENTATION, 1) != 1:
        return True
    return img.mode in ("RGB", "RGBA", "P", "PA") and _foreign_rgb_profile(img.info.get("icc_profile")) is not None


def convert(data: bytes, media_type: str, cmyk_profile: Path) -> bytes:
    """The screen image of ``data``, always re-encoded (:func:`screen_image` decides whether to call it)."""
    with Image.open(io.BytesIO(data)) as source:
        source.load()
        icc = source.info.get("icc_profile")
        img = ImageOps.exif_transpose(source)  # a copy, its orientation tag (EXIF and XMP) removed
    exif = img.getexif()
    exif.pop(ORIENTATION, None)
    img, converted = _to_srgb(img, icc, cmyk_profile)
    img = _downscale(img)
    options: dict = {"exif": exif.tobytes()} if len(exif) else {}
    if icc and not converted:
        options["icc_profile"] = icc  # sRGB already, or a grey profile: kept as given
    out = io.BytesIO()
    fmt = _FORMAT[media_type]
    if fmt == "JPEG":
        if img.mode not in ("L", "RGB"):
            img = img.convert("RGB")
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, subsampling="4:2:0",
                 **options)
    elif fmt == "PNG":
        if img.mode == "P" and "transparency" in img.info:
            options["transparency"] = img.info["transparency"]
        img.save(out, "PNG", optimize=True, **options)
    else:
        img.save(out, "WEBP", quality=WEBP_QUALITY, method=4, **options)
    return out.getvalue()


def _to_srgb(img: Image.Image, icc: bytes | None, cmyk_profile: Path) -> tuple[Image.Image, bool]:
    """(the image in sRGB, whether its colours were converted): CMYK and non-sRGB RGB only."""
    if img.mode == "CMYK":
        source = _profile_of(icc, "CMYK") or _open_profile(_profile_bytes(cmyk_profile))
        return ImageCms.profileToProfile(img, source, _srgb(), renderingIntent=_INTENT, outputMode="RGB",
                                         flags=_FLAGS), True
    foreign = _foreign_rgb_profile(icc) if img.mode in ("RGB", "RGBA", "P", "PA") else None
    if foreign is None:
        return img, False
    if img.mode in ("P", "PA"):
        img = img.convert("RGBA")
    alpha = img.getchannel("A") if img.mode == "RGBA" else None
    rgb = ImageCms.profileToProfile(img.convert("RGB"), foreign, _srgb(), renderingIntent=_INTENT,
                                    outputMode="RGB", flags=_FLAGS)
    if alpha is not None:
        rgb.putalpha(alpha)
    return rgb, True


def _downscale(img: Image.Image) -> Image.Image:
    width, height = img.size
    if max(width, height) <= MAX_SIDE:
        return img
    scale = MAX_SIDE / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    if img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif img.mode == "PA":
        img = img.convert("RGBA")
    elif img.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):  # 1-bit, 16-bit, 32-bit: resampled as 8-bit
        img = img.convert("RGBA" if "A" in img.getbands() else "L" if len(img.getbands()) == 1 else "RGB")
    return img.resize(size, Image.Resampling.LANCZOS)


def _foreign_rgb_profile(icc: bytes | None) -> ImageCms.ImageCmsProfile | None:
    """The embedded profile when it is an RGB profile other than sRGB; None for sRGB, none, or unreadable."""
    profile = _profile_of(icc, "RGB")
    if profile is None or _is_srgb(profile):
        return None
    return profile


def _profile_of(icc: bytes | None, space: str) -> ImageCms.ImageCmsProfile | None:
    """The embedded profile if it can be read and describes ``space`` ("RGB", "CMYK"), else None."""
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        return None
    return profile if profile.profile.xcolor_space.strip() == space else None


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """By its description, as every sRGB profile in use names itself (« sRGB IEC61966-2.1 », « sRGB built-in »,
    « sRGB v4 ICC preference »…): converting an sRGB image to sRGB would only cost a re-encoding."""
    try:
        description = ImageCms.getProfileDescription(profile)
    except ImageCms.PyCMSError:
        return False
    return "srgb" in description.lower() or "61966-2" in description


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@functools.lru_cache(maxsize=4)
def _open_profile(data: bytes) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


def _profile_bytes(path: Path) -> bytes:
    """An ICC profile (the issue's, checked by the reader, or the project's): a regular file, read with a limit."""
    return read_regular(Path(os.path.realpath(path)), 50_000_000)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(_profile_bytes(path)).hexdigest()
