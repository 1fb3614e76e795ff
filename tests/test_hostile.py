"""Bad and hostile sources: the exact diagnostic, exit status 1, no traceback, the previous outputs untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import run_cli
from helpers.hostile_cases import CASES, EXPECTED, WARNINGS, good_issue


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> tuple[Path, Path, dict[str, bytes]]:
    """A valid issue built in every format: (its source folder, the output folder, the outputs' bytes)."""
    root = tmp_path_factory.mktemp("hostile")
    source = good_issue(root / "good")
    out = root / "out"
    code, err = run_cli(source.parent, "build", source.name, "--out", str(out))
    assert code == 0, err
    return source, out, snapshot(out)


def test_the_suite_is_large_enough():
    assert len(CASES) >= 30 and set(CASES) == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_source_gives_its_diagnostic_and_keeps_the_outputs(case, good, tmp_path):
    source, out, before = good
    broken = tmp_path / source.name
    shutil.copytree(source, broken)
    CASES[case](broken)
    code, err = run_cli(tmp_path, "build", source.name, "--out", str(out))
    assert code == 1
    assert not any("Traceback" in line for line in err)
    assert [line for line in err if "build failed" not in line] == EXPECTED[case]
    assert snapshot(out) == before, "a failed build must leave the previous outputs as they were"


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_warnings_let_the_build_succeed(case, good, tmp_path):
    source = good[0]
    mutate, expected = WARNINGS[case]
    copy = tmp_path / source.name
    shutil.copytree(source, copy)
    mutate(copy)
    code, err = run_cli(tmp_path, "build", source.name, "--out", str(tmp_path / "out"), "--format", "epub")
    assert (code, err) == (0, [expected])
    assert any((tmp_path / "out" / source.name).glob("*.epub"))
    strict_code, strict_err = run_cli(tmp_path, "build", source.name, "--out", str(tmp_path / "strict"), "--strict",
                                      "--format", "epub")
    assert strict_code == 1 and strict_err[0] == expected.replace(": warning: ", ": error: ", 1)
    assert not (tmp_path / "strict" / source.name).exists() or not any((tmp_path / "strict" / source.name).iterdir())


def test_an_output_folder_that_cannot_be_written_is_a_diagnostic(good, tmp_path):
    source = good[0]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    code, err = run_cli(source.parent, "build", source.name, "--out", str(blocker), "--format", "epub")
    assert code == 1 and not any("Traceback" in line for line in err)
    assert any(line.endswith("[output.write]") and ": error: cannot write " in line for line in err), err
