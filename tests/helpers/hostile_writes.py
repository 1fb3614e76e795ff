"""Hostile cases of issue 15 (writes): merged into hostile_cases.CASES and EXPECTED (same shapes)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

CASES: dict[str, Callable[[Path], None]] = {}
EXPECTED: dict[str, list[str]] = {}
