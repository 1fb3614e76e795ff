"""Footnotes: numbering per article in call order, and every note diagnostic as the editor reads it."""

from __future__ import annotations

import pytest
from helpers import article, load, messages, write_issue

from horizons_pub.model.nodes import Note, Paragraph, plain_text
from horizons_pub.model.walk import iter_block_inline_seqs, iter_inlines

A = "hp-test/articles/a.md"

HEAD = "---\nrubric: edito\nkind: article\ntitle: Les notes\n---\n\n"  # the body starts on line 7


def notes_of(art) -> list[Note]:
    out = []
    for seq in iter_block_inline_seqs(art.blocks):
        out.extend(n for n in iter_inlines(seq) if isinstance(n, Note))
    return out


def note_text(note: Note) -> str:
    return " / ".join(plain_text(b.children) for b in note.blocks if isinstance(b, Paragraph))


def test_numbered_per_article_in_call_order(workdir):
    first = HEAD + (
        "Premier appel[^source] et second[^insee].\n"
        "\n"
        "- dans une liste[^voir-aussi]\n"
        "\n"
        "> dans une citation[^7]\n"
        "\n"
        "[^insee]: Insee, 2023.\n"
        "[^7]: Un chiffre comme étiquette.\n"
        "[^voir-aussi]: Voir aussi.\n"
        "[^source]: La source.\n"
    )
    second = HEAD + "Ici[^insee], puis là[^a].\n\n[^a]: A.\n\n[^insee]: Insee encore.\n"
    issue, rep = load(write_issue(workdir, {"a": first, "b": second}))
    assert messages(rep) == []
    got = [(n.label, n.number, note_text(n)) for n in notes_of(issue.article("a"))]
    assert got == [
        ("source", 1, "La source."),
        ("insee", 2, "Insee, 2023."),
        ("voir-aussi", 3, "Voir aussi."),
        ("7", 4, "Un chiffre comme étiquette."),
    ]
    # numbering restarts in each article; a label may be reused by another article
    got = [(n.label, n.number, note_text(n)) for n in notes_of(issue.article("b"))]
    assert got == [("insee", 1, "Insee encore."), ("a", 2, "A.")]


def test_note_in_sidebar_and_figure_caption(workdir):
    text = HEAD + (
        "Avant[^un].\n"
        "\n"
        "::: encadre\n"
        "### Titre\n"
        "Dans l'encadré[^deux].\n"
        ":::\n"
        "\n"
        "![Une vue](images/x.png \"Légende[^trois]\")\n"
        "\n"
        "Après[^quatre].\n"
        "\n"
        "[^un]: 1\n"
        "[^deux]: 2\n"
        "[^trois]: 3\n"
        "[^quatre]: 4\n"
    )
    issue, rep = load(write_issue(workdir, {"a": text}, images={"images/x.png": (4, 4)}))
    assert messages(rep) == []
    assert [(n.label, n.number) for n in notes_of(issue.article("a"))] == [
        ("un", 1), ("deux", 2), ("trois", 3), ("quatre", 4)]


def test_undefined(workdir):
    issue, rep = load(write_issue(workdir, {"a": HEAD + "Un appel[^absente].\n"}))
    assert issue is None
    assert messages(rep) == [
        f"{A}:7: error: note [^absente] is called but never defined: add its text in a paragraph of its own "
        "starting with '[^absente]: ' [note.undefined]"]


def test_unused_is_a_warning_and_the_build_goes_on(workdir):
    text = HEAD + "Un appel[^a].\n\n[^a]: Utilisée.\n\n[^oubliee]: Jamais appelée.\n"
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert issue is not None
    assert messages(rep) == [
        f"{A}:11: warning: note [^oubliee] is defined but never called, so it is not printed: call it with "
        "[^oubliee] in the text, or delete it [note.unused]"]
    assert [n.label for n in notes_of(issue.article("a"))] == ["a"]


def test_unused_fails_in_strict_mode(workdir):
    text = HEAD + "Texte.\n\n[^oubliee]: Jamais appelée.\n"
    issue, rep = load(write_issue(workdir, {"a": text}), strict=True)
    assert issue is None
    assert messages(rep)[0].startswith(f"{A}:9: error: note [^oubliee] is defined but never called")


def test_duplicate_is_a_warning_and_the_first_definition_wins(workdir):
    text = HEAD + "Un appel[^a].\n\n[^a]: La première.\n\n[^a]: La seconde.\n"
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert issue is not None
    assert messages(rep) == [
        f"{A}:11: warning: note [^a] is defined twice (first at line 9); this definition is ignored "
        "[note.duplicate]"]
    assert [note_text(n) for n in notes_of(issue.article("a"))] == ["La première."]


def test_nested(workdir):
    text = HEAD + "Un appel[^a].\n\n[^a]: Une note qui appelle[^b].\n\n[^b]: La note appelée dans la note.\n"
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert issue is None
    # only the nested call is reported: [^b] is not also reported as unused
    assert messages(rep) == [
        f"{A}:9: error: a note call [^b] inside note [^a]: a note cannot hold another note; put its text in "
        "the note itself [note.nested]"]


def test_called_twice(workdir):
    text = HEAD + "Un appel[^a].\n\nEt encore[^a].\n\n[^a]: Une note.\n"
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert issue is None
    assert messages(rep) == [
        f"{A}:9: error: note [^a] is called a second time (first call at line 7); a note has one call: write a "
        "second note [note.called-twice]"]


@pytest.mark.parametrize("key, line, what", [("title", 4, "a title"), ("standfirst", 5, "a standfirst")])
def test_in_title_or_standfirst(workdir, key, line, what):
    meta = {"title": "Un titre", "standfirst": "Un chapô"}
    meta[key] += "[^1]"
    text = article("Texte[^1].\n\n[^1]: Une note.\n", **{k: v for k, v in meta.items() if k != "title"},
                   title=meta["title"])
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert issue is None
    assert messages(rep) == [
        f"{A}:{line}: error: a note cannot stand in {what}: put the call in the text [note.in-title]"]


def test_in_author_description(workdir):
    text = article(authors=[{"name": "Jeanne", "description": "maire[^m]"}])
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert messages(rep) == [f"{A}:7: error: a note cannot stand in a description: put the call in the text "
                             "[note.in-title]"]


def test_in_heading(workdir):
    issue, rep = load(write_issue(workdir, {"a": HEAD + "## Un intertitre[^x]\n\nTexte.\n\n[^x]: X.\n"}))
    assert issue is None
    assert messages(rep) == [f"{A}:7: error: a note cannot stand in a heading: put the call in the text "
                             "[note.in-title]"]


def test_in_issue_title(workdir):
    issue, rep = load(write_issue(workdir, issue={"title": "Le numéro[^1]"}))
    assert messages(rep) == ["hp-test/issue.yaml:3: error: a note cannot stand in the issue title: put the call "
                             "in the text [note.in-title]"]


def test_definition_inside_a_sidebar_quote_or_list(workdir):
    """markdown-it reads a definition written inside a block: it is a note of the article like any other."""
    text = HEAD + (
        "Un[^1], deux[^2] et trois[^3].\n"
        "\n"
        "::: encadre\n"
        "### L'encadré\n"
        "Texte de l'encadré.\n"
        "\n"
        "[^1]: Définie dans l'encadré.\n"
        ":::\n"
        "\n"
        "> Une citation.\n"
        ">\n"
        "> [^2]: Définie dans la citation.\n"
        "\n"
        "[^3]: Définie au niveau de l'article.\n"
    )
    issue, rep = load(write_issue(workdir, {"a": text}))
    assert messages(rep) == []
    got = [(n.label, n.number, note_text(n), n.blocks[0].pos.line) for n in notes_of(issue.article("a"))]
    assert got == [("1", 1, "Définie dans l’encadré.", 13), ("2", 2, "Définie dans la citation.", 18),
                   ("3", 3, "Définie au niveau de l’article.", 20)]
