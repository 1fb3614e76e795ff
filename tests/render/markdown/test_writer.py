"""render/markdown: the constructs the real issues lack (quotations, nested lists and fences, tables
without a header, line breaks, code), emphasis next to words and punctuation, the front matter's forms,
and the nodes the writer refuses.  Each article is written, read back by the project's reader and
compared without positions; the syntax the format asks for is checked in the text itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.model_compare import without_pos
from horizons_pub.model.nodes import (
    Article, Capitals, Emph, Figure, Heading, Kind, Link, Note, Paragraph, Person, Placement, Pos, Role, Sidebar,
    SmallCaps, Strong, Subscript, Superscript, Text,
)
from horizons_pub.reader.article import read_article
from horizons_pub.render.markdown import write_article
from horizons_pub.render.visitor import UnknownNode
from horizons_pub.support.diagnostics import Reporter

P = Pos("x.md", 1)

CONSTRUCTS = """\
---
rubric: r
kind: interview
title: "Villes : la suite #2"
standfirst: "*Horizons publics*, \\"rédaction\\" et \\\\ barre"
short_title: "1984"
authors:
  - Christophe Plotard
  - {name: Zoé Aegerter, role: contributor, description: "maître de l'[UTC]{.smallcaps}"}
  - {name: Amina Kessler, role: interviewee, orcid: "0000-0002-1825-0097", idref: "026927608"}
---

Un paragraphe avec une ligne\\
forcée, du `code`, des ``back`ticks``, un [lien](https://exemple.fr/a_(b)) et <https://exemple.fr>.

> Une citation.
>
> - sur une liste
> - de deux points
>
> > et une citation dans la citation

- premier point

  avec un second paragraphe
- second point
  1. une sous-liste
  2. numérotée

* une autre liste juste après

3. trois
4. quatre

---

:::: encadre
### Le *titre* de l'encadré
Texte de l'encadré.

| | 2022 | 2023 |
|:--|:-:|--:|
| Sceaux | 1 \\| 2 | `a\\|b` |

Tableau : Budgets, en *milliers* d'euros[^t].

Source : comptes administratifs.

::: exergue
Une phrase mise en avant.
:::
::::

|  |  |
|---|---|
| sans | en-tête |

Source : une source seule.

&#84;ableau : un paragraphe qui n'est pas une légende.

::: question
Une question ?
:::

![Une vue « aérienne »](<images/la place.jpg> "La *place*, dite \\"grande\\""){credit="© Studio \\"X\\"" place=page}

Un appel[^t] et un autre[^n].

[^t]: Une note.

    Sur deux paragraphes.

[^n]: Une note avec une liste :

    - un
    - deux
"""


def read(folder: Path, text: str, name: str = "a") -> tuple[Article, list[str]]:
    path = folder / "articles" / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter(echo=False)
    art = read_article(path, f"{name}.md", name, folder, {"r"}, reporter)
    return art, [d.format() for d in reporter.diagnostics]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("writer")
    (path / "articles").mkdir()
    (path / "images").mkdir()
    png = Path(__file__).resolve().parents[2] / "data" / "magazine" / "images" / "carte-gand.png"
    (path / "images" / "la place.jpg").write_bytes(png.read_bytes())
    return path


@pytest.fixture(scope="module")
def every_construct(folder):
    art, messages = read(folder, CONSTRUCTS, "constructs")
    assert messages == []
    text = write_article(art)
    back, again = read(folder, text, "constructs")
    return art, text, back, again


def test_every_construct_reads_back(every_construct):
    art, text, back, messages = every_construct
    assert messages == [], text
    assert without_pos(back) == without_pos(art)


def test_the_constructs_are_written_in_the_format(every_construct):
    _, text, _, _ = every_construct
    for line in (
        'title: "Villes : la suite #2"', 'short_title: "1984"', "  - \"Christophe Plotard\"",
        "    role: contributor", '    idref: "026927608"',
        "Un paragraphe avec une ligne\\", "forcée, du `code`, des ``back`ticks``, un "
        "[lien](https://exemple.fr/a_\\(b\\)) et [https://exemple.fr](https://exemple.fr).",
        "> - sur une liste", ">", "> > et une citation dans la citation",
        "- premier point", "  avec un second paragraphe", "  1. une sous-liste",
        "* une autre liste juste après", "3. trois", "4. quatre", "---",
        ":::: encadre", "### Le *titre* de l'encadré", "::: exergue", ":::", "::::",
        "|:--|:-:|--:|", "|  | 2022 | 2023 |", "| Sceaux | 1 \\| 2 | `a\\|b` |",
        "Tableau : Budgets, en *milliers* d'euros[^t].", "Source : comptes administratifs.",
        "|  |  |", "|---|---|", "Source : une source seule.", "&#84;ableau : un paragraphe qui n'est pas une légende.",
        "::: question",
        '![Une vue « aérienne »](<images/la place.jpg> "La *place*, dite \\"grande\\""){credit="© Studio \\"X\\"" place=page}',
        "[^t]: Une note.", "    Sur deux paragraphes.", "[^n]: Une note avec une liste :", "    - un",
    ):
        assert line in text.split("\n"), line
    assert "role: author" not in text and "role: interviewee" in text
    assert text.index("[^t]: ") > text.index("Un appel[^t]")


def test_figure_places_are_french(folder):
    base = Article("a", Kind.ARTICLE, "r", (Text("T", P),), (), (), (), (), P)
    for place, word in ((Placement.TOP, "haut"), (Placement.BOTTOM, "bas"), (Placement.OPENER, "ouverture"),
                        (Placement.COLUMN, None)):
        fig = Figure("images/la place.jpg", "Une vue", (), (Text("© X", P),), P, place)
        text = write_article(Article("a", Kind.ARTICLE, "r", base.title, (), (), (fig,), (), P))
        assert (f"place={word}" in text) if word else ("place=" not in text)
        back, messages = read(folder, text)
        assert messages == [] and back.blocks[0].place is place


def para(*inlines) -> Paragraph:
    return Paragraph(tuple(inlines), P)


def test_a_sidebar_without_title_keeps_its_first_heading(folder):
    box = Sidebar((), (Heading(3, (Text("Un intertitre", P),), P), para(Text("Texte.", P))), P)
    art = Article("a", Kind.ARTICLE, "r", (Text("T", P),), (), (), (box,), (), P)
    text = write_article(art)
    assert "::: encadre\n###\n\n### Un intertitre\n\nTexte.\n:::" in text
    back, messages = read(folder, text)
    assert messages == [] and without_pos(back) == without_pos(art)


@pytest.mark.parametrize("inlines, written, expected", [
    # emphasis inside a word, next to punctuation, with spaces at its edges, nested, adjacent
    ((Emph((Text("mot", P),), P), Text("s", P)), "*mot*s", None),
    ((Strong((Text("a", P),), P), Text("b", P)), "**a**b", None),
    ((Text("l'", P), Emph((Text("État", P),), P)), "l'*État*", None),
    ((Text("a", P), Emph((Text("(b)", P),), P), Text("c", P)), "&#97;*(b)*&#99;", None),
    ((Text("x", P), Emph((Text(" mot ", P),), P), Text("y", P)), "x *mot* y",
     (Text("x ", P), Emph((Text("mot", P),), P), Text(" y", P))),
    ((Emph((Text("a\u00a0", P),), P), Text("»", P)), "*a*\u00a0»", (Emph((Text("a", P),), P), Text("\u00a0»", P))),
    ((Emph((Text("a ", P), Strong((Text("b", P),), P)), P),), "_a **b**_", None),
    ((Strong((Emph((Text("a", P),), P), Text(" b", P)), P),), "__*a* b__", None),
    ((Emph((Text("a", P),), P), Strong((Text("b", P),), P)), "*a*__b__", None),
    ((Emph((Text("a", P),), P), Emph((Text("b", P),), P)), "*ab*", (Emph((Text("ab", P),), P),)),
    # escapes
    ((Text("1. 2) - + # > ::: *a* _b_ [c] <d> {e} a|b ~~s~~ ^[n] &amp; \\", P),),
     "1\\. 2) - + # > ::: \\*a\\* \\_b\\_ \\[c\\] \\<d> \\{e\\} a\\|b \\~\\~s\\~\\~ \\^\\[n\\] \\&amp; \\\\", None),
    ((Text("Bravo !", P), Link((Text("lien", P),), "https://a.fr", P)), "Bravo \\![lien](https://a.fr)", None),
    ((SmallCaps((Text("ONU", P),), P), Text(" et ", P), Link((SmallCaps((Text("OMS", P),), P),), "https://a.fr", P)),
     "[ONU]{.smallcaps} et [[OMS](https://a.fr)]{.smallcaps}",
     (SmallCaps((Text("ONU", P),), P), Text(" et ", P), SmallCaps((Link((Text("OMS", P),), "https://a.fr", P),), P))),
])
def test_inlines(folder, inlines, written, expected):
    art = Article("a", Kind.ARTICLE, "r", (Text("T", P),), (), (), (para(*inlines),), (), P)
    text = write_article(art)
    assert text.split("\n")[-2] == written
    back, messages = read(folder, text)
    assert [m for m in messages if "[markup.inline-note]" not in m] == []
    assert without_pos(back.blocks) == without_pos((para(*(expected or inlines)),))


def test_people_and_comments(folder):
    people = (Person("Marie Martin", Role.AUTHOR, (), P), Person("Jean Dupont", Role.AUTHOR, (Emph((Text("maire", P),), P),), P),
              Person("Ana", Role.INTERVIEWER, (), P, orcid="0000-0002-1825-0097"))
    art = Article("a", Kind.BRIEF, None, (Text('Le numéro #38 : « oui »', P),), (Text("*", P),), people, (), (), P)
    text = write_article(art, comments=("importé de a.docx", "deux\nlignes"))
    assert text.startswith('---\nkind: brief\ntitle: "Le numéro #38 : « oui »"\nstandfirst: "\\\\*"\nauthors:\n'
                           '  - "Marie Martin"\n  - name: "Jean Dupont"\n    description: "*maire*"\n')
    assert text.endswith("# importé de a.docx\n# deux\n# lignes\n---\n")
    back, messages = read(folder, text)
    assert messages == [] and without_pos(back) == without_pos(art)


@pytest.mark.parametrize("node", [Superscript((Text("er", P),), P), Capitals((Text("ONU", P),), P),
                                  Subscript((Text("2", P),), P), Note("1", 1, (), P)])
def test_a_transformed_node_raises(node):
    art = Article("a", Kind.ARTICLE, "r", (Text("T", P),), (), (), (para(Text("1", P), node),), (), P)
    with pytest.raises(UnknownNode, match=type(node).__name__):
        write_article(art)
