"""``horizons-pub check``: the real validators on built issues, one report per issue, exit 1 on a failure.

Issue 38 is checked from a copy of the session build (``hp38``); the long test issue, whose article
overflows its pages, is built by ``check`` itself, then checked again without a rebuild.  Broken
outputs (an EPUB without a chapter, a print PDF page without a TrimBox) are made newer than the
source, so that ``check`` checks them instead of rebuilding.  The check runs in a folder of its own,
so DAISY Ace is skipped unless ``ACE_CLI`` (or an ace-cli on the PATH) names one.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest

from horizons_pub.commands.check import verapdf
from horizons_pub.commands.check.ace import ace_check, find_ace, find_chromium, run_ace
from horizons_pub.commands.check.epubcheck import epubcheck_check, run_epubcheck
from horizons_pub.commands.check.layout_checks import check_layout
from horizons_pub.commands.check.printing import TextPrinter
from horizons_pub.commands.check.report import CHECK_NAMES, FAIL, INFO, OK, SKIPPED, WARN, Check, IssueReport
from horizons_pub.commands.check.verapdf import run_verapdf
from horizons_pub.render.pdf.layout_file import LaidOutPart, LayoutDiagnostic, LayoutFile
from helpers.longissue import LONG_ID, flatplan_line, write_long_issue
from helpers.outputs import HP38, ROOT

STEM = "horizons-publics-38"
OUTPUTS = (f"{STEM}.epub", f"{STEM}-print.pdf", f"{STEM}-screen.pdf", "layout.json")
REMOVED_CHAPTER = "EPUB/text/dossier.xhtml"


def run_check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """``horizons-pub check`` as a user runs it, in a child process, from ``cwd``."""
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "horizons_pub", "check", *args], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": path}, timeout=600)


def report_of(proc: subprocess.CompletedProcess) -> dict[str, dict]:
    """The JSON report, by issue id."""
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"check --json printed no JSON (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return {entry["issue"]: entry for entry in data["issues"]}


def statuses(entry: dict) -> dict[str, str]:
    return {c["name"]: c["status"] for c in entry["checks"]}


def details(entry: dict, name: str) -> str:
    return "\n".join(next(c["details"] for c in entry["checks"] if c["name"] == name))


def expected_tool_statuses(cwd: Path) -> dict[str, str]:
    """What the optional tools give here: Ace and veraPDF are skipped when not installed."""
    ace = OK if find_ace(cwd) and find_chromium() else SKIPPED
    return {"ace": ace, "screen.verapdf": SKIPPED if verapdf.unavailable() else OK}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir()) if p.is_file()}


def newer_than_source(path: Path, source: Path) -> None:
    newest = max(p.stat().st_mtime for p in source.rglob("*") if p.is_file())
    stamp = max(time.time(), newest + 10)
    os.utime(path, (stamp, stamp))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """The folder check runs from (no build/.tools/ace there)."""
    return tmp_path_factory.mktemp("check-cwd")


def copy_hp38(hp38, out: Path) -> Path:
    """The session build of issue 38, copied (times kept: still newer than the source) into ``out``."""
    shutil.copytree(hp38.folder, out / "hp-38")
    return out / "hp-38"


# ---------------------------------------------------------------------------
# Issue 38: everything holds
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hp38_run(hp38, workspace, tmp_path_factory):
    out = tmp_path_factory.mktemp("check-hp38")
    folder = copy_hp38(hp38, out)
    before = mtimes(folder)
    proc = run_check(workspace, str(HP38), "--out", str(out), "--json")
    return proc, before, folder


def test_issue_38_passes_every_check(hp38_run, workspace):
    proc, before, folder = hp38_run
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    entry = report_of(proc)["hp-38"]
    assert entry["ok"] is True
    assert [c["name"] for c in entry["checks"]] == list(CHECK_NAMES)
    expected = {name: OK for name in CHECK_NAMES} | expected_tool_statuses(workspace)
    expected["layout.reserved"] = INFO  # issue 38 has reserved pages: listed, not a problem
    assert statuses(entry) == expected, json.dumps(entry, ensure_ascii=False, indent=1)
    assert details(entry, "build").startswith("up to date")
    assert "EPUBCheck" in details(entry, "epubcheck") and "no error" in details(entry, "epubcheck")
    assert "108 pages, as planned" in details(entry, "layout.pages")
    assert "pages 5–7: after Philippe Laurent" in details(entry, "layout.reserved")
    if expected["ace"] == SKIPPED:
        assert "npm install @daisy/ace-cli@1.4.6" in details(entry, "ace")
    assert mtimes(folder).items() >= {k: v for k, v in before.items() if k in OUTPUTS}.items(), "rebuilt"


# ---------------------------------------------------------------------------
# The long issue: an overflow fails the check; a second run does not rebuild
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_runs(workspace, tmp_path_factory):
    folder = write_long_issue(tmp_path_factory.mktemp("check-long-source"))
    out = tmp_path_factory.mktemp("check-long-out")
    first = run_check(workspace, str(folder), "--out", str(out), "--json")
    built = mtimes(out / folder.name)
    second = run_check(workspace, str(folder), "--out", str(out), "--json")
    return folder, first, built, second, mtimes(out / folder.name)


def test_overflow_fails_the_check(long_runs, workspace):
    folder, first, _, _, _ = long_runs
    assert first.returncode == 1, f"{first.stdout}\n{first.stderr}"
    entry = report_of(first)["hp-long"]
    assert entry["ok"] is False
    found = statuses(entry)
    assert found["layout.flatplan"] == FAIL
    flatplan = details(entry, "layout.flatplan")
    assert re.search(rf"issue\.yaml:{flatplan_line(folder, LONG_ID)}: the article '{LONG_ID}' runs \d+ page\(s\) "
                     r"past page 8.*\[layout\.overflow\]", flatplan), flatplan
    assert "[layout.pushed]" in flatplan
    assert found["layout.pages"] == FAIL and "12 planned" in details(entry, "layout.pages")
    # the outputs themselves are valid: only the layout fails
    for name in ("build", "epubcheck", "print.boxes", "print.page-labels", "screen.page-labels", "print.fonts"):
        assert found[name] == OK, (name, details(entry, name))
    assert details(entry, "build").startswith("built:")
    assert found["layout.notes"] in (OK, WARN)
    assert found["layout.reserved"] == INFO


def test_second_run_does_not_rebuild(long_runs):
    folder, first, built, second, after = long_runs
    assert set(OUTPUTS[3:]) <= set(built) and len(built) >= 4, built
    assert {k: v for k, v in after.items() if k in built} == built, "the second check rebuilt the issue"
    assert second.returncode == 1
    entry = report_of(second)["hp-long"]
    assert details(entry, "build").startswith("up to date")
    assert statuses(entry) == statuses(report_of(first)["hp-long"])


# ---------------------------------------------------------------------------
# Broken outputs, not rebuilt: each problem is named
# ---------------------------------------------------------------------------


def remove_chapter(epub: Path, name: str) -> None:
    with zipfile.ZipFile(epub) as book:
        entries = [(info, book.read(info)) for info in book.infolist()]
    assert name in [info.filename for info, _ in entries], name
    with zipfile.ZipFile(epub, "w") as book:
        for info, data in entries:
            if info.filename != name:
                book.writestr(info, data)


def drop_trim_box(pdf_path: Path, index: int) -> None:
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        del pdf.pages[index].obj["/TrimBox"]
        pdf.save(pdf_path)


@pytest.fixture(scope="module")
def broken_run(hp38, workspace, tmp_path_factory):
    out = tmp_path_factory.mktemp("check-broken")
    folder = copy_hp38(hp38, out)
    remove_chapter(folder / f"{STEM}.epub", REMOVED_CHAPTER)
    drop_trim_box(folder / f"{STEM}-print.pdf", 4)  # page 5
    for name in (f"{STEM}.epub", f"{STEM}-print.pdf"):
        newer_than_source(folder / name, HP38)
    before = mtimes(folder)
    proc = run_check(workspace, str(HP38), "--out", str(out), "--quiet")
    return proc, before, folder


def failed_checks(stdout: str) -> dict[str, str]:
    """The --quiet report: each failed check with its details."""
    failed: dict[str, str] = {}
    name = None
    for line in stdout.splitlines():
        m = re.match(r"hp-38: FAIL +(\S+) +(.*)", line)
        if m:
            name = m[1]
            failed[name] = m[2]
        elif name and line.startswith(" "):
            failed[name] += "\n" + line.strip()
        else:
            pytest.fail(f"--quiet printed a line that is not a failure: {line!r}")
    return failed


def test_broken_outputs_are_checked_not_rebuilt(broken_run):
    proc, before, folder = broken_run
    assert proc.returncode == 1, f"{proc.stdout}\n{proc.stderr}"
    assert mtimes(folder).items() >= {k: v for k, v in before.items() if k in OUTPUTS}.items(), "rebuilt"
    with zipfile.ZipFile(folder / f"{STEM}.epub") as book:
        assert REMOVED_CHAPTER not in book.namelist()
    # --quiet: the failures only (DAISY Ace, when installed, cannot open the broken EPUB either)
    assert set(failed_checks(proc.stdout)) - {"ace"} == {"epubcheck", "print.boxes"}, proc.stdout


def test_an_epub_without_a_chapter_fails_epubcheck(broken_run):
    proc, _, _ = broken_run
    epubcheck = failed_checks(proc.stdout)["epubcheck"]
    assert re.search(r"ERROR RSC-001: File \"EPUB/text/dossier\.xhtml\" could not be found", epubcheck), epubcheck


def test_a_page_without_trim_box_fails(broken_run):
    proc, _, _ = broken_run
    assert failed_checks(proc.stdout)["print.boxes"] == "no TrimBox: page 5"


# ---------------------------------------------------------------------------
# The report itself, and tools that are not installed (no build)
# ---------------------------------------------------------------------------


def sample_report() -> IssueReport:
    return IssueReport("hp-99", "source/hp-99", [
        Check("build", OK, ["up to date"]),
        Check("ace", SKIPPED, ["DAISY Ace is not installed", "install it with: …"]),
        Check("print.boxes", FAIL, ["no TrimBox: page 5", "no BleedBox: pages 5–7"]),
        Check("layout.notes", WARN, ["1 note(s) printed on another page than their call"]),
        Check("layout.reserved", INFO, ["1 reserved page(s), in 1 range(s)", "page 3: after Sommaire"]),
    ])


def test_text_report_one_line_per_check():
    stream = io.StringIO()
    TextPrinter(stream=stream).issue(sample_report())
    lines = stream.getvalue().splitlines()
    assert "\x1b" not in stream.getvalue(), "colour codes when stdout is not a terminal"
    assert lines[0].startswith("hp-99 FAIL")
    assert [line.split()[0] for line in lines if line.startswith("  ") and not line.startswith("   ")] == [
        "ok", "skipped", "FAIL", "warn", "info"]
    assert any(re.match(r"  FAIL +print\.boxes +no TrimBox: page 5$", line) for line in lines), lines
    assert any(line.strip() == "no BleedBox: pages 5–7" for line in lines), lines


def test_quiet_report_shows_failures_only():
    stream = io.StringIO()
    TextPrinter(quiet=True, stream=stream).issue(sample_report())
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2, lines
    assert re.fullmatch(r"hp-99: FAIL +print\.boxes +no TrimBox: page 5", lines[0]), lines
    assert lines[1].startswith(" ") and lines[1].strip() == "no BleedBox: pages 5–7"


def test_json_report():
    entry = sample_report().to_json()
    assert entry["issue"] == "hp-99" and entry["ok"] is False
    assert entry["checks"][2] == {"name": "print.boxes", "status": "fail",
                                  "details": ["no TrimBox: page 5", "no BleedBox: pages 5–7"]}
    assert IssueReport("hp-99", "x", [Check("a", WARN), Check("b", SKIPPED), Check("c", INFO)]).ok


def typed_layout(layout: dict) -> LayoutFile:
    """``layout`` as read from layout.json, the fields these tests leave out filled in."""
    parts = tuple(LaidOutPart(**{"article": None, "rubric": (), "rubric_id": p["kind"], "has_text": True, **p})
                  for p in layout["parts"])
    diagnostics = tuple(LayoutDiagnostic(**{"file": None, "line": None, "path": None, **d})
                        for d in layout["diagnostics"])
    return LayoutFile("hp-99", "", 99, layout["pages"], layout["planned_pages"], parts, diagnostics)


def test_layout_checks_lost_and_moved_notes():
    layout = {"pages": 12, "planned_pages": 12, "parts": [
        {"key": "cover", "kind": "cover", "title": "Couverture", "planned": 1, "first": 1, "last": 1},
        {"key": "a", "kind": "article", "title": "A", "planned": 2, "first": 2, "last": 9},
        {"key": "reserved-a", "kind": "reserved", "title": "A", "planned": 2, "first": 10, "last": 11},
        {"key": "back-cover", "kind": "back-cover", "title": "Q", "planned": 12, "first": 12, "last": 12}],
        "diagnostics": [
            {"code": "note.moved", "severity": "warning", "message": "note 2 is printed on page 4", "file": "a.md",
             "line": 7},
            {"code": "note.lost", "severity": "warning", "message": "note 3 is not printed", "file": "a.md",
             "line": 9}]}
    found = {c.name: c for c in check_layout(typed_layout(layout))}
    assert found["layout.notes"].status == FAIL
    assert "a.md:9: note 3 is not printed" in found["layout.notes"].details
    assert found["layout.flatplan"].status == OK and found["layout.pages"].status == OK
    assert found["layout.reserved"].details[1:] == ["pages 10–11: after A"]
    layout["diagnostics"] = layout["diagnostics"][:1]
    found = {c.name: c for c in check_layout(typed_layout(layout))}
    assert found["layout.notes"].status == WARN
    layout["parts"][3]["first"] = layout["parts"][3]["last"] = 14  # no message, yet a part starts late
    layout["pages"] = 14
    found = {c.name: c for c in check_layout(typed_layout(layout))}
    assert found["layout.flatplan"].status == FAIL and found["layout.pages"].status == FAIL


def test_missing_tools(tmp_path, monkeypatch):
    monkeypatch.delenv("ACE_CLI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, no ace-cli
    monkeypatch.chdir(tmp_path)
    ace = run_ace(tmp_path / "book.epub", tmp_path / "ace")
    assert ace.status == SKIPPED
    assert "PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@1.4.6" in " ".join(ace.details)
    assert "apt-get install chromium" in " ".join(ace.details) and "scripts/ace.sh" in " ".join(ace.details)
    epubcheck = run_epubcheck(tmp_path / "book.epub", tmp_path / "epubcheck.json")
    assert epubcheck.status == FAIL and "Java is not installed" in epubcheck.details[0]
    assert "apt-get install" in epubcheck.details[0]


def test_not_an_issue_folder_fails(tmp_path):
    proc = run_check(tmp_path, str(tmp_path), "--out", str(tmp_path / "out"), "--json")
    assert proc.returncode == 1
    entry = next(iter(report_of(proc).values()))
    assert entry["ok"] is False and "not an issue folder" in details(entry, "build")


def test_tool_reports_are_read():
    ace = ace_check({"earl:assertedBy": {"doap:release": {"doap:revision": "1.4.6"}},
                     "earl:result": {"earl:outcome": "fail"},
                     "assertions": [{"earl:testSubject": {"url": "text/a.xhtml"}, "assertions": [
                         {"earl:test": {"dct:title": "image-alt", "earl:impact": "critical"},
                          "earl:result": {"dct:description": "an image has no text alternative"}}]}]})
    assert ace.status == FAIL
    assert ace.details == ["DAISY Ace 1.4.6: fail, 1 violation(s) (1 critical)",
                           "text/a.xhtml: critical: an image has no text alternative [image-alt]"]
    warned = epubcheck_check({"checker": {"checkerVersion": "5.3.0", "nWarning": 1}, "messages": [
        {"ID": "OPF-085", "severity": "WARNING", "message": "a warning", "locations": [
            {"path": "EPUB/package.opf", "line": 3}]}]})
    assert warned.status == WARN and warned.details[1] == "WARNING OPF-085: a warning (EPUB/package.opf:3)"


@pytest.mark.tools
def test_verapdf_when_the_runner_is_available(hp38):
    reason = verapdf.unavailable()
    if reason:
        pytest.skip(reason)
    result = run_verapdf(hp38.screen_pdf)
    assert result.status == OK, result.details
    assert [line.split(":")[0] for line in result.details] == ["veraPDF 3a", "veraPDF ua1"]
