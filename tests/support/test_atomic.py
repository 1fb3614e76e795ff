"""support/atomic.py: the sweep removes a dead run's files and folders but not a live run's nor a bag's files;
a folder is swapped in one step; a swap of two renames interrupted is finished by recover_folder."""

from __future__ import annotations

import os
import subprocess
import sys

from horizons_pub.support import atomic


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_the_sweep_removes_a_dead_runs_files_and_folders_only(tmp_path):
    dead = f"{atomic.TMP_PREFIX}{_dead_pid()}.0badc0de-"
    (tmp_path / f"{dead}archive-x" / "data").mkdir(parents=True)
    (tmp_path / f"{dead}archive-x" / "data" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / f"{dead}k.pdf").write_bytes(b"half")
    (tmp_path / f"{atomic.TMP_PREFIX}old-archive").mkdir()  # an older version's name: no process, swept
    (tmp_path / f"{dead}link").symlink_to(tmp_path / ".cache")
    mine = tmp_path / f"{atomic.temporary_prefix()}running.pdf"  # this run's own: kept
    mine.write_bytes(b"in progress")
    bag = tmp_path / "archive"
    (bag / "data").mkdir(parents=True)
    (bag / "bagit.txt").write_text("BagIt-Version: 1.0\n", encoding="utf-8")
    kept_in_bag = bag / "data" / f"{dead}a source file.md"
    kept_in_bag.write_text("a file of the bag", encoding="utf-8")
    atomic.sweep_temporaries(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert left == sorted([".cache", "archive", "archive/bagit.txt", "archive/data",
                           kept_in_bag.relative_to(tmp_path).as_posix(), mine.name])


def test_a_folder_is_swapped_in_one_step_and_the_old_one_removed(tmp_path):
    old, new = tmp_path / "archive", tmp_path / f"{atomic.temporary_prefix()}archive-x"
    old.mkdir()
    (old / "old.txt").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "new.txt").write_text("new", encoding="utf-8")
    assert atomic.exchange(new, old)  # Linux (ext4, tmpfs…): one step
    assert (old / "new.txt").is_file() and (new / "old.txt").is_file()
    atomic.exchange(new, old)
    atomic.replace_folder(new, old)
    assert [p.name for p in tmp_path.iterdir()] == ["archive"] and (old / "new.txt").is_file()


def test_recover_folder_puts_the_new_folder_in_after_a_kill_between_two_renames(tmp_path):
    target = tmp_path / "archive"
    (tmp_path / (atomic.SWAP_NEW + "archive")).mkdir()
    (tmp_path / (atomic.SWAP_NEW + "archive") / "new.txt").write_text("new", encoding="utf-8")
    (tmp_path / (atomic.SWAP_OLD + "archive")).mkdir()
    atomic.recover_folder(target)
    assert sorted(os.listdir(tmp_path)) == ["archive"] and (target / "new.txt").is_file()
    (tmp_path / (atomic.SWAP_NEW + "archive")).mkdir()  # killed before the old one was moved aside: it stays
    atomic.recover_folder(target)
    assert sorted(os.listdir(tmp_path)) == ["archive"] and (target / "new.txt").is_file()


def test_write_all_replaces_none_when_one_write_fails(tmp_path):
    first, second = tmp_path / "a.epub", tmp_path / "sub"
    first.write_bytes(b"old")
    second.write_bytes(b"a file where a folder should be")
    try:
        atomic.write_all([(first, b"new"), (second / "b.pdf", b"new")])
    except OSError as exc:
        assert exc.filename == str(second / "b.pdf")
    else:
        raise AssertionError("the write into a file should fail")
    assert first.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.epub", "sub"]
