"""French typography on the model (horizons_pub.transforms.typography)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from horizons_pub.model.nodes import (
    Article,
    BlockQuote,
    Code,
    Cover,
    CoverLine,
    Emph,
    Figure,
    Foreign,
    Heading,
    Issue,
    Kind,
    LineBreak,
    Link,
    Note,
    NoteDef,
    NoteRef,
    Paragraph,
    Person,
    Pos,
    Role,
    Rubric,
    Sidebar,
    SmallCaps,
    Strong,
    Text,
    Trim,
)
from horizons_pub.transforms.typography import (
    NBSP,
    NNBSP,
    fix_inlines,
    fix_string,
    french_typography,
    french_typography_issue,
)

P = Pos("hp-38/article.md", 3)
THIN = "\u2009"
from horizons_pub.model.nodes import Printing

PRINTING = Printing("FOGRA39", None, 0.1, 0.3, None, None, Pos("issue.yaml", 1))


def T(text: str, line: int = 3) -> Text:
    return Text(text, Pos(P.file, line))


def note(*texts: str) -> Note:
    return Note("1", 1, (Paragraph(tuple(T(t) for t in texts), P),), P)


# (id, input sequence, expected sequence).  Plain strings stand for a single Text.
ROWS: list[tuple[str, object, object]] = [
    # Rule 1: narrow no-break space before ; ! ?
    ("excl-insert", "Bonne lecture!", f"Bonne lecture{NNBSP}!"),
    ("question-space", "Vraiment ?", f"Vraiment{NNBSP}?"),
    ("question-nbsp", f"Vraiment{NBSP}?", f"Vraiment{NNBSP}?"),
    ("semicolon-thin", f"un{THIN}; deux", f"un{NNBSP}; deux"),
    ("semicolon-insert", "un; deux", f"un{NNBSP}; deux"),
    ("double-marks", "vraiment ?!", f"vraiment{NNBSP}?!"),
    ("double-marks-insert", "Quoi!!", f"Quoi{NNBSP}!!"),
    ("after-closing-paren", "(sic)!", f"(sic){NNBSP}!"),
    ("nothing-precedes", "!", "!"),
    ("after-opening-paren", "(?)", "(?)"),
    # Rule 2: no-break space before a punctuation colon
    ("colon-space", "Le constat : tout change", f"Le constat{NBSP}: tout change"),
    ("colon-insert", "Le constat: tout change", f"Le constat{NBSP}: tout change"),
    ("colon-nnbsp", f"Le constat{NNBSP}: tout", f"Le constat{NBSP}: tout"),
    ("colon-end", "Conclusion :", f"Conclusion{NBSP}:"),
    ("colon-time", "Rendez-vous à 10:30.", "Rendez-vous à 10:30."),
    ("colon-ratio", "le rapport a:b", "le rapport a:b"),
    # Rule 3: guillemets
    ("guillemets-spaces", "« Oui »", f"«{NNBSP}Oui{NNBSP}»"),
    ("guillemets-nbsp", f"«{NBSP}Oui{THIN}»", f"«{NNBSP}Oui{NNBSP}»"),
    ("guillemets-insert", "«Oui»", f"«{NNBSP}Oui{NNBSP}»"),
    ("guillemets-question", "« Vraiment? »", f"«{NNBSP}Vraiment{NNBSP}?{NNBSP}»"),
    ("guillemets-then-excl", "«Oui»!", f"«{NNBSP}Oui{NNBSP}»{NNBSP}!"),
    ("straight-quotes", 'Il dit "bonjour".', f"Il dit «{NNBSP}bonjour{NNBSP}»."),
    ("straight-quotes-start", '"Oui", dit-il.', f"«{NNBSP}Oui{NNBSP}», dit-il."),
    ("straight-quotes-paren", '("oui")', f"(«{NNBSP}oui{NNBSP}»)"),
    ("straight-quotes-dash", 'Réponse —"non"', f"Réponse —«{NNBSP}non{NNBSP}»"),
    # Rule 4: apostrophe
    ("apostrophe", "l'État et aujourd'hui", "l’État et aujourd’hui"),
    # Rule 5: ellipsis
    ("ellipsis", "Et puis...", "Et puis…"),
    ("ellipsis-bracket", "[...]", "[…]"),
    ("ellipsis-question", "Quoi...?", f"Quoi…{NNBSP}?"),
    # Rule 6: numbers
    ("thousands", "38 000 habitants", f"38{NNBSP}000 habitants"),
    ("millions", "1 000 000 d'euros", f"1{NNBSP}000{NNBSP}000 d’euros"),
    ("thousands-nbsp", f"1{NBSP}000", f"1{NNBSP}000"),
    ("year-then-number", "en 1998 120 personnes", "en 1998 120 personnes"),
    ("four-digit-group", "12 3456", "12 3456"),
    ("phone", "01 40 00 00 00", "01 40 00 00 00"),
    ("numero-space", "le n° 38", f"le n°{NBSP}38"),
    ("percent", "20 % des communes", f"20{NNBSP}% des communes"),
    ("euro", "25 000 € par an", f"25{NNBSP}000{NNBSP}€ par an"),
    ("percent-glued-kept", "20% des communes", "20% des communes"),
    ("numero-insert", "N°38", f"N°{NBSP}38"),
    ("numero-thin", f"n°{THIN}38", f"n°{NBSP}38"),
    ("magnitude", "38 millions d'euros, 2 milliards", f"38{NBSP}millions d’euros, 2{NBSP}milliards"),
    ("magnitude-thousands", "1 200 milliards", f"1{NNBSP}200{NBSP}milliards"),
    ("magnitude-not-a-word-start", "38 milles marins", "38 milles marins"),
    ("page-ref", "voir p. 12 et pp. 30-34", f"voir p.{NBSP}12 et pp.{NBSP}30-34"),
    ("article-ref", "l'art. 3 et le chap.  2, fig. 5, vol. 2, t. 1, § 4",
     f"l’art.{NBSP}3 et le chap.{NBSP}2, fig.{NBSP}5, vol.{NBSP}2, t.{NBSP}1, §{NBSP}4"),
    ("abbreviation-then-word", "p. ex. et art. premier", "p. ex. et art. premier"),
    ("abbreviation-inside-word", "cap. 12 et stop. 3", "cap. 12 et stop. 3"),
    # Rule 7: URLs and e-mail addresses
    ("url-query", "https://x.fr/a?b=1;c", "https://x.fr/a?b=1;c"),
    ("url-in-sentence", "Voir https://x.fr/l'a?b=1;c !", f"Voir https://x.fr/l'a?b=1;c{NNBSP}!"),
    ("url-www", "www.exemple.fr/page...html", "www.exemple.fr/page...html"),
    ("email", "Écrivez à redaction@horizonspublics.fr !", f"Écrivez à redaction@horizonspublics.fr{NNBSP}!"),
    ("bare-domain", "Sur horizonspublics.fr!", f"Sur horizonspublics.fr{NNBSP}!"),
    ("url-in-guillemets", "«https://x.fr»", f"«{NNBSP}https://x.fr{NNBSP}»"),
    # Rule 8: context across node boundaries
    (
        "cross-guillemets-emph",
        (T("« "), Emph((T("mot"),), P), T(" »")),
        (T(f"«{NNBSP}"), Emph((T("mot"),), P), T(f"{NNBSP}»")),
    ),
    (
        "cross-guillemets-insert",
        (T("«"), Strong((T("mot"),), P), T("»")),
        (T(f"«{NNBSP}"), Strong((T("mot"),), P), T(f"{NNBSP}»")),
    ),
    (
        "cross-emph-excl",
        (Emph((T("subi"),), P), T("!")),
        (Emph((T("subi"),), P), T(f"{NNBSP}!")),
    ),
    (
        "cross-emph-trailing-space",
        (T("Vraiment "), Emph((T("?"),), P)),
        (T(f"Vraiment{NNBSP}"), Emph((T("?"),), P)),
    ),
    (
        "cross-noteref-space",
        (T("subi"), NoteRef("1", P), T(" !")),
        (T("subi"), NoteRef("1", P), T(f"{NNBSP}!")),
    ),
    (
        "cross-note-insert",
        (T("subi"), note("texte"), T("!")),
        (T("subi"), note("texte"), T(f"{NNBSP}!")),
    ),
    (
        "cross-linebreak-is-space",
        (T("Fin"), LineBreak(P), T("!")),
        (T("Fin"), LineBreak(P), T("!")),
    ),
    (
        "cross-code-is-a-char",
        (T("Tapez "), Code("ls", P), T("!")),
        (T("Tapez "), Code("ls", P), T(f"{NNBSP}!")),
    ),
    (
        "cross-straight-quotes",
        (T('Il dit "'), Strong((T("non"),), P), T('".')),
        (T(f"Il dit «{NNBSP}"), Strong((T("non"),), P), T(f"{NNBSP}».")),
    ),
    (
        "cross-link-colon",
        (T("Voir "), Link((T("le site"),), "https://x.fr", P), T(":")),
        (T("Voir "), Link((T("le site"),), "https://x.fr", P), T(f"{NBSP}:")),
    ),
    (
        "cross-thousands",
        (T("38 "), Emph((T("000"),), P), T(" habitants")),
        (T(f"38{NNBSP}"), Emph((T("000"),), P), T(" habitants")),
    ),
    (
        "cross-numero",
        (T("n°"), SmallCaps((T("38"),), P)),
        (T(f"n°{NBSP}"), SmallCaps((T("38"),), P)),
    ),
    (
        "cross-ellipsis-apostrophe",
        (T("l'"), Emph((T("État"),), P), T("...")),
        (T("l’"), Emph((T("État"),), P), T("…")),
    ),
    (
        "cross-url-in-link-text",
        (T("Voir "), Link((T("https://x.fr/a?b=1;c"),), "https://x.fr/a?b=1;c", P), T(" !")),
        (T("Voir "), Link((T("https://x.fr/a?b=1;c"),), "https://x.fr/a?b=1;c", P), T(f"{NNBSP}!")),
    ),
]


def _seq(value: object) -> tuple:
    return (T(value),) if isinstance(value, str) else value


@pytest.mark.parametrize("given, expected", [(r[1], r[2]) for r in ROWS], ids=[r[0] for r in ROWS])
def test_rule(given, expected):
    assert fix_inlines(_seq(given)) == _seq(expected)


@pytest.mark.parametrize("given", [r[1] for r in ROWS], ids=[r[0] for r in ROWS])
def test_idempotent(given):
    once = fix_inlines(_seq(given))
    assert fix_inlines(once) == once


@pytest.mark.parametrize("expected", [r[2] for r in ROWS], ids=[r[0] for r in ROWS])
def test_expected_is_a_fixed_point(expected):
    assert fix_inlines(_seq(expected)) == _seq(expected)


def test_table_is_large_enough():
    assert len(ROWS) >= 25
    assert sum(1 for _, given, _ in ROWS if not isinstance(given, str)) >= 10


def test_code_and_link_url_untouched():
    code = Code("a : b 'c' \"d\" ... 1 000 n° 3 x!", P)
    url = "https://x.fr/l'article...?a=1;b=2 000"
    seq = (T("Voir"), code, T(" et "), Link((T("l'article"),), url, P), T("!"))
    out = fix_inlines(seq)
    assert out[1] is code
    assert out[3].url == url
    assert out[3].children == (T("l’article"),)
    assert out[4] == T(f"{NNBSP}!")


def test_positions_and_untouched_nodes_are_kept():
    ref = NoteRef("2", Pos("x.md", 9))
    seq = (T("Bonne lecture", 5), ref, T("!", 6), LineBreak(Pos("x.md", 7)), T("ok", 8))
    out = fix_inlines(seq)
    assert [n.pos for n in out] == [n.pos for n in seq]
    assert out[1] is ref and out[3] is seq[3] and out[4] is seq[4]  # unchanged leaves are the same objects
    assert out[2] == T(f"{NNBSP}!", 6)


def test_notes_inside_the_sequence_are_left_to_map_article():
    n = note("l'étude!")
    assert fix_inlines((T("subi"), n, T("!")))[1] is n


def test_fix_string():
    assert fix_string("Jean d'Ormesson") == "Jean d’Ormesson"
    tagline = 'Le magazine de "l\'action publique"!'
    assert fix_string(tagline) == f"Le magazine de «{NNBSP}l’action publique{NNBSP}»{NNBSP}!"
    assert fix_string("horizonspublics.fr") == "horizonspublics.fr"
    assert fix_string("") == ""
    s = "Photo : la mairie, n°12... «vue»!"
    assert fix_string(fix_string(s)) == fix_string(s)


def _article() -> Article:
    body = (
        Heading(2, (T("Pourquoi?"),), P),
        Paragraph((T("Le projet a été "), Emph((T("subi"),), P), note("Voir l'étude de 2020: 38 000 réponses!"),
                   T(" ! C'est «clair»."), Code("x!", P)), P),
        Figure("images/a.jpg", "L'équipe de la mairie...", (T("Légende: la place"),), (T("Photo D.R."),), P),
        BlockQuote((Paragraph((T('"Oui"'),), P),), P),
        Sidebar((T("Encadré!"),), (Paragraph((T("n°3"),), P),), P),
    )
    return Article(
        id="edito", kind=Kind.EDITORIAL, rubric="edito",
        title=(T("Bonne lecture!"),), standfirst=(T("Le chapô: court"),),
        people=(Person("Jean d'Ormesson", Role.AUTHOR, (T("maire d'Ici"),), P),),
        blocks=body,
        note_defs=(NoteDef("a", (Paragraph((T("Défini !"),), P),
                                 Figure("images/b.jpg", "Vue d'en haut", (), (), P)), P),),
        pos=P,
    )


def test_french_typography_article():
    out = french_typography(_article())
    assert out.title == (T(f"Bonne lecture{NNBSP}!"),)
    assert out.standfirst == (T(f"Le chapô{NBSP}: court"),)
    assert out.people[0].description == (T("maire d’Ici"),)
    assert out.people[0].name == "Jean d'Ormesson"  # YAML strings: the caller uses fix_string
    heading, para, figure, quote, sidebar = out.blocks
    assert heading.children == (T(f"Pourquoi{NNBSP}?"),)
    assert para.children[0] == T("Le projet a été ")
    assert para.children[1] == Emph((T("subi"),), P)
    assert para.children[2] == note(f"Voir l’étude de 2020{NBSP}: 38{NNBSP}000 réponses{NNBSP}!")
    assert para.children[3] == T(f"{NNBSP}! C’est «{NNBSP}clair{NNBSP}».")
    assert para.children[4] == Code("x!", P)
    assert figure.alt == "L’équipe de la mairie…"
    assert figure.caption == (T(f"Légende{NBSP}: la place"),)
    assert figure.src == "images/a.jpg"
    assert quote.blocks[0].children == (T(f"«{NNBSP}Oui{NNBSP}»"),)
    assert sidebar.title == (T(f"Encadré{NNBSP}!"),)
    assert sidebar.blocks[0].children == (T(f"n°{NBSP}3"),)
    definition = out.note_defs[0]
    assert definition.blocks[0].children == (T(f"Défini{NNBSP}!"),)
    assert definition.blocks[1].alt == "Vue d’en haut"
    assert french_typography(out) == out


def test_figure_alt_inside_a_note():
    fig = Figure("images/c.jpg", "Plan d'ensemble", (), (), P)
    n = Note("1", 1, (fig,), P)
    art = replace(_article(), blocks=(Paragraph((T("Voir"), n), P),), note_defs=())
    out = french_typography(art)
    assert out.blocks[0].children[1].blocks[0].alt == "Plan d’ensemble"


def test_french_typography_issue():
    cover = Cover(
        taglines=("Le magazine de l'action publique",),
        website="horizonspublics.fr",
        headline_rubric="dossier",
        lines=(CoverLine("dossier", (T("Villes: "), Emph((T("demain?"),), P)), "Jean", "edito", P),),
        pos=P,
    )
    issue = Issue(
        id="hp-38", folder="hp-38", magazine="Horizons publics", number=38, title=(T("La ville d'après!"),),
        language="fr", date=dt.date(2024, 3, 1), isbn=None, issn=None, publisher="Berger-Levrault",
        editor_in_chief="X", rights="CC", trim=Trim(210, 297), pages=100, cover=cover, printing=PRINTING, rubrics=(), flatplan=(),
        articles=(_article(),), pos=P,
    )
    out = french_typography_issue(issue)
    assert out.title == (T(f"La ville d’après{NNBSP}!"),)
    # the article as french_typography sets it, plus the people's names (plain YAML strings)
    article = french_typography(_article())
    article = replace(article, people=tuple(replace(p, name=fix_string(p.name)) for p in article.people))
    assert out.articles == (article,)
    assert out.articles[0].people[0].name == "Jean d’Ormesson"
    assert out.cover.lines[0].text == (T(f"Villes{NBSP}: "), Emph((T(f"demain{NNBSP}?"),), P))
    assert out.cover.lines[0].person == "Jean"
    assert out.cover.taglines == ("Le magazine de l’action publique",)
    assert french_typography_issue(out) == out


def test_french_typography_issue_plain_strings():
    """Rubric titles (at every depth), people's names, cover persons and taglines get fix_string too."""
    rubrics = (
        Rubric("actualite", "L'actualité vue par...", (), P),
        Rubric("dossier", "Dossier", (Rubric("terrain", "Sur le terrain: l'enquête", (
            Rubric("zoom", "Zoom!", (), P),), P),), P),
    )
    cover = Cover(
        taglines=("Comprendre", "L'action publique en 38 000 mots!"),
        website="horizonspublics.fr",
        headline_rubric="dossier",
        lines=(CoverLine("dossier", (T("Villes"),), "Jean d'Ormesson", None, P),),
        pos=P,
    )
    people = (Person("Mathieu L'Hériteau", Role.INTERVIEWEE, (), P), Person("Anne", Role.AUTHOR, (), P))
    issue = Issue(
        id="hp-38", folder="hp-38", magazine="Horizons publics", number=38, title=(T("Titre"),),
        language="fr", date=dt.date(2024, 3, 1), isbn=None, issn=None, publisher="Berger-Levrault",
        editor_in_chief="X", rights="CC", trim=Trim(210, 297), pages=100, cover=cover, printing=PRINTING, rubrics=rubrics, flatplan=(),
        articles=(replace(_article(), people=people),), pos=P,
    )
    out = french_typography_issue(issue)
    assert [r.title for r in out.rubrics] == ["L’actualité vue par…", "Dossier"]
    terrain = out.rubrics[1].children[0]
    assert terrain.title == f"Sur le terrain{NBSP}: l’enquête"
    assert terrain.children[0].title == f"Zoom{NNBSP}!"
    assert [r.id for r in out.rubrics] == ["actualite", "dossier"] and terrain.pos == P
    assert [p.name for p in out.articles[0].people] == ["Mathieu L’Hériteau", "Anne"]
    assert out.articles[0].people[1] == people[1]
    assert out.cover.taglines == ("Comprendre", f"L’action publique en 38{NNBSP}000 mots{NNBSP}!")
    assert out.cover.lines[0].person == "Jean d’Ormesson"
    assert out.cover.website == "horizonspublics.fr"
    assert french_typography_issue(out) == out


def test_hp38_rubric_titles_and_names_are_set():
    from pathlib import Path

    from horizons_pub.builder.recipe import load_issue
    from horizons_pub.support.diagnostics import Reporter

    issue = load_issue(Path(__file__).resolve().parents[2] / "source" / "hp-38", Reporter(echo=False))
    assert issue.rubric("actualite").title == "L’actualité vue par…"
    assert "'" not in "".join(p.name for a in issue.articles for p in a.people)


hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

_ALPHABET = "ab1 \u00a0\u2009\u202f;:!?«»\"'.n°(/@"
_leaf = st.one_of(
    st.text(_ALPHABET, max_size=8).map(T),
    st.just(LineBreak(P)),
    st.just(NoteRef("1", P)),
    st.text(_ALPHABET, max_size=3).map(lambda s: Code(s, P)),
)
_inline = st.recursive(
    _leaf,
    lambda kids: st.lists(kids, max_size=3).map(lambda k: Emph(tuple(k), P)),
    max_leaves=8,
)


@hypothesis.given(st.lists(_inline, max_size=6))
@pytest.mark.slow  # 300 generated examples of nested inlines: seconds
@hypothesis.settings(max_examples=300, deadline=None)
def test_idempotent_on_random_sequences(seq):
    once = fix_inlines(tuple(seq))
    assert fix_inlines(once) == once


@hypothesis.given(st.text(_ALPHABET + "https:wx.fr", max_size=30))
@hypothesis.settings(max_examples=300, deadline=None)
def test_fix_string_idempotent(s):
    once = fix_string(s)
    assert fix_string(once) == once


def test_french_rules_skip_words_in_another_language():
    # issue 14: `[…]{lang=en}` is English: no French spaces nor guillemets inside, but the apostrophe
    # and the ellipsis are everyone's; the French text around is set as usual
    english = Foreign((T('don\'t "stop"! Really: yes... ok'),), "en", P)
    out = fix_inlines((T("Le slogan "), english, T("!")))
    assert out[1] == Foreign((T('don’t "stop"! Really: yes… ok'),), "en", P)
    assert out[2] == T(f"{NNBSP}!")
    french = Foreign((T("Vraiment?"),), "fr-CA", P)
    assert fix_inlines((french,)) == (Foreign((T(f"Vraiment{NNBSP}?"),), "fr-CA", P),)
    once = fix_inlines((T('"'), english, T('"')))
    assert once[0] == T(f"«{NNBSP}") and once[2] == T(f"{NNBSP}»") and fix_inlines(once) == once
