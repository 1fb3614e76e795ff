"""``archive`` killed between every two filesystem steps (issue 15): after each kill the archive is the old bag
as it was or the new one complete (``verify``'s BagIt check passes), and the next run sweeps what the killed one
left (its staging folder, the old bag it had swapped out), folders included.

How: the small issue ``hp-test`` is built once (WeasyPrint) and archived ("old").  Then, for N = 1, 2, … until a
run completes, a child process (forked from this one: the libraries are loaded once) counts the filesystem
steps it takes in the output folder (every mkdir, open for writing, rename, exchange, chmod, unlink, rmdir) and
ends itself with ``os._exit(137)`` before step N, as a SIGKILL would (no ``finally``, no clean-up).  The
validators are stand-ins that pass (they only read, and run in other processes): what is tested is the
archive's writing, not veraPDF.  The same again without ``renameat2`` (the fallback of two renames, which the
next run's ``recover_folder`` finishes).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from pathlib import Path

import pytest
from helpers.archive_child import KILLED, archive, leftovers, snapshot
from helpers.hostile_cases import good_issue

from horizons_pub.cli import main
from horizons_pub.commands.verify.bagit_check import bag_problems
from horizons_pub.support import atomic

pytestmark = pytest.mark.slow  # a real build of hp-test, then some hundred archives in child processes


@pytest.fixture(scope="module")
def archived(tmp_path_factory, monkeypatch_module):
    """hp-test built and archived ("old"); the old and new bags' bytes; the steps of a whole run."""
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", "1709251200")
    root = tmp_path_factory.mktemp("archive-kill")
    source = good_issue(root / "src")
    out = root / "out"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        before = Path.cwd()
        os.chdir(source.parent)
        try:
            assert main(["build", "hp-test", "--out", str(out), "--quiet"]) == 0
        finally:
            os.chdir(before)
    bag = out / "hp-test" / "archive"
    assert archive(source.parent, out, "old") == 0 and bag_problems(bag)[0] == []
    old = snapshot(bag)
    shutil.copytree(bag, root / "old-bag", symlinks=True)
    assert archive(source.parent, out, "new") == 0 and bag_problems(bag)[0] == []
    new = snapshot(bag)
    assert new != old and leftovers(out / "hp-test") == set()
    return source.parent, out, root / "old-bag", old, new


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def _restore(old_bag: Path, bag: Path) -> None:
    """The old bag back in place (what the killed run left beside it stays, for the next run to sweep)."""
    if bag.is_dir():
        shutil.rmtree(bag)
    shutil.copytree(old_bag, bag, symlinks=True)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_kill_at_any_step_leaves_the_old_bag_or_the_new_one(archived, exchange):
    cwd, out, old_bag, old, new = archived
    folder, bag = out / "hp-test", out / "hp-test" / "archive"
    _restore(old_bag, bag)
    log = out.parent / f"steps-{exchange}.log"
    assert archive(cwd, out, "new", exchange=exchange, log_to=log) == 0 and snapshot(bag) == new
    steps = log.read_text(encoding="utf-8").splitlines()
    swept_at = steps.index("swept")  # steps taken before the sweep of the leftovers
    counted = len(steps) - 1
    assert counted > 40 and any(s.startswith("exchange ") for s in steps), steps
    previous: set[str] = set()
    outcomes = {"old": 0, "new": 0, "rolled forward": 0}
    for n in range(1, counted + 3):
        _restore(old_bag, bag)
        code = archive(cwd, out, "new", kill_at=n, exchange=exchange)
        assert code in (KILLED, 0), (n, code)
        if not bag.exists():  # two renames, killed between them: the next run puts the new bag in
            assert not exchange, f"step {n}: no archive/ after a kill"
            atomic.recover_folder(bag)
            assert snapshot(bag) == new, f"step {n}: the bag put back is not the new one"
            outcomes["rolled forward"] += 1
        now = snapshot(bag)
        assert now in (old, new), f"step {n} ({steps[n - 1] if n <= counted else 'none'}): a bag half made"
        assert bag_problems(bag)[0] == [], n
        outcomes["old" if now == old else "new"] += 1
        left = leftovers(folder)
        if n > swept_at:  # this run got past its sweep: what the previous kill left is gone (the names of a
            # swap without exchange are the same in every run: that the next run removes them is tested below)
            assert not {name for name in left & previous if not name.startswith(atomic.SWAP_OLD)}, (n, left)
        previous = left
        if code == 0:
            break
    else:
        pytest.fail("the archive never completed")
    assert code == 0 and n == counted + 1, (n, counted)
    assert outcomes["old"] > 10 and outcomes["new"] > 3, outcomes
    assert (outcomes["rolled forward"] == 1) == (not exchange), outcomes
    # the next run sweeps everything a killed run left, folders included
    _restore(old_bag, bag)
    assert archive(cwd, out, "new", kill_at=counted, exchange=exchange) == KILLED  # the old bag half removed
    assert leftovers(folder), "the kill left nothing to sweep: the test proves nothing"
    assert archive(cwd, out, "new", exchange=exchange) == 0
    assert leftovers(folder) == set() and snapshot(bag) == new
