"""A small test issue whose one long article overflows the pages the flatplan gives it.

The text is French-looking nonsense from a seeded generator, so every build of
the same shape lays out the same pages.  Each note starts with a marker
``Référence <n>`` found nowhere else in the issue, so that a test can look for
the note's text on a page with ``pdftotext``.

Usage::

    folder = write_long_issue(tmp_path)               # articles/long.md, articles/suite.md
    flatplan_line(folder, "long")                     # the issue.yaml line placing it
"""

from __future__ import annotations

import random
from pathlib import Path

from helpers import dump_yaml, front_matter, write_issue

SYLLABLES = ("la", "le", "re", "con", "tion", "pu", "bli", "que", "ter", "ri", "toi", "re", "ment", "ac", "ti", "on",
             "nu", "mé", "ri", "ser", "vi", "ce", "com", "mu", "nal", "dé", "par", "te", "men", "tal", "é", "lu",
             "ci", "to", "yen", "pro", "jet", "bud", "gé", "tai", "re", "ad", "mi", "nis", "tra", "tif")
SMALL_WORDS = ("de", "la", "le", "les", "des", "et", "en", "un", "une", "du", "pour", "dans", "sur", "avec", "par",
               "au", "aux", "qui", "que", "est", "sont", "plus", "ne", "pas", "se", "son", "leur", "cette")

LONG_ID = "long"
NEXT_ID = "suite"
LONG_TITLE = "Un article bien trop long pour ses pages"
NEXT_TITLE = "L’article qui suit le trop long"


def note_marker(number: int) -> str:
    """The words a note's text starts with (found nowhere else in the issue)."""
    return f"Référence {number}"


def _word(rng: random.Random) -> str:
    if rng.random() < 0.45:
        return rng.choice(SMALL_WORDS)
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4)))


def sentence(rng: random.Random, words: tuple[int, int] = (8, 22)) -> str:
    text = " ".join(_word(rng) for _ in range(rng.randint(*words)))
    if rng.random() < 0.3:
        cut = text.split(" ")
        cut.insert(len(cut) // 2, "–" if rng.random() < 0.5 else ",")
        text = " ".join(cut).replace(" ,", ",")
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", "?", "!", ";"))


def paragraph(rng: random.Random, sentences: tuple[int, int]) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def long_article(seed: int = 38, paragraphs: int = 60, note_every: int = 2,
                 paragraph_sentences: tuple[int, int] = (3, 7), note_sentences: tuple[int, int] = (2, 5)) -> str:
    """The long article's Markdown: ``paragraphs`` paragraphs, a note every ``note_every`` paragraph."""
    rng = random.Random(seed)
    body: list[str] = []
    notes: list[str] = []
    for index in range(paragraphs):
        text = paragraph(rng, paragraph_sentences)
        if index % note_every == note_every - 1:
            number = len(notes) + 1
            words = text.split(" ")
            at = rng.randint(len(words) // 2, len(words) - 1)
            words[at] = words[at] + f"[^n{number}]"
            text = " ".join(words)
            notes.append(f"[^n{number}]: {note_marker(number)} : {paragraph(rng, note_sentences)}")
        if index and index % 12 == 0:
            body.append(f"## Partie {index // 12}")
        body.append(text)
    meta = front_matter(rubric="dossier", kind="article", title=LONG_TITLE,
                        authors=[{"name": "Camille Essai", "role": "author"}])
    return meta + "\n" + "\n\n".join(body) + "\n\n" + "\n\n".join(notes) + "\n"


def next_article(seed: int = 39) -> str:
    rng = random.Random(seed)
    meta = front_matter(rubric="actualite", kind="article", title=NEXT_TITLE)
    return meta + "\n" + paragraph(rng, (3, 4)) + "\n"


def issue_yaml(long_pages: int = 4) -> str:
    """issue.yaml: cover 1, sommaire 2–3, the long article on ``long_pages`` pages from 4, the next, back cover."""
    next_page = 4 + long_pages
    data = {
        "magazine": "Horizons publics",
        "number": 99,
        "title": "Un numéro d’essai",
        "language": "fr",
        "date": "2024-03-01",
        "publisher": "Berger-Levrault",
        "editor_in_chief": "Julien Nessi",
        "trim": {"width_mm": 180, "height_mm": 260},
        "pages": next_page + 4,
        **({"print": {"pages_reason": "un numéro d'essai, jamais imprimé"}} if next_page % 4 else {}),
        "cover": {"taglines": ["Comprendre", "Agir"], "website": "horizonspublics.fr", "headline": "dossier",
                  "lines": [{"rubric": "dossier", "text": "Un titre de couverture"}]},
        "rubrics": [{"id": "actualite", "title": "L'actualité vue par…"},
                    {"id": "dossier", "title": "Dossier"}],
    }
    text = dump_yaml(data).replace("date: '2024-03-01'", "date: 2024-03-01")
    return text + (
        "flatplan:\n"
        "  - {page: 1, part: cover}\n"
        "  - {page: 2, part: sommaire}\n"
        f"  - {{page: 4, article: {LONG_ID}}}\n"
        f"  - {{page: {next_page}, article: {NEXT_ID}}}\n"
        f"  - {{page: {next_page + 4}, part: back-cover}}\n"
    )


def write_long_issue(root: Path, *, long_pages: int = 4, name: str = "hp-long", **shape) -> Path:
    """Write the long issue under ``root`` and return its folder; ``shape`` goes to :func:`long_article`."""
    return write_issue(root, {LONG_ID: long_article(**shape), NEXT_ID: next_article()},
                       issue_yaml=issue_yaml(long_pages), name=name)


def flatplan_line(folder: Path, article_id: str) -> int:
    """The 1-based line of issue.yaml that places ``article_id`` in the flatplan."""
    for number, line in enumerate((folder / "issue.yaml").read_text(encoding="utf-8").splitlines(), start=1):
        if f"article: {article_id}}}" in line:
            return number
    raise ValueError(article_id)
