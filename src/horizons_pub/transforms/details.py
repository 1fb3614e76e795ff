"""French typographic details on the model: superscripts, subscripts, small capitals, dashes, unhyphenated words.

Runs after :mod:`.typography` (whose spaces it keeps: ``n° 4`` has its no-break space by then).
Each rule is a regular expression over the joined text of an inline sequence (every ``Text`` leaf in
reading order, as in the typography), so its context crosses markup (``*Me* Dupont``); a match is
edited only when it lies inside one editable leaf, which is then split into new nodes:

- ``1er`` → ``1`` + :class:`Superscript` ``er``; ``XXIe siècle`` → :class:`Capitals` ``XXI`` +
  :class:`Superscript` ``e``; ``CO2`` → ``CO`` + :class:`Subscript` ``2``;
- ``INRAE`` → :class:`Capitals` (set in small capitals); ``Ostrom`` → :class:`NoHyphens`;
- ``mot - mot`` → ``mot`` + no-break space + en dash + space + ``mot`` (text only).

A leaf is not editable inside the nodes the rules make (so running the transform twice changes
nothing), inside words in another language (:class:`Foreign`, unless its tag is French), and where
the typography locks text: URL-like tokens (:func:`.typography.url_spans`) and code spans.  A
``LineBreak`` reads as a newline, a note (``Note``) as nothing.  The rules are documented, with
examples, in docs/source-format.md section 5.

As in the typography, a sequence is collected and joined once for all the rules (again only after a rule
edited it, and only when a later rule finds a match), and a rule is tried only on a text holding what
every match of it holds (its ``hint`` and ``needs``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import count

from ..model.nodes import (
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
from ..model.walk import map_article
from .typography import NBSP, NNBSP, url_spans

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
    #: what every text where ``pattern`` matches holds (a part of any match, its lookarounds included): a
    #: pattern with no lookbehind before its first character, so its search is quick, and strings one of which
    #: it holds, quicker still.  A text where one is missing is not searched.  None, (): no test.
    hint: re.Pattern[str] | None = None
    needs: tuple[str, ...] = ()

    def may_match(self, text: str) -> bool:
        return ((not self.needs or any(n in text for n in self.needs))
                and (self.hint is None or self.hint.search(text) is not None))


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
    _Rule("ordinal-premier", re.compile(_NOT_BEFORE + r"(1)(ers?|res?|ères?|eres?)" + _END), _ordinal,
          re.compile("1[erè]")),
    _Rule("ordinal", re.compile(_NOT_BEFORE + r"(\d+)(es?|èmes?|emes?)" + _END), _ordinal, re.compile(r"\d[eè]")),
    _Rule("ordinal-second", re.compile(_NOT_BEFORE + r"(2)(nde?s?)" + _END), _ordinal, re.compile("2nd")),
    # roman ordinals: Ier, Ire; XXIe, IIIes; in small capitals before « siècle »
    _Rule("roman-premier", re.compile(r"(?<!\w)(I)(ers?|res?)" + _END), _roman_premier, re.compile("I[er]")),
    _Rule("roman", re.compile(r"(?<!\w)([IVXLCDM]+)(es?)" + _END + "(" + _CENTURY_AFTER + ")?"), _roman,
          re.compile("[IVXLCDM]e")),
    # Mme, Mmes, Mlle, Mlles; Me and Dr before a capitalised name
    _Rule("madame", re.compile(r"(?<![\w.])(M)(mes?|lles?)" + _END), _split_first, re.compile("M[ml]")),
    _Rule("maitre-docteur", re.compile(r"(?<![\w.])(M(?=e)|D(?=r))(e|rs?)(?=" + _SPACE + f"+[{_UPPER}])"),
          _split_first, needs=("Me", "Dr")),  # not « De Boeck »
    # n° (always), no / nos before a number: numéro
    _Rule("numero", re.compile(r"(?<!\w)([nN])(°|o(?=s?" + _SPACE + r"*\d))(s?)" + _END), _split_first,
          re.compile("[nN](?:°|os?" + _SPACE + r"*\d)")),
    # m2, m3, km2, cm2…: the digit is an exponent
    _Rule("unit-exponent", re.compile(r"(?<!\w)((?:k|c|d|m|h)?m)([23])" + _END), _split_first, re.compile("m[23]")),
    # CO2, CH4…: the digits are subscripts (CO2e, CO2eq too)
    _Rule("formula", re.compile(r"(?<!\w)(?:" + "|".join(FORMULAS) + r")(?=(?:eq|e)?" + _END + ")"), _formula,
          needs=FORMULAS),
    # a number and its unit: a narrow no-break space, when a space is typed
    _Rule("unit-space", re.compile(r"(?<=\d)[ \u00a0](?=(?:" + _UNIT_ALT + r")" + _END + ")"), _text(NNBSP),
          re.compile(r"\d[ \u00a0](?:" + _UNIT_ALT + ")")),
    # « mot - mot » → « mot – mot », a no-break space before the dash
    _Rule("dash", re.compile(r"(?<=[^\s«])" + _SPACE + r"+[-–]" + _SPACE + r"+(?=\S)"),
          _text(NBSP + EN_DASH + " "), re.compile(_SPACE + "[-–]" + _SPACE), ("-", "–")),
    # … and the closing dash of an incise before a punctuation mark: « le vote -, mais »
    _Rule("dash-closing", re.compile(r"(?<=[^\s«])" + _SPACE + r"+[-–](?=[,;:.!?)»])"), _text(NBSP + EN_DASH),
          re.compile(_SPACE + "[-–][,;:.!?)»]"), ("-", "–")),
    # acronyms: two capitals or more, a word of their own
    # (a whole word: « COVID-19 », « COP21 »; not « ONU-Habitat », « AE-DyR »)
    _Rule("acronym", re.compile(f"(?<![\\w-])[{_UPPER}]{{2,}}\\d*(?:-[{_UPPER}\\d]+)*(?![\\w-])"), _acronym,
          re.compile(f"[{_UPPER}][{_UPPER}]")),
    # a word that starts with a capital (a name) and is long enough to be hyphenated
    # (« Aujourd’hui » and « L’Observatoire » whole)
    _Rule("capitalised", re.compile(f"(?<!\\w)[{_UPPER}][^\\W\\d_]*(?:[’'][^\\W\\d_]+)*" + _END), _capitalised,
          re.compile(f"[{_UPPER}]")),
)


# --------------------------------------------------------------------------
# The joined text of an inline sequence
# --------------------------------------------------------------------------


@dataclass
class _Joined:
    """The text of a sequence's pieces in reading order: each ``Text`` leaf, and a mark for a ``Code`` or a
    ``LineBreak``.  Piece ``i`` is ``text[starts[i]:ends[i]]``, of leaf ``leaf[i]`` (-1: a mark), ``closed``
    when no rule may edit it (a mark, or a leaf that is not editable)."""

    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    leaf: list[int] = field(default_factory=list)
    closed: list[bool] = field(default_factory=list)
    leaves: int = 0  # the number of Text leaves
    size: int = 0

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add(self, text: str, leaf: int, closed: bool) -> None:
        self.parts.append(text)
        self.starts.append(self.size)
        self.size += len(text)
        self.ends.append(self.size)
        self.leaf.append(leaf)
        self.closed.append(closed)

    def add_leaf(self, text: str, editable: bool) -> None:
        self.add(text, self.leaves, not editable)
        self.leaves += 1

    def pieces(self, start: int, end: int, urls: list[tuple[int, int]]) -> list[int] | None:
        """The pieces that hold ``[start, end)``, in order, if it may be edited there (every one an
        editable leaf, no URL-like token in it)."""
        if start >= end or any(u < v and u < end and start < v for u, v in urls):
            return None
        out = []
        i = bisect_right(self.starts, start) - 1  # the last piece starting at or before ``start``: it holds it
        while i < len(self.starts) and self.starts[i] < end:
            if self.ends[i] > self.starts[i]:  # an empty leaf holds nothing
                if self.closed[i]:
                    return None
                out.append(i)
            i += 1
        return out


def _collect(inlines: tuple[Inline, ...], joined: _Joined, editable: bool) -> None:
    for node in inlines:
        if isinstance(node, Text):
            joined.add_leaf(node.text, editable)
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


def _joined(inlines: tuple[Inline, ...]) -> _Joined:
    joined = _Joined()
    _collect(inlines, joined, True)
    return joined


Edits = dict[int, list[tuple[int, int, tuple[Piece, ...]]]]  # leaf → (start, end in the leaf, pieces)


def _edits(rule: _Rule, matches: list[re.Match[str]], joined: _Joined, urls: list[tuple[int, int]],
           text: str) -> tuple[Edits, str]:
    """The edits of ``rule``'s ``matches`` in the sequence ``joined`` holds, and its text after them."""
    edits: Edits = {}
    out: list[str] = []  # the new text: the text a match covers gives way to its pieces'
    done = 0
    for match in matches:
        start, end = match.span()
        pieces_at = joined.pieces(start, end, urls)
        pieces = rule.build(match) if pieces_at else None
        if pieces is None or (len(pieces_at) > 1 and any(kind != "text" for kind, _ in pieces)):
            continue  # a new node must come from one leaf (not across ``*IN*RAE``); text may span leaves
        for i in pieces_at:  # the first leaf takes the new text, the others lose their part of the match
            offset = joined.starts[i]
            edits.setdefault(joined.leaf[i], []).append((max(start, offset) - offset,
                                                         min(end, joined.ends[i]) - offset,
                                                         pieces if i == pieces_at[0] else ()))
        out += (text[done:start], *(value for _, value in pieces))
        done = end
    out.append(text[done:])
    return edits, "".join(out)


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
    joined: _Joined | None = _joined(inlines)  # None: to collect again (a rule edited the sequence)
    text = joined.text
    urls: list[tuple[int, int]] | None = None  # the URL-like tokens of ``text``, once needed
    for rule in RULES:
        if not text or (not hyphenated and rule.name == "capitalised") or not rule.may_match(text):
            continue
        matches = list(rule.pattern.finditer(text))
        if not matches:
            continue
        if joined is None:
            joined = _joined(inlines)
        if urls is None:
            urls = list(url_spans(text))
        edits, new_text = _edits(rule, matches, joined, urls, text)
        if edits:
            inlines = _rebuild(inlines, edits, count())
            joined = None
            if new_text != text:
                text, urls = new_text, None
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


__all__ = ["EN_DASH", "HYPHENATE_MIN_WORD", "RULES", "details_inlines", "french_details", "french_details_issue"]
