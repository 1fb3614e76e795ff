"""The style map: which role each Word style gives its text (``layouts/import/word-styles.yaml``).

A paragraph style names a role of the article (its title, standfirst, an intertitle, a sidebar, a
question…); a character style names an inline (small capitals, emphasis). Names are compared
case-folded and NFC-normalised, as Word compares them. The shipped map knows Word's and
LibreOffice's built-in styles, in English and French, and the « HP … » styles of the magazine's
template; ``--style-map FILE`` gives another, in the same form, checked key by key at its lines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ...model.nodes import Pos
from ...support.diagnostics import Reporter
from ...support.resources import layouts_dir
from ..textfile import read_text
from ..yamlsrc import LocList, LocMap, check_mapping, check_str_items, did_you_mean, load_yaml

#: The roles a paragraph style may give (``body``: ordinary paragraphs, said nothing of; ``omit``: left out,
#: said nothing of: the labels a tool adds, a table of contents).
PARAGRAPH_ROLES = ("title", "subtitle", "standfirst", "author", "heading2", "heading3", "quote", "pullquote",
                   "question", "sidebar-title", "sidebar", "caption", "credit", "source", "body", "omit")
#: The roles a character style may give (``plain``: its text as it is, said nothing of).
CHARACTER_ROLES = ("smallcaps", "emphasis", "strong", "plain")

DEFAULT_FILE = "import/word-styles.yaml"


def style_key(name: str) -> str:
    """How two style names are compared: ``Heading 1`` is ``heading 1``."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True, slots=True)
class StyleMap:
    paragraphs: dict[str, str]  # style_key(name) → role
    characters: dict[str, str]
    file: str  # where it was read from, as shown

    def paragraph_role(self, name: str | None) -> str | None:
        return "body" if name is None else self.paragraphs.get(style_key(name))

    def character_role(self, name: str) -> str | None:
        return self.characters.get(style_key(name))


def default_style_map() -> StyleMap:
    path = layouts_dir() / DEFAULT_FILE
    reporter = Reporter(echo=False)
    style_map = read_style_map(path, str(path), reporter)
    if style_map is None or reporter.diagnostics:  # the project's own file: a broken one is a bug, not a user error
        raise RuntimeError(f"{path}: " + "; ".join(d.format() for d in reporter.diagnostics))
    return style_map


def read_style_map(path: Path, shown: str, reporter: Reporter) -> StyleMap | None:
    """Read a style map file; every problem is said at its line, and None returned after an error."""
    errors = len(reporter.errors)
    text = read_text(path, shown, reporter)
    data = load_yaml(text, shown, reporter) if text is not None else None
    if text is None or len(reporter.errors) > errors:
        return None
    fields = check_mapping(data, shown, Pos(shown, 1), "the style map", reporter, required={},
                           optional={"paragraphs": dict, "characters": dict})
    if fields is None:
        return None
    paragraphs = _roles(fields.get("paragraphs"), PARAGRAPH_ROLES, shown, "paragraphs", reporter)
    characters = _roles(fields.get("characters"), CHARACTER_ROLES, shown, "characters", reporter)
    if len(reporter.errors) > errors:
        return None
    return StyleMap(paragraphs, characters, shown)


def _roles(section: LocMap | None, roles: tuple[str, ...], shown: str, what: str,
           reporter: Reporter) -> dict[str, str]:
    out: dict[str, str] = {}
    if section is None:
        return out
    for role in section:
        pos = Pos(shown, section.key_lines.get(role, section.line))
        if role not in roles:
            reporter.error("import.style-map", f"unknown role {role!r} under '{what}'"
                           f"{did_you_mean(role, roles, 'the roles are')}", pos)
            continue
        names = section[role]
        if isinstance(names, str):
            names = LocList([names], line=pos.line, item_lines=[pos.line])
        if not isinstance(names, LocList):
            reporter.error("import.style-map", f"'{role}' must be a list of style names, as [Title, Titre]", pos)
            continue
        for name, line in zip(check_str_items(names, shown, f"'{role}'", reporter), names.item_lines):
            key = style_key(name)
            if key in out and out[key] != role:
                reporter.error("import.style-map", f"the style {name!r} is given two roles, "
                               f"'{out[key]}' and '{role}': keep one", Pos(shown, line))
            out[key] = role
    return out
