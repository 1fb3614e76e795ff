"""Parts laid out once: from the cache when nothing that shapes them changed, else in a pool of processes.

A part's cache key is the hash of its job: its HTML (which holds its first folio), its
variant, its document metadata, the build's date and the environment (layouts/, fonts/,
the code and the versions of the libraries, see support.environment).  The files of the
issue folder that the layout read (its images) are recorded with the hashes of the bytes
it was given, and checked when the entry is used.  Entries live in
``<out>/<issue>/.cache/parts`` as ``<key>-<sha256>.pdf`` and its record ``<key>-<sha256>.json`` (the facts,
and the PDF's hash again): one is used only when both are regular files of the cache and the PDF's bytes
have the hash its name and its record say, else the part is laid out again.  A build into an
empty folder is a cold build; a successful build of both variants removes the entries it did not use
(:meth:`PartLayouts.prune`).  Beside them, ``part-inputs.json`` (cache_log.py) records the inputs of
each part's last layout, so that a build can say why it laid a part out again
(:attr:`PartLayouts.verdicts`, which ``build --verbose`` prints).

Jobs that are not cached run in worker processes forked from the build (workers.py: each
worker imports WeasyPrint, configures the fonts and parses the stylesheets once), largest first.
The same workers then merge and finish each variant (:meth:`PartLayouts.call`).  With one job at
a time (``jobs=1``) all runs in the build's own process.  The workers may be shared with other
builds (``workers``): closing the layouts then waits for their own work only.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import Future, wait
from dataclasses import asdict
from pathlib import Path

from ...support import cache
from ...support.environment import environment_key
from . import cache_log
from .cache_log import PartInputs, PartVerdict
from .job import PartFacts, PartJob
from .workers import Workers, default_jobs

PARTS = "parts"


class PartLayouts:
    def __init__(self, cache_dir: Path | None, jobs: int | None = None, environment: str | None = None,
                 workers: Workers | None = None):
        """``environment``: environment_key(), when the build has it already; ``workers``: a pool shared with
        other builds (its ``jobs`` then), else one of its own, made when first needed."""
        self.folder = cache_dir / PARTS if cache_dir is not None else None
        self.jobs = workers.jobs if workers is not None else max(1, jobs or default_jobs())
        self._shared = workers is not None
        self._pool: Workers | None = workers
        self._futures: dict[str, Future] = {}
        self._jobs: dict[str, PartJob] = {}  # the job of each future
        self._done: dict[str, tuple[bytes, PartFacts]] = {}
        #: key → (the future of a pair's layout, its index in the pair's result, its job, its twin's key)
        self._pairs: dict[str, tuple[Future, int, PartJob, str]] = {}
        self._calls: list[Future] = []  # the work given to the workers after the layout (call())
        self.used: set[str] = set()
        self.laid_out: list[str] = []  # "variant:part" of each part laid out by this build (not from the cache)
        self.paired: list[str] = []  # the parts laid out once for both editions (start())
        # once per build: layouts/ or fonts/ may change between builds
        self.environment = environment or environment_key()
        self._keys: dict[PartJob, str] = {}
        # why parts are laid out again (cache_log.py): the last build's record, and this build's
        self._log = cache_log.load(cache_dir) if cache_dir is not None else None
        self._had_entries = self.folder is not None and self.folder.is_dir() and any(self.folder.glob("*.pdf"))
        self._misses: dict[str, str] = {}  # key → what its lookup found: "absent", "damaged", "changed"
        self._from_cache: set[str] = set()
        self._records: dict[str, PartInputs] = {}  # "variant:part" → the inputs of the layout this build used
        self._told: set[tuple[str, str]] = set()
        self._log_dirty = False
        #: each part this build used, in the order asked: from the cache, or laid out and why
        self.verdicts: list[PartVerdict] = []

    # -- the cache ------------------------------------------------------------
    def key(self, job: PartJob) -> str:
        if job not in self._keys:
            # not the issue folder's place: a part does not change when the folder moves (the files it
            # reads there are checked by their hashes, see _cached)
            fields = {k: v for k, v in asdict(job).items() if k != "issue_dir"}
            self._keys[job] = cache.key(json.dumps(fields, sort_keys=True, ensure_ascii=False))
        return self._keys[job]

    def _cached(self, key: str, issue_dir: str) -> tuple[bytes, PartFacts] | None:
        """The entry of ``key`` when it holds: ``<key>-<sha256>.pdf`` and ``<key>-<sha256>.json``, regular
        files of the cache (no link followed), the PDF's bytes of the hash its name and its record say."""
        if self.folder is None:
            return None
        names = self._entries(key)
        self._misses[key] = "damaged" if names else "absent"
        found = None
        for stem in names:
            digest = stem.partition("-")[2]
            data = cache.read_entry(self.folder, f"{stem}.pdf")
            record = cache.read_entry(self.folder, f"{stem}.json")
            if data is None or record is None or hashlib.sha256(data).hexdigest() != digest:
                continue  # cut short (a build killed while writing it), changed on disk, or not a file
            try:
                record = json.loads(record)
                if record["sha256"] != digest:
                    continue
                found = data, PartFacts.from_json(record["facts"])
            except (ValueError, KeyError, TypeError):  # a record this version cannot read
                continue
            break
        if found is None:
            return None
        if cache_log.changed_files(found[1].read, issue_dir):
            self._misses[key] = "changed"
            return None  # an image it shows has changed
        del self._misses[key]
        return found

    def in_cache(self, job: PartJob) -> bool:
        """Whether the part's layout is in the cache on disk (its entry sound, the files it read unchanged)."""
        return self._cached(self.key(job), job.issue_dir) is not None

    def _entries(self, key: str) -> list[str]:
        """The stems ``<key>-<sha256>`` of the entries stored for ``key`` (one, unless damaged)."""
        try:
            return sorted({name.rsplit(".", 1)[0] for name in os.listdir(self.folder)
                           if name.startswith(f"{key}-") and name.endswith((".pdf", ".json"))})
        except OSError:
            return []

    def _store(self, key: str, data: bytes, facts: PartFacts) -> None:
        if self.folder is None:
            return
        digest = hashlib.sha256(data).hexdigest()
        record = {"sha256": digest, "facts": facts.to_json()}
        stem = f"{key}-{digest}"  # the hash in the name too: a record made to match a changed PDF names another
        # the PDF first: an entry is valid only once its record names the PDF's hash
        if cache.write_entry(self.folder.parent, (PARTS, f"{stem}.pdf"), data):
            cache.write_entry(self.folder.parent, (PARTS, f"{stem}.json"), json.dumps(record).encode())
        for other in self._entries(key) if self._own_folder() else ():  # an older, damaged entry of the key
            if other != stem:
                for suffix in (".pdf", ".json"):
                    try:
                        (self.folder / f"{other}{suffix}").unlink(missing_ok=True)
                    except OSError:
                        pass

    def _own_folder(self) -> bool:
        """Whether the entries' folder is a folder of the cache, no symbolic link on the way from ``.cache``."""
        return self.folder is not None and all(
            os.path.isdir(p) and not os.path.islink(p) for p in (self.folder.parent, self.folder))

    def prune(self) -> None:
        """Remove the entries this build did not use (older versions of the parts)."""
        if not self._own_folder():
            return  # none, or not the cache's own (a symbolic link): nothing removed there
        for path in self.folder.iterdir():
            if path.stem.partition("-")[0] not in self.used and path.suffix in (".pdf", ".json"):
                try:
                    path.unlink(missing_ok=True)
                except OSError:  # a read-only cache: only a larger one
                    pass
        if self._records:  # the log keeps only the parts of this build
            cache_log.save(self.folder.parent, self._records)
            self._log_dirty = False

    # -- the work -------------------------------------------------------------
    def start(self, jobs: list[PartJob]) -> None:
        """Begin laying out the parts that are not cached (they will likely be asked for), largest first; a
        part asked for in both PDF editions is laid out once for both (twin_layout.py) when neither is cached."""
        if self.jobs == 1:
            return
        by_part: dict[str, dict[str, PartJob]] = {}
        for job in jobs:
            by_part.setdefault(job.meta.title, {})[job.variant] = job
        for job in sorted(jobs, key=lambda j: len(j.html), reverse=True):
            twin = by_part[job.meta.title]
            if job.variant == "print" and "screen" in twin:
                self._submit_pair(job, twin["screen"])
            self._submit(job)  # (nothing to do for the jobs of a pair)

    def _submit_pair(self, printed: PartJob, screen: PartJob) -> None:
        keys = self.key(printed), self.key(screen)
        if any(k in self._futures or k in self._done or k in self._pairs for k in keys):
            return
        if any(self._cached(k, j.issue_dir) is not None for k, j in zip(keys, (printed, screen))):
            return  # one of them is cached: the other is laid out alone
        future = self._workers().submit(_lay_out_pair, printed, screen)
        self.paired.append(printed.meta.title)
        for index, (key, job) in enumerate(zip(keys, (printed, screen))):
            self._pairs[key] = (future, index, job, keys[1 - index])

    def _take_pair(self, key: str) -> None:
        """The result of a pair's layout for ``key``, and its twin's, known now (waiting for the worker)."""
        future, index, job, other = self._pairs.pop(key)
        twin = self._pairs.pop(other, None)
        if future.cancelled():
            return  # asked for after settle(): laid out alone
        results = future.result()
        self._laid(key, job, results[index])
        if twin is not None:
            self._laid(other, twin[2], results[twin[1]])
            self.used.add(other)  # asked for by the other edition (or the next build)

    def get(self, job: PartJob) -> tuple[bytes, PartFacts]:
        key = self.key(job)
        self.used.add(key)
        if key in self._pairs:
            self._take_pair(key)
        self._submit(job)
        if key in self._futures:
            self._laid(key, job, self._futures.pop(key).result())
        self._tell(job, key, self._done[key][1])
        return self._done[key]

    def _tell(self, job: PartJob, key: str, facts: PartFacts) -> None:
        """Record that the build used this layout of the part: from the cache, or laid out, and why."""
        name = _label(job)  # the log's name of the part in its variant
        if (name, key) in self._told:
            return
        self._told.add((name, key))
        now = PartInputs(key, cache_log.text_hash(job.html), cache_log.first_folio(job.html), job.environment,
                         job.epoch, facts.read)
        reason = cache_log.FROM_CACHE
        if key not in self._from_cache:
            previous = (self._log or {}).get(name)
            reason = cache_log.why(previous, now, log_found=self._log is not None,
                                   cache_had_entries=self._had_entries, miss=self._misses.get(key),
                                   changed=_changed(previous.read, facts.read) if previous else [],
                                   part=job.meta.title)
        self.verdicts.append(PartVerdict(job.variant, job.meta.title, now.folio, facts.pages, reason))
        self._records[name] = now
        self._log_dirty = True

    def _laid(self, key: str, job: PartJob, result: tuple[bytes, PartFacts]) -> None:
        self.laid_out.append(_label(job))
        self._store(key, *result)
        self._done[key] = result

    def _submit(self, job: PartJob) -> None:
        """Make the part's result known (from the cache, or laid out here with one job) or under way."""
        key = self.key(job)
        if key in self._futures or key in self._done or key in self._pairs:
            return
        cached = self._cached(key, job.issue_dir)
        if cached is not None:
            self._done[key] = cached
            self._from_cache.add(key)
        elif self.jobs == 1:
            from .typeset import lay_out_part

            self._laid(key, job, lay_out_part(job))
        else:
            self._futures[key] = self._workers().submit(_lay_out, job)
            self._jobs[key] = job

    def settle(self) -> None:
        """The layout is decided: parts started early that no worker has begun are not needed."""
        for future in [*self._futures.values(), *(pair[0] for pair in self._pairs.values())]:
            future.cancel()

    def call(self, function, *args) -> Future:
        """``function(*args)`` in a worker (or now, with one job): for work that follows the layout."""
        if self.jobs == 1:
            future: Future = Future()
            future.set_result(function(*args))
            return future
        future = self._workers().call(function, *args)  # the issue among args sent once (workers.py)
        self._calls.append(future)
        return future

    def _workers(self) -> Workers:
        if self._pool is None:  # forked: a worker starts with the model and the libraries loaded
            self._pool = Workers(self.jobs)
        return self._pool

    def close(self) -> None:
        """Stop the workers (those at work finish; shared ones: this build's work not begun is cancelled, the
        rest waited for), then keep what they laid out that nobody asked for: a part started at its planned
        folio that an overflow moved is asked for by the next build."""
        if self._pool is not None:
            if self._shared:
                own = [*self._futures.values(), *(pair[0] for pair in self._pairs.values()), *self._calls]
                for future in own:
                    future.cancel()
                wait(own)  # the pool stays the builds' that share it
            else:
                self._pool.close()
                self._pool = None
        self._calls.clear()
        for key, future in self._futures.items():
            if not future.cancelled() and future.exception() is None:
                self._laid(key, self._jobs[key], future.result())
                self.used.add(key)
        self._futures.clear()
        for key in list(self._pairs):
            if key in self._pairs and not self._pairs[key][0].cancelled() and self._pairs[key][0].exception() is None:
                self.used.add(key)
                self._take_pair(key)
        self._pairs.clear()
        if self._log_dirty and self.folder is not None:  # the last build's records, updated by this one's
            cache_log.save(self.folder.parent, {**(self._log or {}), **self._records})
            self._log_dirty = False


def _changed(before: tuple[tuple[str, str], ...], now: tuple[tuple[str, str], ...]) -> list[str]:
    """The files a part's last layout read whose hash this layout's differs from (its facts hold both: no
    file read again)."""
    hashes = dict(now)
    return [name for name, digest in before if hashes.get(name, digest) != digest]


def _lay_out(job: PartJob) -> tuple[bytes, PartFacts]:
    from .typeset import lay_out_part  # in the worker: WeasyPrint is loaded where pages are laid out

    return lay_out_part(job)


def _lay_out_pair(printed: PartJob, screen: PartJob) -> tuple[tuple[bytes, PartFacts], tuple[bytes, PartFacts]]:
    from .twin_layout import lay_out_both  # in the worker, as _lay_out

    return lay_out_both(printed, screen)


def _label(job: PartJob) -> str:
    return f"{job.variant}:{job.meta.title}"
