"""The warm builder's process (``python -m horizons_pub.builder.warm OUT_ROOT``): the build's modules and
WeasyPrint imported once at its start (the workers it forks inherit them), one
:class:`..issue_memo.IssueMemo` per issue folder and one pool of workers for its life (render/pdf/workers.py), the build requests of its output root run one at a time, each answered with
what ``horizons-pub build`` prints (:class:`.records.Built`).

Its environment key is taken at its start: a request whose key differs (the code, layouts/ or fonts/
changed since) is refused, and the builder ends (its owner starts another).  It ends when its parent is
gone (a thread looks at the parent's pid once a second; with its process group when it leads one: the
workers of a build under way end with it) and after :data:`IDLE_SECONDS` without a request."""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
import threading
import time
import traceback
from multiprocessing.connection import Connection, Listener
from pathlib import Path

from ...render.pdf.workers import Workers
from ...support.diagnostics import Reporter
from ...support.environment import environment_key
from ..issue_memo import IssueMemo
from ..recipe import build_issue
from . import places
from .records import BuildRequest, Built, Failed, Refused

IDLE_SECONDS = 1800.0  # half an hour without a request: it ends (the preview starts another when needed)
REQUEST_SECONDS = 10.0  # a connection that sends no request within this is dropped


def cpu_seconds() -> float:
    """User + system CPU seconds of this process, of its reaped children and of its live ones (the pool's
    workers, read in /proc)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + reaped.ru_utime + reaped.ru_stime
    me, tick = os.getpid(), os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                fields = stream.read().rpartition(b")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == me:  # ppid; then utime, stime, cutime, cstime are fields 11..14 after the state
            total += sum(int(f) for f in fields[11:15]) / tick
    return total


class WarmServer:
    def __init__(self, out_root: Path, idle: float = IDLE_SECONDS):
        self.out_root = Path(out_root)
        self.folder = places.place_dir(self.out_root)
        self.idle = idle
        self.environment = environment_key()  # at its start: a request with another key is refused
        self.memos: dict[str, IssueMemo] = {}  # resolved issue folder → its IssueMemo
        self.workers: Workers | None = None
        self._pool_for: tuple | None = None  # the (jobs, folder, epoch) the workers were forked for
        self._busy = threading.Lock()
        self._last = time.monotonic()
        self.card: places.Card | None = None
        self.listener: Listener | None = None

    # -- life -----------------------------------------------------------------
    def listen(self) -> bool:
        """Take the place of the output root; False when a live builder holds it."""
        places.make_private(self.folder)
        if places.read_card(self.out_root) is not None:  # (a stale one is removed)
            return False
        try:
            (self.folder / places.SOCKET).unlink()
        except FileNotFoundError:
            pass
        self.card = places.Card.new(self.folder, self.environment)
        self.listener = Listener(self.card.socket, family="AF_UNIX", authkey=self.card.authkey)
        self.card.write(self.folder)  # once it listens: a client that reads it can connect
        return True

    def serve(self) -> None:
        threading.Thread(target=self._watch_idle, name="hp-warm-idle", daemon=True).start()
        while True:
            try:
                conn = self.listener.accept()
            except Exception:  # noqa: BLE001 - a client that failed the challenge (AuthenticationError) or went
                time.sleep(0.05)
                continue
            with self._busy:
                self._last = time.monotonic()
                try:
                    self._serve_one(conn)
                finally:
                    conn.close()
                    self._last = time.monotonic()

    def _serve_one(self, conn: Connection) -> None:
        try:
            if not conn.poll(REQUEST_SECONDS):
                return
            request = conn.recv()
        except (EOFError, OSError):
            return
        if not isinstance(request, BuildRequest):
            return
        if request.environment != self.environment:
            try:
                conn.send(Refused("the code, layouts/ or fonts/ changed since the warm builder started",
                                  self.environment))
            except OSError:
                pass
            self.end()
            return
        try:
            answer = self.build(request)
        except Exception as exc:  # noqa: BLE001 - a bug of the build: said to the client, which builds itself
            answer = Failed(f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            conn.send(answer)
        except OSError:  # the client went: the outputs are written all the same
            pass

    def build(self, request: BuildRequest) -> Built:
        started, cpu = time.monotonic(), cpu_seconds()
        os.chdir(request.cwd)  # its paths, as the client gave them, mean what they mean there
        if request.epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = request.epoch
        folder = Path(request.folder)
        memo = self.memos.setdefault(str(folder.resolve()), IssueMemo())
        reporter = Reporter(strict=request.strict, echo=False)
        result = build_issue(folder, Path(request.out_root), list(request.formats), reporter, jobs=request.jobs,
                           memo=memo, workers=self._workers((request.jobs, request.cwd, request.epoch)))
        counts = (memo.read, memo.transformed) if memo is not None and result.issue is not None else None
        return Built.of(result, reporter.diagnostics, cpu=cpu_seconds() - cpu, seconds=time.monotonic() - started,
                        pid=os.getpid(), memo=counts, warm=True)

    def _workers(self, wanted: tuple):
        """The pool shared by the builds; another one for a request with another number of jobs, current
        folder (a worker resolves the issue folder's path in its own) or SOURCE_DATE_EPOCH (in its
        environment) than the workers were forked with."""
        if self.workers is not None and wanted != self._pool_for:
            self.workers.close()
            self.workers = None
        if self.workers is None:
            self.workers, self._pool_for = Workers(wanted[0]), wanted
        return self.workers

    def _watch_idle(self) -> None:
        while True:
            time.sleep(min(1.0, self.idle / 4))
            if time.monotonic() - self._last >= self.idle and self._busy.acquire(blocking=False):
                if time.monotonic() - self._last >= self.idle:
                    self.end()
                self._busy.release()

    def end(self, now: bool = False) -> None:
        """Remove the card and the socket, close the pool (``now``: not waited for) and end the process."""
        if self.card is not None:
            places.remove(self.folder, self.card.pid)
        if self.workers is not None and not now:
            try:
                self.workers.close()
            except Exception:  # noqa: BLE001 - ending anyway
                pass
        end_group()


def end_group() -> None:
    """End this process, and its process group when it leads one (the workers of a build under way)."""
    sys.stdout.flush()
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(0)


def _end_with_parent(server: list) -> None:
    """As the press (builder/press/worker.py): a thread looks at the parent's pid once a second."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                if server:
                    server[0].end(now=True)
                end_group()

    threading.Thread(target=watch, name="hp-warm-parent", daemon=True).start()


def warm_up() -> None:
    """Import what a build imports, WeasyPrint too: the builds, and the workers they fork, start warm."""
    import weasyprint  # noqa: F401

    from ...render.epub import book  # noqa: F401
    from ...render.pdf import renderer, twin_layout, typeset  # noqa: F401
    from ...render import platforms  # noqa: F401
    from .. import stamp, summary  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m horizons_pub.builder.warm",
                                     description="The warm builder of an output root (started by the preview).")
    parser.add_argument("out_root", help="the output root (build --out) whose builds it makes")
    parser.add_argument("--idle", type=float, default=IDLE_SECONDS, help="end after this many seconds unused")
    args = parser.parse_args(argv)
    held: list = []
    _end_with_parent(held)
    server = WarmServer(Path(args.out_root), idle=args.idle)
    warm_up()
    if not server.listen():
        print(f"horizons-pub: a warm builder of {args.out_root} runs already", file=sys.stderr)
        return 3
    held.append(server)
    signal.signal(signal.SIGTERM, lambda *_: server.end(now=True))
    server.serve()
    return 0
