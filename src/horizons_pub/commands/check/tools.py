"""What the checks by external tools (EPUBCheck, DAISY Ace, veraPDF) share: their time limit, the one
command that installs every validator, the end of what a tool said when it failed, and a crash of the
check itself reported as a failed check."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Callable

from ...support.paths import display_path
from .report import Check, failed

TOOL_TIMEOUT = 600  # s, for each external tool
INSTALL_SCRIPT = Path("scripts") / "install-validators.sh"
#: What to say when neither the current folder nor the installed package is a checkout holding the script.
INSTALL_WITHOUT_CHECKOUT = ("scripts/install-validators.sh, from the horizons-pub source (or: pip install "
                            "'horizons-pub[check]' and Java, libjaxb-java, chromium and @daisy/ace-cli by hand)")
_CHECKOUT = Path(__file__).resolve().parents[4]  # src/horizons_pub/commands/check/ → the checkout, if any


def install_command(cwd: Path | None = None) -> str:
    """The one command that installs every validator ``check`` runs (scripts/install-validators.sh: the
    Debian packages, DAISY Ace, and the ``check`` extra into this Python)."""
    cwd = cwd or Path.cwd()
    for root in (cwd, _CHECKOUT):
        script = root / INSTALL_SCRIPT
        if script.is_file():
            command = shlex.quote(display_path(script))
            if Path(sys.prefix).resolve() != (root / ".venv").resolve():
                command += f" --python {shlex.quote(sys.executable)}"
            return command
    return INSTALL_WITHOUT_CHECKOUT


def capture(name: str, run: Callable[[], Check]) -> Callable[[], Check]:
    """A tool run whose unexpected crash is reported as a failed check, not as a traceback later."""

    def safe() -> Check:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - the report must say it, whatever it is
            return failed(name, [f"the check itself failed: {type(exc).__name__}: {exc}"])

    return safe


def tail(text: str, lines: int = 8) -> list[str]:
    """The last ``lines`` non-blank lines of what a tool printed."""
    return [line for line in (text or "").strip().splitlines()[-lines:] if line.strip()]
