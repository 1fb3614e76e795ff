"""The .docx as a package: its zip opened with limits, its XML parts parsed safely, its relationships followed.

A .docx comes from outside: it may be an old .doc, a password-protected file, an .odt renamed, a zip
bomb, or XML made to hurt the parser.  :func:`open_package` refuses all of these with a
:class:`DocxError` whose message tells the user what to do; it never lets a zipfile or lxml error
through.  The main document part is found from ``_rels/.rels`` (or ``[Content_Types].xml``), the
others from the main part's relationships, as the Open Packaging Conventions say: their names vary.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from lxml import etree

MAX_PART = 100_000_000  # one uncompressed zip member
MAX_TOTAL = 300_000_000  # all of them

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_REL_BASE = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
              "application/vnd.ms-word.document.macroEnabled.main+xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
              "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
SAVE_AS = "open it in Word or LibreOffice and save it as a Word document (.docx)"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                          dtd_validation=False, remove_comments=True, remove_pis=True)


class DocxError(Exception):
    """Not a readable .docx: the message says why, for the user."""


def _not_a_zip(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("this is not a .docx but an old Word file (.doc) or a password-protected .docx: "
                f"remove the password if there is one, and {SAVE_AS}")
    if head.lstrip().startswith(b"{\\rtf"):
        return f"this is not a .docx but an RTF file: {SAVE_AS}"
    if head.startswith(b"%PDF"):
        return "this is not a .docx but a PDF: ask the author for the Word file"
    return f"this is not a .docx: the file is not a zip archive (an old .doc?): {SAVE_AS}"


class DocxPackage:
    """The zip of a .docx, read part by part within :data:`MAX_PART` and :data:`MAX_TOTAL`."""

    def __init__(self, data: bytes):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("the .docx is given as bytes")
        data = bytes(data)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, zlib.error):
            raise DocxError(_not_a_zip(data)) from None
        self._names: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise DocxError(f"this .docx is encrypted (its part {info.filename} is): remove the password "
                                f"and save it again")
            if info.file_size > MAX_PART:
                raise DocxError(f"this .docx's part {info.filename} would unpack to {info.file_size:,} bytes "
                                f"(the limit is {MAX_PART:,}): a damaged or hostile file; {SAVE_AS} again")
            total += info.file_size
            self._names.setdefault(info.filename.lstrip("/").lower(), info)
        if total > MAX_TOTAL:
            raise DocxError(f"this .docx would unpack to {total:,} bytes (the limit is {MAX_TOTAL:,}): "
                            f"a damaged or hostile file; {SAVE_AS} again")
        self._read_total = 0
        self.main = self._find_main()

    def has(self, part: str) -> bool:
        return part.lstrip("/").lower() in self._names

    def names(self) -> list[str]:
        """The names of the package's members, as stored."""
        return [info.filename for info in self._names.values()]

    def read(self, part: str) -> bytes:
        """The bytes of a part (a zip member named without its leading '/'), read within the limits."""
        info = self._names.get(part.lstrip("/").lower())
        if info is None:
            raise DocxError(f"this .docx is damaged: its part {part} is missing; {SAVE_AS} again")
        try:
            with self._zip.open(info) as f:
                body = f.read(MAX_PART + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError,
                zlib.error) as e:
            raise DocxError(f"this .docx is damaged: its part {part} cannot be unpacked ({e}); "
                            f"{SAVE_AS} again") from None
        self._read_total += len(body)
        if len(body) > MAX_PART or self._read_total > MAX_TOTAL:
            raise DocxError(f"this .docx's part {part} unpacks to more than it declares: a damaged or hostile "
                            f"file; {SAVE_AS} again")
        return body

    def xml(self, part: str) -> etree._Element:
        """A part parsed safely (no entity, no DTD, no network, no huge tree)."""
        try:
            root = etree.fromstring(self.read(part), _PARSER)
        except etree.XMLSyntaxError as e:
            raise DocxError(f"this .docx is damaged: its part {part} is not well-formed XML ({e.msg}); "
                            f"{SAVE_AS} again") from None
        if root is None:
            raise DocxError(f"this .docx is damaged: its part {part} is empty; {SAVE_AS} again")
        return root

    def rels(self, part: str) -> list[tuple[str, str, str, bool]]:
        """The relationships of a part: (id, type, target part or URL, external), [] when it has none."""
        folder, name = posixpath.split(part.lstrip("/"))
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        if not self.has(rels_part):
            return []
        out = []
        for rel in self.xml(rels_part).iter(f"{{{PKG_RELS}}}Relationship"):
            target = rel.get("Target") or ""
            external = rel.get("TargetMode") == "External"
            if not external:
                target = (target.lstrip("/") if target.startswith("/")
                          else posixpath.normpath(posixpath.join(folder, target)).lstrip("/"))
            out.append((rel.get("Id") or "", rel.get("Type") or "", target, external))
        return out

    def related(self, part: str, kind: str) -> str | None:
        """The part a relationship of type ``kind`` (officeDocument, styles, comments…) of ``part`` names."""
        for _, rel_type, target, external in self.rels(part):
            if not external and rel_type in (REL_BASE + kind, STRICT_REL_BASE + kind) and self.has(target):
                return target
        return None

    def _find_main(self) -> str:
        main = self.related("", "officeDocument")
        if main is None and self.has("[Content_Types].xml"):
            for over in self.xml("[Content_Types].xml").iter(f"{{{CT_NS}}}Override"):
                name = (over.get("PartName") or "").lstrip("/")
                if over.get("ContentType") in MAIN_TYPES and self.has(name):
                    main = name
                    break
        if main is None and self.has("word/document.xml"):
            main = "word/document.xml"
        if main is None:
            raise DocxError(f"this is not a .docx: the zip holds no Word document{self._what_else()}; {SAVE_AS}")
        return main

    def _what_else(self) -> str:
        if self.has("mimetype"):
            kind = self.read("mimetype")[:100].decode("ascii", "replace").strip()
            if kind.startswith("application/vnd.oasis.opendocument"):
                return f" (it is an OpenDocument file, {kind.rsplit('.', 1)[-1]}: an .odt?)"
        for folder, what in (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint presentation")):
            if any(n.startswith(folder) for n in self._names):
                return f" (it is {what})"
        return ""
