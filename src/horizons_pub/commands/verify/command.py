"""``horizons-pub verify BAG…``: is the archive still what was made, and does it still pass the validators?

Everything is checked and every problem said at once, each with its file: the BagIt checksums and files
(bagit_check.py); veraPDF's PDF/A-3a and PDF/UA-1 profiles on the archival PDF, EPUBCheck and DAISY Ace on
the EPUB (archive/validation.py); the archival PDF's claims, the EPUB opening, the print master's preflight
(archive/preflight.py); the platforms' files: PDF/UA-1 on each article's PDF (in the same Java run as the
archival PDF), its page labels against the archival PDF's, the JATS, Crossref, ONIX and METS schemas, every
file the METS lists (archive/platform_files.py, archive/mets.py); the bag against its BagIt profile
(archive/profile.py).  A validator not installed is "not run": the exit status is then 1, unless
``--allow-missing NAME`` names it.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ...model.identity import ARTICLES_DIR
from ...render.pdf.board import interior_of
from ...support.dates import EpochError, source_epoch
from ...support.paths import display_path
from ..archive.bag import bagging_date
from ..archive.metadata import PRINT_MASTER, read_manifest
from ..archive.preflight import (
    archival_folios,
    check_archival_pdf,
    check_epub_opens,
    check_print_master,
)
from ..archive.describe import by_article, said_lines
from ..archive.mets import METS_FILE, check_mets, check_mets_files
from ..archive.platform_files import ONIX_SUFFIX, RECORDS_DIR, check_article_pages, check_jats, check_record
from ..archive.profile import bag_profile_problems
from ..archive.validation import (
    ARTICLE_PROFILES,
    PROFILES,
    Validation,
    validate_accessibility,
    validate_epub,
    validate_pdfs,
)
from ..check.report import FAILED, NOT_RUN
from .bagit_check import bag_problems

PRINT_SUFFIX = "-print.pdf"
COVER_SUFFIX = "-print-cover.pdf"  # the print master's cover, for a perfect-bound issue (docs/print.md)


@dataclass
class Verdict:
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, what is wrong)
    not_run: list[tuple[str, Validation]] = field(default_factory=list)  # (file, the validation not run)
    said: list[str] = field(default_factory=list)  # what was checked, one line each

    def fail(self, file: str, what: str) -> None:
        self.problems.append((file, what))

    def add(self, bag: Path, validation: Validation, said: bool = True) -> None:
        file = str(bag / validation.file)
        if said:
            self.said.append(f"{validation.verdict}: {display_path(Path(file))}: {validation.summary}")
        if validation.verdict == FAILED:
            for problem in validation.problems or [validation.summary]:
                self.fail(file, f"{validation.validator}: {problem}")
        elif validation.verdict == NOT_RUN:
            self.not_run.append((file, validation))

    def ok(self, allowed: set[str] = frozenset()) -> bool:
        return not self.problems and all(v.tool in allowed for _, v in self.not_run)


def verify_bag(path: Path) -> Verdict:
    """Every check of the bag at ``path``; nothing is written into it."""
    verdict = Verdict()
    problems, said = bag_problems(path)
    verdict.said.append(("passed" if not problems else "failed") + f": {display_path(path)}: {said}")
    for file, what in problems:
        verdict.fail(file, what)
    data = path / "data"
    pdfs = sorted(p for p in _regular(data, "*.pdf") if not p.name.endswith((PRINT_SUFFIX, COVER_SUFFIX)))
    prints = _regular(data, f"*{PRINT_SUFFIX}")
    covers = _regular(data, f"*{COVER_SUFFIX}")
    epubs = _regular(data, "*.epub")
    articles = _regular(data / ARTICLES_DIR, "*.pdf")
    jats = _regular(data / ARTICLES_DIR, "*.xml")
    records = _regular(data / RECORDS_DIR, "*.xml")
    mets = _regular(data, METS_FILE)
    for found, what in ((pdfs, "no archival PDF"), (prints, "no print master"), (epubs, "no EPUB"),
                        (articles, "no article PDF"), (jats, "no article XML"), (mets, "no METS document"),
                        ([r for r in records if r.name.endswith(ONIX_SUFFIX)], "no ONIX record")):
        if not found:
            verdict.fail(str(data), f"{what} in the bag")
    problems, said = bag_profile_problems(path)
    verdict.said.append(("passed" if not problems else "failed") + f": {display_path(path)}: {said}")
    for what in problems:
        verdict.fail(str(path), what)
    today = bagging_date()
    jobs = [(pdf, _name(path, pdf), PROFILES) for pdf in pdfs]
    jobs += [(pdf, _name(path, pdf), ARTICLE_PROFILES) for pdf in articles]
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="verify") as pool, \
            tempfile.TemporaryDirectory(prefix="hp-verify-") as tmp:
        work = Path(tmp)
        vera = pool.submit(validate_pdfs, jobs)
        books = []
        for n, epub in enumerate(epubs):
            (work / f"epubcheck-{n}").mkdir()
            books.append(pool.submit(validate_epub, epub, _name(path, epub), work / f"epubcheck-{n}", today))
            books.append(pool.submit(validate_accessibility, epub, _name(path, epub), work / f"ace-{n}", today))
        claims = [check_archival_pdf(pdf, _name(path, pdf)) for pdf in pdfs]
        folios = archival_folios(pdfs[0]) if pdfs else None
        pages = [check_article_pages(pdf, _name(path, pdf), folios, _beside(pdf, ".xml")) for pdf in articles]
        schemas = [check_jats(xml, _name(path, xml)) for xml in jats]
        schemas += [check_record(record, _name(path, record)) for record in records]
        schemas += [check(file, _name(path, file)) for file in mets for check in (
            check_mets, lambda file, shown: check_mets_files(file, shown, data))]
        if covers and folios is not None:  # the print master is the interior: its cover holds four pages
            folios = interior_of(folios)
        masters = [check_print_master(master, _name(path, master), _trim(path, master), folios) for master in prints]
        masters += [check_print_master(cover, _name(path, cover), _trim(path, cover), None,
                                       "the cover board's spread (back cover, spine, front cover)") for cover in covers]
        opens = [check_epub_opens(epub, _name(path, epub)) for epub in epubs]
        pdf_checks = vera.result()
        results = (pdf_checks[:len(pdfs)] + claims + [f.result() for f in books] + opens + masters
                   + by_article(pdf_checks[len(pdfs):], pages + schemas))
    for validation in results:
        verdict.add(path, validation, said=False)
    verdict.said += [f"{state}: {display_path(path / file)}: {summary}"
                     for state, file, summary in said_lines(results)]
    return verdict


def _beside(file: Path, suffix: str) -> Path | None:
    other = file.with_suffix(suffix)
    return other if other.exists() and stat.S_ISREG(os.lstat(other).st_mode) else None


def _regular(data: Path, pattern: str) -> list[Path]:
    """The regular files of ``data`` named by ``pattern``: a link or a named pipe is never opened (the BagIt
    check says it)."""
    if data.is_symlink() or not data.is_dir():
        return []
    return sorted(p for p in data.glob(pattern) if stat.S_ISREG(os.lstat(p).st_mode))


def _name(bag: Path, file: Path) -> str:
    return file.relative_to(bag).as_posix()


def _trim(bag: Path, file: Path) -> tuple[float, float] | None:
    """The trim of a print master's file as manifest.json gives it (None when it does not)."""
    record = next((r for r in (read_manifest(bag) or {}).get("files", [])
                   if isinstance(r, dict) and str(r.get("role", "")).startswith(PRINT_MASTER)
                   and r.get("path") == _name(bag, file)), None)
    trim = record.get("trim_mm") if record else None
    try:
        return (float(trim[0]), float(trim[1])) if trim else None
    except (TypeError, ValueError, IndexError):
        return None


def main(args: argparse.Namespace) -> int:
    try:
        source_epoch()  # the day verify compares the bags' dates with
    except EpochError as exc:
        print(f"SOURCE_DATE_EPOCH: error: {exc} [env.source-date-epoch]", file=sys.stderr)
        return 1
    failed = False
    allowed = set(getattr(args, "allow_missing", None) or [])
    quiet = bool(getattr(args, "quiet", False))
    for bag in args.bags:
        verdict = verify_bag(Path(bag))
        if not quiet:
            for line in verdict.said:
                print(f"  {line}")
        for file, what in verdict.problems:
            print(f"{display_path(Path(file))}: error: {what} [archive.invalid]", file=sys.stderr)
        for file, v in verdict.not_run:
            why = v.problems[0] if v.problems else "not installed"
            if v.tool in allowed:
                print(f"{display_path(Path(file))}: warning: {v.validator} not run ({why}): the bag is not "
                      f"verified by it (--allow-missing {v.tool}) [verify.unvalidated]", file=sys.stderr)
            else:
                install = f"; install it with: {v.install}" if v.install else ""
                print(f"{display_path(Path(file))}: error: {v.validator} not run: {why}{install}; or verify "
                      f"without it: --allow-missing {v.tool} [verify.not-run]", file=sys.stderr)
        unverified = sorted({v.validator for _, v in verdict.not_run})
        if verdict.ok(allowed):
            print(f"{bag}: valid" + (f" (not verified by {', '.join(unverified)}: not installed)"
                                     if unverified else ""))
        else:
            failed = True
            count = len(verdict.problems) + sum(v.tool not in allowed for _, v in verdict.not_run)
            print(f"{bag}: NOT valid ({count} problem(s))", file=sys.stderr)
    return 1 if failed else 0
