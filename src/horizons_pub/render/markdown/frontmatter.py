"""An article's metadata → its front matter, the YAML between two ``---`` lines (docs/source-format.md,
« Front matter », « People »).

Keys in this order: ``rubric`` (none for a part outside the rubrics), ``kind``, ``title``, ``standfirst``
and ``short_title`` (when not empty), ``authors``.  A person is a plain name when an author with nothing
else, a mapping ``name``/``role``/``description``/``orcid``/``idref`` otherwise (``role`` left out for an
author, the default, and every empty value left out).  Inline values (title, standfirst, short title,
description) are written as inline Markdown; every text value is a double-quoted YAML scalar, whatever
it holds (« YAML pitfalls »: ``: ``, `` #``, a leading ``*``, a number).
"""

from __future__ import annotations

from ...model.nodes import Article, Person, Role
from .inlines import InlineWriter
from .normalise import line

#: The characters YAML lets stand as they are in a double-quoted scalar (its printable set, but the
#: line separators and the byte order mark, which the escapes say better).
_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0", "\x85": "\\N",
          "\u2028": "\\L", "\u2029": "\\P"}


def _printable(char: str) -> bool:
    code = ord(char)
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD and code != 0xFEFF
            or code >= 0x10000)


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as ``text``."""
    out = []
    for char in text:
        if char in _NAMED:
            out.append(_NAMED[char])
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def _inline(writer: InlineWriter, inlines) -> str:
    return yaml_quoted(writer.write(line(inlines)))


def _person(writer: InlineWriter, person: Person) -> list[str]:
    fields: list[tuple[str, str]] = [("name", yaml_quoted(person.name))]
    if person.role is not Role.AUTHOR:
        fields.append(("role", person.role.value))
    if person.description:
        fields.append(("description", _inline(writer, person.description)))
    for key in ("orcid", "idref"):
        value = getattr(person, key)
        if value:
            fields.append((key, yaml_quoted(value)))
    if len(fields) == 1:
        return [f"  - {fields[0][1]}"]
    return [f"  - {key}: {value}" if k == 0 else f"    {key}: {value}" for k, (key, value) in enumerate(fields)]


def front_matter(article: Article, comments: tuple[str, ...] = ()) -> list[str]:
    """The front matter's lines, its two ``---`` included; ``comments``: ``# …`` lines at its end."""
    writer = InlineWriter()
    out = ["---"]
    if article.rubric is not None:
        out.append(f"rubric: {yaml_quoted(article.rubric)}")
    out.append(f"kind: {article.kind.value}")
    out.append(f"title: {_inline(writer, article.title)}")
    if article.standfirst:
        out.append(f"standfirst: {_inline(writer, article.standfirst)}")
    if article.short_title:
        out.append(f"short_title: {_inline(writer, article.short_title)}")
    if article.people:
        out.append("authors:")
        for person in article.people:
            out.extend(_person(writer, person))
    for comment in comments:
        out.extend(("# " + text).rstrip() for text in comment.split("\n"))
    out.append("---")
    return out
