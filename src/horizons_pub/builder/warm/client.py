"""Talking to the warm builder: :func:`request_build` sends one build to the builder of an output root,
if one runs (``horizons-pub build``); :class:`WarmProcess` is the builder as its owner (the preview) holds
it: started in the background, niced, ended with its process group (:meth:`WarmProcess.stop`: a build
under way ends with it; its outputs are written atomically) and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Client, Connection
from pathlib import Path

from . import places
from .records import BuildRequest, Built, Failed, Refused

#: The folder that holds the ``horizons_pub`` package (``src/``, or site-packages), for the child's PYTHONPATH.
PACKAGE_ROOT = Path(__file__).resolve().parents[len(__package__.split("."))]
NICE = 10  # as the preview's background build: the pages of the edited article first

Answer = Built | Refused | Failed


def connect(out_root: Path, pid: int | None = None) -> tuple[places.Card, Connection] | None:
    """A connection to the live warm builder of ``out_root`` (``pid``: only that one); None when none
    answers (a stale card is removed)."""
    card = places.read_card(out_root)
    if card is None or (pid is not None and card.pid != pid):
        return None
    try:
        return card, Client(card.socket, family="AF_UNIX", authkey=card.authkey)
    except ConnectionRefusedError:  # its process lives on, but not its listener
        places.remove(places.place_dir(out_root), card.pid)
    except Exception:  # noqa: BLE001 - gone, or another key: no warm build
        pass
    return None


def request_build(request: BuildRequest, pid: int | None = None) -> Answer | None:
    """The answer of the warm builder of ``request.out_root``; None when none runs, or when the connection
    fails or drops before the answer (the caller builds itself)."""
    found = connect(Path(request.out_root), pid)
    if found is None:
        return None
    _card, conn = found
    try:
        conn.send(request)
        answer = conn.recv()
    except (EOFError, OSError):
        return None
    finally:
        conn.close()
    return answer if isinstance(answer, (Built, Refused, Failed)) else None


def make_request(folder: Path, out_root: Path, formats: list[str], strict: bool, jobs: int | None,
                 environment: str | None = None) -> BuildRequest:
    """The request for the build a local ``build_issue`` call would make here and now."""
    if environment is None:
        from ...support.environment import environment_key

        environment = environment_key()
    return BuildRequest(str(folder), str(out_root), tuple(formats), strict, jobs, os.getcwd(), environment,
                        os.environ.get("SOURCE_DATE_EPOCH"))


class WarmProcess:
    """The warm builder of ``out_root`` as its owner holds it: a child process in a session (a process group)
    of its own, niced :data:`NICE`."""

    def __init__(self, out_root: Path, idle: float | None = None):
        self.out_root = Path(out_root)
        self.idle = idle
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._closed = False  # stopped for good: not started again

    def start(self) -> WarmProcess:
        """Start the builder unless it runs (it imports the build's modules meanwhile)."""
        with self._lock:
            if not self._closed and (self._process is None or self._process.poll() is not None):
                self._process = self._spawn()
        return self

    def _spawn(self) -> subprocess.Popen:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), env.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "horizons_pub.builder.warm", str(self.out_root)]
        if self.idle is not None:
            command += ["--idle", str(self.idle)]
        # a session of its own: Ctrl-C in the terminal stops the owner, which ends it; nothing it writes goes
        # to the owner's console: it says all in its answers
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        try:  # before it forks its workers (it imports first): they inherit it
            os.setpriority(os.PRIO_PROCESS, process.pid, NICE)
        except (OSError, AttributeError):
            pass
        return process

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def ready(self, timeout: float = 60.0) -> bool:
        """Wait until the builder listens (its card written); False when it ended or did not in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.pid
            if pid is None:
                return False
            card = places.read_card(self.out_root)
            if card is not None and card.pid == pid:
                return True
            time.sleep(0.05)
        return False

    def build(self, request: BuildRequest, timeout: float = 60.0) -> Answer | None:
        """``request`` built by this builder (started when it is not running); None when it could not be
        (it ended, another builder holds the place, the connection dropped: the build was ended)."""
        self.start()
        pid = self.pid
        if pid is None or not self.ready(timeout):
            return None
        return request_build(request, pid=pid)

    def stop(self) -> None:
        """End the builder and its process group (the workers of a build under way), for good."""
        with self._lock:
            process, self._process = self._process, None
            self._closed = True
        if process is not None:
            self._end(process)

    def _end(self, process: subprocess.Popen) -> None:
        end_group(process)
        places.remove(places.place_dir(self.out_root), process.pid)  # its card and socket, stale now

    def restart(self) -> None:
        """End it (a build under way with it), and start another at once."""
        with self._lock:
            process, self._process = self._process, None
            if process is not None:
                self._end(process)
            if not self._closed:
                self._process = self._spawn()


def end_group(process: subprocess.Popen) -> None:
    """SIGKILL the process group ``process`` leads, then reap it (the group's id stays its own until then)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
