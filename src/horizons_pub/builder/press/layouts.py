"""The parts' layouts a long-lived process keeps between paginations (:class:`WarmLayouts`), and the
provisional answer that shows an edited part before the parts it pushes are laid out again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...render.pdf import cache_log
from ...render.pdf.job import PartFacts, PartJob
from ...render.pdf.pool import PartLayouts
from ...support.environment import environment_key

Result = tuple[bytes, PartFacts]


class Superseded(Exception):
    """A newer request came while this one was being laid out: it is dropped for the newer one."""


class LayoutMemory:
    """The layouts of the parts, by cache key, that the last paginations used; and the key each part
    (``variant:key``) had last, for the provisional answers."""

    def __init__(self) -> None:
        # the code this process runs, and layouts/ and fonts/ as it started: a change to the stylesheets is
        # seen by a new process (the preview's next start), as the stylesheets are parsed once (typeset.py)
        self.environment = environment_key()
        self.results: dict[str, Result] = {}
        self.last_key: dict[str, str] = {}  # "variant:part key" → its last layout's cache key
        self._used: dict[str, set[str]] = {}  # variant → the keys of its last final pagination

    def keep_only(self, variant: str, keys: set[str]) -> None:
        """After a final pagination of ``variant``: forget the layouts no variant's last pagination used."""
        self._used[variant] = set(keys)
        wanted = set().union(*self._used.values())
        for key in [k for k in self.results if k not in wanted]:
            del self.results[key]
        self.last_key = {label: key for label, key in self.last_key.items() if key in wanted}


class WarmLayouts(PartLayouts):
    """:class:`PartLayouts` that looks in ``memory`` before the cache on disk and lays out in this process.

    ``provisional``: a part that is not one of ``first`` and whose layout is not known at its new place
    (an overflow moved its first folio, so its running heads and folios change) is given its previous
    layout, and named in :attr:`stale`, instead of being laid out; reserved pages are always laid out
    (their count sets the folios).  ``interrupt()``: called before each part WeasyPrint would lay out;
    True raises :class:`Superseded`."""

    def __init__(self, cache_dir: Path | None, memory: LayoutMemory, *, provisional: bool = False,
                 first: tuple[str, ...] = (), interrupt: Callable[[], bool] = lambda: False):
        super().__init__(cache_dir, jobs=1, environment=memory.environment)  # in this process: it is warm
        self.memory = memory
        self.provisional = provisional
        self.first = set(first)
        self.interrupt = interrupt
        self.stale: list[str] = []  # the parts given their previous layout (provisional)
        self.keys: set[str] = set()  # the keys of the layouts this pagination used

    def get(self, job: PartJob) -> Result:
        key = self.key(job)
        label = f"{job.variant}:{job.meta.title}"
        known = self.memory.results.get(key)
        if known is not None and not cache_log.changed_files(known[1].read, job.issue_dir):
            self._keep(label, key, known)
            return known
        if not self.in_cache(job):  # WeasyPrint would lay it out (the cache's entry is read once more below)
            part = job.meta.title
            previous = self.memory.last_key.get(label)
            if (self.provisional and part not in self.first and not part.startswith("reserved-")
                    and previous in self.memory.results):
                self.stale.append(part)
                return self.memory.results[previous]
            if self.interrupt():
                raise Superseded
        result = super().get(job)
        self._keep(label, key, result)
        return result

    def _keep(self, label: str, key: str, result: Result) -> None:
        self.memory.results[key] = result
        self.memory.last_key[label] = key
        self.keys.add(key)
