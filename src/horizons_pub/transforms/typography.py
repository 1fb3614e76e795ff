"""French typography on the model: no-break spaces, guillemets, apostrophes, ellipses.

The transform works on inline sequences, never on markup.  The text leaves of a
sequence (``Text`` nodes, including those inside emphasis, small caps and
links) are joined into one string in which every character remembers the leaf
it comes from; each rule is a compiled regular expression applied to that
string, and the edited characters are then handed back to their leaves.  The string is joined once
per sequence for all the rules (a rule that edits it gives the next one its new string, made from
slices), and a rule is only tried on a string holding one of the characters it needs.  So the
rules see across node boundaries (``« *mot* »``, ``*subi*!``) while every node
keeps its kind and position.

In the joined string a ``Code`` node stands as one opaque, locked character, a
``LineBreak`` as a locked newline, and notes (``Note``, ``NoteRef``) as nothing
at all: ``subi[^1] !`` is ``subi !`` for the rules.  URL-like tokens (a scheme,
``www.``, an e-mail address, a bare domain) are locked too.  A locked
character is never edited; an insertion next to one goes to the unlocked side.

Every rule is idempotent and so is the whole: fixing twice is fixing once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from dataclasses import dataclass, field, replace

from ..model.nodes import (
    INLINE_CONTAINERS,
    Article,
    Code,
    Foreign,
    Inline,
    Issue,
    LineBreak,
    Note,
    NoteRef,
    Rubric,
    Text,
)
from ..model.walk import map_article

NNBSP = "\u202f"  # espace fine insécable: before ; ! ?, inside guillemets, between digit groups
NBSP = "\u00a0"  # espace mot insécable: before a colon, after n°

_CODE_MARK = "\ufffc"  # a Code node: opaque text, a non-space character for its neighbours
_BREAK_MARK = "\n"  # a LineBreak: whitespace for its neighbours
_OPAQUE = -1  # the owner of a mark: no Text leaf

# Characters after which a missing space is inserted before ; ! ? and ":"
# (a word character or a closing character, or a Code node).
_AFTER_WORD = r"[\w)\]}»”’…%" + _CODE_MARK + "]"
# Any run of spaces that a rule normalises to one (no-break) space.
_SPACES = "[ \u00a0\u2009\u202f]+"


@dataclass(frozen=True, slots=True)
class _Rule:
    """Replace every match of ``pattern`` by ``replacement``.

    ``attach`` says which neighbour owns the text an empty match inserts:
    "right" (the next character: the space before "!" belongs to the "!") or
    "left" (the previous one: the space after "«" belongs to the "«").
    ``french``: a rule of French typography, not applied inside words in another language
    (``[…]{lang=en}``); the apostrophe and the ellipsis are everyone's.
    ``needs``: strings one of which every match of ``pattern`` holds or touches (its lookarounds
    included); a text holding none of them is not searched.  Empty: always searched.
    """

    pattern: re.Pattern[str]
    replacement: str
    attach: str = "right"
    french: bool = True
    needs: tuple[str, ...] = ()

    def may_match(self, text: str) -> bool:
        return not self.needs or any(n in text for n in self.needs)


#: Abbreviations followed by a number (rule 6e), each as a fixed-width pattern for a lookbehind.
_NUMBER_ABBREVIATIONS = (r"p\.", r"pp\.", r"art\.", r"chap\.", r"fig\.", r"vol\.", r"t\.")

_RULES: tuple[_Rule, ...] = (
    # Rule 4: typewriter apostrophe → typographic apostrophe.
    _Rule(re.compile("'"), "\u2019", french=False, needs=("'",)),
    # Rule 5: three dots → an ellipsis.
    _Rule(re.compile(r"\.\.\."), "\u2026", french=False, needs=("...",)),
    # Rule 3a: a straight double quote opens at the start, after a space or an opening bracket/dash…
    _Rule(re.compile(r'(?<![^\s(\[{\u2013\u2014])"'), "«", needs=('"',)),
    # … and closes everywhere else.
    _Rule(re.compile('"'), "»", needs=('"',)),
    # Rule 3b: after «, any spaces become one narrow no-break space…
    _Rule(re.compile("(?<=«)" + _SPACES), NNBSP, needs=("«",)),
    # … or one is inserted before the quoted text.
    _Rule(re.compile(r"(?<=«)(?=\S)"), NNBSP, attach="left", needs=("«",)),
    # Rule 3c: before », any spaces become one narrow no-break space…
    _Rule(re.compile(_SPACES + "(?=»)"), NNBSP, needs=("»",)),
    # … or one is inserted after the quoted text.
    _Rule(re.compile(r"(?<=\S)(?=»)"), NNBSP, needs=("»",)),
    # Rule 1: spaces before ; ! ? become one narrow no-break space…
    _Rule(re.compile(_SPACES + "(?=[;!?])"), NNBSP, needs=(";", "!", "?")),
    # … or one is inserted after a word or a closing character (not between two marks: "?!").
    _Rule(re.compile(f"(?<={_AFTER_WORD})(?=[;!?])"), NNBSP, needs=(";", "!", "?")),
    # Rule 2: spaces before a punctuation colon (followed by whitespace or the end) become a no-break space…
    _Rule(re.compile(_SPACES + r"(?=:(?:\s|\Z))"), NBSP, needs=(":",)),
    # … or one is inserted; "10:30", "a:b" and "https://" are not punctuation colons.
    _Rule(re.compile(f"(?<={_AFTER_WORD})(?=:(?:\\s|\\Z))"), NBSP, needs=(":",)),
    # Rule 6a: a space between a group of 1-3 digits and a group of exactly 3 → narrow no-break space.
    _Rule(re.compile(r"(?<=\d)(?<!\d{4})[ \u00a0\u2009](?=\d{3}(?!\d))"), NNBSP),
    # Rule 6b: after "n°" / "N°", any spaces become a no-break space…
    _Rule(re.compile(r"(?<=\b[nN]°)" + _SPACES + r"(?=\S)"), NBSP, needs=("°",)),
    # … or one is inserted before the number.
    _Rule(re.compile(r"(?<=\b[nN]°)(?=\w)"), NBSP, attach="left", needs=("°",)),
    # Rule 6c: a number and its unit sign stay together: "20 %" and "25 €" take a narrow no-break space
    # (an existing space is replaced; none is inserted: "20%" may be deliberate in a table).
    _Rule(re.compile(r"(?<=\d)[ \u00a0\u2009](?=[%‰€$£](?!\w))"), NNBSP, needs=tuple("%‰€$£")),
    # Rule 6d: a number and the word of its order of magnitude stay on one line: "38 millions" (a
    # no-break space; an existing space is replaced, none inserted).
    _Rule(re.compile(r"(?<=\d)[ \u2009\u202f](?=(?:millions?|milliards?|milliers?|mille|billions?)\b)"), NBSP,
          needs=("ill",)),
    # Rule 6e: an abbreviation and the number it announces stay together: "p. 12", "pp. 4-7", "art. 3",
    # "chap. 2", "fig. 5", "vol. 2", "t. 1", "§ 4" (a no-break space after the abbreviation's space).
    _Rule(re.compile("(?:" + "|".join(f"(?<=\\b{a})" for a in _NUMBER_ABBREVIATIONS) + "|(?<=§))"
                     + _SPACES + r"(?=\d)"), NBSP, needs=(".", "§")),
)

# Rule 7: URL-like tokens are left alone: scheme://…, www.…, e-mail addresses, bare domains.
_DOMAINS = "fr|com|org|net|eu|info|io|gouv|be|ch|ca|lu"
_URL = re.compile(
    r"""
    (?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+
  | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
  | \b[\w-]+(?:\.[\w-]+)*\.(?:""" + _DOMAINS + r""")\b(?:/\S*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
# What every match of _URL holds, each of its branches one of these (the same letters and flags, so the
# same cases of them): "://" or "www.", "@", a dot and a domain.  A text without any (most paragraphs:
# their dots end sentences) is not searched with _URL, whose e-mail branch tries every start in a word.
_URL_NEEDS = re.compile(r"\.(?:" + _DOMAINS + r")|://|@|www\.", re.IGNORECASE)
# Punctuation that ends a sentence rather than the URL before it.
_URL_TRAILING = ".,;:!?)]}»”’'\"" + _CODE_MARK


def url_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the URL-like tokens of ``text`` are (rule 7), as ``(start, end)``: no rule edits them."""
    if _URL_NEEDS.search(text) is None:
        return
    for match in _URL.finditer(text):
        yield match.start(), match.start() + len(match.group().rstrip(_URL_TRAILING))


@dataclass
class _Buffer:
    """The joined text of an inline sequence; each character knows its Text leaf and whether it is locked."""

    chars: list[str] = field(default_factory=list)
    owners: list[int] = field(default_factory=list)
    locked: list[bool] = field(default_factory=list)
    foreign: list[bool] = field(default_factory=list)  # in another language: the French rules skip it
    joined: str | None = field(default=None, compare=False, repr=False)  # "".join(chars), once made

    @property
    def text(self) -> str:
        if self.joined is None:
            self.joined = "".join(self.chars)
        return self.joined

    def add(self, text: str, owner: int, locked: bool = False, foreign: bool = False) -> None:
        self.joined = None
        self.chars.extend(text)
        self.owners.extend([owner] * len(text))
        self.locked.extend([locked] * len(text))
        self.foreign.extend([foreign] * len(text))

    def copy_from(self, other: _Buffer, start: int, end: int) -> None:
        self.joined = None
        self.chars.extend(other.chars[start:end])
        self.owners.extend(other.owners[start:end])
        self.locked.extend(other.locked[start:end])
        self.foreign.extend(other.foreign[start:end])

    def lock_urls(self) -> None:
        for start, end in url_spans(self.text):
            for i in range(start, end):
                self.locked[i] = True

    def owner_of_edit(self, start: int, end: int, attach: str, french: bool = True) -> int | None:
        """The leaf that receives the edit of ``[start, end)``, or None if the edit touches locked text
        (or, for a ``french`` rule, text in another language)."""

        def closed(i: int) -> bool:
            return self.locked[i] or (french and self.foreign[i])

        if start < end:
            return None if any(closed(i) for i in range(start, end)) else self.owners[start]
        sides = (start - 1, start) if attach == "left" else (start, start - 1)
        for i in sides:
            if 0 <= i < len(self.chars) and not closed(i):
                return self.owners[i]
        return None

    def texts(self, count: int) -> list[str]:
        """The new text of each of the ``count`` leaves: the slices of :attr:`text` each one owns (a run of
        characters of the same owner at a time)."""
        text = self.text
        if count == 1 and _OPAQUE not in self.owners:
            return [text]
        parts: list[list[str]] = [[] for _ in range(count)]
        done = 0
        for owner, run in groupby(self.owners):
            end = done + len(list(run))
            if owner != _OPAQUE:
                parts[owner].append(text[done:end])
            done = end
        return ["".join(p) for p in parts]


def _apply(rule: _Rule, buf: _Buffer) -> _Buffer:
    text = buf.text
    if not rule.may_match(text):
        return buf
    matches = list(rule.pattern.finditer(text))
    if not matches:
        return buf  # most rules find nothing in most paragraphs: no copy
    out = _Buffer()
    pieces: list[str] = []  # out's text, from slices of buf's: not joined again from its characters
    done = 0
    for match in matches:
        start, end = match.span()
        owner = buf.owner_of_edit(start, end, rule.attach, rule.french)
        if owner is None:
            continue
        out.copy_from(buf, done, start)
        out.add(rule.replacement, owner, foreign=any(buf.foreign[start:end]))
        pieces += (text[done:start], rule.replacement)
        done = end
    out.copy_from(buf, done, len(buf.chars))
    pieces.append(text[done:])
    out.joined = "".join(pieces)
    return out


def _fix_buffer(buf: _Buffer) -> _Buffer:
    buf.lock_urls()
    for rule in _RULES:
        buf = _apply(rule, buf)
    return buf


# --------------------------------------------------------------------------
# Inline sequences and strings
# --------------------------------------------------------------------------

_CONTAINERS = INLINE_CONTAINERS  # emphasis, small caps, links, foreign words, the details' nodes…


def _collect(inlines: tuple[Inline, ...], buf: _Buffer, count: int = 0, foreign: bool = False) -> int:
    """Append the leaves of ``inlines`` to ``buf`` in reading order; return the number of Text leaves seen."""
    for node in inlines:
        if isinstance(node, Text):
            buf.add(node.text, count, foreign=foreign)
            count += 1
        elif isinstance(node, Foreign):
            count = _collect(node.children, buf, count, foreign or not node.french)
        elif isinstance(node, _CONTAINERS):
            count = _collect(node.children, buf, count, foreign)
        elif isinstance(node, Code):
            buf.add(_CODE_MARK, _OPAQUE, locked=True)
        elif isinstance(node, LineBreak):
            buf.add(_BREAK_MARK, _OPAQUE, locked=True)
        elif isinstance(node, (Note, NoteRef)):
            continue  # transparent: the call sits against its word
        else:
            raise TypeError(f"unknown inline node {type(node).__name__}")
    return count


def _rebuild(inlines: tuple[Inline, ...], texts: Iterator[str]) -> tuple[Inline, ...]:
    """The same nodes, the Text leaves taking in reading order the strings of ``texts``."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            new = next(texts)
            node = node if new == node.text else replace(node, text=new)
        elif isinstance(node, _CONTAINERS):
            node = replace(node, children=_rebuild(node.children, texts))
        out.append(node)
    return tuple(out)


def fix_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """French typography in the Text leaves of ``inlines`` (not inside notes: :func:`map_article` does those)."""
    buf = _Buffer()
    count = _collect(inlines, buf)
    if count == 0:
        return inlines
    return _rebuild(inlines, iter(_fix_buffer(buf).texts(count)))


def fix_string(s: str) -> str:
    """French typography in a plain string (an alternative text, a name, a tagline)."""
    buf = _Buffer()
    buf.add(s, 0)
    return _fix_buffer(buf).texts(1)[0]


# --------------------------------------------------------------------------
# Articles and the issue
# --------------------------------------------------------------------------


def french_typography(article: Article) -> Article:
    """French typography in every inline sequence of the article (notes included) and in figure alt texts."""
    return map_article(article, fix_inlines, figure=lambda fig: replace(fig, alt=fix_string(fig.alt)))


def _fix_rubric(rubric: Rubric) -> Rubric:
    return replace(rubric, title=fix_string(rubric.title), children=tuple(_fix_rubric(r) for r in rubric.children))


def _fix_names(article: Article) -> Article:
    return replace(article, people=tuple(replace(p, name=fix_string(p.name)) for p in article.people))


def french_typography_article(article: Article) -> Article:
    """What the typography does to one article: its text (:func:`french_typography`) and its people's names."""
    return _fix_names(french_typography(article))


def french_typography_issue(issue: Issue) -> Issue:
    """French typography in the whole issue.

    The issue title, every article (:func:`french_typography`) and the names
    of its people, the rubric titles (at every depth), the cover's taglines
    and its lines (text and person).
    """
    cover = replace(
        issue.cover,
        taglines=tuple(fix_string(t) for t in issue.cover.taglines),
        lines=tuple(replace(line, text=fix_inlines(line.text), person=fix_string(line.person))
                    for line in issue.cover.lines),
    )
    return replace(
        issue,
        title=fix_inlines(issue.title),
        rubrics=tuple(_fix_rubric(r) for r in issue.rubrics),
        articles=tuple(french_typography_article(a) for a in issue.articles),
        cover=cover,
    )


__all__ = ["NBSP", "NNBSP", "fix_inlines", "fix_string", "french_typography", "french_typography_article",
           "french_typography_issue", "url_spans"]
