"""The watcher: watchfiles on the issue folder (its outputs aside, when they are inside it), calling
``on_change`` with the files saved after each burst of saves, until ``stop_event`` is set."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ...support.paths import display_path
from .console import Console

WATCH_DEBOUNCE_MS = 300


class Watcher:
    def __init__(self, issue_dir: Path, out_root: Path, on_change: Callable[[tuple[str, ...]], object],
                 console: Console, stop_event: threading.Event):
        self.issue_dir = Path(issue_dir)
        self.out_root = Path(out_root)
        self.on_change = on_change
        self.console = console
        self._stop = stop_event
        self.ready = threading.Event()  # set once the watcher is in place (or has given up)

    def loop(self) -> None:
        import watchfiles

        out = self.out_root.resolve()
        ignore = (str(out),) if out.is_relative_to(self.issue_dir.resolve()) else ()
        watch_filter = watchfiles.DefaultFilter(ignore_paths=ignore)
        try:
            # yield_on_timeout: the first (empty) yield says the watcher is in place
            for changes in watchfiles.watch(self.issue_dir, watch_filter=watch_filter, debounce=WATCH_DEBOUNCE_MS,
                                            stop_event=self._stop, raise_interrupt=False, rust_timeout=250,
                                            yield_on_timeout=True):
                self.ready.set()
                if self._stop.is_set():
                    break
                if not changes:
                    continue
                names = tuple(sorted({display_path(Path(p)) for _, p in changes}))
                self.on_change(names)
        except Exception as exc:  # noqa: BLE001 - e.g. the folder was removed
            self.ready.set()
            if not self._stop.is_set():
                self.console.say(f"horizons-pub preview: no longer watching {display_path(self.issue_dir)}: {exc}",
                                 error=True)
