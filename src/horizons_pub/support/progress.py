"""Progress of long work (parts laid out, pages, validators), shown with rich on a terminal.

The command line opens a progress display for a command (``with showing(enabled):``);
the work reports steps through :func:`step` without knowing whether anyone watches.
Off a terminal, with --quiet, or inside a worker process, steps cost nothing.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

_current = None


@contextmanager
def showing(enabled: bool) -> Iterator[None]:
    global _current
    if not enabled or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        _current = (progress, progress.add_task("horizons-pub", total=None))
        try:
            yield
        finally:
            _current = None


def step(message: str) -> None:
    """Say what is being done now (a part laid out, a validator running)."""
    if _current is not None:
        progress, task = _current
        progress.update(task, description=message)


def detach() -> None:
    """In a forked worker: forget the parent's display (its refresh thread did not come along)."""
    global _current
    _current = None
