"""``horizons-pub archive``: build each issue, validate what the bag would hold, and bag it only when every
validator passed (``--allow-unvalidated``, ``--allow-missing NAME``: bag it anyway, said in bag-info.txt).

The payload is put together in a staging folder: the archival PDF (the screen PDF) and the print master,
the EPUB, the source; then veraPDF runs on the archival PDF while DAISY Ace runs on the EPUB, the EPUB
gets its conformance metadata when Ace passed it (render/epub/certify.py), and EPUBCheck runs on the EPUB
the bag keeps; horizons-pub's own checks run too (preflight.py).  A placeholder left in the source (the
build's ``source.placeholder`` warnings) is an error here.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import shutil
import sys
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bagit

from ...builder.recipe import FORMATS, BuildResult, build_issue, load_issue
from ...model.identity import Edition, file_name, issue_urn
from ...model.nodes import Issue
from ...reader.placeholders import CODE as PLACEHOLDER_CODE
from ...reader.sources import source_files
from ...render.epub.certify import certify
from ...render.records.accessibility import Certification
from ...render.pdf.board import BOARD_PAGES, Spread, has_cover_board, interior_folios
from ...support.diagnostics import Reporter
from ...support.paths import display_path
from ..check.report import FAILED, NOT_RUN
from ..folders import issue_folders
from . import describe, metadata, platform_files
from .describe import said_lines
from .mets import METS_FILE
from .bag import ARCHIVE_DIR, ProfileError, bag_info, bagging_date, discard, make_bag, staging_folder
from .preflight import (
    CHECKER,
    archival_folios,
    check_archival_pdf,
    check_epub_opens,
    check_print_master,
)
from .validation import (
    ARTICLE_PROFILES,
    PROFILES,
    Validation,
    validate_accessibility,
    validate_epub,
    validate_pdfs,
)

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
ACE_REPORT = "reports/ace/report.html"


def main(args: argparse.Namespace) -> int:
    """Build, validate and bag each issue into <out>/<issue>/archive/."""
    reporter = Reporter()
    allowed = set(getattr(args, "allow_missing", None) or [])
    made = [archive_issue(folder, Path(args.out), reporter, strict=args.strict, quiet=args.quiet,
                          allow_unvalidated=bool(getattr(args, "allow_unvalidated", False)), allow_missing=allowed)
            for folder in issue_folders(args.issues, reporter, "archive")]
    return 0 if made and all(made) and not reporter.has_errors() else 1


def archive_issue(folder: Path, out_root: Path, reporter: Reporter, *, strict: bool = False, quiet: bool = False,
                  allow_unvalidated: bool = False, allow_missing: set[str] = frozenset()) -> bool:
    """Archive one issue; every reason it is not made is reported.  True when the bag was made."""
    said = Reporter(strict=strict, echo=False)
    result = build_issue(folder, out_root, list(FORMATS), said)
    if result.up_to_date:
        result = BuildResult(load_issue(folder, said), result.outputs)
    placeholders = [d for d in said.diagnostics if d.code == PLACEHOLDER_CODE]
    reporter.replay([d.record() for d in said.diagnostics if d.code != PLACEHOLDER_CODE])
    for d in placeholders:
        reporter.error("archive.placeholder", f"{d.message} (an issue is not archived with a placeholder left)",
                       pos=d.pos, path=d.path)
    issue = result.issue
    if issue is None or said.has_errors():
        print(f"{display_path(folder)}: archive not made ({len(said.errors) + len(placeholders)} error(s))",
              file=sys.stderr)
        return False
    out_dir = out_root / issue.id
    date = bagging_date()
    try:
        made = _bag_issue(folder, issue, out_dir, date, reporter, placeholders, allow_unvalidated, allow_missing)
    except (OSError, bagit.BagError) as exc:  # a full disk, a read-only folder: nothing of the old bag is lost
        # (not the file's name: a copy's error names its source, a write's a file of the staging folder)
        reporter.error("output.write", f"cannot write the archive: {getattr(exc, 'strerror', None) or exc}; the "
                       "previous bag, if any, is left as it was; free some space, make the folder writable or "
                       "choose another output folder with --out", path=str(out_dir / ARCHIVE_DIR))
        print(f"{display_path(folder)}: archive not made", file=sys.stderr)
        return False
    except ProfileError as exc:  # the bag made is not what the profile says: said, and not put in place
        reporter.error("archive.profile", f"the new bag does not conform to its BagIt profile: {exc}; the previous "
                       "bag, if any, is left as it was (a defect of horizons-pub: please report it)",
                       path=str(out_dir / ARCHIVE_DIR))
        print(f"{display_path(folder)}: archive not made", file=sys.stderr)
        return False
    if made is None:
        return False
    bag, validations, overrides = made
    if not quiet:
        print(f"{display_path(folder)} → {display_path(bag)}" + (" (UNVALIDATED: see its bag-info.txt)"
                                                                 if overrides else ""))
        for verdict, file, summary in said_lines(validations):
            print(f"  {verdict:<8} {file}: {summary}")
    return True


def _bag_issue(folder: Path, issue: Issue, out_dir: Path, date: _dt.date, reporter: Reporter, placeholders: list,
               allow_unvalidated: bool, allow_missing: set[str]) -> tuple[Path, list[Validation], list[str]] | None:
    """Stage, validate, decide and bag (None when the bag is refused, every reason said)."""
    staging = staging_folder(out_dir)
    try:
        names = _payload(issue, out_dir, staging)
        platform = platform_files.stage(issue, out_dir, staging)
        validations, certified = validate_payload(issue, staging, names, date, platform)
        built = {f"data/{names[e]}": out_dir / file_name(issue, e if e != Edition.ARCHIVAL else Edition.SCREEN)
                 for e in names}
        built.update({f"data/{rel}": platform_files.built_path(out_dir, rel)
                      for rel in (*platform.pdfs, *platform.xmls, *platform.records, *platform.missing)})
        for v in validations:
            for name, data in v.reports.items():
                (staging / "reports" / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / "reports" / name).write_bytes(data)
        validations.append(_safe("xml-schema", f"data/{METS_FILE}",
                                 lambda: describe.write_mets(issue, staging, names, platform))())
        refusals, overrides = _decide(validations, built, reporter, allow_unvalidated, allow_missing)
        if placeholders or refusals:
            print(f"{display_path(folder)}: archive not made ({len(placeholders) + refusals} reason(s); the "
                  f"previous bag, if any, is left as it was)", file=sys.stderr)
            return None
        _metadata(issue, staging, names, validations, certified, date, overrides, platform)
        lines = [f"{v.verdict}: {v.file}: {v.summary}" for v in validations]
        bag = make_bag(staging, bag_info(issue, date, lines, overrides), out_dir / ARCHIVE_DIR)
    finally:
        discard(staging)
    return bag, validations, overrides


def _payload(issue: Issue, out_dir: Path, staging: Path) -> dict[Edition, str]:
    """Copy the editions and the source into the staging folder; the editions' names in the bag."""
    names = {Edition.ARCHIVAL: file_name(issue, Edition.ARCHIVAL), Edition.PRINT: file_name(issue, Edition.PRINT),
             Edition.EPUB: file_name(issue, Edition.EPUB)}
    shutil.copyfile(out_dir / file_name(issue, Edition.SCREEN), staging / names[Edition.ARCHIVAL])
    shutil.copyfile(out_dir / names[Edition.PRINT], staging / names[Edition.PRINT])
    shutil.copyfile(out_dir / names[Edition.EPUB], staging / names[Edition.EPUB])
    if has_cover_board(issue):  # a perfect-bound issue: the print master is the interior and its cover
        names[Edition.COVER] = file_name(issue, Edition.COVER)
        shutil.copyfile(out_dir / names[Edition.COVER], staging / names[Edition.COVER])
    folder = Path(issue.folder)
    for path in source_files(issue):
        rel = Path("source") / issue.id / path.relative_to(folder)
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, staging / rel)
    return names


def validate_payload(issue: Issue, staging: Path, names: dict[Edition, str], date: _dt.date,
                     platform: platform_files.PlatformFiles | None = None) -> tuple[list[Validation], bool]:
    """Every validation of the staged payload, and whether the EPUB now claims its conformance.  veraPDF runs
    once, on the archival PDF and every article's PDF, while DAISY Ace and EPUBCheck run on the EPUB."""
    platform = platform or platform_files.PlatformFiles()
    pdf, print_pdf = f"data/{names[Edition.ARCHIVAL]}", f"data/{names[Edition.PRINT]}"
    jobs = [(staging / names[Edition.ARCHIVAL], pdf, PROFILES)]
    jobs += [(staging / rel, f"data/{rel}", ARTICLE_PROFILES) for rel in platform.pdfs]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="archive") as pool:
        vera = pool.submit(_safe_all("verapdf", [shown for _, shown, _ in jobs], lambda: validate_pdfs(jobs)))
        epub = pool.submit(_epub_validations, issue, staging, names[Edition.EPUB], date)
        folios = archival_folios(staging / names[Edition.ARCHIVAL])
        own = [_safe("horizons-pub", pdf, lambda: check_archival_pdf(staging / names[Edition.ARCHIVAL], pdf))(),
               _safe("horizons-pub", print_pdf, lambda: check_print_master(
                   staging / names[Edition.PRINT], print_pdf, (issue.trim.width_mm, issue.trim.height_mm),
                   interior_folios(issue, folios) if folios is not None else None))()]
        if Edition.COVER in names:
            own.append(_cover_preflight(issue, staging, names[Edition.COVER], folios))
        theirs = describe.platform_validations(staging, platform, folios, _safe)
        epub_checks, certified = epub.result()
        if certified:  # the bag's ONIX says what the bag's EPUB claims
            ace = next(v for v in epub_checks if v.tool == "ace")
            try:
                describe.certify_onix(issue, staging, platform, Certification(
                    conforms_to=CONFORMANCE, certified_by=issue.publisher, date=date,
                    report_href=ace_report_urn(issue, date), checker=ace.validator))
            except ValueError as exc:  # the record would not say what the EPUB claims: not bagged so
                theirs += [Validation("horizons-pub", CHECKER, f"data/{rel}", FAILED, f"{CHECKER}: the ONIX could "
                                      f"not be made with the EPUB's conformance: {exc}", [str(exc)])
                           for rel in platform.records if rel.endswith(platform_files.ONIX_SUFFIX)]
        theirs += describe.record_validations(staging, platform, _safe)
        pdfs = vera.result()
        return [pdfs[0], own[0], *epub_checks, *own[1:], *describe.by_article(pdfs[1:], theirs)], certified


def _cover_preflight(issue: Issue, staging: Path, name: str, folios: list | None) -> Validation:
    """The cover PDF's preflight: its boxes at the spread of the laid-out issue (back, spine, front), the
    output intent, PDF/X-4, fonts; no folios (its pages are the cover board's two sides)."""
    shown = f"data/{name}"
    trim = _spread_mm(issue, folios)
    return _safe("horizons-pub", shown, lambda: check_print_master(
        staging / name, shown, trim, None, "the cover board's spread (back cover, spine, front cover)"))()


def _spread_mm(issue: Issue, folios: list | None) -> tuple[float, float] | None:
    """The cover board's trim, laid flat (back cover, spine, front cover), for the pages laid out."""
    if folios is None or len(folios) <= BOARD_PAGES:
        return None
    spread = Spread.of(issue, len(folios) - BOARD_PAGES)
    return round(spread.trim_width_mm, 3), spread.height_mm


def _epub_validations(issue: Issue, staging: Path, name: str, date: _dt.date) -> tuple[list[Validation], bool]:
    """DAISY Ace on the EPUB as built (its report in reports/ace/); when it passed, the conformance metadata;
    then EPUBCheck and the opening check on the EPUB the bag keeps."""
    shown, path = f"data/{name}", staging / name
    ace = _safe("ace", shown, lambda: validate_accessibility(path, shown, staging / "reports" / "ace", date))()
    certified, extra = False, []
    if ace.passed:
        try:
            path.write_bytes(certify(path.read_bytes(), report_href=ace_report_urn(issue, date),
                                     certified_by=issue.publisher, conforms_to=CONFORMANCE, date=date,
                                     checker=ace.validator, report_type="text/html"))
            certified = True
        except ValueError as exc:
            extra.append(Validation("horizons-pub", CHECKER, shown, FAILED, f"{CHECKER}: the conformance "
                                    f"metadata could not be added: {exc}", [str(exc)]))
    with tempfile.TemporaryDirectory(prefix="hp-epubcheck-") as work:
        check = _safe("epubcheck", shown, lambda: validate_epub(path, shown, Path(work), date))()
    opens = _safe("horizons-pub", shown, lambda: check_epub_opens(path, shown))()
    return [check, ace, opens, *extra], certified


def ace_report_urn(issue: Issue, date: _dt.date) -> str:
    """The name the EPUB's a11y:certifierReport gives Ace's report, which manifest.json gives the report file
    (a URN: EPUBCheck refuses a link to a file outside the EPUB, and the bag has no address of its own)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{issue_urn(issue)}/archive/{date.isoformat()}/{ACE_REPORT}')}"


def _safe_all(tool: str, shown: list[str], run: Callable[[], list[Validation]]) -> Callable[[], list[Validation]]:
    """:func:`_safe` for a run that validates many files at once."""
    def safe() -> list[Validation]:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - said, whatever it is
            why = f"the check itself failed: {type(exc).__name__}: {exc}"
            return [Validation(tool, tool, file, FAILED, f"{tool}: {why}", [why]) for file in shown]
    return safe


def _safe(tool: str, shown: str, run: Callable[[], Validation]) -> Callable[[], Validation]:
    """A validator's unexpected crash, as a failed validation rather than a traceback."""
    def safe() -> Validation:
        try:
            return run()
        except Exception as exc:  # noqa: BLE001 - said, whatever it is
            return Validation(tool, tool, shown, FAILED, f"{tool}: the check itself failed: {type(exc).__name__}: "
                              f"{exc}", [f"the check itself failed: {type(exc).__name__}: {exc}"])
    return safe


def _decide(validations: list[Validation], built: dict[str, Path], reporter: Reporter, allow_unvalidated: bool,
            allow_missing: set[str]) -> tuple[int, list[str]]:
    """Report why the bag is refused (the count of reasons) or, with the flags, what it is made in spite of
    (the lines of bag-info.txt's ``Bagged-Unvalidated``)."""
    refusals, overrides = 0, []
    for v in validations:
        where = display_path(built.get(v.file, Path(v.file)))
        if v.verdict == FAILED and not allow_unvalidated:
            refusals += 1
            for problem in v.problems or [v.summary]:
                reporter.error("archive.validation-failed", f"{v.validator}: {problem}", path=where)
        elif v.verdict == FAILED:
            overrides.append(f"{v.file}: {v.validator} failed ({len(v.problems)} problem(s)"
                             f"{': ' + v.problems[0] if v.problems else ''}); bagged with --allow-unvalidated")
            reporter.warning("archive.unvalidated", f"{v.validator} failed ({len(v.problems)} problem(s)); "
                             "bagged anyway (--allow-unvalidated), as bag-info.txt says", path=where)
        elif v.verdict == NOT_RUN and v.tool not in allow_missing:
            refusals += 1
            install = f"; install it with: {v.install}" if v.install else ""
            reporter.error("archive.not-run", f"{v.validator} did not run: {v.problems[0] if v.problems else ''}"
                           f"{install}; or bag without it: --allow-missing {v.tool}", path=where)
        elif v.verdict == NOT_RUN:
            overrides.append(f"{v.file}: {v.validator} not run ({v.problems[0] if v.problems else ''}); bagged "
                             f"with --allow-missing {v.tool}")
            reporter.warning("archive.unvalidated", f"{v.validator} did not run; bagged anyway (--allow-missing "
                             f"{v.tool}), as bag-info.txt says", path=where)
    return refusals, overrides


def _metadata(issue: Issue, staging: Path, names: dict[Edition, str], validations: list[Validation],
              certified: bool, date: _dt.date, overrides: list[str], platform: platform_files.PlatformFiles) -> None:
    """manifest.json (Dublin Core, the profile's copy and the METS document are written: describe.py)."""
    pdf, print_pdf, epub = (f"data/{names[e]}" for e in (Edition.ARCHIVAL, Edition.PRINT, Edition.EPUB))
    role, facts = metadata.archival_role(validations, pdf)
    files: list[tuple[str, str, dict]] = [(names[Edition.ARCHIVAL], role, facts)]
    role, facts = metadata.print_role(validations, print_pdf)
    files.append((names[Edition.PRINT], role, {**facts, "trim_mm": [issue.trim.width_mm, issue.trim.height_mm]}))
    if Edition.COVER in names:
        role, facts = metadata.print_role(validations, f"data/{names[Edition.COVER]}", cover=True)
        spread = _spread_mm(issue, archival_folios(staging / names[Edition.ARCHIVAL]))
        files.append((names[Edition.COVER], role, {**facts, **({"trim_mm": list(spread)} if spread else {})}))
    role, facts = metadata.epub_role(validations, epub, certified)
    files.append((names[Edition.EPUB], role, facts))
    files += describe.manifest_entries(validations, platform)
    folder = Path(issue.folder)
    files += [((Path("source") / issue.id / p.relative_to(folder)).as_posix(), metadata.SOURCE, {})
              for p in source_files(issue)]
    for v in validations:
        for name in sorted(v.reports):
            more = {"identifier": ace_report_urn(issue, date)} if certified and f"reports/{name}" == ACE_REPORT \
                else {}
            files.append((f"reports/{name}", f"{metadata.REPORT}: {v.validator} on {v.file}", more))
    files.append((metadata.DUBLIN_CORE, "descriptive metadata (Dublin Core)", {}))
    bagged = {"date": date.isoformat(), "unvalidated": overrides}
    (staging / metadata.MANIFEST).write_bytes(metadata.manifest(issue, staging, files, validations, bagged))
