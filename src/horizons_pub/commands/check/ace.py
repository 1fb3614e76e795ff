"""The ``epub.ace`` check: DAISY Ace on the EPUB (it drives chromium); its reports kept, any violation fails
(as scripts/ace.sh); not run, with the command that installs it, when Ace or chromium is missing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from ...support.paths import display_path
from .report import Check, failed, not_run, passed
from .tools import TOOL_TIMEOUT, install_command, tail

ACE_VERSION = "1.4.6"
ACE_INSTALL = (f"looked for: $ACE_CLI, then build/.tools/ace/ under this folder (where scripts/install-validators.sh "
               f"puts @daisy/ace-cli@{ACE_VERSION}), then ace-cli on the PATH")
NAME = "epub.ace"
ACE_LOCAL = Path("build") / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")


def find_ace(cwd: Path | None = None) -> Path | None:
    """The ace-cli to run: $ACE_CLI, else build/.tools/ace/ under the current folder (where
    scripts/install-validators.sh and scripts/ace.sh install it), else ace-cli or ace on the PATH.
    None when there is none."""
    named = os.environ.get("ACE_CLI")
    if named:
        return Path(shutil.which(named) or named)
    local = (cwd or Path.cwd()) / ACE_LOCAL
    if local.is_file() and os.access(local, os.X_OK):
        return local
    for command in ("ace-cli", "ace"):
        found = shutil.which(command)
        if found:
            return Path(found)
    return None


def find_chromium() -> str | None:
    named = os.environ.get("PUPPETEER_EXECUTABLE_PATH")
    if named:
        return named
    return next((found for found in map(shutil.which, CHROMIUM_NAMES) if found), None)


def run_ace(epub: Path, report_dir: Path) -> Check:
    """The ``epub.ace`` check: DAISY Ace on ``epub``, its reports (report.json, report.html) in ``report_dir``."""
    name = NAME
    ace = find_ace()
    if ace is None:
        return not_run(name, "DAISY Ace is not installed", ACE_INSTALL, install=install_command())
    if not (ace.is_file() and os.access(ace, os.X_OK)):
        return not_run(name, f"DAISY Ace is not installed: ACE_CLI names {ace}, which is not a program", ACE_INSTALL,
                       install=install_command())
    chromium = find_chromium()
    if chromium is None:
        return not_run(name, "DAISY Ace is installed but chromium, which it drives, is not "
                             "(apt-get install chromium, or set PUPPETEER_EXECUTABLE_PATH)", install=install_command())
    report_dir.mkdir(parents=True, exist_ok=True)
    report = report_dir / "report.json"
    report.unlink(missing_ok=True)
    try:
        # not -s (silent): Ace says why it fails on stderr only when it may speak
        proc = subprocess.run([str(ace), "-f", "-o", str(report_dir), str(epub)], capture_output=True, text=True,
                              timeout=TOOL_TIMEOUT, env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium,
                                                         "FORCE_COLOR": "0", "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        return failed(name, [f"DAISY Ace did not finish in {TOOL_TIMEOUT} s"])
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        said = list(dict.fromkeys(tail(ANSI.sub("", proc.stderr or proc.stdout))))
        return failed(name, [f"DAISY Ace could not check the EPUB (exit {proc.returncode}, no report)", *said])
    return ace_check(data, report_dir)


def ace_check(data: dict, report_dir: Path | None = None) -> Check:
    """The check from Ace's report.json: any violation fails (as scripts/ace.sh)."""
    violations = [(a.get("earl:testSubject", {}).get("url", "?"), x["earl:test"].get("dct:title", "?"),
                   x["earl:test"].get("earl:impact", "?"), x.get("earl:result", {}).get("dct:description", ""))
                  for a in data.get("assertions", []) for x in a.get("assertions", [])]
    version = data.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", "")
    outcome = data.get("earl:result", {}).get("earl:outcome", "?")
    summary = f"DAISY Ace {version}: {outcome}, {len(violations)} violation(s)".replace("  ", " ")
    if not violations:
        return passed(NAME, [summary])
    impacts: dict[str, int] = {}
    for _, _, impact, _ in violations:
        impacts[impact] = impacts.get(impact, 0) + 1
    summary += " (" + ", ".join(f"{n} {impact}" for impact, n in impacts.items()) + ")"
    where = [f"full report: {display_path(report_dir / 'report.html')}"] if report_dir else []
    lines = [f"{url}: {impact}: {text} [{rule}]" for url, rule, impact, text in violations]
    return failed(NAME, [summary, *where, *lines])
