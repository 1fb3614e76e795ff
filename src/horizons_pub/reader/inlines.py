"""Markdown inlines → model inlines: emphasis, links, small caps, foreign words, code, line breaks, note calls.

A token this reader does not know is a diagnostic at its line, never dropped in silence.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from ..model.nodes import (
    Code,
    Emph,
    Foreign,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    Pos,
    SmallCaps,
    Strong,
    Text,
)
from ..support.diagnostics import Reporter
from .textchecks import entity_for, first_bad, kind, nfc, report, without_bad

LINK_SCHEMES = ("http://", "https://", "mailto:")
HTML_HINT = "remove it: write Markdown only (*italics*, **bold**, [link](https://…))"


class InlineReader:
    def __init__(self, reporter: Reporter):
        self.reporter = reporter

    def read(self, children: list[Token], pos: Pos, raw: str | None = None) -> tuple[Inline, ...]:
        """The model of inline tokens; ``raw``, the source text they come from, finds line ends inside code spans."""
        stack: list[tuple[str, list[Inline], Token | None, Pos]] = [("root", [], None, pos)]
        line = pos.line
        cursor = 0  # in ``raw``: where to look for the next code span
        rep = self.reporter
        for tok in children:
            here = Pos(pos.file, line)
            out = stack[-1][1]
            t = tok.type
            if t == "text":
                content = self.checked(tok.content, raw, here)
                if content:
                    out.append(Text(content, here))
            elif t == "softbreak":
                out.append(Text(" ", here))
                line += 1
            elif t == "hardbreak":
                out.append(LineBreak(here))
                line += 1
            elif t == "code_inline":
                out.append(Code(tok.content, here))
                if raw is not None:  # markdown-it turns a line end inside a code span into a space
                    span, cursor = find_code_span(raw, tok, cursor)
                    line += span.count("\n")
            elif t in ("em_open", "strong_open", "link_open", "span_open"):
                stack.append((t[:-5], [], tok, here))
            elif t in ("em_close", "strong_close", "link_close", "span_close"):
                kind, kids, open_tok, open_pos = stack.pop()
                node = self._close(kind, tuple(kids), open_tok, open_pos)
                if node is not None:
                    stack[-1][1].append(node)
                elif kids:
                    stack[-1][1].extend(kids)
            elif t == "footnote_ref":
                out.append(NoteRef(nfc(tok.meta["label"]), here))  # a label is an identifier
            elif t == "html_inline":
                rep.error("markup.raw-html", f"raw HTML is not allowed: {short(tok.content)}; {HTML_HINT}", here)
                line += tok.content.count("\n")
            elif t == "image":
                rep.error("image.inline", "an image must stand alone in its paragraph (it becomes a figure): put "
                          "blank lines before and after it", here)
            elif t == "s_open":  # ~~struck text~~: refused; its text is read on (s_close is nothing)
                rep.error("markup.strikethrough", "~~struck text~~ is not part of the format (nothing prints "
                          "struck through): delete the text, or remove the '~~'", here)
            elif t == "s_close":
                pass
            else:
                rep.error("markup.unknown", f"unsupported Markdown construct '{t}'", here)
        while len(stack) > 1:  # pragma: no cover - markdown-it always closes what it opens
            kind, kids, _, _ = stack.pop()
            stack[-1][1].extend(kids)
        return tuple(stack[0][1])

    def checked(self, text: str, raw: str | None, pos: Pos) -> str:
        """``text`` (markdown-it's, its entities decoded) without the characters textchecks refuses, each
        reported: the file's own text was checked whole, so only an entity (``&#12;``) can bring one."""
        bad = first_bad(text)
        if bad is None:
            return text
        entity = entity_for(bad.group(), raw)
        written = f"the entity '{entity}'" if entity else "an HTML entity"
        report(self.reporter, bad.group(), f"{written} stands for {kind(bad.group())}: delete it", pos)
        return without_bad(text)

    def _close(self, kind: str, kids: tuple[Inline, ...], tok: Token | None, pos: Pos) -> Inline | None:
        if kind == "em":
            return Emph(kids, pos)
        if kind == "strong":
            return Strong(kids, pos)
        assert tok is not None
        if kind == "link":
            url = str(tok.attrs.get("href", ""))
            if not url.lower().startswith(LINK_SCHEMES):
                self.reporter.error("link.scheme", f"link to '{short(url)}': only http://, https:// and mailto: "
                                        "links are allowed; write the full web address (https://…) or remove the "
                                        "link", pos)
                return None
            return Link(kids, url, pos)
        return self._span(kids, dict(tok.attrs), pos)

    def _span(self, kids: tuple[Inline, ...], attrs: dict, pos: Pos) -> Inline | None:
        """``[…]{.smallcaps}``, ``[…]{lang=en}`` or both; anything else is reported (the words kept as text)."""
        lang = attrs.pop("lang", None)
        classes = str(attrs.pop("class", "")).split()
        if classes and classes not in SMALLCAPS_CLASSES:
            self.reporter.error("markup.unknown-span", f"unknown span class '{' '.join(classes)}' "
                                "(known: .smallcaps)", pos)
            return None
        if attrs or (lang is None and not classes):
            what = " ".join(f"{k}={v}" for k, v in attrs.items()) or "{}"
            self.reporter.error("markup.unknown-span", f"unknown span attribute '{short(what)}' (known: .smallcaps, "
                                "lang=…)", pos)
            return None
        if classes:
            kids = (SmallCaps(kids, pos),)
        if lang is None:
            return kids[0]
        tag = language_tag(str(lang))
        if tag is None:
            self.reporter.error("markup.lang", f"'{short(str(lang))}' is not a language tag: write a BCP 47 tag "
                                "such as lang=en, lang=de, lang=es, lang=en-GB", pos)
            return None
        return Foreign(kids, tag, pos)


SMALLCAPS_CLASSES = (["smallcaps"], ["petites-capitales"])

# BCP 47 (RFC 5646), the parts a magazine needs: language, then an optional script, region, variants.
_LANGUAGE_TAG = re.compile(r"([a-z]{2,3})(-[a-z]{4})?(-(?:[a-z]{2}|[0-9]{3}))?((?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*)",
                           re.IGNORECASE)


def language_tag(text: str) -> str | None:
    """``text`` as a well-formed BCP 47 tag in its canonical case (``en-gb`` → ``en-GB``), or None."""
    match = _LANGUAGE_TAG.fullmatch(text.strip())
    if match is None:
        return None
    language, script, region, variants = match.groups()
    return (language.lower() + (script.title() if script else "") + (region.upper() if region else "")
            + variants.lower())


def find_code_span(raw: str, tok: Token, start: int) -> tuple[str, int]:
    """The source of the code span ``tok`` in ``raw`` (searched from ``start``), and where it ends."""
    fence = re.escape(tok.markup)
    words = tok.content.split()
    body = r"\s+".join(re.escape(w) for w in words)
    match = re.compile(fence + r"\s*" + body + r"\s*" + fence).search(raw, start)
    return (match.group(), match.end()) if match else ("", start)



def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
