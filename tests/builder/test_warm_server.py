"""The warm builder (builder/warm/) end to end: a server process, ``horizons-pub build`` sending it the
build, the same bytes as a local build, the fall-backs (killed mid-build, another environment key), and
its end with its parent.  Every server is ended in a ``finally`` (its process group killed)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from helpers.outputs import MAGAZINE, ROOT
from horizons_pub.builder.stamp import STAMP
from horizons_pub.builder.warm import places
from horizons_pub.commands.build import WARM_LINE

pytestmark = pytest.mark.slow

SRC = ROOT / "src"
EDIT_FILE = "articles/piscine.md"  # a one-paragraph edit (the first paragraph of the body: a word more)


@pytest.fixture(scope="module")
def runtime():
    """A short private runtime folder for the module's servers (a socket path is at most 107 bytes)."""
    folder = tempfile.mkdtemp(prefix="hpw")
    before = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = folder
    yield Path(folder)
    if before is None:
        os.environ.pop("XDG_RUNTIME_DIR", None)
    else:
        os.environ["XDG_RUNTIME_DIR"] = before
    shutil.rmtree(folder, ignore_errors=True)


class Server:
    """``python -m horizons_pub.builder.warm OUT`` in a session of its own (``pythonpath``: its code)."""

    def __init__(self, out: Path, pythonpath: Path = SRC):
        self.out = out
        env = {**os.environ, "PYTHONPATH": str(pythonpath)}
        self.log = tempfile.TemporaryFile()  # not a pipe: nobody reads it while it builds
        self.proc = subprocess.Popen([sys.executable, "-m", "horizons_pub.builder.warm", str(out), "--idle", "900"],
                                     env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=self.log, start_new_session=True)

    def ready(self, timeout: float = 120) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise AssertionError(self.log.read().decode())
            card = places.read_card(self.out)
            if card is not None and card.pid == self.proc.pid:
                return self
            time.sleep(0.1)
        raise AssertionError("the warm builder did not start")

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.log.close()


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "horizons_pub", "build", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(SRC)})


def clis(*runs: tuple[Path, tuple[str, ...]]) -> list[subprocess.CompletedProcess]:
    """Several builds at once (each ``(cwd, args)``), their results in order."""
    procs = [subprocess.Popen([sys.executable, "-m", "horizons_pub", "build", *args], cwd=cwd, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(SRC)}) for cwd, args in runs]
    try:
        outputs = [p.communicate() for p in procs]
        return [subprocess.CompletedProcess(p.args, p.returncode, *out) for p, out in zip(procs, outputs)]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file but the cache and the build stamp, by its path under ``out``."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.relative_to(out).parts and p.name != STAMP}


def assert_same_outputs(a: Path, b: Path) -> None:
    left, right = outputs(a), outputs(b)
    assert sorted(left) == sorted(right)
    differ = [name for name in left if left[name] != right[name]]
    assert not differ, differ


def edit(folder: Path, words: str) -> None:
    path = folder / "magazine" / EDIT_FILE
    text = path.read_text(encoding="utf-8")
    body = text.index("\n\n", text.index("---", 3)) + 2  # the first paragraph after the front matter
    path.write_text(text[:body] + words + " " + text[body:], encoding="utf-8")


def same_report(local: subprocess.CompletedProcess, warm: subprocess.CompletedProcess) -> None:
    """The same lines: stdout in order (the warm line aside), stderr as a set (the warm builder's diagnostics
    come after its build)."""
    assert warm.returncode == local.returncode == 0, warm.stderr + local.stderr
    assert [line for line in warm.stdout.splitlines() if line != WARM_LINE] == local.stdout.splitlines()
    assert sorted(warm.stderr.splitlines()) == sorted(local.stderr.splitlines())


@pytest.fixture(scope="module")
def trees(runtime, tmp_path_factory):
    """Two copies of the magazine, built cold: ``local`` by a local build, ``warm`` by a warm builder (kept
    running for the module's tests; :func:`server` starts another when a test killed it)."""
    root = tmp_path_factory.mktemp("warm")
    local, warm = root / "local", root / "warm"
    for tree in (local, warm):
        shutil.copytree(MAGAZINE, tree / "magazine")
    holder = {"server": Server(warm / "out").ready()}
    try:
        runs = clis((local, ("magazine", "--out", "out", "--verbose")), (warm, ("magazine", "--out", "out", "--verbose")))
        yield local, warm, holder, runs
    finally:
        holder["server"].kill()


@pytest.fixture
def server(trees):
    local, warm, holder, _ = trees
    if holder["server"].proc.poll() is not None:
        holder["server"].kill()
        holder["server"] = Server(warm / "out").ready()
    return holder["server"]


def test_a_cold_build_by_the_warm_builder_is_byte_identical_and_says_so(trees):
    local, warm, _, (local_run, warm_run) = trees
    assert WARM_LINE in warm_run.stdout.splitlines() and WARM_LINE not in local_run.stdout
    same_report(local_run, warm_run)
    assert_same_outputs(local / "out", warm / "out")


def test_an_edit_rebuilt_by_the_warm_builder_is_byte_identical(trees, server):
    local, warm, _, _ = trees
    for tree in (local, warm):
        edit(tree, "Ajout.")
    local_run, warm_run = clis((local, ("magazine", "--out", "out", "--verbose")),
                               (warm, ("magazine", "--out", "out", "--verbose")))
    assert WARM_LINE in warm_run.stdout.splitlines()
    same_report(local_run, warm_run)
    assert_same_outputs(local / "out", warm / "out")
    again = cli(warm, "magazine", "--out", "out", "--verbose")  # nothing changed: up to date, warm too
    assert WARM_LINE in again.stdout.splitlines() and "magazine: up to date" in again.stdout


def test_the_build_falls_back_to_a_local_one_when_the_server_is_killed_mid_build(trees, server):
    local, warm, _, _ = trees
    for tree in (local, warm):
        edit(tree, "Encore un mot.")
    local_run = cli(local, "magazine", "--out", "out")
    parts = warm / "out" / "magazine" / ".cache" / "parts"
    before = set(os.listdir(parts))
    proc = subprocess.Popen([sys.executable, "-m", "horizons_pub", "build", "magazine", "--out", "out", "--verbose"],
                            cwd=warm, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(SRC)})
    try:
        deadline = time.monotonic() + 300
        while set(os.listdir(parts)) == before:  # the edited part laid out by the server: it is mid-build
            assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
            time.sleep(0.05)
        server.kill()
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    assert WARM_LINE not in stdout.splitlines()  # built here
    assert stdout.splitlines()[-1] == local_run.stdout.splitlines()[-1] == "magazine: built (0 errors, 13 warnings)"
    assert_same_outputs(local / "out", warm / "out")


def test_a_server_of_other_code_refuses_and_ends_and_the_build_is_local(trees, server, tmp_path):
    local, warm, holder, _ = trees
    server.kill()  # the place is taken by a builder running a changed copy of the code
    code = tmp_path / "code"
    shutil.copytree(SRC, code / "src", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("layouts", "fonts"):
        (code / name).symlink_to(ROOT / name)
    with open(code / "src" / "horizons_pub" / "model" / "fr.py", "a", encoding="utf-8") as stream:
        stream.write("\n# changed\n")
    other = holder["server"] = Server(warm / "out", pythonpath=code / "src").ready()
    run = cli(warm, "magazine", "--out", "out", "--verbose")
    assert run.returncode == 0, run.stderr
    assert WARM_LINE not in run.stdout.splitlines() and "magazine: up to date" in run.stdout
    other.proc.wait(timeout=30)  # it refused, and ended
    assert places.read_card(warm / "out") is None


def test_the_server_ends_when_its_parent_dies(runtime, tmp_path):
    out = tmp_path / "out"
    script = ("import sys, time\nfrom pathlib import Path\nfrom horizons_pub.builder.warm.client import WarmProcess\n"
              f"w = WarmProcess(Path({str(out)!r})).start()\nassert w.ready(120)\nprint(w.pid, flush=True)\n"
              "time.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(SRC)})
    pid = None
    try:
        pid = int(parent.stdout.readline())
        assert places.alive(pid) and places.read_card(out).pid == pid
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 20
        while places.alive(pid):
            assert time.monotonic() < deadline, "the warm builder outlived its parent"
            time.sleep(0.1)
        assert places.read_card(out) is None  # its card removed (or stale)
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()
        if pid is not None and places.alive(pid):
            os.killpg(pid, signal.SIGKILL)


def test_no_warm_builds_here(trees, server, capsys, monkeypatch):
    import argparse

    from horizons_pub.commands import build

    _, warm, _, _ = trees
    monkeypatch.chdir(warm)
    for no_warm in (False, True):
        args = argparse.Namespace(issues=["magazine"], out="out", format=None, strict=False, jobs=None, quiet=False,
                                  verbose=True, no_warm=no_warm)
        assert build.main(args) == 0
        stdout = capsys.readouterr().out.splitlines()
        assert (WARM_LINE in stdout) is not no_warm and "magazine: up to date" in stdout[-1]
