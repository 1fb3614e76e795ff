"""The CMYK profile of the issue's printing condition, for every edition: the print PDF converts to it and
names it as its output intent, the screen PDF and the EPUB read a CMYK photo without a profile with it."""

from __future__ import annotations

from pathlib import Path

from ..model.conditions import CONDITIONS, DEFAULT
from ..model.nodes import Issue
from ..support.resources import layouts_dir


def default_cmyk_profile() -> Path:
    return layouts_dir() / "print" / "icc" / CONDITIONS[DEFAULT].profile


def cmyk_profile(issue: Issue) -> Path:
    """The printer's profile (``print: icc``), else the condition's shipped one, else FOGRA39's (the reader
    refuses a condition with neither, so the last is for models made by hand)."""
    if issue.printing.icc:
        return Path(issue.folder) / issue.printing.icc
    condition = CONDITIONS.get(issue.printing.condition)
    if condition is not None and condition.profile:
        return layouts_dir() / "print" / "icc" / condition.profile
    return default_cmyk_profile()
