"""THE PRE-OPTIMISATION REFERENCE, kept only to compare (issue 20): do not edit, do not import from src.

A frozen copy of src/horizons_pub/transforms/details.py and of typography.py's ``url_spans`` (with its
pattern) as they were at c6bfc3f, before each inline sequence was joined once for all the rules and a rule
tried only on a text holding what it needs.  tests/transforms/test_details_reference.py checks that the
transforms of today give the same model as this.  Only the imports changed (absolute, and ``url_spans``
defined here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import count

from horizons_pub.model.nodes import (
    INLINE_CONTAINERS,
    Article,
    Capitals,
    Code,
    Foreign,
    Inline,
    Issue,
    LineBreak,
    NoHyphens,
    Note,
    NoteRef,
    Subscript,
    Superscript,
    Text,
)
from horizons_pub.model.walk import map_article
from horizons_pub.transforms.typography import NBSP, NNBSP

# Rule 7: URL-like tokens are left alone: scheme://…, www.…, e-mail addresses, bare domains.
_URL = re.compile(
    r"""
    (?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+
  | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
  | \b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|org|net|eu|info|io|gouv|be|ch|ca|lu)\b(?:/\S*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# Punctuation that ends a sentence rather than the URL before it.
_URL_TRAILING = ".,;:!?)]}»”’'\"" + "\ufffc"  # typography's _CODE_MARK


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the URL-like tokens of ``text`` are (rule 7), as ``(start, end)``: no rule edits them."""
    for match in _URL.finditer(text):
        yield match.start(), match.start() + len(match.group().rstrip(_URL_TRAILING))

#: Words shorter than this are never hyphenated: the first number of the print layout's
#: ``hyphenate-limit-chars`` (layouts/print/print.css); only longer capitalised words need a NoHyphens.
HYPHENATE_MIN_WORD = 6

EN_DASH = "\u2013"
_UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
_SPACE = "[ \u00a0\u202f]"  # a space as typed or as the typography left it
_NOT_BEFORE = r"(?<![\w.,])"  # not inside a word or a number (``A1er``, ``1,5e``)
_END = r"(?!\w)"  # the end of a word (``1era`` is not an ordinal)
_CODE_MARK = "\ufffc"
_MADE = (Superscript, Subscript, Capitals, NoHyphens)  # the nodes the rules make: never edited again

#: A piece of a replacement: ("text", s) stays text; "sup", "sub", "caps", "nohyph" wrap ``s`` in a node.
Piece = tuple[str, str]
_WRAP: dict[str, type] = {"sup": Superscript, "sub": Subscript, "caps": Capitals, "nohyph": NoHyphens}

_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# A century: a numeral and its suffix, then perhaps « et XXe », « au XXIe », « -XXe », then « siècle(s) » or « s. ».
_CENTURY_AFTER = (r"(?=(?:(?:" + _SPACE + r"+(?:et|au|à|ou)" + _SPACE + r"+|" + _SPACE + r"*[-–]" + _SPACE
                  + r"*)[IVXLC]+es?)*" + _SPACE + r"+(?:siècles?\b|s\.))")

#: Capitals that are not acronyms: units (``GW``) and « MM. » (messieurs).
NOT_ACRONYMS = frozenset({"MM", "GW", "MW", "TW", "KW", "GJ", "MJ", "TJ"})
#: The chemical formulas whose digits are subscripts.
FORMULAS = ("CO2", "CH4", "N2O", "H2O", "SO2", "NO2")
#: Unit symbols that take a narrow no-break space after a number (when a space is typed).
UNITS = ("km2", "km", "cm2", "cm3", "cm", "mm2", "mm", "m2", "m3", "m", "ha", "kg", "t",
         "kWh", "MWh", "GWh", "TWh", "kW", "MW", "GW", "°C")


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], tuple[Piece, ...] | None]  # None: leave this match alone


def _ordinal(match: re.Match[str]) -> tuple[Piece, ...]:
    number, suffix = match.group(1), match.group(2)
    suffix = {"ère": "re", "ere": "re", "ème": "e", "eme": "e", "èmes": "es", "emes": "es"}.get(suffix, suffix)
    return ("text", number), ("sup", suffix)


def _roman(match: re.Match[str]) -> tuple[Piece, ...] | None:
    numeral, suffix, century = match.group(1), match.group(2), match.group(3) is not None
    if not _ROMAN.fullmatch(numeral) or numeral in ("L", "C", "D", "M"):  # « Le », « Ce »: words
        return None
    return ("caps" if century else "text", numeral), ("sup", suffix)


def _roman_premier(match: re.Match[str]) -> tuple[Piece, ...]:
    return ("text", match.group(1)), ("sup", match.group(2))


def _split_first(match: re.Match[str]) -> tuple[Piece, ...]:
    """``Mme`` → M + superscript ``me``; ``n°`` → n + superscript ``o``; ``nos`` → n + superscript ``os``."""
    head, tail = match.group(1), "".join(g or "" for g in match.groups()[1:])
    return ("text", head), ("sup", tail.replace("°", "o"))


def _formula(match: re.Match[str]) -> tuple[Piece, ...]:
    return tuple(("sub" if part.isdigit() else "text", part) for part in re.findall(r"\d+|\D+", match.group()))


def _acronym(match: re.Match[str]) -> tuple[Piece, ...] | None:
    word = match.group()
    if word in NOT_ACRONYMS or re.fullmatch("[IVX]+", word) or sum(c.isalpha() for c in word) < 2:  # « Louis XIV », « chapitre IV »: numerals
        return None
    return (("caps", word),)


def _capitalised(match: re.Match[str]) -> tuple[Piece, ...] | None:
    word = match.group()
    if word.isupper() or sum(c.isalpha() for c in word) < HYPHENATE_MIN_WORD:
        return None
    return (("nohyph", word),)


def _text(value: str) -> Callable[[re.Match[str]], tuple[Piece, ...]]:
    return lambda match: (("text", value),)


_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)

RULES: tuple[_Rule, ...] = (
    # 1er, 1re, 1ers, 1res (and 1ère typed), 2e, 2es (and 2ème), 2nd, 2nde, 2nds, 2ndes
    _Rule("ordinal-premier", re.compile(_NOT_BEFORE + r"(1)(ers?|res?|ères?|eres?)" + _END), _ordinal),
    _Rule("ordinal", re.compile(_NOT_BEFORE + r"(\d+)(es?|èmes?|emes?)" + _END), _ordinal),
    _Rule("ordinal-second", re.compile(_NOT_BEFORE + r"(2)(nde?s?)" + _END), _ordinal),
    # roman ordinals: Ier, Ire; XXIe, IIIes; in small capitals before « siècle »
    _Rule("roman-premier", re.compile(r"(?<!\w)(I)(ers?|res?)" + _END), _roman_premier),
    _Rule("roman", re.compile(r"(?<!\w)([IVXLCDM]+)(es?)" + _END + "(" + _CENTURY_AFTER + ")?"), _roman),
    # Mme, Mmes, Mlle, Mlles; Me and Dr before a capitalised name
    _Rule("madame", re.compile(r"(?<![\w.])(M)(mes?|lles?)" + _END), _split_first),
    _Rule("maitre-docteur", re.compile(r"(?<![\w.])(M(?=e)|D(?=r))(e|rs?)(?=" + _SPACE + f"+[{_UPPER}])"),
          _split_first),  # not « De Boeck »
    # n° (always), no / nos before a number: numéro
    _Rule("numero", re.compile(r"(?<!\w)([nN])(°|o(?=s?" + _SPACE + r"*\d))(s?)" + _END), _split_first),
    # m2, m3, km2, cm2…: the digit is an exponent
    _Rule("unit-exponent", re.compile(r"(?<!\w)((?:k|c|d|m|h)?m)([23])" + _END), _split_first),
    # CO2, CH4…: the digits are subscripts (CO2e, CO2eq too)
    _Rule("formula", re.compile(r"(?<!\w)(?:" + "|".join(FORMULAS) + r")(?=(?:eq|e)?" + _END + ")"), _formula),
    # a number and its unit: a narrow no-break space, when a space is typed
    _Rule("unit-space", re.compile(r"(?<=\d)[ \u00a0](?=(?:" + _UNIT_ALT + r")" + _END + ")"), _text(NNBSP)),
    # « mot - mot » → « mot – mot », a no-break space before the dash
    _Rule("dash", re.compile(r"(?<=[^\s«])" + _SPACE + r"+[-–]" + _SPACE + r"+(?=\S)"),
          _text(NBSP + EN_DASH + " ")),
    # … and the closing dash of an incise before a punctuation mark: « le vote -, mais »
    _Rule("dash-closing", re.compile(r"(?<=[^\s«])" + _SPACE + r"+[-–](?=[,;:.!?)»])"), _text(NBSP + EN_DASH)),
    # acronyms: two capitals or more, a word of their own
    # (a whole word: « COVID-19 », « COP21 »; not « ONU-Habitat », « AE-DyR »)
    _Rule("acronym", re.compile(f"(?<![\\w-])[{_UPPER}]{{2,}}\\d*(?:-[{_UPPER}\\d]+)*(?![\\w-])"), _acronym),
    # a word that starts with a capital (a name) and is long enough to be hyphenated
    # (« Aujourd’hui » and « L’Observatoire » whole)
    _Rule("capitalised", re.compile(f"(?<!\\w)[{_UPPER}][^\\W\\d_]*(?:[’'][^\\W\\d_]+)*" + _END), _capitalised),
)


# --------------------------------------------------------------------------
# The joined text of an inline sequence
# --------------------------------------------------------------------------


@dataclass
class _Joined:
    """The text of a sequence's leaves in reading order; each character knows its leaf (-1: none) and if locked."""

    chars: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    locked: list[bool] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # where each Text leaf starts in the joined text

    def add(self, text: str, owner: int, locked: bool) -> None:
        self.chars.extend(text)
        self.owners.extend([owner] * len(text))
        self.locked.extend([locked] * len(text))

    def leaf(self, text: str, editable: bool) -> None:
        self.starts.append(len(self.chars))
        self.add(text, len(self.starts) - 1, not editable)

    def leaves(self, start: int, end: int) -> list[int] | None:
        """The leaves that hold ``[start, end)``, in order, if it may be edited there."""
        owners = self.owners[start:end]
        if not owners or any(self.locked[start:end]) or min(owners) < 0:
            return None
        return list(dict.fromkeys(owners))


def _collect(inlines: tuple[Inline, ...], joined: _Joined, editable: bool) -> None:
    for node in inlines:
        if isinstance(node, Text):
            joined.leaf(node.text, editable)
        elif isinstance(node, Foreign):
            _collect(node.children, joined, editable and node.french)
        elif isinstance(node, _MADE):
            _collect(node.children, joined, False)
        elif isinstance(node, INLINE_CONTAINERS):
            _collect(node.children, joined, editable)
        elif isinstance(node, Code):
            joined.add(_CODE_MARK, -1, True)
        elif isinstance(node, LineBreak):
            joined.add("\n", -1, True)
        elif isinstance(node, (Note, NoteRef)):
            continue  # transparent: the call sits against its word
        else:
            raise TypeError(f"unknown inline node {type(node).__name__} at {node.pos}")


Edits = dict[int, list[tuple[int, int, tuple[Piece, ...]]]]  # leaf → (start, end in the leaf, pieces)


def _edits(rule: _Rule, inlines: tuple[Inline, ...]) -> Edits:
    joined = _Joined()
    _collect(inlines, joined, True)
    text = "".join(joined.chars)
    edits: Edits = {}
    if not text or rule.pattern.search(text) is None:
        return edits
    for start, end in url_spans(text):
        joined.locked[start:end] = [True] * (end - start)
    for match in rule.pattern.finditer(text):
        start, end = match.span()
        leaves = joined.leaves(start, end)
        pieces = rule.build(match) if leaves else None
        if pieces is None or (len(leaves) > 1 and any(kind != "text" for kind, _ in pieces)):
            continue  # a new node must come from one leaf (not across ``*IN*RAE``); text may span leaves
        for leaf in leaves:  # the first leaf takes the new text, the others lose their part of the match
            offset = joined.starts[leaf]
            here = [i for i in range(start, end) if joined.owners[i] == leaf]
            edits.setdefault(leaf, []).append((here[0] - offset, here[-1] + 1 - offset,
                                               pieces if leaf == leaves[0] else ()))
    return edits


def _split(node: Text, edits: list[tuple[int, int, tuple[Piece, ...]]]) -> list[Inline]:
    """``node`` cut where ``edits`` say, the new pieces in place; adjacent text merged into one Text."""
    out: list[Inline] = []
    pending: list[str] = []
    done = 0

    def flush() -> None:
        if "".join(pending):
            out.append(Text("".join(pending), node.pos))
        pending.clear()

    for start, end, pieces in edits:
        pending.append(node.text[done:start])
        for kind, value in pieces:
            if kind == "text":
                pending.append(value)
            else:
                flush()
                out.append(_WRAP[kind]((Text(value, node.pos),), node.pos))
        done = end
    pending.append(node.text[done:])
    flush()
    return [node] if len(out) == 1 and out[0] == node else out


def _rebuild(inlines: tuple[Inline, ...], edits: Edits, counter: Iterator[int]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            leaf = next(counter)
            out.extend(_split(node, edits[leaf]) if leaf in edits else (node,))
            continue
        if isinstance(node, INLINE_CONTAINERS):
            children = _rebuild(node.children, edits, counter)
            node = node if children == node.children else replace(node, children=children)
        out.append(node)
    return tuple(out)


def details_inlines(inlines: tuple[Inline, ...], hyphenated: bool = True) -> tuple[Inline, ...]:
    """The French details in ``inlines`` (not inside notes: :func:`map_article` does those).

    ``hyphenated=False`` for a text the layouts never hyphenate (titles, standfirsts, descriptions, cover
    lines): there a ``NoHyphens`` around a name would only split the line into more runs of text."""
    for rule in RULES:
        if not hyphenated and rule.name == "capitalised":
            continue
        edits = _edits(rule, inlines)
        if edits:
            inlines = _rebuild(inlines, edits, count())
    return inlines


# --------------------------------------------------------------------------
# Articles and the issue
# --------------------------------------------------------------------------


def _unhyphenated(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return details_inlines(inlines, hyphenated=False)


def french_details(article: Article) -> Article:
    """The details in every inline sequence of the article, notes included."""
    fixed = map_article(replace(article, title=(), standfirst=(), short_title=(), people=()), details_inlines)
    return replace(fixed, title=_unhyphenated(article.title), standfirst=_unhyphenated(article.standfirst),
                   short_title=_unhyphenated(article.short_title),
                   people=tuple(replace(p, description=_unhyphenated(p.description)) for p in article.people))


def french_details_issue(issue: Issue) -> Issue:
    """The details in the issue title, every article and the cover lines (plain strings have no superscripts)."""
    cover = replace(issue.cover, lines=tuple(replace(line, text=_unhyphenated(line.text))
                                             for line in issue.cover.lines))
    return replace(issue, title=_unhyphenated(issue.title),
                   articles=tuple(french_details(a) for a in issue.articles), cover=cover)


__all__ = ["url_spans", "EN_DASH", "HYPHENATE_MIN_WORD", "RULES", "details_inlines", "french_details", "french_details_issue"]
