"""The preview (``horizons-pub preview``): a local server that shows the issue's laid-out pages and follows
the source.  :class:`Preview` puts together the pieces, each in its module, and starts and stops their threads.

What it serves, on 127.0.0.1 only (never another interface), in French:

- ``/`` — the chemin de fer of the print edition (:mod:`.board_pages`): every page laid out, as a thumbnail,
  in spreads, under its rubric's colour and its part's title, reserved pages hatched, pages past their
  slot or pushed in red, notes printed away from their call marked, the layout's diagnostics, the built
  outputs and the background build's state; ``/screen/`` — the same of the screen edition (laid out
  from the first time it is opened);
- ``/spread/<folio>``, ``/screen/spread/<folio>`` — the spread holding that page, its pages large (as
  images of their trim box), the diagnostics that name them above; ← / → go from spread to spread;
- ``/page-image/<id>.png``, ``/page-thumb/<id>.png`` — the pages' images, named by their digest (so
  cached for good: a page that changes gets another name);
- ``/parts`` — the parts in flatplan order, and ``/part/<key>`` — one part (``cover``, ``sommaire``,
  ``back-cover``, or an article id) as the HTML the print renderer lays out
  (:mod:`...render.pdf.documents`), with the print stylesheets, as one long sheet.  The images the parts
  show are under ``/part/images/…``; no other file of the issue folder is served: not its Markdown, not
  ``issue.yaml``, not an image no figure shows (:mod:`.access`);
- ``/layouts/…``, ``/fonts/…`` — the stylesheets, the reload script and the fonts, not the templates;
- ``/out/…`` — ``<out>/<issue>/``: the PDFs, the EPUB, ``layout.json`` and the flatplan as built;
  ``/flatplan`` goes to ``flatplan.html``;
- ``/__version`` — a counter bumped after each successful reload (text).  With ``?path=/some/page`` the
  answer's ``X-Page-Tag`` header is a digest of what that page shows now; with ``&tag=…&wait=1`` the
  answer waits until the page's tag is another (at most :data:`.site.LONG_POLL` seconds): the pages'
  small script (``layouts/preview/reload.js``) asks so, and reloads the page when *it* changed (its
  pages, or the error banner), not on every save;
- ``/__status`` — the same state as JSON (version, diagnostics, build, and each edition's pages).

Anything else is a plain 404, whatever the path holds (``..``, ``%00``, a symlink); a path longer than
:data:`.access.MAX_TARGET` is a 414.  Each page carries a Content-Security-Policy whose nonce lets only
its reload script run; images are served with one that runs no script; every answer is ``nosniff``.

A watcher thread (:mod:`.watch`: watchfiles, on the issue folder) reloads the model (:mod:`.live`; only
the articles that changed are read again) after each save.  The articles that differ go to the press
(builder/press: a layout process started with the preview and kept warm), which lays them out first and
answers with their pages; the parts they push are shown as they were, marked, until its final answer
(:mod:`.board`).  When the source has an error, every page shows the diagnostics in a banner above the
last good pages (:mod:`.site`).  Once the print pages are laid out, a builder thread (:mod:`.builder`)
runs ``horizons-pub build`` and then ``horizons-pub flatplan`` in child processes at a lower priority
(one at a time; a save ends the one under way), so the PDFs, the EPUB and the flatplan follow without
slowing the pages; a build's outputs are written atomically, so stopping it is safe.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .board import Board
from .builder import BackgroundBuilder
from .console import Console
from .handler import HOST, PreviewServer
from .live import LiveIssue
from .responses import Response
from .site import Site
from .snapshot import Snapshot
from .watch import Watcher


class Preview:
    """A running preview.  Made by :func:`.command.start_preview`; ``url``, ``port``, ``stop()``, ``wait()``.

    Its pieces: ``live`` (the issue's snapshot and its reloads), ``site`` (what each address shows),
    ``server`` (HTTP), ``watcher`` (the source's saves) and ``builder`` (the background build, or None)."""

    def __init__(self, issue_dir: Path, out_root: Path, *, quiet: bool = True, verbose: bool = False,
                 build: bool = True, watch: bool = True, pages: bool = True):
        self.console = Console(quiet=quiet, verbose=verbose)
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self.live = LiveIssue(Path(issue_dir), Path(out_root), self.console, on_reloaded=self._reloaded)
        self.builder = BackgroundBuilder(self.live, self.console, self._stop) if build else None
        self.watcher = Watcher(self.live.issue_dir, self.live.out_root, self.reload, self.console, self._stop) \
            if watch else None
        self.board = Board(self.live, self.console, on_final=self._laid) if pages else None
        self._force = False  # a reload since the last build asked for: the next build must run
        self.site = Site(self.live, self.builder, self.board)
        self.server: PreviewServer | None = None
        self.url = ""
        self.port = 0

    def _reloaded(self, force: bool) -> None:
        if self.board is not None and force:  # an edit: its pages first, the background build once laid out
            self._force = True
            if self.builder is not None:
                self.builder.hold()
            self.board.issue_changed(self.live.snapshot.issue)
            return
        if self.board is not None:  # the first load: the pages and the build at once, a core each
            self.board.issue_changed(self.live.snapshot.issue)
        if self.builder is not None:
            self.builder.request(force=force)

    def _laid(self, variant: str) -> None:
        if variant == "print" and self.builder is not None:
            force, self._force = self._force, False
            self.builder.request(force=force)

    # -- what it shows (see .live and .site) ---------------------------------

    @property
    def issue_dir(self) -> Path:
        return self.live.issue_dir

    @property
    def out_root(self) -> Path:
        return self.live.out_root

    @property
    def quiet(self) -> bool:
        return self.console.quiet

    @property
    def verbose(self) -> bool:
        return self.console.verbose

    @property
    def snapshot(self) -> Snapshot:
        return self.live.snapshot

    @property
    def version(self) -> int:
        return self.snapshot.version

    @property
    def issue_id(self) -> str:
        return self.live.issue_id

    @property
    def out_dir(self) -> Path:
        return self.live.out_dir

    def reload(self, changed: tuple[str, ...] = ()) -> bool:
        """Read the issue again and re-render its parts; keep the last good pages when the source fails."""
        return self.live.reload(changed)

    def refresh_layout(self) -> None:
        """After a build: re-render with the folios it laid out (the sommaire) and show its pages."""
        self.live.refresh_layout()

    def newest_source(self) -> float:
        return self.live.newest_source()

    def respond(self, raw: str) -> Response:
        return self.site.respond(raw)

    def page(self, path: str) -> Response:
        """What ``path`` shows, without the reload script (its digest is the page's tag)."""
        return self.site.page(path)

    def status(self) -> dict:
        return self.site.status()

    def say(self, text: str, *, error: bool = False) -> None:
        """A line on the console: errors always (they are diagnostics), the rest unless --quiet."""
        self.console.say(text, error=error)

    # -- threads -------------------------------------------------------------

    def start(self, port: int) -> Preview:
        server = PreviewServer(port, self.site, self.console)  # first: a port in use fails at once
        if self.board is not None:
            self.board.start()  # its process imports WeasyPrint while the issue is read
        self.server = server
        self.port = server.port
        self.url = self.site.url = f"http://{HOST}:{self.port}/"
        mark = self.newest_source()
        self.reload()
        self._spawn(lambda: server.serve_forever(poll_interval=0.2), "hp-preview-http")
        if self.watcher is not None:
            self._spawn(self.watcher.loop, "hp-preview-watch")
            self.watcher.ready.wait(timeout=5)
            if self.newest_source() != mark:  # saved while the watcher started: it did not see it
                self.reload()
        if self.builder is not None:
            self._spawn(self.builder.loop, "hp-preview-build")
        return self

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop serving, watching and building (a running build is ended); idempotent."""
        if self._stopped.is_set():
            return
        self._stop.set()
        if self.builder is not None:
            self.builder.stop()
        if self.board is not None:
            self.board.stop()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=10)
        self._stopped.set()

    def wait(self) -> None:
        """Block until :meth:`stop` (Ctrl-C interrupts the wait)."""
        while not self._stopped.wait(0.5):
            pass

    def __enter__(self) -> Preview:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
