"""The reader: Markdown + YAML sources → the document model, checked against golden dumps.

Each golden file under ``tests/golden/`` is the :func:`helpers.dump_model` of a
small input.  After a deliberate change of the reader, review the new dumps
and rewrite them with ``UPDATE_GOLDEN=1 python3 -m pytest tests/test_reader.py``.

Most goldens are the model as read (before transforms); ``pipeline_notes``
is the model after the notes and typography transforms, as renderers get it.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
from helpers import (
    article,
    check_golden,
    dump_model,
    line_of,
    load,
    messages,
    write_issue,
)

from horizons_pub.support.diagnostics import Reporter
from horizons_pub.model.nodes import (
    Article,
    Figure,
    Heading,
    Issue,
    Kind,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    Pos,
    PullQuote,
    Question,
    Role,
    Sidebar,
    SmallCaps,
    Text,
    plain_text,
)
from horizons_pub.reader.issue import read_issue


def read(folder: Path) -> tuple[Issue | None, list[str]]:
    """The model as read (no transforms) and the diagnostics."""
    reporter = Reporter(echo=False)
    return read_issue(folder, reporter), messages(reporter)


def read_article(workdir: Path, text: str, images: dict | None = None) -> Article:
    issue, diags = read(write_issue(workdir, {"a": text}, issue={"rubrics": RUBRICS}, images=images))
    assert diags == []
    assert issue is not None
    return issue.article("a")


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------

INLINES = """\
---
rubric: edito
kind: article
title: Un titre avec *emphase* et [sigle]{.smallcaps}
standfirst: "Le chapô : **fort**"
---

Un paragraphe avec *emphase*, **gras**, ***les deux*** et _souligné_.
Une deuxième ligne du même paragraphe, avec [l'ONU]{.smallcaps} en petites
capitales et un [lien](https://horizonspublics.fr "Le site") puis un
courriel [écrire](mailto:redaction@horizonspublics.fr) et <https://exemple.fr>.

Fin de ligne forcée par deux espaces  
puis par une barre oblique inverse\\
et dernière ligne avec `du code`.

Un *mot sur
deux lignes* puis **encore [un *lien*
imbriqué](http://exemple.org)**.
"""

BLOCKS = """\
---
rubric: dossier
kind: article
title: Les blocs
---

## Un intertitre

### Un sous-intertitre

> Une citation
> sur deux lignes.
>
> Et un second paragraphe.

- premier point
- second point, *en italique*

  avec un second paragraphe

3. troisième
4. quatrième

Entre les deux listes.

1. un
2. deux

---

Dernier paragraphe.
"""

MAGAZINE_BLOCKS = """\
---
rubric: terrain
kind: interview
title: Un entretien
---

::: encadre
### Le titre de l'encadré
Le texte de l'encadré.

- un point
:::

::: encadré
Un encadré sans titre.
:::

::: exergue
« Une phrase mise en avant. »
:::

::: question
Quelle est la *question* ?
:::

La réponse, en paragraphes ordinaires.

Suite de la réponse.

![Vue de la place du marché](images/place.png "La place du *marché*"){credit="© Ville de Sceaux"}

![Un plan sans légende](images/plan.png)
"""

NOTES = """\
---
rubric: edito
kind: article
title: Les notes
---

Un appel[^zeta] puis un autre[^alpha] dans le même paragraphe.

Un troisième appel[^milieu], dans *une emphase[^dans-emphase]*.

[^alpha]: La note alpha, appelée en deuxième.

[^zeta]: La note zêta, appelée en premier,
    sur deux lignes.

[^milieu]: La note du milieu.

    Avec un second paragraphe.

[^dans-emphase]: Appelée dans une emphase.
"""

NOTES_SECOND = """\
---
rubric: edito
kind: article
title: Un autre article
---

Ici la numérotation recommence[^z].

[^z]: Première note de cet article.
"""

PEOPLE = """\
---
rubric: entretien
kind: interview
title: "Les personnes"
authors:
  - Jeanne Autrice
  - name: Paul Auteur
    role: author
    description: "journaliste à *Horizons publics*"
  - name: Irène Interviewée
    role: interviewee
    description: maire de Sceaux
  - {name: Ivan Intervieweur, role: interviewer}
  - name: Rose Recueil
    role: propos recueillis par
  - name: Claire Coordinatrice
    role: coordinator
    description: "maîtresse de conférences à l'[UTC]{.smallcaps}"
  - {name: Colin Contributeur, role: contributor}
  - {name: Camille Contributrice, role: contributeur}
---
"""

# Extra rubrics for the goldens above: "entretien" is not in the default issue.
RUBRICS = [
    {"id": "edito", "title": "Édito"},
    {"id": "entretien", "title": "Grand entretien"},
    {"id": "dossier", "title": "Dossier", "children": [{"id": "terrain", "title": "Sur le terrain"}]},
]

IMAGES = {"images/place.png": (12, 8), "images/plan.png": (6, 6)}


# --------------------------------------------------------------------------
# Golden dumps
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name, text", [
    ("inlines", INLINES),
    ("blocks", BLOCKS),
    ("magazine_blocks", MAGAZINE_BLOCKS),
    ("notes_as_read", NOTES),
    ("people", PEOPLE),
])
def test_golden_article(workdir, name, text):
    folder = write_issue(workdir, {"a": text}, issue={"rubrics": RUBRICS}, images=IMAGES)
    issue, diags = read(folder)
    assert diags == []
    check_golden(name, dump_model(issue.article("a")))


def test_golden_issue(workdir):
    """The issue.yaml part of the model: metadata, cover, rubrics, flatplan."""
    folder = write_issue(workdir, {"a": article(), "b": article(kind="brief", rubric=None)},
                         issue={"flatplan": [
                             {"page": 1, "part": "cover"},
                             {"page": 2, "article": "a"},
                             {"page": 3, "part": "sommaire", "boxes": ["b"]},
                             {"page": 4, "part": "back-cover"},
                         ], "pages": 4, "isbn": "978-2-7013-1234-7", "rights": "© Horizons publics"})
    issue, diags = read(folder)
    assert diags == []
    check_golden("issue", dump_model(issue))


def test_golden_pipeline_notes(workdir):
    """After the transforms: Note nodes numbered per article in call order, typography applied."""
    folder = write_issue(workdir, {"a": NOTES, "b": NOTES_SECOND})
    issue, rep = load(folder)
    assert messages(rep) == []
    check_golden("pipeline_notes", dump_model(issue.article("a")) + dump_model(issue.article("b")))


def test_golden_files_exist():
    """Commit-ready: every golden this module uses is in the repository."""
    golden = Path(__file__).resolve().parents[1] / "golden"
    names = ["inlines", "blocks", "magazine_blocks", "notes_as_read", "people", "issue", "pipeline_notes"]
    assert sorted(p.stem for p in golden.glob("*.txt") if p.stem in names) == sorted(names)


# --------------------------------------------------------------------------
# Model facts, independent of the dump format
# --------------------------------------------------------------------------


def _nodes(node):
    """Every model node under ``node`` (itself included), depth first."""
    yield node
    for f in fields(node):
        value = getattr(node, f.name)
        if is_dataclass(value) and not isinstance(value, Pos):
            yield from _nodes(value)
        elif isinstance(value, tuple):
            for item in value:
                if is_dataclass(item):
                    yield from _nodes(item)


MARKED = """\
---
rubric: edito
kind: article
title: Titre M4
standfirst: Chapô M5
authors:
  - name: Nom
    description: Description M8
---

Paragraphe M11
suite M12 *emphase M12
qui continue M13* fin M13  
après coupure M14.

## Intertitre M16

> Citation M18
> lazy M19

- point M21
- point M22
  suite M23

::: encadre
### Titre M26
Texte M27
:::

::: question
Question M31
:::

[^n]: Note M34
  suite M35
"""


def test_every_text_reports_its_line(workdir):
    """A text on line N of the file reports line N (front matter included): markers Mn sit on line n."""
    art = read_article(workdir, MARKED + "\nAppel M37[^n].\n")
    checked = 0
    for node in _nodes(art):
        if isinstance(node, Text):
            for marker in re.findall(r"M(\d+)", node.text):
                assert node.pos.line == int(marker), (node, marker)
                checked += 1
    assert checked == 21


def test_block_positions(workdir):
    art = read_article(workdir, MAGAZINE_BLOCKS, images=IMAGES)
    lines = {type(b).__name__ + str(i): b.pos.line for i, b in enumerate(art.blocks)}
    assert lines == {
        "Sidebar0": line_of(MAGAZINE_BLOCKS, "::: encadre"),
        "Sidebar1": line_of(MAGAZINE_BLOCKS, "::: encadré"),
        "PullQuote2": line_of(MAGAZINE_BLOCKS, "::: exergue"),
        "Question3": line_of(MAGAZINE_BLOCKS, "::: question"),
        "Paragraph4": line_of(MAGAZINE_BLOCKS, "La réponse"),
        "Paragraph5": line_of(MAGAZINE_BLOCKS, "Suite de la réponse"),
        "Figure6": line_of(MAGAZINE_BLOCKS, "![Vue"),
        "Figure7": line_of(MAGAZINE_BLOCKS, "![Un plan"),
    }
    assert art.title[0].pos == Pos("hp-test/articles/a.md", 4)
    assert art.pos == Pos("hp-test/articles/a.md", 1)


def test_magazine_blocks(workdir):
    art = read_article(workdir, MAGAZINE_BLOCKS, images=IMAGES)
    titled, untitled, pull, question, answer, _, figure, bare = art.blocks
    assert isinstance(titled, Sidebar) and plain_text(titled.title) == "Le titre de l'encadré"
    assert [type(b).__name__ for b in titled.blocks] == ["Paragraph", "BulletList"]
    assert isinstance(untitled, Sidebar) and untitled.title == ()
    assert isinstance(pull, PullQuote) and plain_text(pull.children) == "« Une phrase mise en avant. »"
    assert isinstance(question, Question) and plain_text(question.blocks[0].children) == "Quelle est la question ?"
    assert isinstance(answer, Paragraph)  # the answer is ordinary text after the question
    assert isinstance(figure, Figure)
    assert (figure.src, figure.alt) == ("images/place.png", "Vue de la place du marché")
    assert plain_text(figure.caption) == "La place du marché"
    assert plain_text(figure.credit) == "© Ville de Sceaux"
    assert (bare.src, bare.caption, bare.credit) == ("images/plan.png", (), ())


def test_smallcaps_heading_and_list_start(workdir):
    art = read_article(workdir, INLINES)
    assert isinstance(art.title[-1], SmallCaps)
    art = read_article(workdir, BLOCKS)
    assert [(b.level) for b in art.blocks if isinstance(b, Heading)] == [2, 3]
    assert [b.start for b in art.blocks if isinstance(b, OrderedList)] == [3, 1]


def test_people_roles(workdir):
    art = read_article(workdir, PEOPLE)
    assert [(p.name, p.role) for p in art.people] == [
        ("Jeanne Autrice", Role.AUTHOR),
        ("Paul Auteur", Role.AUTHOR),
        ("Irène Interviewée", Role.INTERVIEWEE),
        ("Ivan Intervieweur", Role.INTERVIEWER),
        ("Rose Recueil", Role.INTERVIEWER),
        ("Claire Coordinatrice", Role.COORDINATOR),
        ("Colin Contributeur", Role.CONTRIBUTOR),
        ("Camille Contributrice", Role.CONTRIBUTOR),
    ]
    assert [p.pos.line for p in art.people] == [6, 7, 10, 13, 14, 16, 19, 20]
    assert plain_text(art.people[2].description) == "maire de Sceaux"
    assert art.kind is Kind.INTERVIEW


def test_notes_numbered_in_call_order(workdir):
    issue, rep = load(write_issue(workdir, {"a": NOTES, "b": NOTES_SECOND}))
    assert messages(rep) == []
    notes = [n for n in _nodes(issue.article("a")) if isinstance(n, Note)]
    assert [(n.label, n.number, n.pos.line) for n in notes] == [
        ("zeta", 1, 7), ("alpha", 2, 7), ("milieu", 3, 9), ("dans-emphase", 4, 9)]
    assert issue.article("a").note_defs == ()
    assert not any(isinstance(n, NoteRef) for n in _nodes(issue))
    assert [(n.label, n.number) for n in _nodes(issue.article("b")) if isinstance(n, Note)] == [("z", 1)]


def test_image_file_name_with_accents_and_spaces(workdir):
    """markdown-it percent-encodes addresses; the reader decodes them back to the file name."""
    text = article("![Une photo](images/été.png)\n\n![Une autre](<images/la place.png>)\n")
    art = read_article(workdir, text, images={"images/été.png": (4, 4), "images/la place.png": (4, 4)})
    assert [b.src for b in art.blocks] == ["images/été.png", "images/la place.png"]


def test_hp38_reads_cleanly():
    """The real issue reads and transforms without a diagnostic."""
    root = Path(__file__).resolve().parents[2]
    issue, rep = load(root / "source" / "hp-38")
    assert messages(rep) == []
    assert issue is not None and issue.number == 38
    assert len(issue.articles) == 22


def test_lines_after_a_code_span_over_two_lines(workdir):
    """markdown-it makes the line end inside a code span a space; the lines after it still count."""
    text = article("Un `code\nsur deux` M8\nM9 `a` et ``b `c`` M9\nM10.\n")
    art = read_article(workdir, text)
    texts = [n for n in _nodes(art.blocks[0]) if isinstance(n, Text) and "M" in n.text]
    assert [(n.text.strip(), n.pos.line) for n in texts] == [("M8", 8), ("M9", 9), ("M9", 9), ("M10.", 10)]


def test_hidden_files_in_articles_are_ignored(workdir):
    """Editors' tools leave hidden files (macOS "._a.md", lock files): they are not articles."""
    folder = write_issue(workdir, {"a": article()}, extra_files={"articles/._a.md": b"\x00\x05\x16\x07",
                                                                  "articles/.#a.md": "lock"})
    issue, diags = read(folder)
    assert diags == []
    assert [a.id for a in issue.articles] == ["a"]
