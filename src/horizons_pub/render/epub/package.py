"""ebooklib, as the EPUB needs it: chapters given whole, our nav and NCX, a reproducible zip."""

from __future__ import annotations

import hashlib
import zipfile

from ebooklib import epub


class RawXhtml(epub.EpubHtml):
    """A chapter given as a complete XHTML document: ebooklib must not rebuild it
    (it would drop the <head>, the body's epub:type and lowercase SVG attributes)."""

    def get_content(self, default=None):
        return self.content


class NavItem(epub.EpubNav):
    pass


class ReproducibleWriter(epub.EpubWriter):
    """ebooklib's writer with our nav and NCX, and zip entries with a fixed time."""

    def __init__(self, name, book, options, nav: bytes, ncx: bytes):
        super().__init__(name, book, options)
        self._nav, self._ncx = nav, ncx

    def _write_opf_metadata(self, root):
        # The package's language (EPUB Accessibility asks for xml:lang on <package>).
        root.set("{http://www.w3.org/XML/1998/namespace}lang", self.book.language)
        super()._write_opf_metadata(root)

    def _get_nav(self, item):
        return self._nav

    def _get_ncx(self):
        return self._ncx

    def write(self):
        self.out = _FixedTimeZip(self.file_name, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()


class _FixedTimeZip(zipfile.ZipFile):
    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = compress_type if compress_type is not None else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type=compress_type, compresslevel=compresslevel)


def uid(name: str) -> str:
    """A manifest id for a file name: unique and a valid XML id whatever the name holds."""
    return "x-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


def rel(target: str, from_doc: str) -> str:
    depth = from_doc.count("/")
    return "../" * depth + target
