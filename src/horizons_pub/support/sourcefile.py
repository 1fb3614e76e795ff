"""The one way in for the files an issue is built from (and for ``layouts/`` and ``fonts/``).

A file is named relative to its root (the issue folder, ``layouts/``, ``fonts/``). It is resolved
(a symbolic link is followed only when it leads to a place inside the root), must be a regular file
(never a named pipe, a device, a socket or a folder: it is opened without blocking and checked before
a byte is read) and is read with a size limit (at most ``limit + 1`` bytes are ever read, so
``/dev/zero`` or a growing file cannot fill the memory). Anything else raises ``SourceFileError``,
whose ``kind`` the callers turn into a diagnostic code (``file.<kind>``, ``image.<kind>``).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePath

NAME_MAX = 255  # bytes of one name, as every Linux and macOS file system takes
PATH_MAX = 4000

_SPECIAL = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
            (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


class SourceFileError(Exception):
    """Why a file cannot be read: ``kind`` (missing, outside, special, too-large, loop, path, unreadable),
    ``reason`` (what is wrong, a phrase after "the file …") and ``fix`` (what to do)."""

    def __init__(self, kind: str, reason: str, fix: str):
        super().__init__(f"{reason}: {fix}")
        self.kind, self.reason, self.fix = kind, reason, fix

    def sentence(self, subject: str) -> str:
        """``<subject> <reason>: <fix>``, e.g. ``the file is a named pipe, not a regular file: …``."""
        return f"{subject} {self.reason}: {self.fix}"


def check_name(rel: str | PurePath) -> None:
    """Refuse a name no file system takes (a NUL, a name over 255 bytes, a path over 4,000)."""
    text = os.fspath(rel)
    if "\x00" in text:
        raise SourceFileError("path", "holds a NUL character (%00) in its name", "write the file's real name")
    parts = text.split("/")
    if any(len(part.encode("utf-8", "surrogateescape")) > NAME_MAX for part in parts) or len(text) > PATH_MAX:
        raise SourceFileError("path", f"has a name over {NAME_MAX} bytes, which no file system takes",
                              "give the file a shorter name")


def resolve_inside(root: Path, rel: str | PurePath, *, folder: bool = False, where: str = "the issue folder") -> Path:
    """The real path of ``root/rel``, which exists and lies inside ``root`` (itself resolved)."""
    check_name(rel)
    base = Path(os.path.realpath(root))
    try:
        real = Path(os.path.realpath(base / rel, strict=True))
    except FileNotFoundError:
        raise SourceFileError("missing", "does not exist", "check its name") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SourceFileError("loop", "is a symbolic link loop (it leads back to itself)",
                                  "replace it by the file itself") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise SourceFileError("path", "has a name too long for the file system", "give it a shorter name") from None
        if exc.errno == errno.ENOTDIR:
            raise SourceFileError("missing", "does not exist", "check its name") from None
        raise SourceFileError("unreadable", f"cannot be read ({exc.strerror})", "check its permissions") from None
    if not real.is_relative_to(base):
        raise SourceFileError("outside", f"is a symbolic link that leads outside {where}",
                              f"put the file itself in {where}, not a link to it")
    if folder and not real.is_dir():
        raise SourceFileError("special", "is not a folder", "make it a folder")
    return real


def read_inside(root: Path, rel: str | PurePath, limit: int, where: str = "the issue folder") -> bytes:
    """The bytes of the regular file ``root/rel`` (inside ``root``), at most ``limit`` of them."""
    return read_regular(resolve_inside(root, rel, where=where), limit)


def read_regular(real: Path, limit: int) -> bytes:
    """The bytes of the regular file at the resolved path ``real``, not following a link that appeared since."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(real, flags)
    except FileNotFoundError:
        raise SourceFileError("missing", "does not exist", "check its name") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the path turned into a symbolic link since it was resolved
            raise SourceFileError("outside", "changed into a symbolic link while it was read",
                                  "put the file itself in the issue folder") from None
        if exc.errno == errno.EISDIR:
            raise SourceFileError("special", "is a folder, not a regular file", "put a file here") from None
        raise SourceFileError("unreadable", f"cannot be read ({exc.strerror})", "check its permissions") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = next((name for test, name in _SPECIAL if test(info.st_mode)), "not a file")
            raise SourceFileError("special", f"is {what}, not a regular file", "put a real file here")
        if info.st_size > limit:
            raise SourceFileError("too-large", f"is {info.st_size:,} bytes; at most {limit:,} are read",
                                  "make it smaller")
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SourceFileError("unreadable", f"cannot be read ({exc.strerror})", "check its permissions") from None
    finally:
        os.close(fd)
    if size > limit:
        raise SourceFileError("too-large", f"is over {limit:,} bytes", "make it smaller")
    return b"".join(chunks)


class ProjectFileError(SystemExit, Exception):
    """A file of ``layouts/`` or ``fonts/`` (the project's own, not the editor's) that breaks the rules: the
    command stops with the plain message ``<path>: error: …`` and the exit status 1, no traceback (an
    ``Exception`` too, so that what catches those, as the preview's background builds do, says it)."""

    def __init__(self, message: str):
        super().__init__(message)  # the code: Python prints it to stderr and exits with the status 1
        self.message = message

    def __str__(self) -> str:
        return self.message


def read_project_file(root: Path, rel: str | PurePath, limit: int = 50_000_000) -> bytes:
    """A file of ``layouts/`` or ``fonts/`` (the project's own), by the same rules as an issue's files; a
    ``ProjectFileError`` with a plain message when it breaks them."""
    try:
        return read_inside(root, rel, limit, where=f"{Path(root).name}/")
    except SourceFileError as exc:
        raise ProjectFileError(f"{Path(root) / rel}: error: {exc.sentence('this file of the project')}") from None
