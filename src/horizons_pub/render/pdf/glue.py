"""No-break spaces kept with the inline element after them, in the print edition's HTML.

French text puts a no-break space between a guillemet, a title or a number and what follows
(« «\u202fTerritoires », « Mme\u00a0Dupont », « p.\u00a012 »), and that word is often an inline
element of its own (a name kept from hyphenation, a foreign word, a link).  WeasyPrint 70 measures
such a line badly: when the text before the element, its trailing no-break space included, is a
hair wider than the line while Pango still fits it on one line, ``split_first_line``
(weasyprint/text/line_break.py, step 3) concludes that the text cannot be split earlier and keeps
its first word alone on the line, again on each following line (« du » / « comité » printed one
a line).  With the no-break space moved to the start of the element, the text before it ends with
a visible character, and the line breaks where it should; nothing printed changes (the space is the
same, the element takes no other style that shows on a space).
"""

from __future__ import annotations

from lxml import etree

NO_BREAK = ("\u00a0", "\u202f")
#: inline elements whose first character may be a space without changing what is printed (a note's call
#: is not one: its text is the note itself)
_INLINE = {"a", "abbr", "b", "cite", "code", "em", "i", "q", "s", "small", "span", "strong", "sub", "sup"}


def glue_no_break_spaces(root: etree._Element) -> None:
    """Move a no-break space that ends the text before an inline element to the start of the element."""
    for el in root.iter(*_INLINE):
        if "footnote" in (el.get("class") or "").split():
            continue
        previous = el.getprevious()
        before = previous.tail if previous is not None else el.getparent().text
        if not before or not before.endswith(NO_BREAK):
            continue
        space, before = before[-1], before[:-1]
        if previous is not None:
            previous.tail = before
        else:
            el.getparent().text = before
        el.text = space + (el.text or "")


__all__ = ["glue_no_break_spaces"]
