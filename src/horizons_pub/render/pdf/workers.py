"""The worker processes that lay out parts and finish PDFs, shared by every build that is given them.

A build makes its own :class:`Workers` (and closes them), or is given one that outlives it: several issues
of a back catalogue built by one command share one pool, so the workers that finish an issue's PDFs are
the ones that lay out the next issue's parts, and both cores stay busy; a long-lived builder keeps its
workers warm between builds.

:meth:`Workers.start` forks them as soon as the build knows it will lay out (before the issue is read):
each worker imports WeasyPrint, configures the fonts and parses the stylesheets of that issue folder
(typeset.py's set-up) while the build reads and transforms the issue.

The work that follows the layout (finishing each PDF, cutting each article's) runs in workers of its own,
forked at the same time, which lay nothing out: a layout worker keeps growing with the parts it lays out
(WeasyPrint's caches, about 5 MB a part), and finishing a 400-page screen PDF in one of them began from
216 MB and peaked at 325 MB, where a fresh process begins at about 70 MB.

The issue's model is handed to the workers once (:meth:`Workers.share`): the work that follows the layout
(finishing each PDF, cutting each article's) takes the issue as its first argument, and sending it with
every call pickled the whole model each time (about 0.05 s a call, 23 calls for a 20-article issue).  It
is pickled once into a private temporary file, and each call carries its digest; a worker reads it once
(the bytes checked against that digest) and keeps it.  A worker forked after it was shared has it
already.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ...model.nodes import Issue


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class SharedIssue:
    """An issue shared with the workers: the digest of its pickled bytes, and the file holding them."""

    digest: str
    path: str


#: the issues this process knows by digest (a forked worker inherits its parent's)
_issues: dict[str, Issue] = {}
_KEPT = 4  # issues a long-lived worker keeps (the back catalogue's, a warm builder's last ones)


class Workers:
    """Two pools of forked processes (``jobs`` of each, default one per core), one that lays out
    (:meth:`submit`), one that finishes (:meth:`call`), made at the first :meth:`start`, :meth:`submit` or
    :meth:`call`; :meth:`close` stops them."""

    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or default_jobs())
        self._pool: ProcessPoolExecutor | None = None
        self._finishers: ProcessPoolExecutor | None = None
        self._shared: dict[int, tuple[Issue, SharedIssue]] = {}  # id(issue) → (the issue, its handle)
        self._folder: str | None = None

    def start(self, issue_dir: Path | str | None = None, environment: str | None = None) -> None:
        """Fork the workers now (if not yet); each layout worker sets up the layout of ``issue_dir`` in
        ``environment``."""
        if self._pool is None:
            warm = (str(issue_dir), environment) if issue_dir is not None and environment else None
            self._pool = _forked(self.jobs, warm)
            self._finishers = self._finishers or _forked(self.jobs, None)

    def submit(self, function, *args) -> Future:
        """``function(*args)`` in a layout worker."""
        self.start()
        return self._pool.submit(function, *args)

    def call(self, function, *args) -> Future:
        """``function(*args)`` in a finishing worker, each Issue among ``args`` sent as a :class:`SharedIssue`."""
        self.start()
        return self._finishers.submit(_call, function, tuple(self.share(a) if isinstance(a, Issue) else a
                                                             for a in args))

    def share(self, issue: Issue) -> SharedIssue:
        """The handle of ``issue`` for the workers (pickled once, the first time)."""
        known = self._shared.get(id(issue))
        if known is not None and known[0] is issue:
            return known[1]
        data = pickle.dumps(issue, protocol=pickle.HIGHEST_PROTOCOL)
        digest = hashlib.sha256(data).hexdigest()
        if self._folder is None:
            self._folder = tempfile.mkdtemp(prefix="horizons-pub-workers-")  # 0700: this user's only
        path = Path(self._folder) / f"{digest}.pickle"
        if not path.exists():
            fd, aside = tempfile.mkstemp(dir=self._folder)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(aside, path)
        handle = SharedIssue(digest, str(path))
        self._shared[id(issue)] = (issue, handle)
        _remember(digest, issue)
        return handle

    def close(self, wait: bool = True) -> None:
        for pool in (self._pool, self._finishers):
            if pool is not None:
                pool.shutdown(wait=wait, cancel_futures=True)
        self._pool = self._finishers = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._shared.clear()


def _forked(jobs: int, warm: tuple[str, str] | None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes forked now, from this process as it is (a forking pool starts all its
    processes at its first submission: a no-op)."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker_start, initargs=(warm,))
    pool.submit(int)
    return pool


def _remember(digest: str, issue: Issue) -> None:
    _issues[digest] = issue
    while len(_issues) > _KEPT:
        del _issues[next(iter(_issues))]


def resolve(handle: SharedIssue) -> Issue:
    """The issue of ``handle`` (in a worker): known already, or read from its file, its digest checked."""
    issue = _issues.get(handle.digest)
    if issue is None:
        data = Path(handle.path).read_bytes()
        if hashlib.sha256(data).hexdigest() != handle.digest:
            raise RuntimeError(f"the issue shared with the workers changed on disk: {handle.path}")
        issue = pickle.loads(data)  # noqa: S301 - written by this build's process, its digest checked
        _remember(handle.digest, issue)
    return issue


def _call(function, args: tuple):
    return function(*(resolve(a) if isinstance(a, SharedIssue) else a for a in args))


def _worker_start(warm: tuple[str, str] | None) -> None:
    import sys

    from ...support import progress

    progress.detach()  # the parent's progress display (and its thread) is not the worker's
    # nor its console: the display's thread may have held the console's lock when the worker was forked
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    if warm is not None:  # WeasyPrint imported, fonts configured, stylesheets parsed while the build reads
        from .typeset import warm_up

        warm_up(*warm)
