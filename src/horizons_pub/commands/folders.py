"""Which issue folders a command works on: those named, else every issue of ``source/``."""

from __future__ import annotations

import re
from pathlib import Path

from ..builder.recipe import discover_issues
from ..reader.issue import ISSUE_FILE
from ..support.diagnostics import Reporter

SOURCE = Path("source")


def issue_folders(named: list[str] | None, reporter: Reporter, command: str = "build") -> list[Path]:
    """The folders named (each must hold an issue.yaml; the others are reported), or, when none is
    named, every issue folder of source/ in name order (none is an error)."""
    if named:
        folders = [Path(p) for p in named]
        for folder in folders:
            if not (folder / ISSUE_FILE).is_file():
                reporter.error("issue.missing", f"not an issue folder: it has no {ISSUE_FILE}", path=str(folder))
        return [f for f in folders if (f / ISSUE_FILE).is_file()]
    folders = discover_issues(SOURCE)
    if not folders:
        reporter.error("issue.none", f"no issue folder (with an {ISSUE_FILE}) in source/; name one: "
                       f"horizons-pub {command} path/to/issue", path=str(SOURCE))
    return folders


def latest_issue_folder(named: str | None, reporter: Reporter, command: str) -> Path | None:
    """The folder named, else the last issue of source/ (hp-9 before hp-10)."""
    folders = sorted(issue_folders([named] if named else None, reporter, command), key=_natural)
    return folders[-1] if folders else None


def _natural(path: Path) -> list:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.name)]
