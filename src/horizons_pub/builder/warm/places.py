"""Where the warm builder of an output root is found: a private folder (0700) named for the resolved output
root, under ``$XDG_RUNTIME_DIR`` (else the temporary folder) / ``horizons-pub-<uid>``, holding its Unix socket
(:data:`SOCKET`) and, beside it, its card (:data:`CARD`, 0600): its pid, the authentication key of its
connections and the environment key it runs with.  A card whose pid is dead, or whose socket refuses, is
stale: it is removed."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

SOCKET = "warm.sock"
CARD = "warm.json"


def base_dir() -> Path:
    """``$XDG_RUNTIME_DIR/horizons-pub-<uid>`` (else in the temporary folder), made private (0700)."""
    root = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(root) / f"horizons-pub-{os.getuid()}"


def place_dir(out_root: Path) -> Path:
    """The folder of the warm builder of ``out_root`` (not made)."""
    name = hashlib.sha256(str(Path(out_root).resolve()).encode()).hexdigest()[:16]
    return base_dir() / name


def make_private(folder: Path) -> Path:
    """Make ``folder`` and its parent, each 0700 and ours (refused otherwise: another user's folder)."""
    for path in (folder.parent, folder):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            pass
        info = path.lstat()
        if not path.is_dir() or path.is_symlink() or info.st_uid != os.getuid():
            raise PermissionError(f"{path} is not a private folder of this user")
        if info.st_mode & 0o077:
            os.chmod(path, 0o700)
    return folder


@dataclass(frozen=True)
class Card:
    """What a client needs to talk to a warm builder."""

    pid: int
    authkey: bytes
    environment: str
    socket: str

    @classmethod
    def new(cls, folder: Path, environment: str) -> Card:
        return cls(os.getpid(), secrets.token_bytes(32), environment, str(folder / SOCKET))

    def write(self, folder: Path) -> None:
        """Written aside (0600), then renamed into place."""
        temporary = folder / f".{CARD}.{os.getpid()}"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as stream:
            json.dump({"pid": self.pid, "authkey": self.authkey.hex(), "environment": self.environment,
                       "socket": self.socket}, stream)
        os.replace(temporary, folder / CARD)


def read_card(out_root: Path) -> Card | None:
    """The card of a live warm builder of ``out_root``; None when there is none (a stale one is removed)."""
    folder = place_dir(out_root)
    try:
        info = folder.lstat()
        if info.st_uid != os.getuid() or info.st_mode & 0o077 or not folder.is_dir() or folder.is_symlink():
            return None
        data = json.loads((folder / CARD).read_text())
        card = Card(int(data["pid"]), bytes.fromhex(data["authkey"]), str(data["environment"]), str(data["socket"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not alive(card.pid):
        remove(folder, card.pid)
        return None
    return card


def alive(pid: int) -> bool:
    """Whether ``pid`` is a live process of this user (a zombie nobody reaped is not)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or another user's process has that pid now
        return False
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            return stream.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc: kill() said it lives


def remove(folder: Path, pid: int) -> None:
    """Remove the card and the socket of the builder ``pid`` (when the card is still its own)."""
    try:
        data = json.loads((folder / CARD).read_text())
        if int(data.get("pid", -1)) != pid:
            return  # another builder took the place meanwhile
    except (OSError, ValueError, TypeError):
        pass
    for name in (CARD, SOCKET):
        try:
            (folder / name).unlink()
        except OSError:
            pass
