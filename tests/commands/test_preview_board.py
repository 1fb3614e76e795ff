"""The preview's board of laid-out pages without a layout process: the addresses it answers, the flatplan
as planned (before the first answer), and how the press's answers change what an edition shows (images
kept and dropped, late answers ignored, failures said); and the press's process, killed, said as failed."""

from __future__ import annotations

import json
import os
import queue
import signal
from dataclasses import asdict
from pathlib import Path

import pytest

from helpers import load
from helpers.outputs import MAGAZINE
from horizons_pub.builder.press.client import PressClient
from horizons_pub.builder.press.records import Failed, Laid, PageImage, PartPages
from horizons_pub.commands.preview.board import Board
from horizons_pub.commands.preview.board_pages import BoardView, planned_layout, route
from horizons_pub.commands.preview.console import Console
from horizons_pub.commands.preview.live import LiveIssue


@pytest.fixture(scope="module")
def magazine():
    issue, reporter = load(MAGAZINE)
    assert issue is not None, reporter.diagnostics
    return issue


def test_routes():
    assert route("/") == ("index", "print", None) and route("/screen/") == ("index", "screen", None)
    assert route("/spread/12") == ("spread", "print", 12) and route("/screen/spread/3") == ("spread", "screen", 3)
    assert route("/page-image/" + "ab" * 10 + ".png") == ("image", "ab" * 10, None)
    assert route("/page-thumb/" + "0" * 20 + ".png") == ("thumb", "0" * 20, None)
    for path in ("/spread/", "/spread/x", "/page-image/../x.png", "/page-image/" + "g" * 20 + ".png", "/parts",
                 "/screen/spread/12/"):
        assert route(path) is None, path


def test_the_planned_layout_gives_every_page_its_part(magazine):
    layout = planned_layout(magazine)
    folios = layout.folios()
    assert folios == list(range(1, magazine.pages + 1))  # every page once, in order
    starts = {p.key: p.first for p in layout.parts}
    assert starts == {(p.article or p.kind.value): p.page for p in magazine.flatplan}


def _board(tmp_path: Path) -> Board:
    return Board(LiveIssue(MAGAZINE, tmp_path / "out", Console()), Console())


def _image(n: int) -> PageImage:
    return PageImage(f"{n:020x}", b"png%d" % n, b"thumb%d" % n, 10, 14)


def _laid(issue, serial: int, images: dict[str, list[int]], final: bool = True, stale: tuple[str, ...] = ()) -> Laid:
    layout = planned_layout(issue)
    parts = tuple(PartPages(p.key, p.first, tuple(f"{n:020x}" for n in images.get(p.key, [])), p.key in stale)
                  for p in layout.parts)
    sent = tuple(_image(n) for ns in images.values() for n in ns)
    keep = frozenset(i.id for i in sent)
    return Laid(serial, "print", final, parts, json.dumps(asdict(layout)).encode(), sent, ("edito",), 0.5,
                keep=keep if final else frozenset())


def test_answers_change_the_edition(tmp_path: Path, magazine):
    board = _board(tmp_path)
    board._answer(_laid(magazine, 1, {"cover": [1], "edito": [2]}))
    edition = board.edition("print")
    assert edition.folios == {1: f"{1:020x}", 2: f"{2:020x}"} and edition.final and not edition.failed
    assert board.image(f"{2:020x}").png == b"png2"
    view = BoardView(board, "print", magazine)
    assert view.images[2]["href"] == f"/page-image/{2:020x}.png"
    assert [p.thumb for p in view.plan.pages[:2]] == [f"/page-thumb/{n:020x}.png" for n in (1, 2)]

    # a provisional answer: the new page, the pushed ones shown as they were; nothing dropped yet
    board._answer(_laid(magazine, 2, {"cover": [1], "edito": [3]}, final=False, stale=("sommaire",)))
    edition = board.edition("print")
    assert not edition.final and edition.laying and edition.fresh == frozenset({2})
    assert board.image(f"{2:020x}") is not None
    # the final answer drops the images no later answer names
    board._answer(_laid(magazine, 2, {"cover": [1], "edito": [3]}))
    assert board.image(f"{2:020x}") is None and board.image(f"{3:020x}").png == b"png3"
    # a late answer to an older request changes nothing
    board._answer(_laid(magazine, 1, {"cover": [9]}))
    assert board.edition("print").folios[1] == f"{1:020x}"
    # a failure is said, the pages stay
    board._answer(Failed(3, "print", "MemoryError: out of memory"))
    edition = board.edition("print")
    assert edition.failed.startswith("MemoryError") and edition.folios[2] == f"{3:020x}"
    assert BoardView(board, "print", magazine).state()[0] == "failed"


def test_the_first_changed_articles_are_those_that_differ(tmp_path: Path, magazine):
    from dataclasses import replace

    from horizons_pub.commands.preview import board as board_module

    edited = replace(magazine, articles=tuple(replace(a, blocks=a.blocks[:-1]) if a.id == "gand" else a
                                               for a in magazine.articles))
    assert board_module._changed_articles(magazine, magazine) == ()
    assert board_module._changed_articles(magazine, edited) == ("gand",)


@pytest.mark.slow  # a process that imports WeasyPrint
def test_a_press_that_dies_is_said_failed_and_started_again(magazine):
    answers: queue.Queue = queue.Queue()
    press = PressClient(answers.put).start()
    try:
        press.lay(magazine, "print", None)
        os.kill(press.pid, signal.SIGKILL)
        answer = answers.get(timeout=60)
        while not isinstance(answer, Failed):  # it may have answered before it was killed
            answer = answers.get(timeout=60)
        assert "stopped" in answer.message and answer.serial == 1
        assert press.pid is None
        serial = press.lay(magazine, "screen", None)  # a new process
        assert press.pid is not None and serial == 2
    finally:
        press.stop()


@pytest.mark.slow  # two processes
def test_the_press_ends_when_its_preview_is_killed(tmp_path: Path):
    """Killed while the press lays out: it ends within seconds (between two parts, as its socket ends; within
    a part, as it sees its parent gone), not at the end of the issue's layout."""
    import subprocess
    import sys
    import time

    # it is laying the magazine out (cold: tens of seconds) when the preview is killed
    script = ("from horizons_pub.builder.press.client import PressClient\n"
              "from helpers import load\nfrom helpers.outputs import MAGAZINE\nimport time\n"
              "press = PressClient(print).start()\npress.lay(load(MAGAZINE)[0], 'print', None)\n"
              "print(press.pid, flush=True)\ntime.sleep(600)\n")
    tests = Path(__file__).resolve().parents[1]
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tests), os.environ.get("PYTHONPATH", "")])})
    try:
        press = int(parent.stdout.readline())
        time.sleep(3)  # WeasyPrint imported, the layout begun
        os.kill(press, 0)  # running
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            try:
                os.kill(press, 0)
            except ProcessLookupError:
                break
            if Path(f"/proc/{press}/stat").read_text().split(") ")[1].startswith("Z"):
                break  # ended, not yet reaped (its parent is gone)
            time.sleep(0.2)
        else:
            raise AssertionError("the press outlived its preview by 8 s")
    finally:
        parent.kill()
