"""``horizons-pub check``: the real validators on built issues, one report per issue; every check passed,
failed or not run; exit 1 on a failure or on a check not run that ``--allow-missing`` does not name.

Issue 38 is checked from a copy of the session build (``hp38``); the long test issue, whose article
overflows its pages, is built by ``check`` itself, then checked again without a rebuild.  Broken
outputs (an EPUB without a chapter, a print PDF page without a TrimBox) are made newer than the
source, so that ``check`` checks them instead of rebuilding.  The check runs in a folder of its own,
so DAISY Ace is not run unless ``ACE_CLI`` (or an ace-cli on the PATH) names one.  A small issue (one
article with text and an unused note, one without text) is checked with the validators taken away:
no Java on the PATH (so neither EPUBCheck nor veraPDF), no Ace.
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
from horizons_pub.commands.check.report import (CHECK_NAMES, FAILED, NOT_RUN, PASSED, Check, IssueReport, allow,
                                                failed, not_run, passed, strict, warned)
from horizons_pub.commands.check.source_checks import check_empty_articles, check_placeholders
import horizons_pub
from horizons_pub.commands.check.tools import INSTALL_WITHOUT_CHECKOUT, install_command
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.model.nodes import Pos
from horizons_pub.commands.check.verapdf import run_verapdf
from horizons_pub.render.pdf.layout_file import LaidOutPart, LayoutDiagnostic, LayoutFile
from helpers import article, load, write_issue
from helpers.longissue import LONG_ID, flatplan_line, write_long_issue
from helpers.outputs import HP38, ROOT, as_if_built

STEM = "horizons-publics-38"
OUTPUTS = (f"{STEM}.epub", f"{STEM}-print.pdf", f"{STEM}-screen.pdf", "layout.json")
REMOVED_CHAPTER = "EPUB/text/dossier.xhtml"


SCRIPT = ROOT / "scripts" / "install-validators.sh"
#: What check prints to install every validator: the script, and the Python to install the extra into
#: when it is not the checkout's .venv.
PYTHON_FLAG = "" if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve() else f" --python {sys.executable}"
# Run from another folder, check names the script of the checkout it is installed from; installed
# from a wheel (as .ci/run does: pip install '.[test]'), it has no checkout to name.
INSTALLED_FROM_CHECKOUT = (Path(horizons_pub.__file__).resolve().parents[2] / "scripts" / "install-validators.sh").is_file()
INSTALL = f"{SCRIPT}{PYTHON_FLAG}" if INSTALLED_FROM_CHECKOUT else INSTALL_WITHOUT_CHECKOUT
# The command line the tests run (PYTHONPATH=src/) always imports the checkout.
INSTALL_CLI = f"{SCRIPT}{PYTHON_FLAG}"


def run_check(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``horizons-pub check`` as a user runs it, in a child process, from ``cwd``."""
    env = {**os.environ, **(env or {})}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-m", "horizons_pub", "check", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


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
    """What the validators give here: Ace and veraPDF are not run when not installed."""
    ace = PASSED if find_ace(cwd) and find_chromium() else NOT_RUN
    return {"epub.ace": ace, "screen.verapdf": NOT_RUN if verapdf.unavailable() else PASSED}


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
    proc = run_check(workspace, str(HP38), "--out", str(out), "--json", "--allow-empty")
    return proc, before, folder


def test_issue_38_passes_every_check_that_runs(hp38_run, workspace):
    proc, before, folder = hp38_run
    data = json.loads(proc.stdout)
    entry = report_of(proc)["hp-38"]
    assert [c["name"] for c in entry["checks"]] == list(CHECK_NAMES)
    expected = {name: PASSED for name in CHECK_NAMES} | expected_tool_statuses(workspace)
    assert statuses(entry) == expected, json.dumps(entry, ensure_ascii=False, indent=1)
    missing = sorted(name for name, status in expected.items() if status == NOT_RUN)
    # a validator missing here makes the issue incomplete, and the exit status 1: never "passed"
    assert (entry["status"], data["status"], proc.returncode) == (
        ("incomplete", "incomplete", 1) if missing else ("passed", "passed", 0)), (missing, proc.stderr)
    assert entry["accepted"] is not missing and entry["counts"]["not run"] == len(missing)
    assert details(entry, "build").startswith("up to date")
    assert "EPUBCheck" in details(entry, "epub.epubcheck") and "no error" in details(entry, "epub.epubcheck")
    assert "108 pages, as planned" in details(entry, "layout.pages")
    assert "pages 5–7: after Philippe Laurent" in details(entry, "layout.reserved")
    # issue 38 keeps its empty articles: --allow-empty accepts them, each still listed at its page
    empty = details(entry, "source.empty-articles")
    assert "19 of the 22 articles have no text (accepted: --allow-empty)" in empty, empty
    assert re.search(r"source/hp-38/articles/laurent\.md:1: page 4: Philippe Laurent: no text", empty), empty
    if expected["epub.ace"] == NOT_RUN:
        assert "DAISY Ace is not installed" in details(entry, "epub.ace")
        ace = next(c for c in entry["checks"] if c["name"] == "epub.ace")
        assert ace["install"] == INSTALL_CLI and ace["allowed"] is False
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
    assert entry["status"] == "failed" and entry["accepted"] is False
    found = statuses(entry)
    assert found["layout.flatplan"] == FAILED
    flatplan = details(entry, "layout.flatplan")
    assert re.search(rf"issue\.yaml:{flatplan_line(folder, LONG_ID)}: the article '{LONG_ID}' runs \d+ page\(s\) "
                     r"past page 8.*\[layout\.overflow\]", flatplan), flatplan
    assert "[layout.pushed]" in flatplan
    assert found["layout.pages"] == FAILED and "12 planned" in details(entry, "layout.pages")
    # the outputs themselves are valid: only the layout fails
    for name in ("build", "epub.epubcheck", "print.boxes", "print.page-labels", "screen.page-labels", "print.fonts",
                 "source.placeholders", "source.empty-articles"):
        assert found[name] == PASSED, (name, details(entry, name))
    assert details(entry, "build").startswith("built:")
    assert found["layout.notes"] == PASSED
    assert found["layout.reserved"] == PASSED


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
    as_if_built(folder)  # as though the build had written them so: checked as they are, not made again
    before = mtimes(folder)
    proc = run_check(workspace, str(HP38), "--out", str(out), "--quiet", "--allow-empty")
    return proc, before, folder


def quiet_lines(stdout: str, state: str = "failed") -> dict[str, str]:
    """The --quiet report: each check in ``state`` with its details."""
    found: dict[str, dict[str, str]] = {}
    name = None
    for line in stdout.splitlines():
        m = re.match(r"hp-38: (failed|not run|passed) +(\S+) +(.*)", line)
        if m:
            status, name = m[1], m[2]
            found.setdefault(status, {})[name] = m[3]
        elif name and line.startswith(" "):
            found[status][name] += "\n" + line.strip()
        else:
            pytest.fail(f"--quiet printed a line that is not a check: {line!r}")
    for name, text in found.get("passed", {}).items():
        assert text.startswith("warning: "), f"--quiet printed a clean pass: {name} {text}"
    return found.get(state, {})


def failed_checks(stdout: str) -> dict[str, str]:
    return quiet_lines(stdout, "failed")


def test_broken_outputs_are_checked_not_rebuilt(broken_run, workspace):
    proc, before, folder = broken_run
    assert proc.returncode == 1, f"{proc.stdout}\n{proc.stderr}"
    assert mtimes(folder).items() >= {k: v for k, v in before.items() if k in OUTPUTS}.items(), "rebuilt"
    with zipfile.ZipFile(folder / f"{STEM}.epub") as book:
        assert REMOVED_CHAPTER not in book.namelist()
    # --quiet: the failures (DAISY Ace, when installed, cannot open the broken EPUB either), and the checks
    # not run (the validators missing here), nothing else
    assert set(failed_checks(proc.stdout)) - {"epub.ace"} == {"epub.epubcheck", "print.boxes"}, proc.stdout
    assert set(quiet_lines(proc.stdout, "not run")) == {
        name for name, status in expected_tool_statuses(workspace).items() if status == NOT_RUN}


def test_an_epub_without_a_chapter_fails_epubcheck(broken_run):
    proc, _, _ = broken_run
    epubcheck = failed_checks(proc.stdout)["epub.epubcheck"]
    assert re.search(r"ERROR RSC-001: File \"EPUB/text/dossier\.xhtml\" could not be found", epubcheck), epubcheck


def test_a_page_without_trim_box_fails(broken_run):
    proc, _, _ = broken_run
    assert failed_checks(proc.stdout)["print.boxes"] == "no TrimBox: page 5"


# ---------------------------------------------------------------------------
# The validators taken away: not run, named, with the command that installs them
# ---------------------------------------------------------------------------

SMALL_TEXT = "Un texte court.[^a]\n\n[^a]: Une note appelée.\n\n[^b]: Une note jamais appelée.\n"


@pytest.fixture(scope="module")
def no_validators(tmp_path_factory) -> dict[str, str]:
    """An environment without the validators: a PATH with no java (so neither EPUBCheck nor veraPDF) and
    no ace-cli, no ACE_CLI (and the check runs in a folder without build/.tools/ace)."""
    empty_bin = tmp_path_factory.mktemp("no-validators-bin")
    assert shutil.which("java", path=str(empty_bin)) is None
    return {"PATH": str(empty_bin), "ACE_CLI": ""}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """A small issue: article ``a`` with text and an unused note (a warning), article ``b`` without text."""
    folder = write_issue(tmp_path_factory.mktemp("check-small-source"),
                         {"a": article(SMALL_TEXT, title="Un article"),
                          "b": article(title="Un article encore vide")})
    return folder, tmp_path_factory.mktemp("check-small-out")


@pytest.fixture(scope="module")
def small_first(small, workspace, no_validators) -> subprocess.CompletedProcess:
    """The first check of the small issue (it builds it), in text, without the validators."""
    folder, out = small
    return run_check(workspace, str(folder), "--out", str(out), env=no_validators)


def small_check(small, workspace, no_validators, *args: str) -> subprocess.CompletedProcess:
    folder, out = small
    return run_check(workspace, str(folder), "--out", str(out), *args, env=no_validators)


def check_line(stdout: str, name: str) -> str:
    """The line of check ``name`` and its detail lines, in the text report."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"  \S.*? +{re.escape(name)}( |$)", line))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("   ")), len(lines))
    return "\n".join(lines[start:end])


@pytest.mark.slow
@pytest.mark.tools
def test_missing_validators_are_not_run_named_and_fail(small_first):
    proc = small_first
    assert proc.returncode == 1, f"{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.startswith("hp-test failed  ("), proc.stdout
    for name, why in (("epub.epubcheck", "EPUBCheck needs Java, which is not installed"),
                      ("epub.ace", "DAISY Ace is not installed"),
                      ("screen.verapdf", "veraPDF: needs a JDK")):
        line = check_line(proc.stdout, name)
        assert re.match(rf"  not run +{re.escape(name)} +{re.escape(why)}", line), line
        assert f"install every validator with: {INSTALL_CLI}" in line, line
    assert "ok" not in proc.stdout.split() and "skipped" not in proc.stdout, proc.stdout
    assert check_line(proc.stdout, "build").startswith("  passed   build")


@pytest.mark.slow
@pytest.mark.tools
def test_an_article_without_text_fails_at_its_page(small, small_first):
    folder, _ = small
    line = check_line(small_first.stdout, "source.empty-articles")
    assert re.match(r"  failed +source\.empty-articles +1 of the 2 articles have no text \(--allow-empty accepts "
                    r"them\)", line), line
    assert f"{folder}/articles/b.md:1: page 6: Un article encore vide: no text" in line, line


@pytest.mark.slow
@pytest.mark.tools
def test_json_states_with_allow_empty(small, small_first, workspace, no_validators):
    proc = small_check(small, workspace, no_validators, "--json", "--allow-empty")
    assert proc.returncode == 1, f"{proc.stdout}\n{proc.stderr}"
    data = json.loads(proc.stdout)
    assert (data["status"], data["accepted"], data["allow_missing"]) == ("incomplete", False, [])
    entry = report_of(proc)["hp-test"]
    assert (entry["status"], entry["accepted"]) == ("incomplete", False)
    found = {c["name"]: c for c in entry["checks"]}
    assert {c["status"] for c in entry["checks"]} == {PASSED, NOT_RUN}
    assert [n for n, c in found.items() if c["status"] == NOT_RUN] == ["epub.epubcheck", "epub.ace",
                                                                        "screen.verapdf"]
    assert entry["counts"] == {"passed": len(CHECK_NAMES) - 3, "failed": 0, "not run": 3}
    ace = found["epub.ace"]
    assert (ace["reason"], ace["install"], ace["allowed"]) == ("DAISY Ace is not installed", INSTALL_CLI, False)
    assert found["source.empty-articles"]["details"][0] == "1 of the 2 articles have no text (accepted: --allow-empty)"
    build = found["build"]
    assert build["warning"] is True and "[note.unused]" in "\n".join(build["details"]), build
    assert entry["warnings"] == 1


@pytest.mark.slow
@pytest.mark.tools
def test_allow_missing_exits_0_and_still_says_not_run(small, small_first, workspace, no_validators):
    proc = small_check(small, workspace, no_validators, "--allow-empty", "--allow-missing", "epubcheck",
                       "--allow-missing", "ace", "--allow-missing", "screen.verapdf")
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert re.match(r"hp-test incomplete  \(.*\): \d+ passed, 0 failed, 3 not run; 1 warning\(s\) \(accepted by "
                    r"--allow-missing\)", proc.stdout), proc.stdout
    for name in ("epub.epubcheck", "epub.ace", "screen.verapdf"):
        line = check_line(proc.stdout, name)
        assert line.startswith("  not run "), line
        assert "accepted by --allow-missing: it still did not run" in line, line
    # one validator left unnamed: the exit status is 1 again
    proc = small_check(small, workspace, no_validators, "--allow-empty", "--allow-missing", "epubcheck",
                       "--allow-missing", "ace")
    assert proc.returncode == 1 and check_line(proc.stdout, "screen.verapdf").startswith("  not run "), proc.stdout


@pytest.mark.slow
@pytest.mark.tools
def test_strict_fails_on_a_warning(small, small_first, workspace, no_validators):
    allow_all = ("--allow-empty", "--allow-missing", "epubcheck", "--allow-missing", "ace", "--allow-missing",
                 "verapdf")
    proc = small_check(small, workspace, no_validators, "--json", *allow_all)
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert statuses(report_of(proc)["hp-test"])["build"] == PASSED
    proc = small_check(small, workspace, no_validators, "--json", "--strict", *allow_all)
    assert proc.returncode == 1, f"{proc.stdout}\n{proc.stderr}"
    entry = report_of(proc)["hp-test"]
    assert entry["status"] == "failed" and json.loads(proc.stdout)["strict"] is True
    assert [n for n, status in statuses(entry).items() if status == FAILED] == ["build"]
    build = details(entry, "build")
    assert "(a warning: --strict fails it)" in build and re.search(r"articles/a\.md:\d+: warning: .*\[note\.unused\]",
                                                                   build), build


def test_allow_missing_takes_only_known_names(tmp_path, capsys):
    from horizons_pub.cli import main

    assert main(["check", str(tmp_path), "--allow-missing", "aec"]) == 2
    assert "--allow-missing aec: neither a validator (epubcheck, ace, verapdf) nor a check" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# The report itself, and tools that are not installed (no build)
# ---------------------------------------------------------------------------


def sample_report() -> IssueReport:
    return IssueReport("hp-99", "source/hp-99", [
        passed("build", ["up to date"]),
        not_run("epub.ace", "DAISY Ace is not installed", "looked for: …", install="scripts/install-validators.sh"),
        failed("print.boxes", ["no TrimBox: page 5", "no BleedBox: pages 5–7"]),
        warned("layout.notes", ["1 note(s) printed on another page than their call"]),
        passed("layout.reserved", ["1 reserved page(s), in 1 range(s)", "page 3: after Sommaire"]),
    ])


def test_text_report_one_line_per_check():
    stream = io.StringIO()
    TextPrinter(stream=stream).issue(sample_report())
    lines = stream.getvalue().splitlines()
    assert "\x1b" not in stream.getvalue(), "colour codes when stdout is not a terminal"
    assert lines[0] == "hp-99 failed  (source/hp-99): 3 passed, 1 failed, 1 not run; 1 warning(s)"
    heads = [re.match(r"  (passed|failed|not run) +(\S+)", line) for line in lines[1:]]
    assert [(m[1], m[2]) for m in heads if m] == [
        ("passed", "build"), ("not run", "epub.ace"), ("failed", "print.boxes"), ("passed", "layout.notes"),
        ("passed", "layout.reserved")]
    assert any(re.match(r"  failed +print\.boxes +no TrimBox: page 5$", line) for line in lines), lines
    assert any(line.strip() == "no BleedBox: pages 5–7" for line in lines), lines
    assert any(re.match(r"  passed +layout\.notes +warning: 1 note\(s\) printed", line) for line in lines), lines
    assert "install every validator with: scripts/install-validators.sh" in [line.strip() for line in lines]
    words = stream.getvalue().split()
    assert not {"ok", "OK", "FAIL", "skipped", "warn", "info"} & set(words), words


def test_quiet_report_shows_what_is_not_a_clean_pass():
    stream = io.StringIO()
    TextPrinter(quiet=True, stream=stream).issue(sample_report())
    lines = stream.getvalue().splitlines()
    assert [line.split("  ")[0] for line in lines if not line.startswith(" ")] == [
        "hp-99: not run", "hp-99: failed", "hp-99: passed"], lines
    assert any(re.fullmatch(r"hp-99: failed +print\.boxes +no TrimBox: page 5", line) for line in lines), lines
    assert any(re.fullmatch(r"hp-99: passed +layout\.notes +warning: .*", line) for line in lines), lines
    assert not any("build" in line or "reserved" in line for line in lines), lines


def test_json_report_three_states():
    report = sample_report()
    entry = report.to_json()
    assert (entry["issue"], entry["status"], entry["accepted"]) == ("hp-99", "failed", False)
    assert entry["counts"] == {"passed": 3, "failed": 1, "not run": 1} and entry["warnings"] == 1
    assert entry["checks"][2] == {"name": "print.boxes", "status": "failed",
                                  "details": ["no TrimBox: page 5", "no BleedBox: pages 5–7"]}
    assert entry["checks"][1] == {"name": "epub.ace", "status": "not run",
                                  "details": ["DAISY Ace is not installed", "looked for: …"],
                                  "reason": "DAISY Ace is not installed", "install": "scripts/install-validators.sh",
                                  "allowed": False}
    assert entry["checks"][3]["warning"] is True and entry["checks"][0]["warning"] is False
    assert {c["status"] for c in entry["checks"]} <= {"passed", "failed", "not run"}


def test_issue_status_and_allow_missing():
    def issue(*checks: Check) -> IssueReport:
        return IssueReport("hp-99", "x", list(checks))

    missing = lambda: not_run("screen.verapdf", "veraPDF is not installed", install="…")  # noqa: E731
    assert (issue(passed("a", []), warned("b", ["w"])).status, issue(passed("a", [])).accepted) == ("passed", True)
    incomplete = issue(passed("a", []), missing())
    assert (incomplete.status, incomplete.accepted) == ("incomplete", False)
    for name in ("verapdf", "screen.verapdf"):
        allowed = issue(passed("a", []), allow(missing(), {name}))
        assert (allowed.status, allowed.accepted) == ("incomplete", True), name  # still incomplete, accepted
        assert allowed.checks[1].status == NOT_RUN and allowed.checks[1].allowed
    assert not allow(missing(), {"ace", "epub.ace"}).allowed
    assert issue(failed("a", ["x"]), allow(missing(), {"verapdf"})).accepted is False
    assert issue(failed("a", ["x"]), missing()).status == "failed"


def test_strict_fails_a_warned_check_only():
    check = strict(warned("layout.notes", ["1 note(s) printed on another page than their call", "a.md:3: …"]))
    assert check.status == FAILED
    assert check.details == ["1 note(s) printed on another page than their call (a warning: --strict fails it)",
                             "a.md:3: …"]
    assert strict(passed("x", ["fine"])).status == PASSED
    assert strict(not_run("x", "why")).status == NOT_RUN


def test_placeholders_check_lists_each_one_at_its_line():
    """Against the reader's ``source.placeholder`` diagnostics (a reporter filled here)."""
    reporter = Reporter(echo=False)
    reporter.warning("note.unused", "note [^b] is never called", Pos("hp-39/articles/a.md", 9))
    assert check_placeholders(reporter.diagnostics).status == PASSED
    for n in range(1, 31):
        reporter.warning("source.placeholder", f"« À CHANGER » is a placeholder ({n})", Pos("hp-39/issue.yaml", n))
    reporter.warning("source.placeholder", "« Prénom Nom » is a placeholder", Pos("hp-39/articles/a.md", 4))
    check = check_placeholders(reporter.diagnostics)
    assert check.status == FAILED and check.details[0] == "31 placeholder(s) to replace before publishing"
    assert len(check.details) == 32, "every placeholder is listed, however many"
    assert check.details[1] == "hp-39/issue.yaml:1: « À CHANGER » is a placeholder (1)"
    assert check.details[-1] == "hp-39/articles/a.md:4: « Prénom Nom » is a placeholder"


def test_empty_articles_check_from_the_model_and_the_flatplan(workdir):
    folder = write_issue(workdir, {"a": article("Du texte."), "b": article(title="Vide"), "c": article(title="Rien")})
    issue, reporter = load(folder)
    assert issue is not None, reporter.diagnostics
    check = check_empty_articles(issue, None)
    assert check.status == FAILED
    assert check.details == ["2 of the 3 articles have no text (--allow-empty accepts them)",
                             "hp-test/articles/b.md:1: page 6: Vide: no text",
                             "hp-test/articles/c.md:1: page 8: Rien: no text"]
    accepted = check_empty_articles(issue, None, allow_empty=True)
    assert accepted.status == PASSED and accepted.details[1:] == check.details[1:]
    full = write_issue(workdir, {"a": article("Du texte.")}, name="hp-full")
    assert check_empty_articles(load(full)[0], None).status == PASSED


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
    assert found["layout.notes"].status == FAILED
    assert "a.md:9: note 3 is not printed" in found["layout.notes"].details
    assert found["layout.flatplan"].status == PASSED and found["layout.pages"].status == PASSED
    assert found["layout.reserved"].status == PASSED and not found["layout.reserved"].warning
    assert found["layout.reserved"].details[1:] == ["pages 10–11: after A"]
    layout["diagnostics"] = layout["diagnostics"][:1]
    found = {c.name: c for c in check_layout(typed_layout(layout))}
    assert found["layout.notes"].status == PASSED and found["layout.notes"].warning
    layout["parts"][3]["first"] = layout["parts"][3]["last"] = 14  # no message, yet a part starts late
    layout["pages"] = 14
    found = {c.name: c for c in check_layout(typed_layout(layout))}
    assert found["layout.flatplan"].status == FAILED and found["layout.pages"].status == FAILED


def test_missing_tools_are_not_run_with_the_install_command(tmp_path, monkeypatch):
    monkeypatch.delenv("ACE_CLI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, no ace-cli
    monkeypatch.chdir(tmp_path)
    ace = run_ace(tmp_path / "book.epub", tmp_path / "ace")
    assert (ace.status, ace.details[0], ace.install) == (NOT_RUN, "DAISY Ace is not installed", INSTALL)
    assert "build/.tools/ace/" in ace.details[1] and "@daisy/ace-cli@1.4.6" in ace.details[1]
    epubcheck = run_epubcheck(tmp_path / "book.epub", tmp_path / "epubcheck.json")
    assert (epubcheck.status, epubcheck.install) == (NOT_RUN, INSTALL)
    assert "EPUBCheck needs Java, which is not installed" in epubcheck.details[0]
    screen = run_verapdf(tmp_path / "book.pdf")
    assert (screen.status, screen.install) == (NOT_RUN, INSTALL) and screen.details[0].startswith("veraPDF")
    monkeypatch.setenv("ACE_CLI", str(tmp_path / "nothing-here"))
    ace = run_ace(tmp_path / "book.epub", tmp_path / "ace")
    assert ace.status == NOT_RUN and "ACE_CLI names" in ace.details[0]


def test_install_command_is_the_script(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert install_command() == f"scripts/install-validators.sh{PYTHON_FLAG}"
    monkeypatch.chdir(tmp_path)
    assert install_command() == INSTALL
    assert os.access(SCRIPT, os.X_OK), "scripts/install-validators.sh is not executable"


def test_not_an_issue_folder_fails(tmp_path):
    proc = run_check(tmp_path, str(tmp_path), "--out", str(tmp_path / "out"), "--json")
    assert proc.returncode == 1
    entry = next(iter(report_of(proc).values()))
    assert entry["status"] == "failed" and "not an issue folder" in details(entry, "build")


def test_tool_reports_are_read():
    ace = ace_check({"earl:assertedBy": {"doap:release": {"doap:revision": "1.4.6"}},
                     "earl:result": {"earl:outcome": "fail"},
                     "assertions": [{"earl:testSubject": {"url": "text/a.xhtml"}, "assertions": [
                         {"earl:test": {"dct:title": "image-alt", "earl:impact": "critical"},
                          "earl:result": {"dct:description": "an image has no text alternative"}}]}]})
    assert (ace.name, ace.status) == ("epub.ace", FAILED)
    assert ace.details == ["DAISY Ace 1.4.6: fail, 1 violation(s) (1 critical)",
                           "text/a.xhtml: critical: an image has no text alternative [image-alt]"]
    warned_check = epubcheck_check({"checker": {"checkerVersion": "5.3.0", "nWarning": 1}, "messages": [
        {"ID": "OPF-085", "severity": "WARNING", "message": "a warning", "locations": [
            {"path": "EPUB/package.opf", "line": 3}]}]})
    assert (warned_check.name, warned_check.status, warned_check.warning) == ("epub.epubcheck", PASSED, True)
    assert warned_check.details[1] == "WARNING OPF-085: a warning (EPUB/package.opf:3)"


@pytest.mark.tools
def test_verapdf_when_the_runner_is_available(hp38):
    reason = verapdf.unavailable()
    if reason:
        pytest.skip(reason)
    result = run_verapdf(hp38.screen_pdf)
    assert result.status == PASSED, result.details
    assert [line.split(":")[0] for line in result.details] == ["veraPDF 3a", "veraPDF ua1"]


@pytest.mark.slow
@pytest.mark.tools
def test_a_new_issue_left_as_it_is_fails_with_every_placeholder(tmp_path, workspace, no_validators):
    """``new 39`` then ``check``: exit 1, and each ``source.placeholder`` the reader finds, at its line."""
    from horizons_pub.cli import main

    assert main(["new", "39", "--source", str(tmp_path / "source"), "--quiet"]) == 0
    folder = tmp_path / "source" / "hp-39"
    _, reporter = load(folder)
    said = [d for d in reporter.diagnostics if d.code == "source.placeholder"]
    assert len(said) >= 4, "the template carries placeholders: « À CHANGER », « Prénom Nom », the date"
    proc = run_check(workspace, str(folder), "--out", str(tmp_path / "out"), "--json", "--allow-missing",
                     "epubcheck", "--allow-missing", "ace", "--allow-missing", "verapdf", env=no_validators)
    assert proc.returncode == 1, f"{proc.stdout}\n{proc.stderr}"
    entry = report_of(proc)["hp-39"]
    assert entry["status"] == "failed"
    assert [n for n, status in statuses(entry).items() if status == FAILED] == ["source.placeholders"]
    listed = next(c["details"] for c in entry["checks"] if c["name"] == "source.placeholders")
    assert listed[0] == f"{len(said)} placeholder(s) to replace before publishing"
    assert listed[1:] == [f"{d.pos}: {d.message}" for d in said]
    assert any(re.match(r".*/hp-39/issue\.yaml:\d+: the date 2000-01-01 is a placeholder", line) for line in listed)
    assert any(re.match(r".*/hp-39/articles/\S+\.md:\d+: « Prénom Nom » is a placeholder", line) for line in listed)
    assert "[source.placeholder]" not in details(entry, "build"), "a placeholder is said once, by its own check"


def test_the_validators_archive_and_verify_accept_are_checks():
    """cli.py lists the validators --allow-missing takes in archive and verify: the same as check's."""
    from horizons_pub.cli import VALIDATORS
    from horizons_pub.commands.check.report import TOOLS

    assert set(VALIDATORS) == set(TOOLS)
