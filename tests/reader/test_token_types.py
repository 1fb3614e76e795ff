"""Every token markdown-it can emit, as the reader configures it, is read into the model or refused at its line.

``CORPUS`` holds, for each rule of the configured parser, a sample that makes the rule
emit its tokens, and what the reader must do with it: read it (its words are in the model)
or refuse it (the diagnostics' codes, at the sample's line).  A rule enabled in
``make_parser`` without a sample here fails :func:`test_every_rule_of_the_parser_has_a_sample`;
a token type this corpus never saw fails :func:`test_the_corpus_emits_the_known_token_types`.
So a construct cannot reach the outputs printed as typed, or be dropped, unnoticed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass

import pytest
from helpers import article, dump_model, load, write_issue
from mdit_py_plugins.deflist import deflist_plugin

from horizons_pub.model.nodes import Text
from horizons_pub.reader.markdown import make_parser


@dataclass(frozen=True)
class Sample:
    markdown: str
    codes: tuple[str, ...] = ()  # the diagnostics the reader gives, in order; () : it reads the sample
    words: tuple[str, ...] = ()  # what the model holds after reading it (nothing dropped in silence)


CORPUS: dict[str, Sample] = {
    # block rules
    "table": Sample("| Ville | Budget |\n|:--|--:|\n| Sceaux | 1 250 |\n", words=("Ville", "Sceaux", "1\u202f250")),
    "code": Sample("Texte.\n\n    indenté\n", ("markup.code-block",)),
    "container_div": Sample("::: encadre\nEncadré.\n:::\n", words=("Encadré.",)),
    "fence": Sample("```\nclôturé\n```\n", ("markup.code-block",)),
    "blockquote": Sample("> Citation.\n", words=("Citation.",)),
    "hr": Sample("Avant.\n\n---\n\nAprès.\n", words=("ThematicBreak", "Après.")),
    "list": Sample("- point\n\n3. numéro\n", words=("point", "numéro", "start=3")),
    "footnote_def": Sample("Appel[^n].\n\n[^n]: Définition.\n", words=("Définition.",)),
    "reference": Sample("[lien][r]\n\n[r]: https://exemple.fr\n", words=("lien", "https://exemple.fr")),
    "html_block": Sample("<div>\nbloc\n</div>\n", ("markup.raw-html",)),
    "heading": Sample("## Intertitre\n", words=("Intertitre",)),
    "lheading": Sample("Souligné\n--------\n", words=("Heading level=2", "Souligné")),
    "paragraph": Sample("Paragraphe.\n", words=("Paragraphe.",)),
    # inline rules
    "text": Sample("Mot.\n", words=("Mot.",)),
    "newline": Sample("une  \nforcée\nsouple\n", words=("LineBreak", "forcée souple")),
    "escape": Sample("\\*pas en italique\\*\n", words=("*pas en italique*",)),
    "backticks": Sample("`code`\n", words=("Code 'code'",)),
    "strikethrough": Sample("un ~~barré~~ mot\n", ("markup.strikethrough",)),
    "emphasis": Sample("*italique* et **gras**\n", words=("Emph", "italique", "Strong", "gras")),
    "link": Sample("[lien](https://exemple.fr)\n", words=("https://exemple.fr", "lien")),
    "span": Sample("[ONU]{.smallcaps}\n", words=("SmallCaps", "ONU")),
    "image": Sample("![Une vue](images/x.png)\n", words=("Figure", "Une vue")),
    "footnote_ref": Sample("Appel[^n].\n\n[^n]: Note.\n", words=("Note", "Note.")),
    "autolink": Sample("<https://exemple.fr>\n", words=("https://exemple.fr",)),
    "html_inline": Sample("un <b>gras</b>\n", ("markup.raw-html", "markup.raw-html")),
    "entity": Sample("&amp; &eacute;\n", words=("& é",)),
    "attr": Sample("`code`{.rouge} et *mot*{.bleu}\n", ("markup.attribute", "markup.attribute")),
}

#: Rules that emit no token of their own (they prepare the source, or rework the tokens of others).
NO_TOKENS = {"normalize", "block", "inline", "text_join", "balance_pairs", "fragments_join"}

#: Every token type the corpus makes markdown-it emit.
KNOWN_TOKEN_TYPES = {
    "table_open", "thead_open", "tr_open", "th_open", "inline", "th_close", "tr_close", "thead_close",
    "tbody_open", "td_open", "td_close", "tbody_close", "table_close",
    "paragraph_open", "paragraph_close", "text", "code_block", "container_div_open", "container_div_close",
    "fence", "blockquote_open", "blockquote_close", "hr", "bullet_list_open", "bullet_list_close",
    "ordered_list_open", "ordered_list_close", "list_item_open", "list_item_close",
    "footnote_reference_open", "footnote_reference_close", "footnote_ref", "link_open", "link_close",
    "html_block", "heading_open", "heading_close", "hardbreak", "softbreak", "code_inline",
    "s_open", "s_close", "em_open", "em_close", "strong_open", "strong_close", "span_open", "span_close",
    "image", "html_inline",
}


def active_rules(md) -> set[str]:
    return {rule for chain in md.get_active_rules().values() for rule in chain}


def unsampled_rules(md) -> set[str]:
    return active_rules(md) - set(CORPUS) - NO_TOKENS


def _types(tokens):
    for tok in tokens:
        yield tok.type
        yield from _types(tok.children or [])


def _text(node) -> str:
    """The model's texts, in order, joined (the typography splits a text into several nodes)."""
    if isinstance(node, Text):
        return node.text
    if isinstance(node, tuple):
        return "".join(_text(n) for n in node)
    if is_dataclass(node):
        return "".join(_text(getattr(node, f.name)) for f in fields(node) if f.name != "pos")
    return ""


def test_every_rule_of_the_parser_has_a_sample():
    assert unsampled_rules(make_parser()) == set()


def test_a_rule_enabled_without_a_sample_is_caught():
    """The check above can fail: a plugin added to the parser (definition lists) is a rule without a sample."""
    md = make_parser()
    md.use(deflist_plugin)
    assert unsampled_rules(md) == {"deflist"}


def test_the_corpus_emits_the_known_token_types():
    md = make_parser()
    seen = {t for sample in CORPUS.values() for t in _types(md.parse(sample.markdown))}
    assert seen == KNOWN_TOKEN_TYPES


@pytest.mark.parametrize("rule", sorted(CORPUS))
def test_each_token_is_read_or_refused_at_its_line(workdir, rule):
    sample = CORPUS[rule]
    folder = write_issue(workdir, {"a": article(sample.markdown)}, images={"images/x.png": (4, 4)})
    issue, rep = load(folder)
    codes = tuple(d.code for d in rep.diagnostics)
    assert codes == sample.codes
    if sample.codes:
        body = 7  # article(): the body starts on line 7
        lines = body + sample.markdown.count("\n")
        assert all(body <= d.pos.line < lines for d in rep.diagnostics), [d.format() for d in rep.diagnostics]
    else:
        dump = dump_model(issue.article("a")) + _text(issue.article("a").blocks)
        for word in sample.words:
            assert word in dump, (word, dump)
