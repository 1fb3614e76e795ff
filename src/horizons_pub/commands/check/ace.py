"""The ``ace`` check: DAISY Ace on the EPUB, when installed (it drives chromium); its reports kept, any
violation fails (as scripts/ace.sh); skipped, saying how to install it, when it is not."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from ...support.paths import display_path
from .report import FAIL, OK, SKIPPED, Check
from .tools import TOOL_TIMEOUT, tail

ACE_VERSION = "1.4.6"
ACE_INSTALL = (f"install it with: PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@{ACE_VERSION} "
               "(and apt-get install chromium), or run scripts/ace.sh once, which installs it into build/.tools/ace; "
               "ACE_CLI may name an ace-cli installed elsewhere")
ACE_LOCAL = Path("build") / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")


def find_ace(cwd: Path | None = None) -> Path | None:
    """The ace-cli to run: $ACE_CLI, else build/.tools/ace/ under the current folder (where scripts/ace.sh
    installs it), else ace-cli or ace on the PATH.  None when there is none."""
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
    name = "ace"
    ace = find_ace()
    if ace is None:
        return Check(name, SKIPPED, ["DAISY Ace is not installed", ACE_INSTALL])
    if not (ace.is_file() and os.access(ace, os.X_OK)):
        return Check(name, FAIL, [f"ACE_CLI names {ace}, which is not a program", ACE_INSTALL])
    chromium = find_chromium()
    if chromium is None:
        return Check(name, SKIPPED, ["DAISY Ace is installed but chromium, which it drives, is not: "
                                     "apt-get install chromium (or set PUPPETEER_EXECUTABLE_PATH)"])
    report_dir.mkdir(parents=True, exist_ok=True)
    report = report_dir / "report.json"
    report.unlink(missing_ok=True)
    try:
        # not -s (silent): Ace says why it fails on stderr only when it may speak
        proc = subprocess.run([str(ace), "-f", "-o", str(report_dir), str(epub)], capture_output=True, text=True,
                              timeout=TOOL_TIMEOUT, env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium,
                                                         "FORCE_COLOR": "0", "NO_COLOR": "1"})
    except subprocess.TimeoutExpired:
        return Check(name, FAIL, [f"DAISY Ace did not finish in {TOOL_TIMEOUT} s"])
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        said = list(dict.fromkeys(tail(ANSI.sub("", proc.stderr or proc.stdout))))
        return Check(name, FAIL, [f"DAISY Ace could not check the EPUB (exit {proc.returncode}, no report)", *said])
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
        return Check("ace", OK, [summary])
    impacts: dict[str, int] = {}
    for _, _, impact, _ in violations:
        impacts[impact] = impacts.get(impact, 0) + 1
    summary += " (" + ", ".join(f"{n} {impact}" for impact, n in impacts.items()) + ")"
    where = [f"full report: {display_path(report_dir / 'report.html')}"] if report_dir else []
    lines = [f"{url}: {impact}: {text} [{rule}]" for url, rule, impact, text in violations]
    return Check("ace", FAIL, [summary, *where, *lines])
