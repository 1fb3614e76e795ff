"""The messages of the scan's findings (:mod:`.ooxml_walk`): what was found, and what to do in Word."""

from __future__ import annotations

THEN = "and save, then import again"
CHANGES_FIX = f"accept or reject every tracked change in Word (Révision › Accepter toutes les modifications) {THEN}"
COMMENTS_FIX = f"delete the comments in Word (Révision › Supprimer tous les commentaires) {THEN}"
DROPPED_PAGES = "dropped, the print layout sets the pages"
BREAKS = {"page": "a page break", "column": "a column break",
          "before": "a paragraph set to start a new page (« Saut de page avant »)",
          "section": "a section break"}
FIELDS = {"PAGE": "the page number", "NUMPAGES": "the number of pages", "SECTIONPAGES": "the number of pages",
          "DATE": "the date", "TIME": "the time", "CREATEDATE": "the date", "SAVEDATE": "the date",
          "PRINTDATE": "the date", "TOC": "a table of contents", "TOA": "a table of authorities",
          "INDEX": "an index", "REF": "a cross-reference", "NOTEREF": "a cross-reference to a note",
          "PAGEREF": "a cross-reference to a page", "SEQ": "a numbering of figures or tables",
          "AUTHOR": "the document's author", "TITLE": "the document's title", "FILENAME": "the file's name",
          "MERGEFIELD": "a mail-merge field", "INCLUDEPICTURE": "a linked picture", "INCLUDETEXT": "a linked text",
          "XE": "an index entry", "TC": "a table of contents entry", "CITATION": "a citation",
          "BIBLIOGRAPHY": "a bibliography", "ADDIN": "a reference manager's citation (Zotero, EndNote…)",
          "EQ": "an equation (EQ field)", "SYMBOL": "a symbol", "QUOTE": "a quoted text", "LISTNUM": "a list number"}
OBJECTS = {"equation": "an equation (Word's equation editor)", "chart": "a chart", "smartart": "a SmartArt diagram",
           "ole": "an embedded object", "shape": "a drawing shape without an image"}
CANNOT = ": the import cannot carry it; "
OBJECT_HINTS = {
    "equation": CANNOT + "write it as text (with italics, superscripts and subscripts), or put an image of it "
                         "with a description",
    "chart": CANNOT + "put an image of the chart instead, with a description of what it shows",
    "smartart": CANNOT + "put an image of the diagram instead, with a description of what it shows",
    "ole": CANNOT + "put its content in the text (a table), or an image of it with a description",
    "shape": CANNOT + "put an image of it instead, with a description, or its words in the text",
}


def clip(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size].rstrip() + "…"


def changes(count: int, kind: str, author: str, date: str, where: str) -> str:
    what = "a tracked change" if count == 1 else f"{count} tracked changes"
    first = ("" if count == 1 else "the first: ") + kind + (f" by {author}" if author else "") \
        + (f", {date[:10]}" if date else "")
    return f"{what}{where} ({first}): {CHANGES_FIX}"


def comment(author: str, text: str, where: str) -> str:
    said = f": « {clip(text)} »" if text else ""
    return f"a comment{' by ' + author if author else ''}{where}{said}; {COMMENTS_FIX}"


def page_break(kind: str, where: str) -> str:
    return f"{BREAKS[kind]}{where}: {DROPPED_PAGES}"


def note_in_note(kind: str, outer: str) -> str:
    return (f"a {kind} call inside the {outer} called here: a note cannot hold a note; put the inner note's text "
            f"in the {outer}'s own text (between parentheses), or make it a note of the text")


def field(name: str, instr: str, result: str, where: str) -> str:
    what = FIELDS.get(name, "a field")
    shown = f"showing « {clip(result, 40)} »" if result.strip() else "showing nothing"
    kept = "the text it shows is kept" if result.strip() else "nothing is kept"
    return f"{what} (Word field {clip(instr, 40) or name or 'without instruction'}){where}, {shown}: " \
           f"the field is dropped and {kept}"


def symbol(font: str, char: str, where: str) -> str:
    return (f"a character of the symbol font {font or '(unnamed)'} (code {char or '?'}){where}: the import cannot "
            f"carry it; put the same character from a text font instead (Insertion › Caractères spéciaux)")
