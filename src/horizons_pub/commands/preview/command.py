"""``horizons-pub preview``: start the preview (:mod:`.server`) on the issue folder named (else the
last of source/), print its address, and serve until Ctrl-C (or SIGTERM)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from ...support.diagnostics import Reporter
from ...support.paths import display_path
from ..folders import latest_issue_folder
from .handler import HOST
from .server import Preview


def start_preview(issue_dir: Path | str, out: Path | str = "build", port: int = 0, *, quiet: bool = True,
                  verbose: bool = False, build: bool = True, watch: bool = True, pages: bool = True) -> Preview:
    """Load the issue, start serving it on 127.0.0.1:``port`` (0: any free port), watch it and (``build``)
    keep its outputs built in the background; ``pages``: lay its pages out in a warm process and show them.
    Returns the running preview: ``.url``, ``.stop()``."""
    return Preview(Path(issue_dir), Path(out), quiet=quiet, verbose=verbose, build=build, watch=watch,
                   pages=pages).start(port)


def main(args: argparse.Namespace) -> int:
    folder = latest_issue_folder(args.issue, Reporter(), "preview")
    if folder is None:
        return 1
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", False)
    try:
        preview = start_preview(folder, Path(args.out), args.port, quiet=quiet, verbose=verbose,
                                build=not getattr(args, "no_build", False))
    except OSError as exc:
        print(f"horizons-pub: cannot serve on {HOST}:{args.port}: {exc.strerror or exc} "
              "(another program uses this port? try --port 0)", file=sys.stderr)
        return 1
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        preview.say(f"Preview: {preview.url}")
        if verbose:
            preview.say(f"watching {display_path(folder)}; outputs in {display_path(preview.out_dir)}; "
                        "Ctrl-C stops")
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    preview.say("preview stopped")
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
