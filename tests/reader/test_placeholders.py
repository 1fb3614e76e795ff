"""The placeholders of the ``new`` template (« À CHANGER », « À REMPLIR », « Prénom Nom », 2000-01-01),
reported by the reader as ``source.placeholder`` at their own line, in values and texts, never in comments."""

from __future__ import annotations

import datetime as dt

from helpers import article, line_of, load, messages, write_issue
from helpers.outputs import HP38

from horizons_pub.model.nodes import plain_text
from horizons_pub.reader.issue import read_issue
from horizons_pub.support.diagnostics import Reporter

Y = "hp-test/issue.yaml"
A = "hp-test/articles/a.md"
CHANGER = ("« À CHANGER » is a placeholder left from the new-issue template: replace this {what} with the real "
           "one, without the marker [source.placeholder]")
PERSON = "« Prénom Nom » is a placeholder left from the new-issue template: write the person's real name " \
         "[source.placeholder]"
DATE = ("the date 2000-01-01 is a placeholder left from the new-issue template: write the real date, as "
        "YYYY-MM-DD (the issue's date is the first day of its period) [source.placeholder]")
REMPLIR = ("« À REMPLIR » is a placeholder left from the new-issue template: fill in this {what}, and remove the "
           "marker [source.placeholder]")


def placeholders(reporter: Reporter) -> list[str]:
    return [m for m in messages(reporter) if m.endswith("[source.placeholder]")]


def read(folder) -> tuple[object, Reporter]:
    reporter = Reporter(echo=False)
    return read_issue(folder, reporter), reporter


ARTICLE = """\
---
# Un commentaire qui parle de « À CHANGER », de Prénom Nom et de 2000-01-01 : jamais signalé.
rubric: edito
kind: article
title: "À CHANGER : titre de l'article"   # À CHANGER aussi dans ce commentaire
standfirst: >
  Un chapô sur deux lignes, dont la seconde
  porte la marque À REMPLIR.
authors:
  - Prénom Nom
  - name: Camille Vrai
    description: "maire depuis 2000-01-01"
  - {name: Prénom Nom, role: contributor}
---

Un premier paragraphe sans marque, où l'on parle des habitudes à changer et des cases à remplir.

À CHANGER : le texte de l'article.

Une phrase qui cite Prénom
Nom, coupé en fin de ligne, et À\u00a0CHANGER tapé avec une espace insécable.
"""


def test_every_marker_is_reported_at_its_line_in_values_and_text(workdir):
    issue_yaml = ("# Le titre. À CHANGER avant l'impression (un commentaire : jamais signalé).\n"
                  "magazine: Horizons publics\nnumber: 99\n"
                  "title: \"À CHANGER : titre du dossier\"\n"
                  "language: fr\ndate: 2000-01-01\npublisher: Berger-Levrault\neditor_in_chief: Julien Nessi\n"
                  "trim: {width_mm: 180, height_mm: 260}\npages: 6\n"
                  "cover:\n  taglines: [Comprendre, Agir]\n  website: horizonspublics.fr\n  headline: edito\n"
                  "  lines:\n    - rubric: edito\n      person: Prénom Nom\n"
                  "      text: \"A CHANGER : accroche\"\n"
                  "rubrics:\n  - {id: edito, title: Édito}\n"
                  "flatplan:\n  - {page: 1, part: cover}\n  - {page: 2, part: sommaire}\n"
                  "  - {page: 4, article: a}\n  - {page: 6, part: back-cover}\n"
                  "print: {pages_reason: un numéro d'essai}\n")
    folder = write_issue(workdir, {"a": ARTICLE}, issue_yaml=issue_yaml)
    issue, reporter = read(folder)
    assert issue is not None and issue.date == dt.date(2000, 1, 1)  # warnings: the issue still reads
    body = ARTICLE
    expected = [
        f"{Y}:4: warning: {CHANGER.format(what='value')}",
        f"{Y}:6: warning: {DATE}",
        f"{Y}:17: warning: {PERSON}",
        f"{Y}:18: warning: {CHANGER.format(what='value')}",  # "A CHANGER" without its accent
        f"{A}:5: warning: {CHANGER.format(what='value')}",
        f"{A}:{line_of(body, 'porte la marque')}: warning: {REMPLIR.format(what='value')}",  # line 2 of the value
        f"{A}:10: warning: {PERSON}",
        f"{A}:12: warning: {DATE}",
        f"{A}:13: warning: {PERSON}",
        f"{A}:{line_of(body, 'À CHANGER : le texte')}: warning: {CHANGER.format(what='text')}",
        f"{A}:{line_of(body, 'À' + chr(0xa0) + 'CHANGER tapé')}: warning: {CHANGER.format(what='text')}",
        f"{A}:{line_of(body, 'cite Prénom')}: warning: {PERSON}",  # cut across two lines: where it starts
    ]

    def source_order(message: str) -> tuple[bool, int]:  # issue.yaml first, then the article, by line
        where = message.split(": warning:")[0]
        return not where.startswith(Y), int(where.rsplit(":", 1)[1])

    assert placeholders(reporter) == sorted(expected, key=source_order)
    assert placeholders(reporter) == messages(reporter)  # and nothing else


def test_yaml_comments_and_ordinary_french_are_not_placeholders(workdir):
    text = ("---\n# À CHANGER : « Prénom Nom », 2000-01-01 — des commentaires, jamais signalés.\n"
            "rubric: edito\nkind: article\n"
            "title: Les choses à changer et les formulaires à remplir   # À REMPLIR, Prénom Nom\n"
            "authors:\n  # - Prénom Nom\n  - Camille Prénomnom\n---\n\n"
            "Le 2000-01-012 n'est pas une date, ni 12000-01-01, et « prénom nom » en minuscules est un mot.\n")
    issue, reporter = read(write_issue(workdir, {"a": text}))
    assert issue is not None
    assert placeholders(reporter) == []


def test_an_issue_with_no_placeholder_has_none(workdir):
    issue, reporter = read(write_issue(workdir))
    assert issue is not None and messages(reporter) == []
    issue, reporter = read(HP38)  # issue 38, as it is published
    assert issue is not None and placeholders(reporter) == []


def test_the_typography_does_not_hide_a_marker(workdir):
    """The reader looks at the source as written, before the transforms; after them (French spacing,
    guillemets) the same markers are reported, once, and the printed text still carries them."""
    text = ('---\nrubric: edito\nkind: article\ntitle: "À CHANGER: titre"\n---\n\n'
            'Il a dit "À CHANGER" ! Signé : Prénom Nom ; le 2000-01-01.\n')
    folder = write_issue(workdir, {"a": text})
    _, as_read = read(folder)
    issue, transformed = load(folder)  # the reader, then the notes and typography transforms
    assert issue is not None
    assert placeholders(transformed) == placeholders(as_read) == [
        f"{A}:4: warning: {CHANGER.format(what='value')}",
        f"{A}:7: warning: {CHANGER.format(what='text')}",
        f"{A}:7: warning: {PERSON}",
        f"{A}:7: warning: {DATE}",
    ]
    title = plain_text(issue.article("a").title)
    assert title != "À CHANGER: titre" and title.startswith("À CHANGER")  # typography ran: the marker is printed


def test_strict_makes_a_placeholder_an_error(workdir):
    folder = write_issue(workdir, {"a": '---\nrubric: edito\nkind: article\ntitle: "À CHANGER"\n---\n'})
    issue, reporter = load(folder, strict=True)
    assert issue is None
    assert messages(reporter) == [f"{A}:4: error: {CHANGER.format(what='value')}"]


def test_a_marker_cut_across_lines_is_reported_where_its_value_starts_not_at_a_comment(workdir):
    text = ('---\nrubric: edito\nkind: article\ntitle: "Un titre signé Prénom\n  Nom, coupé"\n'
            "# Prénom Nom : un commentaire après la valeur, avant la clé suivante\nstandfirst: Un chapô.\n---\n")
    _, reporter = read(write_issue(workdir, {"a": text}))
    assert placeholders(reporter) == [f"{A}:4: warning: {PERSON}"]


def test_the_code_check_and_archive_match_is_the_one_the_reader_says(workdir):
    """check and archive find placeholders by ``placeholders.CODE``: the reader must report exactly it."""
    from horizons_pub.reader.placeholders import CODE

    folder = write_issue(workdir, {"a": article("Un texte. Prénom Nom signe.")})
    _, rep = load(folder)
    assert [d.code for d in rep.diagnostics if "Prénom Nom" in d.message] == [CODE]
