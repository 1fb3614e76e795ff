"""The build recipe for one issue: read → transform → check → render each format."""

from __future__ import annotations

import errno
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..support.atomic import sweep_temporaries, write_all
from ..support.diagnostics import Reporter
from ..model.identity import Edition, file_name
from ..model.nodes import Issue
from ..reader.issue import read_issue_partial, source_order
from ..transforms.pipeline import apply_transforms

if TYPE_CHECKING:
    from ..render.pdf.workers import Workers
    from .issue_memo import IssueMemo

#: The formats a build makes: the EPUB, the PDF variants (render/pdf/variants.py), the articles for the
#: platforms (each one's PDF cut from the screen edition's parts, and its JATS XML) and the records (the
#: Crossref deposit, the ONIX products): render/platforms.py.
FORMATS = ("epub", "print", "screen", "articles", "records")
#: the formats that need the screen edition laid out, whether or not its PDF is asked for
NEEDS_SCREEN = ("articles", "records")


@dataclass
class BuildResult:
    issue: Issue | None  # None when the source has errors, or when nothing changed
    outputs: list[Path] = field(default_factory=list)
    outline: list[str] = field(default_factory=list)
    up_to_date: bool = False
    laid_out: list[str] = field(default_factory=list)  # the print parts laid out anew, as "variant:part"
    #: each print part of each variant: from the cache, or laid out and why (render/pdf/cache_log.py)
    parts: list = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # what --verbose adds: the parts, or why nothing was done


def load_issue(folder: Path, reporter: Reporter, memo: IssueMemo | None = None) -> Issue | None:
    """Read and transform an issue; None when the source has errors (all reported, in source order).

    After the reader's errors, the transforms that check the source (the notes) still run on the model
    as far as it was read, so that one run says every problem; nothing is built from that model.
    ``memo``: kept by a long-lived caller between loads (issue_memo.py): only the articles whose file (or
    anything else they depend on) changed are read and transformed again; the same Issue and diagnostics."""
    found = Reporter(strict=reporter.strict, echo=False)
    if memo is None:
        issue = read_issue_partial(folder, found)
        if issue is not None:
            issue = apply_transforms(issue, found, checks_only=found.has_errors())
    else:
        memo.start()
        issue = read_issue_partial(folder, found, read=memo.read_article)
        if issue is not None:
            issue = apply_transforms(issue, found, checks_only=found.has_errors(), each=memo.transform_article)
        memo.finish()
    reporter.extend(source_order(folder, issue, found.diagnostics))
    return None if issue is None or found.has_errors() else issue


def build_issue(folder: Path, out_root: Path, formats: list[str], reporter: Reporter,
                jobs: int | None = None, memo: IssueMemo | None = None, workers: Workers | None = None
                ) -> BuildResult:
    """Build ``formats`` of the issue in ``folder`` into ``out_root/<folder name>/``.  ``jobs``: how
    many processes lay out the print parts (default: one per core).  ``memo``: the articles a long-lived
    caller keeps between builds (load_issue); ``workers``: worker processes shared with other builds (the
    issues of one command, a long-lived builder), else the build makes its own (render/pdf/workers.py),
    forked before the issue is read so that they set WeasyPrint up meanwhile.

    Nothing is done when every input is as it was at the last build of the same formats
    (see stamp.py); the outline of that build is returned.
    """
    from .summary import outline_lines
    from ..support.environment import environment_key
    from .stamp import build_key, rebuild_lines, replayed, source_digests, stamp_inputs, unchanged_lines, up_to_date

    out_dir = out_root / folder.resolve().name
    if out_dir.resolve() == folder.resolve():  # its articles/ would mix the articles' PDFs and XML with the sources
        reporter.error("output.in-source", f"the output folder {out_dir} is the issue folder itself: the build "
                       "would write its editions beside issue.yaml and each article's PDF and XML among the "
                       "sources in articles/; choose another --out (build, by default)", path=str(out_dir))
        return BuildResult(None)
    press = own_workers = None
    if "epub" in formats and not laid_variants(formats):
        # an EPUB-only build whose cache holds no cover image (so no build of the EPUB to be up to date with):
        # the cover is laid out in a child process meanwhile, from before the stamp's hashes on
        from ..render.html.cover import cover_press
        from ..support.cache import CACHE_DIR

        press = cover_press(out_dir / CACHE_DIR)
    try:
        environment = environment_key()  # layouts/, fonts/, code, libraries: hashed once per build
        files = source_digests(folder, skip=out_dir)  # every entry of the folder but the outputs' own
        key = build_key(folder, formats, reporter.strict, environment, files)
        inputs = stamp_inputs(files, formats, reporter.strict, environment)  # kept in the stamp: --verbose compares
        stamp = up_to_date(out_dir, key)
        if stamp is not None:
            reporter.replay(replayed(stamp, folder))  # the warnings of that build, said again
            return BuildResult(None, [out_dir / name for name in stamp["outputs"]], stamp["outline"], up_to_date=True,
                               details=unchanged_lines(stamp, formats, reporter.strict))
        if laid_variants(formats):
            from ..render.pdf.workers import Workers

            if workers is None and (jobs is None or jobs > 1):
                workers = own_workers = Workers(jobs)
            if workers is not None:  # forked now: they import WeasyPrint and parse the stylesheets meanwhile
                workers.start(folder, environment)
        issue = load_issue(folder, reporter, memo)
        if issue is None:
            return BuildResult(None)
        sweep_temporaries(out_dir)
        result = BuildResult(issue, outline=outline_lines(issue), details=rebuild_lines(out_dir, inputs))
        return _finish(issue, out_dir, formats, reporter, jobs, environment, result, press, key, inputs, folder,
                       workers)
    finally:
        if press is not None:
            press.close()
        if own_workers is not None:
            own_workers.close()


def _finish(issue: Issue, out_dir: Path, formats: list[str], reporter: Reporter, jobs: int | None,
            environment: str, result: BuildResult, press, key: str, inputs: dict, folder: Path,
            workers: Workers | None = None) -> BuildResult:
    """Render, write every output, then the stamp (``key``, ``inputs``: stamp.py's)."""
    from .summary import layout_lines
    from .stamp import write_stamp

    try:
        pending = _render(issue, out_dir, formats, reporter, jobs, environment, result, press, workers)
    except OSError as exc:
        if exc.errno not in _DISK_FULL:
            raise
        # while laying out (WeasyPrint writes the fonts it embeds to the temporary folder): nothing written
        reporter.error("output.write", f"cannot write {exc.filename or 'a temporary file'} while laying out the "
                       f"issue: {exc.strerror}; free some space on the output folder's disk and on the temporary "
                       f"folder's ({tempfile.gettempdir()})", path=str(out_dir))
        return result
    result.details += layout_lines(result.parts)
    if reporter.has_errors():
        return result  # no output replaced: the previous good files stay
    try:  # every file is written aside first, then each renamed into place: a failed write replaces none
        result.outputs += write_all(pending)
    except OSError as exc:  # a full disk, a read-only folder, --out naming a file
        reporter.error("output.write", f"cannot write {exc.filename or out_dir}: {exc.strerror}; choose another "
                       "output folder with --out", path=str(out_dir))
        return result
    write_stamp(out_dir, key, result.outputs, result.outline, reporter.diagnostics, inputs, folder)
    return result


#: what a full disk or a quota says (EFBIG: a file over the size a process may write)
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def laid_variants(formats: list[str]) -> tuple[str, ...]:
    """The PDF variants a build of ``formats`` lays out: those it writes, and the screen edition for the
    formats cut from it (the articles, the records)."""
    from ..render.pdf.variants import VARIANTS

    return tuple(v for v in VARIANTS if v in formats or (v == "screen" and any(f in formats for f in NEEDS_SCREEN)))


def _render(issue: Issue, out_dir: Path, formats: list[str], reporter: Reporter, jobs: int | None,
            environment: str, result: BuildResult, press=None, workers: Workers | None = None
            ) -> list[tuple[Path, bytes]]:
    """Every output of the build as (path, bytes), nothing written yet: the PDF variants are laid out
    first (their parts in a pool of workers), then the EPUB follows their pages while the workers
    finish the PDFs.  After an error, what is returned is not to be written."""
    # imported after the stamp: a build with nothing to do loads no renderer; one that lays out no PDF
    # (``--format epub``) loads none of the PDF's (the EPUB's path never imports WeasyPrint when its
    # cover image is in the cache: render/html/cover.py)
    from ..render.pdf.variants import VARIANTS

    written = tuple(v for v in VARIANTS if v in formats)
    laid = laid_variants(formats)
    pdfs = None
    if laid:
        from ..render.pdf.renderer import PdfEditions

        pdfs = PdfEditions(issue, out_dir, reporter, laid, jobs=jobs, environment=environment, written=written,
                           articles="articles" in formats, workers=workers)
    try:
        pages = pdfs.lay_out() if pdfs else None
        if pages is not None:  # the outline prints the pages the parts got, not the planned ones
            from .summary import outline_lines

            result.outline = outline_lines(issue, pages)
        if reporter.has_errors():
            return []
        outputs = []
        if "epub" in formats:
            from ..render.epub.book import render_epub

            outputs = render_epub(issue, out_dir, reporter, pages, press)
        if pages is not None:  # the articles' XML and the records, from the pages the layout gave
            from ..render.platforms import platform_outputs

            outputs += platform_outputs(issue, out_dir, formats, pages)
        return outputs + (pdfs.outputs() if pdfs else [])
    finally:
        if pdfs:
            pdfs.close()
            result.laid_out = pdfs.laid_out
            result.parts = pdfs.pool.verdicts


def discover_issues(source_root: Path) -> list[Path]:
    """Every issue folder (one holding an issue.yaml) in ``source_root``, by name."""
    if not source_root.is_dir():
        return []
    # hidden folders (".hp-new-…" left by an interrupted 'new', editors' tools) are not issues
    return sorted(p for p in source_root.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / "issue.yaml").is_file())


def expected_outputs(issue: Issue, out_dir: Path) -> list[Path]:
    """The files a full build of ``issue`` (every format) writes into ``out_dir``: the editions, layout.json, the
    records (the Crossref deposit only with a DOI prefix), and each article's PDF and JATS XML in ``articles/``."""
    from ..model.identity import article_file
    from ..render.pdf.board import has_cover_board
    from ..render.pdf.layout_file import LAYOUT_FILE
    from ..render.platforms import platform_articles

    editions = (Edition.EPUB, Edition.PRINT) + ((Edition.COVER,) if has_cover_board(issue) else ()) + (Edition.SCREEN,)
    records = ((Edition.CROSSREF,) if issue.distribution.doi_prefix else ()) + (Edition.ONIX,)
    return ([out_dir / file_name(issue, edition) for edition in editions + records] + [out_dir / LAYOUT_FILE]
            + [out_dir / article_file(a, ext) for a in platform_articles(issue) for ext in ("pdf", "xml")])


def ensure_built(folder: Path, out_root: Path, reporter: Reporter) -> BuildResult:
    """Build the issue (every format) unless its outputs are current, then return the model and the outputs.

    The build stamp decides (see stamp.py); outputs without a stamp (copied from elsewhere) are taken
    as current when every one is newer than every source file.
    """
    from .stamp import STAMP

    issue = load_issue(folder, reporter)
    if issue is None:
        return BuildResult(None)
    out_dir = out_root / issue.id
    outputs = expected_outputs(issue, out_dir)
    if not (out_dir / STAMP).is_file():
        newest_source = max(p.stat().st_mtime for p in folder.rglob("*") if p.is_file())
        if all(p.is_file() and p.stat().st_mtime >= newest_source for p in outputs):
            return BuildResult(issue, outputs, up_to_date=True)
    result = build_issue(folder, out_root, list(FORMATS), reporter)
    if result.up_to_date:
        result.issue = issue
    return result
