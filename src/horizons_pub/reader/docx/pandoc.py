"""pandoc's docx reader, run on the file's bytes: its JSON AST is what the import converts.

Read as ``docx+styles``, so that every paragraph and character style reaches the converter by name (a
``Div`` or ``Span`` with ``custom-style``), with tracked changes accepted: the import refuses a file that
holds any before pandoc runs (reader/docx/ooxml.py), so that nothing an author deleted can come back.
"""

from __future__ import annotations

import json

from ...support.pandoc import PandocError, run_pandoc

#: the AST's version this converter reads (pandoc-types 1.23: pandoc 3)
API_MAJOR = (1, 23)


def docx_ast(data: bytes) -> dict:
    """pandoc's AST of a .docx, as JSON data."""
    out = run_pandoc(["--from", "docx+styles", "--to", "json", "--track-changes=accept"], data, "reading the file")
    try:
        ast = json.loads(out)
    except ValueError as exc:
        raise PandocError("pandoc's output is not JSON") from exc
    version = tuple(ast.get("pandoc-api-version", ())[:2])
    if version != API_MAJOR:
        raise PandocError(f"pandoc's AST is version {'.'.join(map(str, version))}, this import reads "
                          f"{'.'.join(map(str, API_MAJOR))}: install pypandoc-binary 1.13 or later, of pandoc 3")
    return ast
