"""One part of the print edition laid out and written as a PDF of its own, with the facts the build needs.

A part is laid out by WeasyPrint alone, in whatever process runs the job (the build's
own or a worker of :mod:`.pool`): the job carries everything that shapes the
result (its HTML, its variant, the document metadata, the build's date), so the same
job gives the same bytes anywhere (its ``environment`` is the hash of layouts/, fonts/, the
code and the libraries).  The facts read from the laid-out boxes (pages,
the notes and calls on each page, where each page starts in the body) travel with the
PDF, so that a part taken from the cache is checked exactly like a part laid out now.
"""

from __future__ import annotations

import logging
from dataclasses import astuple, dataclass, field
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from . import figure_places
from .note_places import notes_per_page, page_blocks
from .heads import long_heads
from .overprint import overprints
from .loose_lines import loose_lines
from . import columns_fix, columns_reuse, notes_fix
from .table_widths import too_wide_tables
from .job import DocumentMeta, PartFacts, PartJob
from .variants import VARIANTS
from .documents import stylesheet_paths
from ..sandbox import SandboxFetcher
from .issue_url import ISSUE_URL, IssueFetcher
from ...support.dates import pinned_epoch

@dataclass
class _Setup:
    """What every part laid out in this process shares: fonts configured and stylesheets parsed once
    (and what parsing them said: it is said again with every part, cached ones included)."""

    fetcher: SandboxFetcher
    font_config: FontConfiguration
    stylesheets: list = field(default_factory=list)
    messages: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()


_setups: dict[tuple[str, str], _Setup] = {}


def _setup(issue_dir: str, environment: str) -> _Setup:
    """One set-up per issue folder and environment: a process that lives on (the preview, tests) parses
    the stylesheets again when layouts/ or fonts/ change."""
    key = (str(Path(issue_dir).resolve()), environment)
    if key not in _setups:
        fetcher = SandboxFetcher(Path(key[0]))
        font_config = FontConfiguration()
        with _collect_weasyprint_messages() as messages:
            sheets = [CSS(filename=str(path), font_config=font_config, url_fetcher=fetcher)
                      for path in stylesheet_paths()]
        _setups[key] = _Setup(fetcher, font_config, sheets, tuple(messages), tuple(fetcher.refused))
    return _setups[key]


def lay_out_part(job: PartJob) -> tuple[bytes, PartFacts]:
    """Lay the part out and write it: its PDF and its facts."""
    setup = _setup(job.issue_dir, job.environment)
    columns_fix.install()  # WeasyPrint's columns leave room for the notes called before a wide table
    notes_fix.install()  # WeasyPrint's waiting notes found in constant time, not by reading them all per box
    notes_fix.install_area_memo()  # and a page's note area measured once per list of notes, not per trial
    columns_reuse.install()  # a page's first column laid out once more only when its last trial is not the same call
    served_before, refused_before = len(setup.fetcher.served), len(setup.fetcher.refused)
    variant = VARIANTS[job.variant]
    fetcher = IssueFetcher(setup.fetcher, Path(job.issue_dir))  # no folder's place in the PDF (issue_url.py)
    with pinned_epoch(job.epoch), _collect_weasyprint_messages() as messages:
        # presentational hints: WeasyPrint then honours <ol start> (as browsers and reading systems do),
        # which it ignores otherwise; the writers set no other presentational attribute
        def render(html: str):
            return HTML(string=html, base_url=ISSUE_URL, url_fetcher=fetcher).render(
                font_config=setup.font_config, pdf_variant=variant.weasyprint, stylesheets=setup.stylesheets,
                presentational_hints=True)

        # the figures placed and the sidebars a column cannot hold split, « (suite) », in one run of layouts
        # (figure_places.py), what the passes said being said once
        document, figures, fill = figure_places.lay_out(render, job.html)
        messages[:] = list(dict.fromkeys(messages))
        _set_metadata(document.metadata, job.meta)
        data = document.write_pdf(pdf_variant=variant.weasyprint, pdf_identifier=False,
                                  output_intent=variant.output_intent)
    pages = notes_per_page(document)
    root = Path(job.issue_dir).resolve()
    # the files of the issue folder it read, with the hash of the bytes it was given (layouts/ and
    # fonts/ are in job.environment)
    read = sorted({(path.relative_to(root).as_posix(), digest) for path, digest in setup.fetcher.served[served_before:]
                   if path.is_relative_to(root)})
    facts = PartFacts(pages=len(document.pages), calls=tuple(tuple(sorted(p.calls)) for p in pages),
                      notes=tuple(tuple(sorted(p.notes)) for p in pages), page_blocks=tuple(page_blocks(document)),
                      messages=setup.messages + tuple(messages),
                      refused=setup.refused + tuple(setup.fetcher.refused[refused_before:]), read=tuple(read),
                      too_wide=tuple(too_wide_tables(document)),
                      figures=tuple(astuple(f) for f in figures), opener_fill=fill,
                      long_heads=tuple(long_heads(document)), overprints=tuple(overprints(document)),
                      loose=tuple(loose_lines(document)))
    return data, facts


def _set_metadata(metadata, meta: DocumentMeta) -> None:
    metadata.title = meta.title
    metadata.authors = list(meta.authors)
    metadata.description = meta.description or None
    metadata.keywords = list(meta.keywords)
    metadata.lang = meta.lang or None
    metadata.generator = meta.generator
    metadata.created = metadata.modified = meta.date or None


class _collect_weasyprint_messages:
    """Collect what WeasyPrint logs (warnings and errors) while it works, to report it as diagnostics."""

    IGNORED = ("Using fontTools instead of HarfBuzz",)

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ListHandler(self.messages, self.IGNORED)
        self.logger.addHandler(self.handler)
        self.propagate = self.logger.propagate
        self.logger.propagate = False
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str], ignored: tuple[str, ...]):
        super().__init__(logging.WARNING)
        self.messages, self.ignored = messages, ignored

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(self.ignored):
            self.messages.append(message)


def warm_up(issue_dir: str, environment: str) -> None:
    """Set up the layout of ``issue_dir`` now (a worker that starts while the build reads the issue): WeasyPrint's
    fonts configured and the stylesheets parsed, as the first part would.  A failure is left to that part, which
    says it."""
    try:
        _setup(issue_dir, environment)
    except Exception:  # noqa: BLE001 - the part's own layout meets it again and reports it
        _setups.pop((str(Path(issue_dir).resolve()), environment), None)
