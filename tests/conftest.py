"""Test setup: ``tests/`` on ``sys.path`` so that test files can ``import helpers``; the suite's tiers.

Two markers (registered in pyproject.toml, ``--strict-markers``):

* ``slow``: the test lays out a real issue with WeasyPrint, directly or through a fixture that
  builds one (in this process or in a child process), or runs a command that does; or it otherwise
  takes seconds (child processes, the file watcher, hundreds of generated examples).  A fast test
  takes well under a second.
* ``tools``: the test runs an outside checker: Java (EPUBCheck), Chromium or DAISY Ace, veraPDF.

The fast tier is ``pytest -m "not slow and not tools"`` (seconds: the reader, the transforms, the
diagnostics, the pagination and the caches with a fake layout, the EPUB's navigation).  A test
is marked ``slow`` here when its fixtures (all of them, the fixtures of its fixtures too) include
one of :data:`BUILDING_FIXTURES`, ``tools`` when they include one of :data:`TOOL_FIXTURES`; the
others carry their marks in their own file (a decorator or a module-level ``pytestmark``).
"""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import pytest  # noqa: E402

#: Fixtures that build a real issue (WeasyPrint lays out its pages); keep this list in step with them.
BUILDING_FIXTURES = frozenset({
    "hp38", "constructs",  # helpers/outputs.py: issue 38 and the every-construct issue, built once per session
    "hp38_whole_print",  # helpers/outputs.py: issue 38's print PDF with the cover board's pages
    "doc", "tagged",  # render/pdf/test_pdf_merge.py (they ask for hp38/constructs by name)
    "long_build",  # render/pdf/test_print.py
    "prepress_built",  # render/pdf/test_prepress_issue.py: the realistic prepress issue
    "magazine_built",  # helpers/outputs.py: the realistic 44-page issue of issue 14 (render/test_magazine_issue.py)
    "runs",  # builder/test_incremental.py
    "good",  # test_hostile.py
    "built",  # commands/test_new.py
    "hp38_run", "long_runs", "broken_run",  # commands/test_check.py: `check` builds
    "drawn",  # commands/test_flatplan.py: `flatplan` builds
    "archived", "twins",  # commands/test_archive.py: `archive` builds
})

#: Fixtures that run an outside checker.
TOOL_FIXTURES = frozenset({
    "hp38_run", "long_runs", "broken_run",  # `check` runs EPUBCheck (Java), and Ace and veraPDF when present
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BUILDING_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if used & TOOL_FIXTURES:
            item.add_marker(pytest.mark.tools)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path``, made the current folder: the reader then shows paths relative to it (``hp-test/…``)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Session fixtures with built outputs live in outputs.py.
from helpers.outputs import constructs, hp38, hp38_whole_print, magazine_built  # noqa: E402,F401
