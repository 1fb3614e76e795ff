"""The warm builder's discovery (builder/warm/places.py, client.py): fast, no build and no server process."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from horizons_pub.builder.warm import places
from horizons_pub.builder.warm.client import connect, make_request, request_build


@pytest.fixture
def runtime(monkeypatch):
    """A short private runtime folder (a Unix socket's path is at most 107 bytes)."""
    folder = tempfile.mkdtemp(prefix="hpw")
    monkeypatch.setenv("XDG_RUNTIME_DIR", folder)
    yield Path(folder)
    subprocess.run(["rm", "-rf", folder], check=False)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_place_is_private_and_named_for_the_resolved_output_root(runtime, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = places.make_private(places.place_dir(Path("out")))
    assert folder == places.place_dir(tmp_path / "out") == places.place_dir(tmp_path / "x" / ".." / "out")
    assert folder != places.place_dir(tmp_path / "other")
    assert folder.parent == runtime / f"horizons-pub-{os.getuid()}"
    for path in (folder, folder.parent):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    card = places.Card.new(folder, "env")
    card.write(folder)
    assert stat.S_IMODE((folder / places.CARD).stat().st_mode) == 0o600
    assert places.read_card(tmp_path / "out") == card  # this process is alive


def test_a_stale_card_and_socket_are_ignored_and_removed(runtime, tmp_path):
    out = tmp_path / "out"
    folder = places.make_private(places.place_dir(out))
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / places.SOCKET))  # a socket left by a builder killed hard
    server.close()
    card = places.Card(dead_pid(), b"k" * 32, "env", str(folder / places.SOCKET))
    card.write(folder)
    assert places.read_card(out) is None
    assert not (folder / places.CARD).exists() and not (folder / places.SOCKET).exists()
    request = make_request(tmp_path, out, ["epub"], False, None, environment="env")
    assert request_build(request) is None  # no builder: the caller builds itself


def test_a_live_pid_whose_socket_refuses_is_stale(runtime, tmp_path):
    out = tmp_path / "out"
    folder = places.make_private(places.place_dir(out))
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(folder / places.SOCKET))  # bound, never listening: connect() is refused
    try:
        places.Card(os.getpid(), b"k" * 32, "env", str(folder / places.SOCKET)).write(folder)
        assert connect(out) is None
        assert not (folder / places.CARD).exists()
    finally:
        listening.close()


def test_another_users_or_open_folder_is_not_trusted(runtime, tmp_path):
    out = tmp_path / "out"
    folder = places.make_private(places.place_dir(out))
    places.Card.new(folder, "env").write(folder)
    os.chmod(folder, 0o755)
    assert places.read_card(out) is None
    os.chmod(folder, 0o700)
    assert places.read_card(out) is not None
