"""How the magazine credits people: « Par … », « Propos recueillis par … », « Un dossier coordonné par … »."""

from __future__ import annotations

from dataclasses import dataclass

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
