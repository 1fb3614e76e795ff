"""What each address of the preview shows (see :mod:`.server` for the list): the index, a part under the
preview's bar, the files it serves, the messages, ``/__version`` (with the page tags the pages poll) and
``/__status``; the live pages get the reload script."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import replace
from urllib.parse import parse_qs, quote, unquote, urlsplit

from markupsafe import Markup

from ...builder.recipe import expected_outputs
from ...model import fr
from ...model.nodes import plain_text
from ...support.paths import display_path
from ...support.resources import fonts_dir, layouts_dir
from . import access, board_pages
from .board import EDITIONS, Board
from .builder import BackgroundBuilder
from .live import LiveIssue
from .parts import inject, page_tag, reload_script
from .responses import Response, not_found, page_policy, redirect, static_file, text
from .snapshot import BuildStatus, Snapshot

LONG_POLL = 20.0  # seconds a page's poll waits for a change before it is answered all the same
POLL_STEP = 0.05  # seconds between two looks at the counters while it waits

_PART_HEAD = Markup('<link rel="stylesheet" href="/layouts/preview/preview.css">\n'
                    "<style>:root {{ --hp-trim-w: {}mm; --hp-trim-h: {}mm; }}</style>\n")


class Site:
    """The answers for ``live``'s issue; ``url`` is the preview's, once it listens."""

    def __init__(self, live: LiveIssue, builder: BackgroundBuilder | None, board: Board | None = None):
        self.live = live
        self.builder = builder
        self.board = board  # the laid-out pages (None: the parts' HTML only)
        self.url = ""
        self._images: tuple[object, frozenset[str]] = (None, frozenset())  # (the pages, the files they show)

    @property
    def build_status(self) -> BuildStatus:
        return self.builder.status if self.builder else BuildStatus()

    def respond(self, raw: str) -> Response:
        """The answer to a request for ``raw`` (path and query, as the request line gives them)."""
        if len(raw) > access.MAX_TARGET:
            return text(414, "request target too long\n")
        try:
            split = urlsplit(raw)
        except ValueError:  # e.g. "//[" (not an address)
            return not_found()
        path = unquote(split.path)
        if path == "/__version":
            query = parse_qs(split.query)
            target = query.get("path", [""])[0]
            known = query.get("tag", [""])[0]
            deadline = time.monotonic() + LONG_POLL if known and query.get("wait") else 0.0
            while True:  # with ?tag=…&wait=1: answer once the page's tag is another (or after LONG_POLL s)
                counters = self._counters()
                snap = self.live.snapshot
                headers = {"X-Preview-Generation": str(snap.generation)}
                if target.startswith("/") and not target.startswith("/__"):
                    page = self.page(target)
                    # not a page any more (e.g. /flatplan now redirects to the built flatplan): reload too
                    headers["X-Page-Tag"] = page_tag(page.body) if page.live else f"status-{page.status}"
                if headers.get("X-Page-Tag") != known or not self._wait_change(counters, deadline):
                    return Response(200, f"{snap.version}\n".encode(), "text/plain; charset=utf-8", headers)
        if path == "/__status":
            return Response(200, json.dumps(self.status(), ensure_ascii=False, indent=1).encode("utf-8"),
                            "application/json; charset=utf-8")
        page = self.page(path)
        if page.live:
            nonce = secrets.token_urlsafe(16)
            html = inject(page.body.decode("utf-8", "replace"),
                          body_end=reload_script(path, page_tag(page.body), nonce))
            page = replace(page, body=html.encode("utf-8"),
                           headers={**page.headers, "Content-Security-Policy": page_policy(nonce)})
        return page

    def _counters(self) -> tuple:
        """What changes when a page may show something else: cheap to read, unlike the page's tag."""
        build = self.build_status
        return (self.live.snapshot.generation, self.board.generation if self.board else 0, build.state, build.runs)

    def _wait_change(self, counters: tuple, deadline: float) -> bool:
        """Wait until :meth:`_counters` changes (True) or ``deadline`` passes (False)."""
        while time.monotonic() < deadline:
            time.sleep(POLL_STEP)
            if self._counters() != counters:
                return True
        return False

    def page(self, path: str) -> Response:
        """What ``path`` shows, without the reload script (its digest is the page's tag).  Only what the
        rendered pages need is served (see :mod:`.access`); anything else is 404."""
        segments = access.clean_path(path)
        if segments is None or not path.startswith("/"):
            return not_found()
        snap = self.live.snapshot
        routed = board_pages.route(path)
        if routed is not None and self.board is not None:
            return self._board(snap, *routed)
        if path in ("/", "/index.html", "/parts"):
            return self._index(snap)
        head, rest = (segments[0], segments[1:]) if segments else ("", ())
        if head == "part" and path.startswith("/part/") and not path.endswith("/"):
            if len(rest) == 1 and rest[0] in snap.pages:
                return self._part(snap, rest[0])
            if self._shown(snap, rest):  # an image of a figure, named relative to the issue folder
                return static_file(self.live.issue_dir, rest)
            if len(rest) == 1:
                return self._part(snap, rest[0])  # "no such part"
            return not_found()  # a source, or a file no page shows
        if head == "layouts" and access.layout_file(rest):
            return static_file(layouts_dir(), rest)
        if head == "fonts" and access.font_file(rest):
            return static_file(fonts_dir(), rest)
        if head == "out" and access.output_file(rest):
            return self._output(rest)
        if head in ("part", "layouts", "fonts", "out"):
            return not_found()
        if path == "/flatplan":
            if (self.live.out_dir / "flatplan.html").is_file():
                return redirect("/out/flatplan.html")
            return self._missing(snap, fr.FLATPLAN_NOT_BUILT, fr.FLATPLAN_AFTER_BUILD)
        if path == "/favicon.ico":
            return Response(204, b"", "image/x-icon")
        return self._missing(snap, fr.NOT_FOUND, fr.nothing_served(path))

    def _shown(self, snap: Snapshot, segments: tuple[str, ...]) -> bool:
        """Whether a rendered part shows the issue's file ``segments`` (an image of a figure)."""
        pages = snap.pages
        if self._images[0] is not pages:
            self._images = (pages, access.page_images(pages))
        return "/".join(segments) in self._images[1]

    def _output(self, segments: tuple[str, ...]) -> Response:
        """An output in ``<out>/<issue>/``; never a file of the issue folder (should ``--out`` hold it)."""
        try:
            issue_dir, out_dir = self.live.issue_dir.resolve(), self.live.out_dir.resolve()
            if issue_dir.is_relative_to(out_dir) and out_dir.joinpath(*segments).resolve().is_relative_to(issue_dir):
                return not_found()
        except (OSError, RuntimeError):  # a loop of links
            return not_found()
        return static_file(out_dir, segments)

    def status(self) -> dict:
        """The preview's state, as ``/__status`` gives it."""
        snap = self.live.snapshot
        build = self.build_status
        return {
            "url": self.url, "issue": self.live.issue_id, "version": snap.version, "generation": snap.generation,
            "ok": not snap.failing, "good_at": snap.good_at, "failed_at": snap.failed_at,
            "problems": [d.format() for d in snap.problems], "warnings": [d.format() for d in snap.warnings],
            "parts": [e.key for e in snap.entries],
            "build": {"state": build.state, "step": build.step, "ok": build.ok, "runs": build.runs,
                      "started": build.started, "finished": build.finished, "seconds": build.seconds,
                      "log": list(build.log)},
            "pages": {v: board_pages.edition_status(self.board.edition(v)) for v in EDITIONS} if self.board else {},
        }

    # -- the preview's pages -------------------------------------------------

    def _chrome(self, snap: Snapshot, current: str | None, article_file: str = "") -> dict:
        keys = [e.key for e in snap.entries]
        at = keys.index(current) if current in keys else None
        return {
            "issue": snap.issue,
            "issue_label": (f"{snap.issue.magazine} n° {snap.issue.number}" if snap.issue
                            else display_path(self.live.issue_dir)),
            "entry": snap.entries[at] if at is not None else None,
            "prev": snap.entries[at - 1] if at else None,
            "next": snap.entries[at + 1] if at is not None and at + 1 < len(keys) else None,
            "snap": snap,
            "problems": [(d.severity.value, d.format()) for d in snap.problems],
            "page_warnings": [d.format() for d in snap.warnings
                              if article_file and d.pos and d.pos.file == article_file],
            "has_flatplan": (self.live.out_dir / "flatplan.html").is_file(),
            "build": self.build_status,
        }

    def _part(self, snap: Snapshot, key: str) -> Response:
        from ...render.templates import render

        if key not in snap.pages:
            return self._missing(snap, fr.NO_SUCH_PART, fr.no_such_part(key))
        entry = next(e for e in snap.entries if e.key == key)
        chrome = render("preview/chrome.html.j2", **self._chrome(snap, key, entry.source))
        trim = snap.issue.trim
        html = inject(snap.pages[key], head=str(_PART_HEAD.format(trim.width_mm, trim.height_mm)),
                      body_start=chrome + '<div class="hp-sheet">\n', body_end="</div>\n")
        return Response(200, html.encode("utf-8"), live=True)

    def _board(self, snap: Snapshot, kind: str, name: str, folio: int | None) -> Response:
        """A page of laid-out pages (:mod:`.board_pages`): an edition's chemin de fer, a spread, an image."""
        from ...render.templates import render

        if kind in ("image", "thumb"):
            return board_pages.image_response(self.board, kind, name) or not_found()
        self.board.want(name)
        view = board_pages.BoardView(self.board, name, snap.issue)
        if kind == "spread":
            context = view.spread_context(folio)
            if context is None:
                return self._missing(snap, fr.NO_SUCH_PAGE, fr.no_such_page(folio))
            html = render("preview/spread.html.j2", **self._chrome(snap, None), **context)
        else:
            html = render("preview/board.html.j2", **self._chrome(snap, None), **view.context(),
                          **self._outputs(snap))
        return Response(200, html.encode("utf-8"), live=True)

    def _outputs(self, snap: Snapshot) -> dict:
        """The built outputs, those missing, and the folders, as the index lists them."""
        out_dir = self.live.out_dir
        newest = self.live.newest_source()
        outputs = []
        if out_dir.is_dir():
            for p in sorted(out_dir.iterdir()):
                if p.is_file() and access.output_file((p.name,)):
                    st = p.stat()
                    outputs.append({"name": p.name, "href": "/out/" + quote(p.name), "size": _size(st.st_size),
                                    "time": time.strftime("%H:%M:%S", time.localtime(st.st_mtime)),
                                    "stale": st.st_mtime < newest})
        expected = ([p.relative_to(out_dir).as_posix() for p in expected_outputs(snap.issue, out_dir)]
                    if snap.issue else [])
        return {"outputs": outputs, "missing": [name for name in expected if not (out_dir / name).is_file()],
                "out_dir": display_path(out_dir), "source_dir": display_path(self.live.issue_dir),
                "warnings": [d.format() for d in snap.warnings],
                "issue_title": plain_text(snap.issue.title) if snap.issue else ""}

    def _index(self, snap: Snapshot) -> Response:
        from ...render.templates import render

        html = render("preview/index.html.j2", **self._chrome(snap, None), **self._outputs(snap))
        return Response(200, html.encode("utf-8"), live=True)

    def _missing(self, snap: Snapshot, title: str, text: str) -> Response:
        from ...render.templates import render

        html = render("preview/message.html.j2", **self._chrome(snap, None), title=title, text=text)
        return Response(404, html.encode("utf-8"), live=True)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB"):
        if n < 1000 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)
