"""The ``build`` check: the issue builds (it is rebuilt only when an output is missing or older than its
source); the build's own messages, except the layout's, which the layout checks read from layout.json, and
the placeholders', which ``source.placeholders`` reports."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from ...builder.recipe import BuildResult, ensure_built, expected_outputs
from ...builder.summary import output_labels
from ...support.diagnostics import Diagnostic, Reporter
from .report import Check, failed, passed, warned
from .source_checks import PLACEHOLDER_CODE


def build_check(folder: Path, out_root: Path, *, verbose: bool = False
                ) -> tuple[Check, BuildResult, list[Diagnostic]]:
    """Build the issue unless its outputs are up to date: the check, the build, and every diagnostic the
    reader and the build said (once each)."""
    from ...render.pdf.layout_file import LAYOUT_CODES

    reporter = Reporter(echo=verbose)
    started = time.time()
    result = ensure_built(folder, out_root, reporter)
    said = _unique(reporter.diagnostics)
    if result.issue is None or reporter.has_errors():
        errors = [d.format() for d in _unique(reporter.errors)]
        return failed("build", [f"the build failed ({len(errors)} error(s))", *errors]), result, said
    warnings = [d.format() for d in _unique(reporter.warnings)
                if not d.code.startswith(LAYOUT_CODES) and d.code != PLACEHOLDER_CODE]
    outputs = expected_outputs(result.issue, out_root / result.issue.id)
    built = [p for p in outputs if p.is_file() and p.stat().st_mtime >= started]
    done = (f"built: {', '.join(output_labels(built, lambda p: p.name))}" if built
            else "up to date: nothing changed since the last build")
    if warnings:
        return warned("build", [f"{done}; {len(warnings)} warning(s)", *warnings]), result, said
    return passed("build", [done]), result, said


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Each diagnostic once (the reader runs again when the build does; both PDFs are laid out)."""
    return list(dict.fromkeys(diagnostics))
