"""The press's process: WeasyPrint imported once, the stylesheets parsed and the fonts loaded at the first
part (render/pdf/typeset.py keeps them per issue folder), the parts' layouts kept in memory between
requests (:mod:`.layouts`), the pages drawn once per part PDF.

For each request (:class:`.records.LayRequest`) it paginates the variant with the real paginator
(render/pdf/paginate.py: the same jobs, so the same bytes as a build, whose cache it shares).  When the
request names edited parts and their new layout moves others (an overflow, a part that got shorter), it
first answers provisionally — the edited parts laid out anew, the parts they move shown as they were —
then lays the moved parts out and answers again, finally.  A newer request interrupts the work between
two parts (:class:`.layouts.Superseded`)."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from ...render.page_images import png_bytes, trim_images
from ...render.pdf.layout_file import layout_report
from ...render.pdf.paginate import PagedIssue, Paginator
from ...support.diagnostics import Reporter
from .layouts import LayoutMemory, Superseded, WarmLayouts
from .records import PAGE_HEIGHT, THUMB_WIDTH, Failed, Laid, LayRequest, PageImage, PartPages

class Press:
    """The state the process keeps between requests."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.memory = LayoutMemory()
        self.drawn: dict[str, tuple[str, ...]] = {}  # sha256 of a part's PDF → its page image ids
        self.sent: set[str] = set()  # the image ids the preview holds
        self.finals: dict[str, set[str]] = {}  # variant → the PDF digests of its last final pagination
        self.pages_drawn = 0

    def serve(self) -> None:
        while True:
            try:
                request = self.conn.recv()
            except (EOFError, OSError):
                return
            while request is not None and self.conn.poll():  # only the newest request counts
                request = self.conn.recv()
            if request is None:
                return
            try:
                self.lay(request)
            except Superseded:
                continue
            except Exception as exc:  # noqa: BLE001 - said on the preview's page; the process serves on
                self.conn.send(Failed(request.serial, request.variant, f"{type(exc).__name__}: {exc}"))

    def lay(self, request: LayRequest) -> None:
        started = time.monotonic()
        cache = Path(request.cache_dir) if request.cache_dir else None
        first = tuple(request.first)
        if first and self.memory.last_key:  # an edit: the edited parts first, the parts they move after
            parts = WarmLayouts(cache, self.memory, provisional=True, first=first, interrupt=self.conn.poll)
            paged, reporter = self._paginate(request, parts)
            final = not parts.stale
            self._answer(request, paged, reporter, parts, final, started)
            if final:
                return
        # one process: the other core is the background build's, which fills the cache this pagination reads
        parts = WarmLayouts(cache, self.memory, interrupt=self.conn.poll)
        paged, reporter = self._paginate(request, parts)
        self._answer(request, paged, reporter, parts, True, started)

    def _paginate(self, request: LayRequest, parts: WarmLayouts) -> tuple[PagedIssue, Reporter]:
        reporter = Reporter(echo=False)
        paginator = Paginator(request.issue, request.variant, reporter, parts)
        try:
            return paginator.run(), reporter
        finally:
            parts.close()

    def _answer(self, request: LayRequest, paged: PagedIssue, reporter: Reporter, parts: WarmLayouts,
                final: bool, started: float) -> None:
        records, new = [], []
        stale = set(parts.stale)
        drawing, drawn = time.monotonic(), self.pages_drawn
        for laid in paged.parts:
            ids = self._draw(laid.data, new)
            records.append(PartPages(laid.part.key, laid.first_folio, ids, laid.part.key in stale))
        drawing = time.monotonic() - drawing
        keep: frozenset[str] = frozenset()
        if final:
            self.memory.keep_only(request.variant, parts.keys)
            # the drawings of each variant's last final pagination are kept, and the preview keeps their images
            self.finals[request.variant] = {hashlib.sha256(laid.data).hexdigest() for laid in paged.parts}
            wanted = set().union(*self.finals.values())
            self.drawn = {digest: ids for digest, ids in self.drawn.items() if digest in wanted}
            self.sent = {i for ids in self.drawn.values() for i in ids}
            keep = frozenset(self.sent)
        self.conn.send(Laid(request.serial, request.variant, final, tuple(records),
                            layout_report(request.issue, paged, reporter), tuple(new),
                            tuple(label.partition(":")[2] for label in parts.laid_out),
                            seconds=time.monotonic() - started, drawing=drawing, drawn=self.pages_drawn - drawn,
                            keep=keep))

    def _draw(self, data: bytes, new: list[PageImage]) -> tuple[str, ...]:
        """The image ids of a part's pages, drawn when this PDF was not drawn before."""
        digest = hashlib.sha256(data).hexdigest()
        if digest not in self.drawn:
            ids = []
            for image in trim_images(data, height=PAGE_HEIGHT):
                self.pages_drawn += 1
                png = png_bytes(image, compress_level=1)
                image_id = hashlib.sha256(png).hexdigest()[:20]
                ids.append(image_id)
                if image_id not in self.sent:
                    thumb = image.resize((THUMB_WIDTH, round(THUMB_WIDTH * image.height / image.width)))
                    new.append(PageImage(image_id, png, png_bytes(thumb, compress_level=1), *image.size))
                    self.sent.add(image_id)
            self.drawn[digest] = tuple(ids)
        return self.drawn[digest]


def main(conn: Connection) -> None:
    """The process's entry point: warm up, then serve until the pipe closes."""
    _end_with_parent()
    import weasyprint  # noqa: F401 - imported once, before the first request

    from ...render.pdf import typeset  # noqa: F401

    Press(conn).serve()


def _end_with_parent() -> None:
    """End this process when the preview that started it is gone, however it went (the end of its socket is
    not enough while a layout is under way): a thread looks at the parent's pid once a second.  (Not
    PR_SET_PDEATHSIG: it follows the thread that started the process, and the preview may start it again
    from a short-lived thread.)"""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="hp-press-parent", daemon=True).start()
