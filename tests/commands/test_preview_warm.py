"""The preview's background build goes through its warm builder (commands/preview/builder.py with
builder/warm/client.py's WarmProcess): wired with a fake builder here (fast); the real one in
tests/builder/test_warm_server.py."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from horizons_pub.builder.warm.records import Built, Refused
from horizons_pub.commands.preview.builder import BackgroundBuilder
from horizons_pub.commands.preview.console import Console


class FakeWarm:
    def __init__(self, answer, gate: threading.Event | None = None):
        self.answer, self.gate = answer, gate
        self.requests, self.restarts, self.stopped, self.started = [], 0, False, 0
        self.building = threading.Event()

    def start(self):
        self.started += 1
        return self

    def build(self, request):
        self.requests.append(request)
        self.building.set()
        if self.gate is not None:
            self.gate.wait(10)
        return self.answer

    def restart(self):
        self.restarts += 1
        if self.gate is not None:
            self.answer = None  # its connection drops
            self.gate.set()

    def stop(self):
        self.stopped = True


def builder(tmp_path: Path, warm) -> BackgroundBuilder:
    live = SimpleNamespace(issue_dir=tmp_path / "issue", out_root=tmp_path / "out")
    made = BackgroundBuilder(live, Console(quiet=True), threading.Event(), warm=False)
    made.warm = warm
    made.ran = []
    made._run = lambda step, args, started: made.ran.append((step, args)) or True  # the child process
    return made


def built(**changes) -> Built:
    fields = dict(has_issue=True, up_to_date=False, outline=("outline",), outputs=(), details=(),
                  diagnostics=({"severity": "warning", "code": "x.y", "message": "careful", "file": "a.md",
                                "line": 3, "path": None, "data": {}},), warm=True)
    return Built(**{**fields, **changes})


def test_the_build_goes_to_the_warm_builder(tmp_path):
    warm = FakeWarm(built())
    made = builder(tmp_path, warm)
    assert made._build(0.0) is True
    assert made.ran == []  # no child process
    (request,) = warm.requests
    assert request.folder == str(tmp_path / "issue") and request.out_root == str(tmp_path / "out")
    assert made.status.log[0] == "a.md:3: warning: careful [x.y]" and made.status.log[-1].endswith(
        ": built (0 errors, 1 warning)")


def test_a_failed_warm_build_is_said_as_a_failed_child_build(tmp_path):
    error = {"severity": "error", "code": "x.z", "message": "broken", "file": "a.md", "line": 1, "path": None,
             "data": {}}
    made = builder(tmp_path, FakeWarm(built(has_issue=False, diagnostics=(error,))))
    assert made._build(0.0) is False and made.ran == []
    assert made.status.state == "failed" and made.status.log[-1].endswith("build failed (1 error, 0 warnings)")


def test_a_refusal_builds_in_a_child_process_and_starts_another_warm_builder(tmp_path):
    for answer in (Refused("another environment"), None):
        warm = FakeWarm(answer)
        made = builder(tmp_path, warm)
        assert made._build(0.0) is True
        assert [step for step, _ in made.ran] == ["build"] and warm.restarts == 1


def test_a_save_ends_the_warm_build_and_restarts_the_builder(tmp_path):
    warm = FakeWarm(built(), gate=threading.Event())
    made = builder(tmp_path, warm)
    result = []
    thread = threading.Thread(target=lambda: result.append(made._build(0.0)))
    thread.start()
    assert warm.building.wait(10)
    made.hold()
    thread.join(10)
    assert result == [False] and warm.restarts == 1 and made.ran == []  # ended, not built again by a child
    assert made.status.state == "waiting"
    made.hold()  # nothing under way: the builder (and its memo) stays
    assert warm.restarts == 1


def test_the_builder_is_started_with_the_loop_and_stopped_with_it(tmp_path):
    warm = FakeWarm(built())
    made = builder(tmp_path, warm)
    made._stop.set()
    made.loop()
    assert warm.started == 1
    made.stop()
    assert warm.stopped
