"""The press as its user holds it: a process of its own (a new interpreter, ``python -m
horizons_pub.builder.press``: the preview runs threads, whose locks a fork would copy, and multiprocessing's
"spawn" would import the program's main script again), started once and kept warm, talking over a socket
pair with multiprocessing's pickled messages, to which :meth:`PressClient.lay` sends requests;
its answers (:class:`.records.Laid`, :class:`.records.Failed`) reach ``on_answer`` from a reader thread.
When the process dies (killed, out of memory), ``on_answer`` gets a Failed and the next request starts
another."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from collections.abc import Callable
from pathlib import Path

from ...model.nodes import Issue
from ...support.processes import end_process
from .records import Failed, Laid, LayRequest

#: The folder that holds the ``horizons_pub`` package (``src/``, or site-packages), for the child's PYTHONPATH.
PACKAGE_ROOT = Path(__file__).resolve().parents[len(__package__.split("."))]

Answer = Laid | Failed


class PressClient:
    def __init__(self, on_answer: Callable[[Answer], None]):
        self.on_answer = on_answer
        self._lock = threading.Lock()
        self._serial = 0
        self._process = None
        self._conn = None
        self._last: LayRequest | None = None

    def start(self) -> PressClient:
        """Start the process (it imports WeasyPrint while the preview reads the issue)."""
        with self._lock:
            self._ensure()
        return self

    def _ensure(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
        # a session of its own: Ctrl-C in the terminal stops the preview, which then stops the press; nothing
        # it writes goes to the preview's console (a pipe nobody reads would stop it): it says all in its answers
        self._process = subprocess.Popen([sys.executable, "-m", "horizons_pub.builder.press", str(theirs.fileno())],
                                         pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                         start_new_session=True)
        theirs.close()
        self._conn = Connection(ours.detach())
        threading.Thread(target=self._read, args=(self._conn, self._process), name="hp-press-reader",
                         daemon=True).start()

    def lay(self, issue: Issue, variant: str, cache_dir: Path | None, first: tuple[str, ...] = ()) -> int:
        """Ask for ``issue`` laid out in ``variant`` (``first``: the article ids to lay out first); returns the
        request's serial number, which its answers carry."""
        with self._lock:
            self._serial += 1
            request = LayRequest(self._serial, issue, variant, str(cache_dir) if cache_dir else None, tuple(first))
            self._ensure()
            try:
                self._conn.send(request)
            except (OSError, ValueError):  # the process died between the check and the send
                self._process = None
                self._ensure()
                self._conn.send(request)
            self._last = request
            return request.serial

    def _read(self, conn, process) -> None:
        while True:
            try:
                answer = conn.recv()
            except (EOFError, OSError):
                break
            try:
                self.on_answer(answer)
            except Exception as exc:  # noqa: BLE001 - a bug of the receiver: said, and the next answers read
                print(f"horizons-pub: the pages' answer was not shown: {type(exc).__name__}: {exc}", file=sys.stderr)
        with self._lock:
            if self._process is not process:  # stopped, or replaced
                return
            last = self._last
            self._process = None
        if last is not None:
            code = process.poll()
            self.on_answer(Failed(last.serial, last.variant, f"the layout process stopped (exit {code})"))

    def stop(self) -> None:
        with self._lock:
            process, conn = self._process, self._conn
            self._process = None
        if process is None:
            return
        try:
            conn.send(None)
        except (OSError, ValueError):
            pass
        end_process(process, grace=3, asked=True)
        conn.close()

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None
