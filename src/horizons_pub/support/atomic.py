"""Atomic outputs: write to a temporary file in the same folder, then rename into place; a folder (the archive's
bag) is swapped in one step.

A build that fails or is killed part-way leaves the previous good file where it stood; what a killed run left
behind (temporary files and folders, ``.hp-tmp-<pid>.<run>-…``) is swept by the next one.  A temporary is
named after the process that made it, so that a sweep never removes the work of a run still going (a
preview's build beside an ``archive``): only a dead process's leftovers, and those of an older run of this
process's id, are swept.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

TMP_PREFIX = ".hp-tmp-"
_RUN = [secrets.token_hex(4)]  # this process's run: a later process given the same id is another run
if hasattr(os, "register_at_fork"):  # a forked child is another run
    os.register_at_fork(after_in_child=lambda: _RUN.__setitem__(0, secrets.token_hex(4)))
#: The names of a folder swap without an exchange (see :func:`replace_folder`): the new folder, complete,
#: waiting to go in; the old one, moved aside.  Finished or undone by :func:`recover_folder`.
SWAP_NEW, SWAP_OLD = ".hp-swap-new-", ".hp-swap-old-"


def temporary_prefix(what: str = "") -> str:
    """The start of a temporary's name: ``.hp-tmp-<pid>.<run>-`` and ``what``."""
    return f"{TMP_PREFIX}{os.getpid()}.{_RUN[0]}-{what}"


@contextmanager
def atomic_path(target: Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.  ``durable``: the
    data reach the disk before the rename (not needed for a cache entry that checks itself)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(), suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if durable:
            _fsync(tmp_path)
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes(target: Path, data: bytes, durable: bool = True) -> None:
    with atomic_path(target, durable) as tmp:
        tmp.write_bytes(data)


def write_all(files: Iterable[tuple[Path, bytes]], durable: bool = True) -> list[Path]:
    """Write every file beside its target first, then rename each into place: a write that fails (a full
    disk, a read-only folder) replaces none of them.  A target's folder is made when missing (``articles/``).
    An OSError names the target, not the temporary."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(), suffix=target.suffix, dir=target.parent)
                staged.append((Path(tmp), target))
                with os.fdopen(fd, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    if durable:
                        os.fsync(stream.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(target)) from exc
        for tmp, target in staged:
            os.replace(tmp, target)
        if durable:  # each folder written into (``articles/`` beside the editions), and its own entry
            for folder in dict.fromkeys(p for _, target in staged for p in (target.parent, target.parent.parent)):
                _fsync_folder(folder)
        return [target for _, target in staged]
    finally:
        for tmp, _ in staged:
            if os.path.lexists(tmp):
                tmp.unlink()


# -- folders ---------------------------------------------------------------------------------------------


def fsync_tree(folder: Path) -> None:
    """Every file and folder under ``folder`` on the disk (before it is swapped in)."""
    for root, dirs, files in os.walk(folder):
        for name in files:
            _fsync(Path(root) / name)
        _fsync_folder(Path(root))


def exchange(a: Path, b: Path) -> bool:
    """Swap the two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``, macOS ``renamex_np(RENAME_SWAP)``);
    False when this system or file system cannot (nothing was done then)."""
    libc = _libc()
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        result = libc.renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2)  # AT_FDCWD, RENAME_EXCHANGE
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(os.fsencode(a), os.fsencode(b), 2)  # RENAME_SWAP
    else:
        return False
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` (complete, on the disk) in place of ``target``, and remove the old one.

    With an exchange there is no moment without ``target``: a kill leaves the old folder or the new one,
    and the other under ``new``'s temporary name, which the next sweep removes.  Without one, ``new`` is
    first renamed ``.hp-swap-new-NAME`` (it is complete), the old folder ``.hp-swap-old-NAME``, then the
    new one goes in: a kill between the two renames leaves no ``target`` until :func:`recover_folder`
    (the next run) puts the new one in."""
    if not os.path.lexists(target):
        os.rename(new, target)
    elif exchange(new, target):
        _fsync_folder(target.parent)
        remove(new)  # the old folder, now under the temporary name
        return
    else:
        waiting, aside = target.with_name(SWAP_NEW + target.name), target.with_name(SWAP_OLD + target.name)
        for stale in (waiting, aside):
            remove(stale)
        os.rename(new, waiting)
        os.rename(target, aside)
        os.rename(waiting, target)
        _fsync_folder(target.parent)
        remove(aside)
    _fsync_folder(target.parent)


def recover_folder(target: Path) -> None:
    """Finish a swap of :func:`replace_folder` without an exchange that a kill interrupted: the new folder goes
    in when ``target`` is missing (else the old one comes back); then what is left aside is removed."""
    waiting, aside = target.with_name(SWAP_NEW + target.name), target.with_name(SWAP_OLD + target.name)
    for candidate in (waiting, aside):
        if not os.path.lexists(target) and candidate.is_dir():
            os.rename(candidate, target)
    for stale in (waiting, aside):
        remove(stale)


def sweep_temporaries(folder: Path) -> None:
    """Remove what a killed run left behind: its temporary files and folders (not those of a run still
    going), anywhere under ``folder`` but inside a bag (a folder holding ``bagit.txt``: its files are the
    bag's, whatever their names)."""
    if not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder):
        if "bagit.txt" in files and Path(root) != folder:
            dirs[:] = []
            continue
        for name in [*dirs, *files]:
            if name.startswith(TMP_PREFIX) and not _running(name):
                remove(Path(root) / name)
        dirs[:] = [d for d in dirs if not d.startswith(TMP_PREFIX)]


def _running(name: str) -> bool:
    """Whether the run that made the temporary ``name`` is still going (a name of another form: no)."""
    pid, _, run = name[len(TMP_PREFIX):].partition("-")[0].partition(".")
    if not pid.isdigit() or not run:
        return False
    if int(pid) == os.getpid():
        return run == _RUN[0]
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # a process of another user: perhaps a run, left alone
    return True


def remove(path: Path) -> None:
    """Remove a file, a link or a folder (its links are not followed); nothing when it is not there."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a system that cannot open a folder (Windows): its renames are as durable as it makes them
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_LIBC: list = []


def _libc():
    if not _LIBC:
        try:
            _LIBC.append(ctypes.CDLL(None, use_errno=True))
        except OSError:
            _LIBC.append(None)
    return _LIBC[0]
