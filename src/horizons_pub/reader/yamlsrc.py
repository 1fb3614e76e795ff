"""YAML with line numbers, and a small checker for the shapes the source format allows.

PyYAML's composer knows where every node starts; the loader below keeps that:
mappings load as :class:`LocMap` and sequences as :class:`LocList`, each with the
line of every key or item, so that a diagnostic can name the line of a wrong
value.  ``line_offset`` shifts lines for YAML embedded in a Markdown file.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..support.diagnostics import Reporter
from ..model.nodes import Pos
from .textchecks import first_bad, kind, report, nfc, quoted, visible, without_bad, without_invisible


class LocMap(dict):
    """A mapping that knows its own line and the line of each key."""

    def __init__(self, *args, line: int = 0):
        super().__init__(*args)
        self.line = line
        self.key_lines: dict[str, int] = {}


class LocList(list):
    """A sequence that knows its own line and the line of each item."""

    def __init__(self, items=(), line: int = 0, item_lines: list[int] | None = None):
        super().__init__(items)
        self.line = line
        self.item_lines: list[int] = item_lines if item_lines is not None else [line] * len(self)


class _Loader(yaml.SafeLoader):
    line_offset = 0

    def __init__(self, stream):
        super().__init__(stream)
        self.text_problems: list[tuple[str, str, int]] = []  # (character, message, line): said after loading

    def text(self, value: Any, node: yaml.Node | None, where: str) -> Any:
        """A scalar as the model takes it: a string NFC-normalised, without the characters textchecks
        refuses (each string that held one is recorded, at its line).  Only an escape in double quotes can
        bring one here: the file's own text was checked whole by textfile.read_text."""
        if not isinstance(value, str):
            return value
        bad = first_bad(value)
        if bad is not None:
            line = (node.start_mark.line if node else 0) + 1 + self.line_offset
            self.text_problems.append((bad.group(), f"{where} holds {kind(bad.group())}, written as a backslash "
                                       "escape: delete the escape", line))
            value = without_bad(value)
        return nfc(value)

    def construct_object(self, node, deep=False):
        """As PyYAML's, but a value PyYAML cannot build (``2024-13-01``) is a marked error, not a crash."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                problem = (f"'{node.value}' is not a real date ({exc}); write a date as YYYY-MM-DD, "
                           "or put text in double quotes")
            else:
                problem = f"cannot read the value '{_short(str(node.value))}' ({exc})"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from exc


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocMap:
    result = LocMap(line=node.start_mark.line + 1 + loader.line_offset)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain word", key_node.start_mark
            )
        key = loader.text(str(key), key_node, "a key")
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        result[key] = loader.text(loader.construct_object(value_node, deep=True), value_node,
                                  f"the value of '{visible(key)}'")
        result.key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    return LocList((loader.text(loader.construct_object(child, deep=True), child, "an item of a list")
                    for child in node.value),
                   line=node.start_mark.line + 1 + loader.line_offset,
                   item_lines=[child.start_mark.line + 1 + loader.line_offset for child in node.value])


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, file: str, reporter: Reporter, line_offset: int = 0,
              front_matter: bool = False) -> Any | None:
    """Parse YAML; on a syntax error report it at the file's own line and return None.  ``front_matter``:
    an article's, whose title may also be written as the text's first '# ' line (said in the hint)."""

    loader = None
    try:  # the loader's reader checks the characters as it is made: a refused one is a YAMLError too
        loader = type("Loader", (_Loader,), {"line_offset": line_offset})(text)
        return loader.text(loader.get_single_data(), None, "the text")
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "malformed YAML"
        mark = _useful_mark(exc)
        line = mark.line + 1 if mark else 1
        hint = _yaml_hint(exc.context or "", problem)
        unclosed = _unclosed_quote_line(text, line) if _QUOTE_SYMPTOM.search(problem) else None
        if unclosed is not None:
            line, problem, hint = unclosed, "the double quote opened on this line is never closed", "close it"
        fixed = _quoted_line(text, line) if "mapping values are not allowed" in problem else None
        if fixed is not None:  # French puts a space before a colon: « Marie Martin : … »
            problem = "a ' : ' inside a value is read as a new key"
            hint = f"put the value in double quotes, as in this line, ready to paste: {fixed}"
            if front_matter and fixed.startswith("title:"):
                hint += " (or leave 'title' out and write the title as the text's first line, after '# ')"
        reporter.error("yaml.syntax", f"malformed YAML: {problem}{'; ' + hint if hint else ''}",
                       Pos(file, line + line_offset))
    except RecursionError:
        reporter.error("yaml.syntax", "malformed YAML: the text is nested too deeply", Pos(file, 1 + line_offset))
    except yaml.reader.ReaderError as exc:  # a character YAML refuses as typed (the text checks name it first)
        line = text[: exc.position].count("\n") + 1
        reporter.error("yaml.syntax", f"malformed YAML: the character U+{exc.character:04X} is not allowed in YAML; "
                       "delete it", Pos(file, line + line_offset))
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        reporter.error("yaml.syntax", f"malformed YAML: {exc}", Pos(file, 1 + line_offset))
    finally:
        if loader is not None:
            for char, message, line in loader.text_problems:
                report(reporter, char, message, Pos(file, line))
            loader.dispose()
    return None


#: What PyYAML says when a double quote left open swallowed the lines after it.
_QUOTE_SYMPTOM = re.compile(r"but found '<scalar>'|end of stream|<stream end>|could not find expected ':'")


def _unclosed_quote_line(text: str, error_line: int) -> int | None:
    """The first line before ``error_line`` that opens a double-quoted value and does not close it, if any.

    PyYAML lets a quoted value run over several lines, so a forgotten closing
    quote shows up lines later; the line that opened it is the one to fix.
    """
    for n, line in enumerate(text.split("\n")[: error_line - 1], start=1):
        value = line.split(": ", 1)[1] if ": " in line else ""
        value = value.strip()
        if value.startswith('"') and (value.count('"') - value.count('\\"')) % 2 == 1:
            return n
    return None


_KEY_VALUE = re.compile(r"^(?P<key>\s*(?:- )?[A-Za-z_][\w-]*:[ \t]+)(?P<value>[^\"'\s].*?)\s*$")


def _quoted_line(text: str, line: int) -> str | None:
    """The line ``line`` of ``text`` with its value in double quotes, when a ' : ' in an unquoted value
    is what PyYAML refused (``title: Marie Martin : « … »``); None for any other line."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    match = _KEY_VALUE.match(lines[line - 1])
    if match is None or " : " not in match["value"] and not match["value"].endswith(" :"):
        return None
    value = match["value"].replace("\\", "\\\\").replace('"', '\\"')
    return f'{match["key"].rstrip()} "{value}"'


def _useful_mark(exc: yaml.MarkedYAMLError):
    """The mark an editor should look at.

    PyYAML marks where it gave up; for a quote or bracket never closed that is
    the end of the text, and for a line that is not ``key: value`` it is the
    next line.  The context mark (where the quote, bracket or line starts) is
    the useful one there.
    """
    problem = exc.problem or ""
    context = exc.context or ""
    if exc.context_mark is not None and (
        "end of stream" in problem or "<stream end>" in problem or context == "while scanning a simple key"
    ):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


_STAR = ("a value cannot start with '*' (italics) or '&': put the whole value in double quotes, e.g. "
         "description: \"*Horizons publics*, rédaction\"")
#: (context contains, problem contains, what the editor should do); "" matches anything; first match wins.
_YAML_HINTS: tuple[tuple[str, str, str], ...] = (
    ("", "found character '\\t'", "a tab character: indent with spaces only"),
    ("while scanning an alias", "", _STAR),
    ("", "found undefined alias", _STAR),
    ("while scanning an anchor", "", "a value cannot start with '&': put the whole value in double quotes"),
    ("", "cannot start any token", "a value cannot start with this character: put the whole value in double quotes"),
    ("", "mapping values are not allowed here", "a ': ' inside a value, or a badly indented line: put a value "
     "that holds ': ' in double quotes, e.g. title: \"Villes : la suite\""),
    ("while scanning a quoted scalar", "end of stream", "a quote opened on this line is never closed: close it, "
     "or write an apostrophe inside the value as ’"),
    ("while scanning a quoted scalar", "escape", "a backslash inside double quotes: remove it, or double it (\\\\)"),
    ("", "end of stream", "a quote or bracket opened on this line is never closed"),
    ("", "<stream end>", "a quote or bracket opened on this line is never closed"),
    ("while scanning a simple key", "", "this line is not 'key: value': add the ':' after the key, or indent the "
     "line if it continues the value above"),
    ("", "but found '<scalar>'", "text follows a closing quote: put the whole value in double quotes, and write "
     "an apostrophe inside it as ’"),
    ("", "expected <block end>", "check the indentation of this line: the keys of one mapping start in the "
     "same column"),
)


def _yaml_hint(context: str, problem: str) -> str:
    for in_context, in_problem, hint in _YAML_HINTS:
        if in_context in context and in_problem in problem:
            return hint
    return ""


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Fields:
    """A checked mapping: values by key, and the position of each key."""

    values: LocMap
    file: str

    def pos(self, key: str | None = None) -> Pos:
        if key is not None and key in self.values.key_lines:
            return Pos(self.file, self.values.key_lines[key])
        return Pos(self.file, self.values.line)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.values


_TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true or false",
               _dt.date: "a date (YYYY-MM-DD)", float: "a number"}


def check_mapping(value: Any, file: str, where: Pos, what: str, reporter: Reporter,
                  required: dict[str, type | tuple[type, ...]],
                  optional: dict[str, type | tuple[type, ...]]) -> Fields | None:
    """Check that ``value`` is a mapping with the given keys and value types.

    Reports a missing key, an unknown key (with a "did you mean" for a typo),
    and a value of the wrong type, each at its line.  Returns None when the
    value is not a mapping at all; unknown and wrong-typed keys are dropped,
    so that what remains can be trusted by the caller.
    """

    if not isinstance(value, LocMap):
        reporter.error("yaml.type", f"{what} must be a mapping of keys and values", where)
        return None
    fields = Fields(value, file)
    known = {**required, **optional}
    suggested: set[str] = set()  # required keys already named by a "did you mean"
    for key in list(value):
        if key not in known:
            hint = did_you_mean(key, known, "expected one of")
            close = difflib.get_close_matches(without_invisible(key), sorted(known), n=1, cutoff=0.6)
            suggested.update(close)
            reporter.error("yaml.unknown-key", f"unknown key {quoted(key)} in {what}{hint}", fields.pos(key))
            del value[key]
            continue
        val = value[key]
        if val is None and key in optional:
            del value[key]
        elif val is None:
            reporter.error("yaml.type", f"'{key}' in {what} is empty: give it {_type_name(known[key])}",
                           fields.pos(key))
            del value[key]
        elif not _type_ok(val, known[key]):
            hint = ""
            if str in _as_tuple(known[key]) and isinstance(val, (bool, int, float, _dt.date)):
                hint = " (to have it read as text, put it in double quotes)"
            reporter.error("yaml.type", f"'{key}' in {what} must be {_type_name(known[key])}, not {_describe(val)}"
                           f"{hint}", fields.pos(key))
            del value[key]
    for key in required:
        if key not in value.key_lines and key not in suggested:
            reporter.error("yaml.missing-key", f"{what} lacks the required key '{key}': add '{key}: …'",
                           fields.pos())
    return fields


def check_str_items(value: LocList, file: str, what: str, reporter: Reporter) -> tuple[str, ...]:
    """The items of a list that must hold text (taglines, boxes); an item that is not text is reported and dropped."""
    out: list[str] = []
    for item, line in zip(value, value.item_lines):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, (int, float, _dt.date)) and not isinstance(item, bool):
            out.append(str(item))
        else:
            reporter.error("yaml.type", f"an item of {what} must be text, not {_describe(item)}", Pos(file, line))
    return tuple(out)


def did_you_mean(word: str, choices, otherwise: str) -> str:
    """'; did you mean 'x'?' for a typo of one of ``choices`` (or ``word`` with an invisible character),
    else the list of choices."""
    close = difflib.get_close_matches(without_invisible(word), sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f" ({otherwise}: {', '.join(sorted(choices))})"


def _as_tuple(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _type_ok(val: Any, expected: type | tuple[type, ...]) -> bool:
    types = _as_tuple(expected)
    if isinstance(val, bool) and bool not in types:
        return False
    if isinstance(val, _dt.datetime) and _dt.datetime not in types:
        return False
    return isinstance(val, types)


def _type_name(expected: type | tuple[type, ...]) -> str:
    types = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)


def _describe(val: Any) -> str:
    if isinstance(val, bool):
        return f"'{str(val).lower()}'"
    if isinstance(val, LocMap):
        return "a mapping"
    if isinstance(val, LocList):
        return "a list"
    if isinstance(val, (int, float)):
        return f"the number {val}"
    return f"'{val}'"
