"""The French typographic details on the model (horizons_pub.transforms.details, issue 14).

Each rule of docs/source-format.md section 5 (« Typographic details ») has positive and negative
rows here; every row is checked for idempotence, and the EPUB's text of every rule is checked by
tests/render/epub/test_details_epub.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from horizons_pub.model.nodes import (
    Capitals,
    Code,
    Emph,
    Foreign,
    LineBreak,
    Link,
    NoHyphens,
    Note,
    NoteRef,
    Paragraph,
    Pos,
    SmallCaps,
    Subscript,
    Superscript,
    Text,
    plain_text,
)
from horizons_pub.transforms.details import HYPHENATE_MIN_WORD, RULES, details_inlines
from horizons_pub.transforms.pipeline import TRANSFORMS
from horizons_pub.transforms.typography import NBSP, NNBSP, fix_inlines

P = Pos("a.md", 3)
ROOT = Path(__file__).resolve().parents[2]


def T(text: str) -> Text:
    return Text(text, P)


def sup(text: str) -> Superscript:
    return Superscript((T(text),), P)


def sub(text: str) -> Subscript:
    return Subscript((T(text),), P)


def caps(text: str) -> Capitals:
    return Capitals((T(text),), P)


def nohyph(text: str) -> NoHyphens:
    return NoHyphens((T(text),), P)


#: (rule, id, given, expected): the given text as the typography leaves it.
ROWS = [
    ("ordinal", "1er", "le 1er mai", (T("le 1"), sup("er"), T(" mai"))),
    ("ordinal", "1re-1ers-1res", "1re, 1ers, 1res", (T("1"), sup("re"), T(", 1"), sup("ers"), T(", 1"), sup("res"))),
    ("ordinal", "2e-2es-10e", "2e, 2es, 10e", (T("2"), sup("e"), T(", 2"), sup("es"), T(", 10"), sup("e"))),
    ("ordinal", "1ere-2eme-corrected", "1ère, 2ème", (T("1"), sup("re"), T(", 2"), sup("e"))),
    ("ordinal", "2nd-2nde", "2nd, 2nde", (T("2"), sup("nd"), T(", 2"), sup("nde"))),
    ("ordinal", "not-in-words", "1era, A1er, 1,5e, 2e5", "1era, A1er, 1,5e, 2e5"),
    ("roman", "century", "au XXIe siècle", (T("au "), caps("XXI"), sup("e"), T(" siècle"))),
    ("roman", "centuries", "du XIXe au XXe siècle",
     (T("du "), caps("XIX"), sup("e"), T(" au "), caps("XX"), sup("e"), T(" siècle"))),
    ("roman", "not-a-century", "la Ve République, François Ier",
     (T("la V"), sup("e"), T(" "), nohyph("République"), T(", "), nohyph("François"), T(" I"), sup("er"))),
    ("roman", "words-not-numerals", "Le chat, Ces mots, Des gens, Mes amis, Vers midi",
     "Le chat, Ces mots, Des gens, Mes amis, Vers midi"),
    ("abbreviation", "madame", "Mme, Mmes, Mlle, Mlles", (T("M"), sup("me"), T(", M"), sup("mes"), T(", M"),
                                                         sup("lle"), T(", M"), sup("lles"))),
    ("abbreviation", "maitre-docteur", "Me Roux, Dr Roux", (T("M"), sup("e"), T(" Roux, D"), sup("r"), T(" Roux"))),
    ("abbreviation", "not-before-a-name", "Me voilà, le Dr, Dr. no, chez De Boeck", "Me voilà, le Dr, Dr. no, chez De Boeck"),
    ("numero", "degree", f"le n°{NBSP}4", (T("le n"), sup("o"), T(f"{NBSP}4"))),
    ("numero", "letter-o", "no 38, nos 4 et 5", (T("n"), sup("o"), T(" 38, n"), sup("os"), T(" 4 et 5"))),
    ("numero", "not-a-word", "nos enfants, no comment", "nos enfants, no comment"),
    ("unit", "exponent", "le m2, km2, cm3", (T("le m"), sup("2"), T(", km"), sup("2"), T(", cm"), sup("3"))),
    ("unit", "not-a-degree", "un M2, m23, am2", "un M2, m23, am2"),
    ("unit", "space", "300 m2 et 12 km", (T(f"300{NNBSP}m"), sup("2"), T(f" et 12{NNBSP}km"))),
    ("unit", "no-space-not-added", "12km, 3 mois", "12km, 3 mois"),
    ("formula", "co2", "le CO2, CO2e, N2O", (T("le CO"), sub("2"), T(", CO"), sub("2"), T("e, N"), sub("2"), T("O"))),
    ("formula", "not-a-formula", "CO2x, co2", "CO2x, co2"),
    ("dash", "between-words", "le travail - ici - continue", f"le travail{NBSP}– ici{NBSP}– continue"),
    ("dash", "typed-en-dash", "un – deux, 2019 - 2024", f"un{NBSP}– deux, 2019{NBSP}– 2024"),
    ("dash", "closing-before-punctuation", "entre le vote -, mais", f"entre le vote{NBSP}–, mais"),
    ("dash", "hyphens-stay", "mot-clé, 2019-2024, -5, a -b", "mot-clé, 2019-2024, -5, a -b"),
    ("acronym", "capitals", "l’INRAE et la CNIL, COVID-19, COP21",
     (T("l’"), caps("INRAE"), T(" et la "), caps("CNIL"), T(", "), caps("COVID-19"), T(", "), caps("COP21"))),
    ("acronym", "not-acronyms", "Louis XIV, AE-DyR, ONU-Habitat, MM. Roux, 3 GW, A4",
     (T("Louis XIV, AE-DyR, ONU-"), nohyph("Habitat"), T(f", MM. Roux, 3{NNBSP}GW, A4"))),
    ("capitalised", "names", "Amina, Ostrom, Aujourd’hui, l’Europe",
     (T("Amina, "), nohyph("Ostrom"), T(", "), nohyph("Aujourd’hui"), T(", l’"), nohyph("Europe"))),
    ("capitalised", "lowercase-words", "ostrom, grenoble", "ostrom, grenoble"),
]


def _seq(value) -> tuple:
    return (T(value),) if isinstance(value, str) else value


@pytest.mark.parametrize("given, expected", [(r[2], r[3]) for r in ROWS], ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_rule(given, expected):
    assert details_inlines(_seq(given)) == _seq(expected)


@pytest.mark.parametrize("given", [r[2] for r in ROWS], ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_idempotent(given):
    once = details_inlines(_seq(given))
    assert details_inlines(once) == once
    assert fix_inlines(once) == once  # and the typography, run again, leaves the details alone


def test_every_rule_has_rows():
    families = {r[0] for r in ROWS}
    for rule in RULES:
        family = rule.name.split("-")[0].replace("madame", "abbreviation").replace("maitre", "abbreviation")
        assert family in families | {"abbreviation"}, rule.name


def test_across_markup():
    # the context crosses nodes: « *Me* Roux », « [INRAE]{.smallcaps} », a line end inside a dash
    assert details_inlines((Emph((T("Me"),), P), T(" Roux"))) == (Emph((T("M"), sup("e")), P), T(" Roux"))
    assert details_inlines((SmallCaps((T("INRAE"),), P),)) == (SmallCaps((caps("INRAE"),), P),)
    # a soft line break is its own Text leaf: the dash's spaces span three leaves
    assert details_inlines((T("mot -"), T(" "), T("mot"))) == (T(f"mot{NBSP}– "), T("mot"))
    # a new node never comes from two leaves
    split = (Emph((T("IN"),), P), T("RAE"))
    assert details_inlines(split) == split


def test_code_urls_and_line_breaks_are_left_alone():
    code = Code("1er CO2 INRAE", P)
    seq = (T("voir "), code, T(" et https://exemple.fr/1er-mai/CO2 ou www.co2.fr/m2"), LineBreak(P), T("- fin"))
    assert details_inlines(seq) == seq
    link = Link((T("https://x.fr/INRAE"),), "https://x.fr/INRAE", P)
    assert details_inlines((link,)) == (link,)
    named = Link((T("le site de l’INRAE"),), "https://inrae.fr", P)
    assert details_inlines((named,)) == (replace(named, children=(T("le site de l’"), caps("INRAE"))),)


def test_foreign_words_are_left_alone_unless_french():
    english = Foreign((T("Me Too and the CNIL in the 2nd Ostrom"),), "en", P)
    assert details_inlines((english,)) == (english,)
    french = Foreign((T("le 1er"),), "fr-CA", P)
    assert details_inlines((french,)) == (Foreign((T("le 1"), sup("er")), "fr-CA", P),)


def test_notes_are_left_to_map_article_and_transparent():
    note = Note("1", 1, (Paragraph((T("le 1er"),), P),), P)
    out = details_inlines((T("le CO"), note, T("2 x")))
    assert out[1] is note  # the note's own text is set by map_article
    out = details_inlines((T("INRAE"), NoteRef("1", P)))
    assert out == (caps("INRAE"), NoteRef("1", P))


def test_positions_and_plain_text_are_kept():
    seq = (Text("le 1er et la CNIL", Pos("b.md", 7)),)
    out = details_inlines(seq)
    assert {n.pos for n in out} == {Pos("b.md", 7)}
    assert plain_text(out) == "le 1er et la CNIL"


def test_unknown_inline_node_fails_loudly():
    class Strange:
        pos = P

    with pytest.raises(TypeError, match="Strange"):
        details_inlines((T("1er"), Strange()))  # type: ignore[arg-type]


def test_runs_after_the_typography():
    names = [name for name, _ in TRANSFORMS]
    assert names.index("details") == names.index("typography") + 1


def test_the_word_length_follows_the_print_hyphenation_limits():
    css = (ROOT / "layouts" / "print" / "print.css").read_text(encoding="utf-8")
    total, before, after = map(int, re.search(r"hyphenate-limit-chars:\s*(\d+) (\d+) (\d+)", css).groups())
    assert (before, after) == (3, 3)  # issue 14: never fewer than 3 letters on either side
    assert HYPHENATE_MIN_WORD == total  # shorter words are never hyphenated: no NoHyphens needed
    assert details_inlines((T("Amina Chanudet"),)) == (T("Amina "), nohyph("Chanudet"))


hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

_ALPHABET = "12 \u00a0-–eMmnorCOIXVGsiècl°A"
_leaf = st.one_of(
    st.text(_ALPHABET, max_size=10).map(T),
    st.just(LineBreak(P)),
    st.text(_ALPHABET, max_size=3).map(lambda s: Code(s, P)),
)
_inline = st.recursive(_leaf, lambda kids: st.lists(kids, max_size=3).map(lambda k: Emph(tuple(k), P)),
                       max_leaves=8)


@hypothesis.given(st.lists(_inline, max_size=6))
@hypothesis.settings(max_examples=200, deadline=None)
def test_idempotent_on_random_sequences(seq):
    once = details_inlines(tuple(seq))
    assert details_inlines(once) == once


def test_titles_get_the_details_but_no_unhyphenated_names(workdir):
    # the layouts never hyphenate a title, a standfirst or a running head: no NoHyphens there, only in the text
    from helpers import article, load, write_issue
    from horizons_pub.model.nodes import NoHyphens, Superscript
    from horizons_pub.model.walk import iter_inlines
    from horizons_pub.transforms.pipeline import apply_transforms
    from horizons_pub.support.diagnostics import Reporter

    text = article("Le texte parle de Grenoble au 1er janvier.", title="Grenoble, le 1er janvier",
                   standfirst="Grenoble, la métropole")
    text = text.replace("title:", "short_title: \"Grenoble l'été\"\ntitle:", 1)
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert issue is not None, [d.format() for d in rep.diagnostics]
    art = apply_transforms(issue, Reporter(echo=False)).article("a")
    for seq in (art.title, art.standfirst, art.short_title):
        assert not any(isinstance(n, NoHyphens) for n in iter_inlines(seq)), seq
    assert any(isinstance(n, Superscript) for n in iter_inlines(art.title))
    assert "\u2019" in "".join(n.text for n in iter_inlines(art.short_title) if hasattr(n, "text"))
    body = art.blocks[0].children
    assert any(isinstance(n, NoHyphens) for n in iter_inlines(body))
