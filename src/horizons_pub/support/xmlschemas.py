"""The XML schemas horizons-pub writes against (JATS, Crossref, METS…), vendored under
``src/horizons_pub/schemas/<name>/`` with their licences, and one way to validate against them.

Nothing is fetched: every import or include a schema makes is looked up by its file name inside the
schema's own folder (``schemas/<name>/``, then ``schemas/common/``: xml.xsd, xlink.xsd), and an address
that names no such file is refused, so that a build or a test never goes to the network."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
_lock = threading.Lock()  # lxml's schema objects are built once, then only read


class SchemaMissing(RuntimeError):
    """The schema, or a file it includes, is not in ``schemas/``: a fault of the installation."""


class _Local(etree.Resolver):
    def __init__(self, folders: tuple[Path, ...]):
        super().__init__()
        self.folders = folders

    def resolve(self, url, public_id, context):
        name = PurePosixPath(urlparse(url).path).name if url else ""
        for folder in self.folders:
            for candidate in (folder / name, *folder.rglob(name)) if name else ():
                if candidate.is_file():
                    return self.resolve_filename(str(candidate), context)
        raise SchemaMissing(f"the schema asks for {url}, which is not vendored in {self.folders[0]}")


@lru_cache(maxsize=None)
def _schema(relative: str) -> etree.XMLSchema | etree.DTD:
    path = SCHEMAS / relative
    if not path.is_file():
        raise SchemaMissing(f"no schema {relative} in {SCHEMAS}")
    if path.suffix == ".dtd":  # a DTD (JATS 1.3 Archiving): its modules named by relative paths beside it
        return etree.DTD(str(path))
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_Local((path.parent, SCHEMAS / relative.split("/")[0], SCHEMAS / "common")))
    doc = etree.parse(str(path), parser)
    return etree.XMLSchema(doc)


def validate(relative: str, data: bytes) -> list[str]:
    """The schema's complaints about ``data`` (``line N: message``), none when it is valid.

    ``relative``: the schema's main file under ``schemas/``: an XSD, or a DTD (``jats/JATS-archivearticle1-3-mathml3.dtd``)."""
    with _lock:
        schema = _schema(relative)
    try:
        doc = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: not well-formed XML: {exc.msg}"]
    with _lock:  # an XMLSchema object keeps its last error log: one validation at a time
        if schema.validate(doc):
            return []
        return [f"line {e.line}: {e.message}" for e in schema.error_log]
