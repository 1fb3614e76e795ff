"""The ``build`` check: the issue builds (it is rebuilt only when an output is missing or older than its
source); the build's own messages, except the layout's, which the layout checks read from layout.json."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from ...builder.recipe import BuildResult, ensure_built, expected_outputs
from ...support.diagnostics import Diagnostic, Reporter
from .report import FAIL, OK, WARN, Check


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
