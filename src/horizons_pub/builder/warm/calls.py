"""The one place the build is called with the shared state a long-lived caller keeps (an
:class:`..issue_memo.IssueMemo`, a pool of workers shared by several builds): by the warm builder and by
``commands/build.py`` (several issues, one pool)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...support.diagnostics import Reporter
from ..recipe import BuildResult, build_issue

if TYPE_CHECKING:  # not imported for a build with nothing to do
    from ...render.pdf.workers import Workers
    from ..issue_memo import IssueMemo


def run_build(folder: Path, out_root: Path, formats: list[str], reporter: Reporter, jobs: int | None = None,
              memo: IssueMemo | None = None, workers: Workers | None = None) -> BuildResult:
    return build_issue(folder, out_root, formats, reporter, jobs=jobs, memo=memo, workers=workers)


def make_workers(jobs: int | None = None) -> Workers:
    """A pool of workers shared by several builds; the caller closes it (``.close()``)."""
    from ...render.pdf.workers import Workers

    return Workers(jobs=jobs)
