"""The shared worker processes (render/pdf/workers.py): the issue sent once, by digest, and read back the
same; a pool shared by two builds' layouts, each closing only its own work; the workers set up before the
issue is read."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from horizons_pub.render.pdf import workers as workers_module
from horizons_pub.render.pdf.pool import PartLayouts
from horizons_pub.render.pdf.workers import SharedIssue, Workers, resolve
from helpers import load, write_issue

pytestmark = pytest.mark.slow  # child processes


@pytest.fixture
def issue(tmp_path):
    found, reporter = load(write_issue(tmp_path / "hp-1"))
    assert found is not None, reporter.diagnostics
    return found


def _describe(issue, extra: str) -> tuple[str, str, int, str]:
    """In a worker: what it received."""
    return type(issue).__name__, issue.id, os.getpid(), extra


def _knows(digest: str) -> bool:
    return digest in workers_module._issues


def test_the_issue_is_pickled_once_and_received_whole(issue, monkeypatch):
    pool = Workers(2)
    dumps = []
    real = pickle.dumps
    monkeypatch.setattr(workers_module.pickle, "dumps", lambda obj, **kw: dumps.append(obj) or real(obj, **kw))
    try:
        results = [pool.call(_describe, issue, str(n)).result() for n in range(6)]
        assert {r[:2] for r in results} == {("Issue", issue.id)}
        assert [r[3] for r in results] == [str(n) for n in range(6)]  # the other arguments as given
        assert dumps == [issue]  # pickled once for six calls
        handle = pool.share(issue)
        assert pool.share(issue) is handle
        assert pickle.loads(Path(handle.path).read_bytes()) == issue
    finally:
        pool.close()
    assert not Path(handle.path).parent.exists()  # its private folder removed


def test_a_worker_forked_before_the_issue_reads_it_from_its_file(issue):
    pool = Workers(1)
    pool.start()  # forked now: the issue is not in its memory
    try:
        handle = pool.share(issue)
        assert not pool.call(_knows, handle.digest).result()  # a finishing worker, forked before
        assert pool.call(_describe, issue, "x").result()[:2] == ("Issue", issue.id)
        assert pool.call(_knows, handle.digest).result()  # read from the file, kept
        assert handle.digest in Path(handle.path).name
    finally:
        pool.close()


def test_a_shared_issue_whose_file_changed_is_refused(issue, tmp_path):
    data = pickle.dumps(issue)
    path = tmp_path / "issue.pickle"
    path.write_bytes(data)
    handle = SharedIssue("0" * 64, str(path))  # a digest the bytes do not have
    with pytest.raises(RuntimeError, match="changed on disk"):
        resolve(handle)


def _slow(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_layouts_sharing_workers_close_only_their_own_work():
    shared = Workers(2)
    try:
        first = PartLayouts(None, environment="x", workers=shared)
        second = PartLayouts(None, environment="x", workers=shared)
        assert first.jobs == second.jobs == 2
        mine = [first.call(_slow, 0.3) for _ in range(4)]
        theirs = second.call(_slow, 0.05)
        first.close()  # waits for its own work (or cancels what no worker began)
        assert all(f.done() for f in mine)
        assert theirs.result(timeout=10) == 0.05  # the other build's work is neither cancelled nor lost
        assert shared.submit(_slow, 0).result(timeout=10) == 0  # the pool still serves
    finally:
        shared.close()


def _setups() -> list[tuple[str, str]]:
    from horizons_pub.render.pdf import typeset

    return list(typeset._setups)


def _pid() -> int:
    return os.getpid()


def test_workers_started_for_an_issue_set_its_layout_up_at_once(tmp_path):
    folder = write_issue(tmp_path / "hp-1")
    pool = Workers(1)
    try:
        pool.start(folder, "env-key")
        wanted = (str(folder.resolve()), "env-key")
        assert wanted in pool.submit(_setups).result(timeout=60)
        assert wanted not in pool.call(_setups).result(timeout=60)  # the finishing workers lay nothing out
        assert pool.submit(_pid).result() != pool.call(_pid).result()  # nor are they the layout's
    finally:
        pool.close()


def test_the_builds_workers_start_before_the_issue_is_read(tmp_path, monkeypatch):
    from horizons_pub.builder import recipe
    from horizons_pub.support.diagnostics import Reporter

    folder = write_issue(tmp_path / "hp-1")
    order = []
    real_start, real_load = Workers.start, recipe.load_issue
    monkeypatch.setattr(Workers, "start", lambda self, *a: order.append(("start", a[0] if a else None))
                        or real_start(self, *a))
    monkeypatch.setattr(recipe, "load_issue", lambda *a, **k: order.append(("load", None)) or real_load(*a, **k))
    reporter = Reporter(echo=False)
    result = recipe.build_issue(folder, tmp_path / "out", ["screen"], reporter, jobs=2)
    assert result.issue is not None, reporter.diagnostics
    assert order[:2] == [("start", folder), ("load", None)]
