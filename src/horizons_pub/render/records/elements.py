"""The records' elements, in their namespace: ``sub(parent, "person_name", "Nessi", sequence="first")``."""

from __future__ import annotations

from typing import Callable

from lxml import etree


def in_namespace(ns: str) -> tuple[Callable[[str], str], Callable[..., etree._Element]]:
    """(``q``: a tag's qualified name, ``sub``: a child element with its text and attributes) for ``ns``."""

    def q(tag: str) -> str:
        return f"{{{ns}}}{tag}"

    def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, q(tag), attrs)
        if text is not None:
            el.text = text
        return el

    return q, sub
