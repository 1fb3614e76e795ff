"""A forked child that runs ``horizons-pub archive`` with stand-in validators, counting its filesystem steps in
the output folder (test_archive_kill.py ends it before step N; test_disk_full.py limits the size of its files)."""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import resource
from pathlib import Path

from horizons_pub.builder.recipe import BuildResult
from horizons_pub.cli import main
from horizons_pub.commands.archive import bag as bag_module
from horizons_pub.commands.archive import command
from horizons_pub.commands.archive.validation import Validation
from horizons_pub.commands.check.report import NOT_RUN, PASSED
from horizons_pub.support import atomic

LEFTOVER = (atomic.TMP_PREFIX, atomic.SWAP_NEW, atomic.SWAP_OLD)
KILLED = 137


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> set[str]:
    """What a run left in the issue's output folder (its caches included)."""
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.name.startswith(LEFTOVER)}


class Steps:
    """In the child: count the filesystem steps under ``root``, and end the process before step ``kill_at``."""

    def __init__(self, root: Path, kill_at: int, log: list[str] | None = None):
        self.root, self.kill_at, self.count, self.log = str(root), kill_at, 0, log
        self.paused = False

    def step(self, what: str, path, dir_fd=None) -> None:
        if isinstance(path, int) or self.paused:
            return
        path = os.fsdecode(path)
        if dir_fd is not None:
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        if not os.path.abspath(path).startswith(self.root):
            return
        self.count += 1
        if self.log is not None:
            self.log.append(f"{what} {path}")
        if self.count == self.kill_at:
            os._exit(KILLED)

    def install(self) -> None:
        def counted(module, name, writes=lambda *a, **k: True):
            real = getattr(module, name)

            def wrapper(*args, **kwargs):
                if args and writes(*args, **kwargs):
                    self.step(name, args[0], kwargs.get("dir_fd"))
                return real(*args, **kwargs)
            setattr(module, name, wrapper)

        for name in ("mkdir", "rename", "replace", "unlink", "rmdir", "chmod", "symlink"):
            counted(os, name)
        flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT
        counted(os, "open", lambda path, mode, *a, **k: bool(mode & flags))
        counted(builtins, "open", lambda file, mode="r", *a, **k: any(c in mode for c in "wax+"))
        io.open = builtins.open
        counted(atomic, "exchange")
        # the sweep and the recovery remove what the previous kill left, which varies: not counted, so that
        # step N is the same step in every run
        for name in ("recover_folder", "sweep_temporaries"):
            real = getattr(bag_module, name)

            def uncounted(folder, real=real, name=name):
                self.paused = True
                try:
                    real(folder)
                finally:
                    self.paused = False
                if self.log is not None and name == "sweep_temporaries":
                    self.log.append("swept")
            setattr(bag_module, name, uncounted)


def stand_ins(tag: str) -> None:
    """Validators that pass (Ace: not run, allowed), with ``tag`` in their summaries: the new bag differs; and
    the build said up to date (it is: the fixture built it; but the build's key hashes the code, which may be
    edited while the tests run, and a build's own writes are test_interrupt.py's)."""
    command.build_issue = lambda folder, out_root, formats, reporter, jobs=None: BuildResult(None, [],
                                                                                             up_to_date=True)
    def passed(tool, name):
        return lambda path, shown, *a, **k: Validation(tool, name, shown, PASSED, f"{name}: passed ({tag})",
                                                       version="0")
    command.validate_pdfs = lambda jobs: [passed("verapdf", "veraPDF")(path, shown) for path, shown, _ in jobs]
    command.validate_epub = passed("epubcheck", "EPUBCheck")
    command.validate_accessibility = lambda path, shown, *a, **k: Validation("ace", "Ace", shown, NOT_RUN,
                                                                             "Ace: not run", ["stand-in"])


def archive(cwd: Path, out: Path, tag: str, kill_at: int = 0, exchange: bool = True, log_to: Path | None = None,
            limit: int | None = None, stderr_to: Path | None = None) -> int:
    """``horizons-pub archive`` in a forked child; its exit status (KILLED when it was ended before a step).
    ``limit``: the largest file the child may write (RLIMIT_FSIZE: a larger write fails with EFBIG, as on a
    full disk); ``stderr_to``: where its diagnostics go."""
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            os.chdir(cwd)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            stand_ins(tag)
            if not exchange:
                atomic.exchange = lambda a, b: False
            log = [] if log_to else None
            Steps(out, kill_at, log).install()
            err = io.StringIO()
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            if limit is not None:  # Python ignores SIGXFSZ: the write fails with EFBIG
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = main(["archive", "hp-test", "--out", str(out), "--allow-missing", "ace", "--quiet"])
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            if stderr_to:
                with io.FileIO(str(stderr_to), "w") as stream:
                    stream.write(err.getvalue().encode())
            if log_to:
                with io.FileIO(str(log_to), "w") as stream:
                    stream.write("\n".join(log).encode())
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
