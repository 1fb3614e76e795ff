"""The preview's lines on the console: errors always (they are diagnostics), the rest unless --quiet;
one line at a time, whichever thread says it."""

from __future__ import annotations

import sys
import threading


class Console:
    def __init__(self, *, quiet: bool = True, verbose: bool = False):
        self.quiet, self.verbose = quiet, verbose
        self._lock = threading.Lock()

    def say(self, text: str, *, error: bool = False) -> None:
        """A line on the console: errors always (they are diagnostics), the rest unless --quiet."""
        if error or not self.quiet:
            with self._lock:
                print(text, file=sys.stderr if error else sys.stdout, flush=True)
