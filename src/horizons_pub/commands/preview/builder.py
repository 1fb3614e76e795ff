"""The background build: after a good reload, the build (by the warm builder, builder/warm/, started with
the preview; else ``horizons-pub build`` in a child process) and then ``horizons-pub flatplan`` in a child
process (one at a time; saves made meanwhile queue one more build), so the PDFs, the EPUB and the flatplan
follow the source without slowing the pages: they run at a lower priority (nice :data:`NICE`) than the
preview and its layout process, and a save ends the build under way (:meth:`hold`: its outputs would be
stale; what it laid out stays in the parts' cache for the next): a child is ended, the warm builder is
ended with its process group and another started at once (what it kept in memory is lost then).  A
build's outputs are written atomically, so ending it is safe.  When the warm builder cannot build (it
refused another environment key, it died), the child process builds, and another warm builder starts."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from ...builder.recipe import FORMATS, expected_outputs
from ...builder.warm.client import WarmProcess, make_request
from ...builder.warm.records import Built, Refused
from ...model.nodes import Issue
from ...support.paths import display_path
from ...support.processes import end_process
from .console import Console
from .live import LiveIssue
from .snapshot import BuildStatus, clock

SETTLE_SECONDS = 1.0  # a burst of saves makes one background build
LOG_LINES = 40  # lines of a failed build's output kept for the index
NICE = 10  # the children's priority: the pages of the edited article first

#: The folder that holds the ``horizons_pub`` package (``src/``, or site-packages), for the children's PYTHONPATH.
PACKAGE_ROOT = Path(__file__).resolve().parents[len(__package__.split("."))]


class BackgroundBuilder:
    """Builds ``live``'s issue when asked (:meth:`request`), in :meth:`loop` (a thread of its own), until
    ``stop_event`` is set."""

    def __init__(self, live: LiveIssue, console: Console, stop_event: threading.Event, warm: bool = True):
        self.live = live
        self.warm = WarmProcess(live.out_root) if warm else None
        self._warm_busy = False  # the warm builder builds for this loop
        self.console = console
        self._stop = stop_event
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._force = False
        self._proc: subprocess.Popen | None = None
        self._cancelled = False  # the running child was ended by hold()
        self.status = BuildStatus(state="idle")

    def hold(self) -> None:
        """The source changed: end the build under way (its outputs would be stale); a request follows."""
        with self._lock:
            proc = self._proc
            warm = self._warm_busy and self.warm is not None
            if not warm and (proc is None or proc.poll() is not None):
                return
            self._cancelled = True
        if self.console.verbose:
            self.console.say("background build ended: the source changed")
        if warm:
            self.warm.restart()  # the next build is warm again (the memo of this one is lost)
        else:
            end_process(proc)

    def request(self, force: bool) -> None:
        """Build after the source settles; ``force``: the source changed (else: only when outputs are stale)."""
        with self._lock:
            self._force = self._force or force
        self._wanted.set()

    def _set(self, **changes) -> None:
        with self._lock:
            self.status = replace(self.status, **changes)

    def loop(self) -> None:
        stop = self._stop
        if self.warm is not None:
            self.warm.start()  # it imports meanwhile, at a lower priority: the first pages come first
        while not stop.is_set():
            if not self._wanted.wait(0.2):
                continue
            self._set(state="waiting", step="")
            while True:  # let a burst of saves settle
                self._wanted.clear()
                if stop.wait(SETTLE_SECONDS):
                    return
                if not self._wanted.is_set():
                    break
            with self._lock:
                force, self._force = self._force, False
            issue = self.live.snapshot.issue
            if issue is not None:
                self._cycle(issue, force)

    def _cycle(self, issue: Issue, force: bool) -> None:
        from ...model.identity import Edition, file_name

        live = self.live
        out_dir = live.out_root / issue.id
        newest = live.newest_source()
        started = time.monotonic()
        self._set(started=clock(), finished="", seconds=None, log=(), ok=None)
        stale = any(not p.is_file() or p.stat().st_mtime < newest for p in expected_outputs(issue, out_dir))
        if force or stale:
            if not self._build(started):
                return
            live.refresh_layout()
            if self._wanted.is_set():
                self._set(state="waiting", step="")
                return  # the source changed during the build: build again before the flatplan
        flatplan = out_dir / "flatplan.html"
        printed = out_dir / file_name(issue, Edition.PRINT)
        if not flatplan.is_file() or (printed.is_file() and flatplan.stat().st_mtime < printed.stat().st_mtime):
            if not self._run("flatplan", ["flatplan", str(live.issue_dir), "--out", str(live.out_root),
                                          "--quiet"], started):
                return
        self._set(state="done", step="", ok=True, finished=clock(), seconds=round(time.monotonic() - started, 1))
        self.console.say(f"outputs of {issue.id} up to date ({time.monotonic() - started:.1f} s)")

    def _build(self, started: float) -> bool:
        """Build the issue: by the warm builder, else in a child process."""
        if self.warm is not None:
            built = self._warm_build(started)
            if built is not None:
                return built
        live = self.live
        return self._run("build", ["build", str(live.issue_dir), "--out", str(live.out_root), "--quiet"], started)

    def _warm_build(self, started: float) -> bool | None:
        """The build made by the warm builder (False: failed, ended or stopped); None when it could not build
        (it refused, it died): the child process builds, and another warm builder starts."""
        from ...support.diagnostics import Reporter
        from ..build import report_lines

        live, say = self.live, self.console.say
        with self._lock:
            if self._stop.is_set():
                return False
            self.status = replace(self.status, state="build", step="build", runs=self.status.runs + 1)
            self._cancelled = False
            self._warm_busy = True
        if self.console.verbose:
            say("building with the warm builder")
        try:
            answer = self.warm.build(make_request(live.issue_dir, live.out_root, list(FORMATS), False, None))
        finally:
            with self._lock:
                self._warm_busy = False
        if self._stop.is_set():
            self._set(state="stopped")
            return False
        with self._lock:
            cancelled, self._cancelled = self._cancelled, False
        if cancelled:
            self._set(state="waiting", step="")
            return False
        if not isinstance(answer, Built):
            if self.console.verbose:
                why = answer.reason if isinstance(answer, Refused) else "it could not build"
                say(f"the warm builder did not build ({why}): building in a child process")
            self.warm.restart()
            return None
        reporter = Reporter(echo=False)
        reporter.replay(list(answer.diagnostics))
        printed, failed = report_lines(display_path(live.issue_dir), answer, reporter, quiet=True, verbose=False)
        lines = tuple(d.format() for d in reporter.diagnostics) + tuple(text for _, text in printed)
        lines = tuple(line for line in lines if line.strip())[-LOG_LINES:]
        if failed:
            self._set(state="failed", ok=False, log=lines, finished=clock(),
                      seconds=round(time.monotonic() - started, 1))
            say("horizons-pub build failed (exit 1):", error=True)
            for line in lines[-10:]:
                say(f"  {line}", error=True)
            return False
        self._set(log=lines)
        return True

    def _run(self, step: str, args: list[str], started: float) -> bool:
        say = self.console.say
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "horizons_pub", *args]
        with self._lock:
            if self._stop.is_set():
                return False
            self.status = replace(self.status, state=step, step=step, runs=self.status.runs + 1)
            if self.console.verbose:
                say("running: " + " ".join(command[2:]))
            # A session of its own: Ctrl-C in the terminal stops the preview, which then ends the build.  Its
            # output to a file, not a pipe: should the preview be killed, the build ends on its own (writing to
            # a pipe nobody reads would hold it for good)
            self._cancelled = False
            log = tempfile.TemporaryFile()
            self._proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                          env=env, start_new_session=True)
            proc = self._proc
            try:  # before it forks its workers (it reads the issue first): they inherit it
                os.setpriority(os.PRIO_PROCESS, proc.pid, NICE)
            except (OSError, AttributeError):
                pass
        proc.wait()
        with self._lock:
            self._proc = None
        with log:
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
        lines = tuple(line for line in output.splitlines() if line.strip())[-LOG_LINES:]
        if self._stop.is_set():
            self._set(state="stopped", log=lines)
            return False
        with self._lock:
            cancelled, self._cancelled = self._cancelled, False
        if cancelled:
            self._set(state="waiting", step="", log=lines)
            return False
        if proc.returncode != 0:
            self._set(state="failed", ok=False, log=lines, finished=clock(),
                      seconds=round(time.monotonic() - started, 1))
            say(f"horizons-pub {step} failed (exit {proc.returncode}):", error=True)
            for line in lines[-10:]:
                say(f"  {line}", error=True)
            return False
        self._set(log=lines)
        return True

    def stop(self) -> None:
        """End the running build, if any (its outputs are written atomically), and the warm builder."""
        with self._lock:
            proc = self._proc
        if proc is not None and proc.poll() is None:
            end_process(proc)
        if self.warm is not None:
            self.warm.stop()


