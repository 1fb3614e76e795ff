"""What the checks by external tools (EPUBCheck, DAISY Ace, veraPDF) share: their time limit, the end
of what a tool said when it failed, and a crash of the check itself reported as a failed check."""

from __future__ import annotations

from typing import Callable

from .report import FAIL, Check

TOOL_TIMEOUT = 600  # s, for each external tool


def capture(name: str, run: Callable[[], Check]) -> Callable[[], Check]:
    """A tool run whose unexpected crash is reported as a failed check, not as a traceback later."""

    def safe() -> Check:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - the report must say it, whatever it is
            return Check(name, FAIL, [f"the check itself failed: {type(exc).__name__}: {exc}"])

    return safe


def tail(text: str, lines: int = 8) -> list[str]:
    """The last ``lines`` non-blank lines of what a tool printed."""
    return [line for line in (text or "").strip().splitlines()[-lines:] if line.strip()]
