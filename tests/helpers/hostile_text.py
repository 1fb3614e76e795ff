"""Hostile cases of issue 15 (text): merged into hostile_cases.CASES and EXPECTED (same shapes).

Text checked wherever it enters the model (YAML escapes, HTML entities, the file as typed: control and
bidi characters), identifiers with an invisible or decomposed character, and the limits on numbers.
Each case breaks a copy of the small issue ``hp-test`` of hostile_cases.good_issue (an article ``a``, an
article ``b`` of the rubric ``terrain`` with a note and an image)."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Callable

from helpers import edit_issue_yaml, edit_once

_edit, _yaml = edit_once, edit_issue_yaml


def _b(folder: Path, old: str, new: str) -> None:
    _edit(folder / "articles" / "b.md", old, new)


def _nfd_article(folder: Path) -> None:
    """articles/société.md written with a decomposed accent (as macOS names files), listed composed."""
    (folder / "articles" / "b.md").rename(folder / "articles" / unicodedata.normalize("NFD", "société.md"))
    _yaml(folder, "article: b", "article: société")


NFD_NAME = unicodedata.normalize("NFD", "société.md")
MSG_ESCAPE = "written as a backslash escape: delete the escape"
BIDI_RLO = ("a bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE, which reorders the letters around "
            "it on the page)")
ID_HINT = ("is not a valid article id: use lower-case letters without accents, digits and hyphens (e.g. "
           "grand-entretien.md) [article.id]")

CASES: dict[str, Callable[[Path], None]] = {
    # -- control characters, wherever they enter ---------------------------------
    "text-yaml-escape-control": lambda f: _yaml(f, "title: Un numéro d'essai", 'title: "Un\\x01 numéro"'),
    "text-front-matter-escape-ansi": lambda f: _b(f, "title: Un article b", 'title: "\\e[31mUn article b"'),
    "text-yaml-key-escape": lambda f: _yaml(f, "title: Un numéro d'essai", '"title\\x01": Un numéro'),
    "text-yaml-list-item-escape": lambda f: _yaml(f, "  - Agir", '  - "Agir\\x7f"'),
    "text-entity-control": lambda f: _b(f, "Un texte avec", "Un &#12; texte avec"),
    "text-entity-in-alt": lambda f: _b(f, "![Un carré rouge]", "![Un &#x0C;carré rouge]"),
    "text-entity-in-title": lambda f: _b(f, "title: Un article b", 'title: "Un &#12; article b"'),
    # -- bidi controls --------------------------------------------------------------
    "text-bidi-title": lambda f: _b(f, "title: Un article b", "title: Un \u202earticle b"),
    "text-bidi-yaml-escape": lambda f: _yaml(f, "title: Un numéro d'essai", 'title: "Un \\u2067numéro"'),
    "text-bidi-entity": lambda f: _b(f, "Un texte avec", "Un &#x202E;texte avec"),
    "text-bidi-body": lambda f: _b(f, "Un texte avec", "Un \u2066texte\u2069 avec"),
    # -- identifiers ----------------------------------------------------------------
    "text-zwsp-rubric": lambda f: _b(f, "rubric: terrain", "rubric: terrain\u200b"),
    "text-word-joiner-headline": lambda f: _yaml(f, "headline: dossier", 'headline: "dos\\u2060sier"'),
    "text-bom-flatplan-article": lambda f: _yaml(f, "article: b", 'article: "b\\uFEFF"'),
    "text-nfd-article-file": _nfd_article,
    # -- limits on numbers ----------------------------------------------------------
    "text-pages-huge": lambda f: _yaml(f, "pages: 8", "pages: 50000000"),
    "text-number-300-digits": lambda f: _yaml(f, "number: 99", "number: " + "9" * 300),
    "text-number-zero": lambda f: _yaml(f, "number: 99", "number: 0"),
    "text-date-year-99999": lambda f: _yaml(f, "date: 2024-03-01", "date: 99999-03-01"),
    "text-date-out-of-range": lambda f: _yaml(f, "date: 2024-03-01", "date: 1900-03-01"),
    "text-trim-400-digits": lambda f: _yaml(f, "width_mm: 180", "width_mm: " + "9" * 400),
    "text-paper-400-digits": lambda f: _yaml(f, "pages: 8", "pages: 8\nprint:\n  paper_mm: " + "9" * 400),
    "text-flatplan-page-huge": lambda f: (_yaml(f, "pages: 8", "pages: 50000000"),
                                          _yaml(f, "- page: 8\n", "- page: 80000000\n")),
}

#: The diagnostics each case must print, exactly (and its exit status is 1).
EXPECTED: dict[str, list[str]] = {
    "text-yaml-escape-control": ["hp-test/issue.yaml:3: error: the value of 'title' holds an invisible control "
                                 f"character (U+0001), {MSG_ESCAPE} [text.control-char]"],
    "text-front-matter-escape-ansi": ["hp-test/articles/b.md:4: error: the value of 'title' holds an invisible "
                                      f"control character (U+001B), {MSG_ESCAPE} [text.control-char]"],
    "text-yaml-key-escape": ["hp-test/issue.yaml:3: error: a key holds an invisible control character (U+0001), "
                             f"{MSG_ESCAPE} [text.control-char]"],
    "text-yaml-list-item-escape": ["hp-test/issue.yaml:15: error: an item of a list holds an invisible control "
                                   f"character (U+007F), {MSG_ESCAPE} [text.control-char]"],
    "text-entity-control": ["hp-test/articles/b.md:7: error: the entity '&#12;' stands for an invisible control "
                            "character (U+000C): delete it [text.control-char]"],
    "text-entity-in-alt": ["hp-test/articles/b.md:9: error: the entity '&#x0C;' stands for an invisible control "
                           "character (U+000C): delete it [text.control-char]"],
    "text-entity-in-title": ["hp-test/articles/b.md:4: error: the entity '&#12;' stands for an invisible control "
                             "character (U+000C): delete it [text.control-char]"],
    "text-bidi-title": [f"hp-test/articles/b.md:4: error: {BIDI_RLO} is in the text at column 11: delete it "
                        "(retype the characters around it) [text.bidi-control]"],
    "text-bidi-yaml-escape": ["hp-test/issue.yaml:3: error: the value of 'title' holds a bidirectional control "
                              "character (U+2067 RIGHT-TO-LEFT ISOLATE, which reorders the letters around it on the "
                              f"page), {MSG_ESCAPE} [text.bidi-control]"],
    "text-bidi-entity": [f"hp-test/articles/b.md:7: error: the entity '&#x202E;' stands for {BIDI_RLO}: delete it "
                         "[text.bidi-control]"],
    "text-bidi-body": ["hp-test/articles/b.md:7: error: a bidirectional control character (U+2066 LEFT-TO-RIGHT "
                       "ISOLATE, which reorders the letters around it on the page) is in the text at column 4: "
                       "delete it (retype the characters around it) [text.bidi-control]"],
    "text-zwsp-rubric": ["hp-test/articles/b.md:2: error: unknown rubric 'terrain\\u200b' (it holds an invisible "
                         "character: U+200B ZERO WIDTH SPACE at position 8); did you mean 'terrain'? "
                         "[article.unknown-rubric]"],
    "text-word-joiner-headline": ["hp-test/issue.yaml:17: error: unknown rubric 'dos\\u2060sier' (it holds an "
                                  "invisible character: U+2060 WORD JOINER at position 4); did you mean 'dossier'? "
                                  "[cover.unknown-rubric]"],
    "text-bom-flatplan-article": [
        "hp-test/issue.yaml:31: error: the article articles/b.md is not in the flatplan: give it a page here "
        "('- {page: N, article: b}'), or move it out of articles/ [flatplan.unlisted-article]",
        "hp-test/issue.yaml:38: error: no file articles/b\\ufeff.md (it holds an invisible character: U+FEFF "
        "ZERO WIDTH NO-BREAK SPACE at position 2) for this flatplan entry; did you mean 'b'? "
        "[flatplan.missing-article]"],
    "text-nfd-article-file": [f"hp-test/articles/{NFD_NAME}:1: error: the file name 'société.md' {ID_HINT}"],
    "text-pages-huge": ["hp-test/issue.yaml:11: error: 'pages' is 50000000: an issue has at most 1,000 pages "
                        "[issue.pages]"],
    "text-number-300-digits": ["hp-test/issue.yaml:2: error: 'number' is a number of 300 digits: an issue's number "
                               "is a whole number from 1 to 999,999 [issue.number]"],
    "text-number-zero": ["hp-test/issue.yaml:2: error: 'number' is 0: an issue's number is a whole number from 1 "
                         "to 999,999 [issue.number]"],
    "text-date-year-99999": ["hp-test/issue.yaml:5: error: 'date' in issue.yaml must be a date (YYYY-MM-DD), not "
                             "'99999-03-01' [yaml.type]"],
    "text-date-out-of-range": ["hp-test/issue.yaml:5: error: 'date' is 1900-03-01: an issue's date is between "
                               "1970-01-01 and 2099-12-31 [issue.date]"],
    "text-trim-400-digits": ["hp-test/issue.yaml:9: error: 'width_mm' is a number of 400 digits: a page is between "
                             "50 and 1000 mm [issue.trim]"],
    "text-paper-400-digits": ["hp-test/issue.yaml:13: error: 'paper_mm' is a number of 400 digits: a thickness "
                              "between 0.03 and 0.5 mm is expected (one leaf, that is two pages) [print.paper]"],
    "text-flatplan-page-huge": [
        "hp-test/issue.yaml:11: error: 'pages' is 50000000: an issue has at most 1,000 pages [issue.pages]",
        "hp-test/issue.yaml:40: error: page 80000000 is after the last page an issue can have (1,000) "
        "[flatplan.page-range]"],
}
