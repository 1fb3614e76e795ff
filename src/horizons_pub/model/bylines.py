"""How the magazine credits people: « Par … », « Propos recueillis par … », « Un dossier coordonné par … »."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from . import fr
from .nodes import Article, Person, Role



@dataclass(frozen=True)
class Byline:
    label: str
    people: tuple[Person, ...]

    @property
    def names(self) -> str:
        return join_names([p.name for p in self.people])


def join_names(names: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {fr.AND} " + names[-1]


def bylines(article: Article) -> tuple[Byline, ...]:
    """The credit lines of an article, one per role that has a label."""
    out = []
    for role, label in fr.ROLE_LABELS.items():
        people = tuple(p for p in article.people if p.role is role)
        if people:
            out.append(Byline(label, people))
    return tuple(out)


def interviewees(article: Article) -> tuple[Person, ...]:
    return tuple(p for p in article.people if p.role is Role.INTERVIEWEE)


def contributors(article: Article) -> tuple[Person, ...]:
    return tuple(p for p in article.people if p.role is Role.CONTRIBUTOR)


def shown_interviewees(article: Article) -> tuple[Person, ...]:
    """The interviewees to print above an interview's title: none when the title already opens with them."""
    from .nodes import Kind, plain_text

    people = interviewees(article)
    if article.kind is not Kind.INTERVIEW:
        return ()
    title = plain_text(article.title)
    return tuple(p for p in people if not title.startswith(p.name))


class SplitName(NamedTuple):
    """A person's name cut into given names and surname, which the source does not separate
    (``Person.name`` is the name as printed, « Marie-Anne de La Tour »)."""

    given: str | None
    surname: str
    #: True when the cut is beyond doubt (one word, or two capitalised words without a particle); the JATS
    #: then gives ``name``, else ``string-name``; Crossref, which needs a surname, takes the cut either way
    certain: bool


_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’-]*\Z")
_PARTICLES = {"de", "du", "des", "d'", "d’", "le", "la", "van", "von", "der", "den", "di", "da", "del", "ben", "el"}


def split_name(name: str) -> SplitName:
    """The first word as the given name and the rest as the surname (« de La Tour », « Le Goff »), which is
    where the French catalogues (BnF, SUDOC) put particles and Breton articles; French given names joined
    by a hyphen (« Jean-Marc ») are one word.  A name of one word is a surname alone.  Given names of two
    words (« Marie Anne Dupont ») are cut wrongly, and said uncertain (docs/platforms.md)."""
    words = name.split()
    if len(words) < 2:
        return SplitName(None, name.strip(), True)
    certain = (len(words) == 2 and not any(w.lower() in _PARTICLES for w in words)
               and all(_WORD.match(w) for w in words))
    return SplitName(words[0], " ".join(words[1:]), certain)
