"""Test setup: ``tests/`` on ``sys.path`` so that test files can ``import helpers``."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

import pytest  # noqa: E402


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path``, made the current folder: the reader then shows paths relative to it (``hp-test/…``)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Session fixtures with built outputs live in outputs.py.
from helpers.outputs import constructs, hp38  # noqa: E402,F401
