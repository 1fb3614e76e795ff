"""The laid-out pages the preview shows: for each edition (print, screen), the last answer of the press
(builder/press: a warm layout process) — its layout, which image shows each folio — and the images.

After each good reload (:meth:`Board.issue_changed`) the articles that differ from the last reload's are
sent to the press as the parts to lay out first; its first answer shows their new pages at once (the
parts they push still shown as they were, marked), its final one the whole edition, then
``on_final`` starts the background build (which finds the print parts in the cache the press shares).
An edition is laid out once it has been asked for (:meth:`want`): the print edition from the start, the
screen edition when a page of it is first opened."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ...builder.press.client import PressClient
from ...builder.press.records import Failed, Laid, PageImage
from ...model.nodes import Issue
from ...render.pdf.layout_file import LayoutFile, LayoutFileError, parse_layout
from ...support.cache import CACHE_DIR
from .console import Console
from .live import LiveIssue

EDITIONS = ("print", "screen")


@dataclass(frozen=True)
class Edition:
    """What the preview shows of one edition (replaced whole by each answer)."""

    variant: str
    layout: LayoutFile | None = None  # None: nothing laid out yet
    folios: dict[int, str] = field(default_factory=dict)  # folio → its image id
    stale: frozenset[int] = frozenset()  # folios of parts shown as they were (about to move)
    fresh: frozenset[int] = frozenset()  # folios whose image changed in the last answer
    final: bool = True
    laid_out: tuple[str, ...] = ()  # the parts the last answer laid out anew
    seconds: float | None = None  # from the save (the request) to the last answer
    drawing: tuple[float, int] = (0.0, 0)  # the last answer's seconds drawing page images, and pages drawn
    asked: int = 0  # the serial of the last request
    answered: int = 0  # the serial of the last answer
    failed: str = ""  # the last request failed: why
    pending: frozenset[str] = frozenset()  # the part keys of the request under way

    @property
    def laying(self) -> bool:
        return self.asked > self.answered or not self.final


class Board:
    def __init__(self, live: LiveIssue, console: Console, on_final: Callable[[str], None] | None = None):
        self.live = live
        self.console = console
        self.on_final = on_final  # called with the variant after each final answer
        self.press = PressClient(self._answer)
        self._lock = threading.Lock()
        self._editions = {v: Edition(v) for v in EDITIONS}
        self._wanted = ["print"]
        self._images: dict[str, PageImage] = {}
        self._issue: Issue | None = None  # the issue of the last request
        self._asked_at: dict[int, float] = {}  # serial → when it was asked
        self.generation = 0  # bumped with each answer: the pages' tags change
        self.changed = threading.Condition(self._lock)

    def start(self) -> Board:
        self.press.start()
        return self

    def stop(self) -> None:
        self.press.stop()

    def edition(self, variant: str) -> Edition:
        with self._lock:
            return self._editions[variant]

    def image(self, image_id: str) -> PageImage | None:
        with self._lock:
            return self._images.get(image_id)

    # -- requests ------------------------------------------------------------
    def issue_changed(self, issue: Issue) -> None:
        """A good reload: lay out each edition wanted, the articles that changed first."""
        with self._lock:
            before, self._issue = self._issue, issue
            wanted = list(self._wanted)
        first = _changed_articles(before, issue) if before is not None else ()
        for variant in wanted:
            self._ask(issue, variant, first)

    def want(self, variant: str) -> None:
        """Keep ``variant`` laid out from now on (the first time one of its pages is opened)."""
        with self._lock:
            if variant in self._wanted:
                return
            self._wanted.append(variant)
            issue = self._issue
        if issue is not None:
            self._ask(issue, variant, ())

    def _ask(self, issue: Issue, variant: str, first: tuple[str, ...]) -> None:
        cache = self.live.out_root / issue.id / CACHE_DIR
        with self._lock:
            serial = self.press.lay(issue, variant, cache, first)
            self._asked_at[serial] = time.monotonic()
            self._editions[variant] = replace(self._editions[variant], asked=serial, pending=frozenset(first))
            self.generation += 1
            self.changed.notify_all()

    # -- answers -------------------------------------------------------------
    def _answer(self, answer: Laid | Failed) -> None:
        with self._lock:
            old = self._editions[answer.variant]
            if answer.serial < old.answered:
                return  # an answer to a request a newer one already answered
            asked_at = self._asked_at.get(answer.serial)
            seconds = round(time.monotonic() - asked_at, 2) if asked_at is not None else None
            if isinstance(answer, Failed):
                self._editions[answer.variant] = replace(old, answered=answer.serial, failed=answer.message,
                                                         final=True, pending=frozenset(), seconds=seconds)
            else:
                self._editions[answer.variant] = self._laid(old, answer, seconds)
            self.generation += 1
            self.changed.notify_all()
        if isinstance(answer, Failed):
            self.console.say(f"horizons-pub preview: the {answer.variant} pages could not be laid out: "
                             f"{answer.message}", error=True)
        elif answer.final:
            self.console.say(f"{answer.variant} pages laid out in {seconds if seconds is not None else '?'} s"
                             f"{' (' + ', '.join(answer.laid_out[:4]) + ')' if answer.laid_out else ''}")
            if self.on_final is not None:
                self.on_final(answer.variant)

    def _laid(self, old: Edition, answer: Laid, seconds: float | None) -> Edition:
        for image in answer.images:
            self._images[image.id] = image
        try:
            layout = parse_layout(answer.layout, self.live.issue_dir)
        except LayoutFileError as exc:
            return replace(old, answered=answer.serial, failed=str(exc), final=True, pending=frozenset())
        folios: dict[int, str] = {}
        stale: set[int] = set()
        for part in answer.parts:
            for offset, image_id in enumerate(part.images):
                folios[part.first + offset] = image_id
                if part.stale:
                    stale.add(part.first + offset)
        if answer.final:  # the images no later answer can name are dropped (the press forgets them too)
            keep = set(answer.keep) | {i for e in self._editions.values() for i in e.folios.values()
                                       if e.variant != answer.variant}
            self._images = {i: image for i, image in self._images.items() if i in keep}
        fresh = frozenset(f for f, i in folios.items() if old.folios.get(f) != i) if old.layout else frozenset()
        return replace(old, layout=layout, folios=folios, stale=frozenset(stale), fresh=fresh, final=answer.final,
                       laid_out=answer.laid_out, seconds=seconds, answered=answer.serial, failed="",
                       drawing=(round(answer.drawing, 3), answer.drawn),
                       pending=old.pending if not answer.final and answer.serial == old.asked else frozenset())


def _changed_articles(before: Issue, now: Issue) -> tuple[str, ...]:
    """The ids of the articles of ``now`` that are new or differ from ``before``'s."""
    old = {a.id: a for a in before.articles}
    return tuple(a.id for a in now.articles if old.get(a.id) != a)
