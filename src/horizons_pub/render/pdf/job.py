"""A print part's layout job and what its layout says: plain values, sent to workers and kept in the cache.

(Kept apart from typeset, which imports WeasyPrint: a build whose parts are all
cached never loads it.)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class DocumentMeta:
    """What a PDF's Info dictionary and XMP say: a part's own (its key, the language, the date), or the
    issue's, which finish.py sets on the merged PDF."""

    title: str
    authors: tuple[str, ...] = ()
    description: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = ""
    generator: str = "horizons-pub"
    date: str = ""  # W3C date: created and modified


@dataclass(frozen=True)
class PartJob:
    issue_dir: str
    variant: str  # a name of variants.VARIANTS: "print" or "screen"
    html: str
    epoch: int  # SOURCE_DATE_EPOCH: font subsetting and dates read it
    meta: DocumentMeta
    environment: str  # stamp.environment_key(): layouts/, fonts/, the code, the libraries


@dataclass(frozen=True)
class PartFacts:
    """What the layout of a part says, besides its PDF."""

    pages: int
    calls: tuple[tuple[str, ...], ...]  # per page, the ids of the notes called on it
    notes: tuple[tuple[str, ...], ...]  # per page, the ids of the notes printed at its foot
    page_blocks: tuple[int, ...]  # per page after the first, the index of the body block it begins with
    messages: tuple[str, ...] = ()  # what WeasyPrint warned about
    refused: tuple[str, ...] = ()  # URLs the sandbox refused
    read: tuple[tuple[str, str], ...] = ()  # files of the issue folder it read: (relative path, sha256)
    too_wide: tuple[tuple[str, float], ...] = ()  # tables wider than their place: (block id, points over)
    #: where each top-level figure went: figure_places.FigurePlace as a tuple (source line, page index,
    #: column, placement asked, placement got, blocks moved)
    figures: tuple[tuple[int, int, str, str, str, int], ...] = ()
    opener_fill: float | None = None  # the share of the opening page's text area used (figure_survey.py)
    long_heads: tuple[tuple[str, float, float], ...] = ()  # running heads too long: (text, width, room) in pt
    #: lines printed over the notes at a page's foot (overprint.py): (page index, body block or -1, words)
    overprints: tuple[tuple[int, int, str], ...] = ()
    #: justified lines whose word spaces were stretched past twice their width (loose_lines.py):
    #: (page index, body block or -1, the widest space as a multiple of its natural width, the first words)
    loose: tuple[tuple[int, int, float, str], ...] = ()

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "PartFacts":
        return cls(pages=data["pages"], calls=tuple(tuple(x) for x in data["calls"]),
                   notes=tuple(tuple(x) for x in data["notes"]), page_blocks=tuple(data["page_blocks"]),
                   messages=tuple(data["messages"]), refused=tuple(data["refused"]),
                   read=tuple((name, digest) for name, digest in data["read"]),
                   too_wide=tuple((name, over) for name, over in data.get("too_wide", ())),
                   figures=tuple(tuple(f) for f in data["figures"]), opener_fill=data["opener_fill"],
                   long_heads=tuple(tuple(head) for head in data.get("long_heads", ())),
                   overprints=tuple(tuple(o) for o in data.get("overprints", ())),
                   loose=tuple(tuple(line) for line in data.get("loose", ())))
