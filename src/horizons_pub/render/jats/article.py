"""One article → its JATS 1.3 XML (the Journal Archiving and Interchange tag set), from the model and the
pages the layout gave (``fpage``/``lpage``): ``front`` (front.py), ``body`` (body.py), ``back`` (its notes).

Why the Archiving ("Green") tag set and not Publishing ("Blue"): Publishing's ``journal-meta`` requires an
``issn`` (one or more), and issue 38's source has none; an ISSN is never made up.  Archiving takes the same
elements as Publishing for everything written here and lets a journal without an ISSN be valid; it is the
tag set made for interchange with archives and platforms (PMC, Portico, CLOCKSS take it).  The XML names
its DTD by NLM's public identifier; it validates against the vendored DTD (``schemas/jats/``)."""

from __future__ import annotations

import datetime as _dt

from lxml import etree

from ...model.nodes import Article, Issue, Kind
from ..pages import PageMap
from .body import XLINK, XML_LANG, JatsWriter, sub
from .figures import figure_href, figure_names
from .front import article_meta, article_type, journal_meta

PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD with MathML3 v1.3 20210610//EN"
SYSTEM_ID = "https://jats.nlm.nih.gov/archiving/1.3/JATS-archivearticle1-3-mathml3.dtd"
DOCTYPE = f'<!DOCTYPE article PUBLIC "{PUBLIC_ID}" "{SYSTEM_ID}">'


def jats_article(issue: Issue, article: Article, pages: PageMap, when: _dt.datetime) -> bytes:
    """The article's JATS XML.  ``when`` (the build's date) is not written: the article's dates are the
    issue's, so that the bytes depend on the source and the layout only."""
    root = jats_tree(issue, article, pages)
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", doctype=DOCTYPE) + b"\n"


def jats_tree(issue: Issue, article: Article, pages: PageMap) -> etree._Element:
    names = figure_names(article)
    writer = JatsWriter(lambda src: figure_href(article, names, src))
    root = etree.Element("article", nsmap={"xlink": XLINK})
    root.set("article-type", article_type(article))
    root.set("dtd-version", "1.3")
    root.set(XML_LANG, issue.language)
    front = sub(root, "front")
    journal_meta(front, issue)
    article_meta(front, issue, article, pages, writer)
    if article.blocks:
        body = sub(root, "body")
        writer.flow(body, article.blocks)
        if article.kind is Kind.EDITORIAL and article.people:
            signatures(body, article, writer)
    if writer.notes:
        group = sub(sub(root, "back"), "fn-group")
        for fn in sorted(writer.notes, key=lambda fn: int(fn.get("id")[2:])):
            group.append(fn)
    return root


#: the elements whose content is elements only (no text of their own): indented, one child a line; the others
#: (``p``, ``title``, ``td``…) hold mixed content, where a space added would change the text
ELEMENT_ONLY = frozenset({
    "article", "front", "journal-meta", "journal-title-group", "publisher", "article-meta", "article-categories",
    "subj-group", "title-group", "contrib-group", "contrib", "name", "pub-date", "permissions", "abstract", "bio",
    "body", "sec", "back", "fn-group", "fn", "list", "list-item", "fig", "graphic", "boxed-text", "caption",
    "disp-quote", "question-wrap", "question", "answer", "table-wrap", "table", "thead", "tbody", "tr",
    "table-wrap-foot", "sig-block"})


def indent(element: etree._Element, level: int = 0) -> None:
    if element.tag not in ELEMENT_ONLY or not len(element) or (element.text or "").strip():
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


def signatures(body: etree._Element, article: Article, writer: JatsWriter) -> None:
    """The editorial's signature at its foot, as printed: « Julien Nessi, rédacteur en chef … »."""
    block = sub(body, "sig-block")
    for person in article.people:
        sig = sub(block, "sig", person.name)
        if person.description:
            sig.text += ", "
            with writer.allowing_breaks():
                writer.inlines(sig, person.description)
