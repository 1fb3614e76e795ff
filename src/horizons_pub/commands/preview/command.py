"""``horizons-pub preview``: a local server that shows the issue in the print styles and follows the source.

What it serves, on 127.0.0.1 only (never another interface):

- ``/`` — the index: every part in flatplan order (its planned page, and the pages it got in the last
  build when that build is current), the flatplan and the built outputs, the background build's state
  and the source's warnings;
- ``/part/<key>`` — one part (``cover``, ``sommaire``, ``back-cover``, or an article id) as the HTML the
  print renderer lays out (:mod:`.render.print_parts`), with the print stylesheets; browsers ignore
  ``@page``, so a part shows as one long sheet of the trim's width.  The issue's images are under
  ``/part/images/…`` (the part's HTML names them relative to the issue folder);
- ``/layouts/…``, ``/fonts/…`` — the stylesheets and fonts (the print HTML's ``file:`` links are
  rewritten to these);
- ``/out/…`` — ``<out>/<issue>/``: the PDFs, the EPUB, ``layout.json`` and the flatplan
  (``flatplan.html`` and its thumbnails) as built; ``/flatplan`` goes to ``flatplan.html``;
- ``/__version`` — a counter bumped after each successful reload (text).  With ``?path=/some/page`` the
  answer's ``X-Page-Tag`` header is a digest of what that page shows now: the pages' small script
  (``layouts/preview/reload.js``) polls it once a second and reloads when its tag changes, so a page
  reloads when *it* changed (its text, or the error banner), not on every save;
- ``/__status`` — the same state as JSON (version, diagnostics, build).

A watcher thread (watchfiles, on the issue folder) reloads the model (:func:`load_issue`) after each
save and re-renders every part (a few milliseconds).  When the source has an error, every page shows
the diagnostics in a banner above the last good version of its content.  After a good reload, a
builder thread runs ``horizons-pub build`` and then ``horizons-pub flatplan`` in child processes (one
at a time; saves made meanwhile queue one more build), so the PDFs, the EPUB and the flatplan follow
without slowing the pages; a build's outputs are written atomically, so stopping it is safe.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Mapping
from urllib.parse import parse_qs, quote, unquote, urlsplit

from markupsafe import Markup

from ...builder.recipe import expected_outputs, load_issue
from ...support.diagnostics import Diagnostic, Reporter, Severity
from ...model import fr
from ...model.nodes import Issue, PartKind, plain_text
from ...support.paths import display_path
from ..folders import latest_issue_folder
from ...support.resources import fonts_dir, layouts_dir

HOST = "127.0.0.1"  # loopback only: the preview serves the source folder
VARIANT = "screen"  # the screen variant's stylesheets (sRGB; the print variant's CMYK means nothing to a browser)
SETTLE_SECONDS = 1.0  # a burst of saves makes one background build
WATCH_DEBOUNCE_MS = 300
LOG_LINES = 40  # lines of a failed build's output kept for the index

PART_LABELS = fr.PART_NAMES

mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("application/epub+zip", ".epub")
mimetypes.add_type("text/javascript", ".js")


# --------------------------------------------------------------------------
# What is shown: an immutable snapshot, replaced whole after each reload
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One part of the flatplan, as the index lists it."""

    key: str
    kind: str
    title: str
    planned: int
    rubric: str = ""
    has_text: bool = True
    source: str = ""  # the article's file, as diagnostics name it
    boxes: tuple[tuple[str, str], ...] = ()  # (article id, title) printed on the same page


@dataclass(frozen=True)
class Snapshot:
    issue: Issue | None = None  # the last good model
    entries: tuple[Entry, ...] = ()
    pages: Mapping[str, str] = field(default_factory=dict)  # key → the part's HTML for a browser
    laid: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # key → pages of the current build
    layout_diagnostics: tuple[str, ...] = ()  # from the current build's layout.json
    warnings: tuple[Diagnostic, ...] = ()  # of the last good load
    problems: tuple[Diagnostic, ...] = ()  # of the last reload when it failed; empty when it succeeded
    version: int = 0  # bumped after each successful reload
    generation: int = 0  # bumped after each reload, good or not
    good_at: str = ""
    failed_at: str = ""

    @property
    def failing(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class BuildStatus:
    state: str = "off"  # off, idle, waiting, build, flatplan, done, failed, stopped
    step: str = ""
    ok: bool | None = None
    log: tuple[str, ...] = ()
    started: str = ""
    finished: str = ""
    seconds: float | None = None
    runs: int = 0


def _clock() -> str:
    return time.strftime("%H:%M:%S")


# --------------------------------------------------------------------------
# The parts as browser pages
# --------------------------------------------------------------------------


def render_parts(issue: Issue, folios: Mapping[str, int]) -> tuple[tuple[Entry, ...], dict[str, str]]:
    """Every part of the flatplan as (index entries, key → HTML with links that work over HTTP)."""
    from ...render.pdf import documents as print_parts

    articles = {p.article for p in issue.flatplan if p.article}
    entries: list[Entry] = []
    pages: dict[str, str] = {}
    for part in issue.flatplan:
        article = issue.article(part.article) if part.article else None
        if part.kind is PartKind.COVER:
            doc = print_parts.cover_doc(issue, part, VARIANT)
        elif part.kind is PartKind.SOMMAIRE:
            planned = {a: folios.get(a, p.page) for p in issue.flatplan if (a := p.article)}
            doc = print_parts.sommaire_doc(issue, part, part.page, planned, VARIANT)
        elif part.kind is PartKind.BACK_COVER:
            doc = print_parts.back_cover_doc(issue, part, part.page, VARIANT)
        else:
            doc = print_parts.article_doc(issue, part, article, part.page, VARIANT)
        key = doc.key
        while key in pages:  # an article named like a part: keep both reachable
            key += "-"
        pages[key] = browser_html(doc.html, articles)
        rubric = " › ".join(r.title for r in issue.rubric_path(article.rubric)) if article and article.rubric else ""
        entries.append(Entry(
            key=key, kind=part.kind.value,
            title=plain_text(article.title) if article else PART_LABELS.get(part.kind, part.kind.value),
            planned=part.page, rubric=rubric, has_text=article.has_body if article else True,
            source=article.pos.file if article else "",
            boxes=tuple((b, plain_text(issue.article(b).title)) for b in part.boxes),
        ))
    return tuple(entries), pages


_HREF_ART = re.compile(r'href="#art-([^"]+)"')


def browser_html(html: str, articles: set[str]) -> str:
    """A part's print HTML made to work over HTTP: stylesheets and fonts from the server, and the links
    to another part's article (sommaire, cover lines) to that part's page."""
    for root, prefix in ((layouts_dir(), "/layouts/"), (fonts_dir(), "/fonts/")):
        html = html.replace(root.as_uri() + "/", prefix)

    def link(m: re.Match) -> str:
        target = m.group(1)
        if target in articles and f'id="art-{target}"' not in html:
            return f'href="/part/{quote(target)}"'
        return m.group(0)

    return _HREF_ART.sub(link, html)


def _inject(html: str, head: str = "", body_start: str = "", body_end: str = "") -> str:
    """``html`` with markup added at the end of its head and at the start and end of its body."""
    if head:
        m = re.search(r"</head\s*>", html, re.I)
        html = html[:m.start()] + head + html[m.start():] if m else head + html
    if body_start:
        m = re.search(r"<body\b[^>]*>", html, re.I)
        html = html[:m.end()] + body_start + html[m.end():] if m else body_start + html
    if body_end:
        at = html.lower().rfind("</body")
        html = html[:at] + body_end + html[at:] if at >= 0 else html + body_end
    return html


def _tag(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()[:16]


def _reload_script(path: str, tag: str) -> str:
    return (f'<script src="/layouts/preview/reload.js" data-path="{_attr(path)}" data-tag="{tag}" defer>'
            "</script>\n")


def _attr(text: str) -> str:
    return str(Markup.escape(text))


# --------------------------------------------------------------------------
# Responses
# --------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    live: bool = False  # an HTML page that reloads itself when what it shows changes


def _text(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


def _redirect(location: str) -> Response:
    return Response(303, b"", "text/plain; charset=utf-8", {"Location": location})


def _static(root: Path, rel: str) -> Response:
    """A file of ``root`` (never outside it, never a hidden file), or 404."""
    root = root.resolve()
    parts = [p for p in rel.split("/") if p]
    if not parts or any(p.startswith(".") for p in parts) or rel.endswith("/"):
        return _text(404, "not found")
    target = root.joinpath(*parts).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return _text(404, "not found")
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "image/svg+xml"):
        kind += "; charset=utf-8"
    return Response(200, target.read_bytes(), kind, live=kind.startswith("text/html"))


# --------------------------------------------------------------------------
# The preview: state, reloads, the watcher and the HTTP server
# --------------------------------------------------------------------------


class Preview:
    """A running preview.  Made by :func:`start_preview`; ``url``, ``port``, ``stop()``, ``wait()``."""

    def __init__(self, issue_dir: Path, out_root: Path, *, quiet: bool = True, verbose: bool = False,
                 build: bool = True, watch: bool = True):
        self.issue_dir = Path(issue_dir)
        self.out_root = Path(out_root)
        self.quiet, self.verbose = quiet, verbose
        self._lock = threading.Lock()
        self._print_lock = threading.Lock()
        self._snapshot = Snapshot()
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._watching = threading.Event()
        self._reloading = threading.Lock()  # one reload at a time, so the newest read always wins
        self._threads: list[threading.Thread] = []
        self._watch = watch
        self.builder = _Builder(self) if build else None
        self.server: ThreadingHTTPServer | None = None
        self.url = ""
        self.port = 0

    # -- state ---------------------------------------------------------------

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            return self._snapshot

    @property
    def version(self) -> int:
        return self.snapshot.version

    @property
    def issue_id(self) -> str:
        issue = self.snapshot.issue
        return issue.id if issue else self.issue_dir.resolve().name

    @property
    def out_dir(self) -> Path:
        return self.out_root / self.issue_id

    def reload(self, changed: tuple[str, ...] = ()) -> bool:
        """Read the issue again and re-render its parts; keep the last good pages when the source fails."""
        with self._reloading:
            return self._reload(changed)

    def _reload(self, changed: tuple[str, ...]) -> bool:
        started = time.monotonic()
        reporter = Reporter(echo=False)
        issue = entries = pages = None
        laid: dict[str, tuple[int, int]] = {}
        layout_diags: tuple[str, ...] = ()
        try:
            issue = load_issue(self.issue_dir, reporter)
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the preview
            reporter.error("preview.crash", f"reading the issue failed: {type(exc).__name__}: {exc}",
                           path=display_path(self.issue_dir))
            issue = None
        if issue is not None:
            try:
                laid, layout_diags = self._layout(issue)
                entries, pages = render_parts(issue, {k: first for k, (first, _) in laid.items()})
            except Exception as exc:  # noqa: BLE001
                reporter.error("preview.render", f"rendering the parts failed: {type(exc).__name__}: {exc}",
                               path=display_path(self.issue_dir))
                issue = None
        with self._lock:
            old = self._snapshot
            if issue is not None:
                new = Snapshot(issue, entries, pages, laid, layout_diags, tuple(reporter.diagnostics), (),
                               old.version + 1, old.generation + 1, _clock(), "")
            else:
                new = replace(old, problems=tuple(reporter.diagnostics) or (
                    Diagnostic(Severity.ERROR, "preview.failed", "the issue could not be read",
                               path=display_path(self.issue_dir)),), generation=old.generation + 1,
                              failed_at=_clock())
            self._snapshot = new
        self._report(old, new, changed, time.monotonic() - started)
        if issue is not None and self.builder is not None:
            self.builder.request(force=old.version > 0)
        return issue is not None

    def refresh_layout(self) -> None:
        """After a build: re-render with the folios it laid out (the sommaire) and show its pages."""
        with self._lock:
            snap = self._snapshot
        if snap.issue is None:
            return
        laid, diags = self._layout(snap.issue)
        if (laid, diags) == (dict(snap.laid), snap.layout_diagnostics):
            return
        try:
            entries, pages = render_parts(snap.issue, {k: first for k, (first, _) in laid.items()})
        except Exception:  # noqa: BLE001 - it rendered a moment ago; keep what is shown
            return
        with self._lock:
            if self._snapshot.issue is snap.issue:  # not replaced by a reload meanwhile
                self._snapshot = replace(self._snapshot, entries=entries, pages=pages, laid=laid,
                                         layout_diagnostics=diags, generation=self._snapshot.generation + 1)

    def _layout(self, issue: Issue) -> tuple[dict[str, tuple[int, int]], tuple[str, ...]]:
        """The pages each part got and the layout's diagnostics, from layout.json when it is current."""
        from ...render.pdf.layout_file import LAYOUT_FILE

        path = self.out_root / issue.id / LAYOUT_FILE
        try:
            if path.stat().st_mtime < self.newest_source():
                return {}, ()
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, ()
        laid = {}
        for part in report.get("parts", []):
            if part.get("kind") != "reserved" and part.get("key"):
                laid.setdefault(part["key"], (part["first"], part["last"]))
        diags = tuple(f"{d.get('file') or issue.folder}{':' + str(d['line']) if d.get('line') else ''}: "
                      f"{d.get('severity')}: {d.get('message')} [{d.get('code')}]"
                      for d in report.get("diagnostics", []))
        return laid, diags

    def newest_source(self) -> float:
        out = self.out_root.resolve()
        times = [p.stat().st_mtime for p in self.issue_dir.rglob("*")
                 if p.is_file() and not p.resolve().is_relative_to(out)]
        return max(times, default=0.0)

    # -- console -------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """A line on the console: errors always (they are diagnostics), the rest unless --quiet."""
        if error or not self.quiet:
            with self._print_lock:
                print(text, file=sys.stderr if error else sys.stdout, flush=True)

    def _report(self, old: Snapshot, new: Snapshot, changed: tuple[str, ...], seconds: float) -> None:
        what = f" ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})" if changed else ""
        if new.failing:
            if new.problems != old.problems:
                for d in new.problems:
                    self.say(d.format(), error=True)
            kept = f"still showing version {new.version}" if new.version else "nothing to show yet"
            self.say(f"{display_path(self.issue_dir)}: the source has errors{what}: {kept}", error=True)
            return
        if {d.format() for d in new.warnings} != {d.format() for d in old.warnings}:
            for d in new.warnings:
                self.say(d.format(), error=True)
        if old.version or old.failing:
            self.say(f"reloaded {new.issue.id}{what}: version {new.version} ({seconds:.2f} s)")

    # -- pages ---------------------------------------------------------------

    def respond(self, raw: str) -> Response:
        split = urlsplit(raw)
        path = unquote(split.path)
        if path == "/__version":
            snap = self.snapshot
            headers = {"X-Preview-Generation": str(snap.generation)}
            target = parse_qs(split.query).get("path", [""])[0]
            if target.startswith("/") and not target.startswith("/__"):
                page = self.page(target)
                # not a page any more (e.g. /flatplan now redirects to the built flatplan): reload too
                headers["X-Page-Tag"] = _tag(page.body) if page.live else f"status-{page.status}"
            return Response(200, f"{snap.version}\n".encode(), "text/plain; charset=utf-8", headers)
        if path == "/__status":
            return Response(200, json.dumps(self.status(), ensure_ascii=False, indent=1).encode("utf-8"),
                            "application/json; charset=utf-8")
        page = self.page(path)
        if page.live:
            html = page.body.decode("utf-8", "replace")
            page.body = _inject(html, body_end=_reload_script(path, _tag(page.body))).encode("utf-8")
        return page

    def page(self, path: str) -> Response:
        """What ``path`` shows, without the reload script (its digest is the page's tag)."""
        snap = self.snapshot
        if path in ("/", "/index.html"):
            return self._index(snap)
        if path.startswith("/part/"):
            rest = path[len("/part/"):]
            if "/" in rest:  # an image (or any file) of the issue, named relative to the issue folder
                return _static(self.issue_dir, rest)
            return self._part(snap, rest)
        if path.startswith("/layouts/"):
            return _static(layouts_dir(), path[len("/layouts/"):])
        if path.startswith("/fonts/"):
            return _static(fonts_dir(), path[len("/fonts/"):])
        if path.startswith("/out/"):
            return _static(self.out_dir, path[len("/out/"):])
        if path == "/flatplan":
            if (self.out_dir / "flatplan.html").is_file():
                return _redirect("/out/flatplan.html")
            return self._missing(snap, "The flatplan is not built yet",
                                 "It appears here after a build (horizons-pub flatplan).")
        if path == "/favicon.ico":
            return Response(204, b"", "image/x-icon")
        return self._missing(snap, "Not found", f"Nothing is served at {path}.")

    def _chrome(self, snap: Snapshot, current: str | None, article_file: str = "") -> dict:
        keys = [e.key for e in snap.entries]
        at = keys.index(current) if current in keys else None
        return {
            "issue": snap.issue,
            "issue_label": (f"{snap.issue.magazine} n° {snap.issue.number}" if snap.issue
                            else display_path(self.issue_dir)),
            "entry": snap.entries[at] if at is not None else None,
            "prev": snap.entries[at - 1] if at else None,
            "next": snap.entries[at + 1] if at is not None and at + 1 < len(keys) else None,
            "snap": snap,
            "problems": [(d.severity.value, d.format()) for d in snap.problems],
            "page_warnings": [d.format() for d in snap.warnings
                              if article_file and d.pos and d.pos.file == article_file],
            "has_flatplan": (self.out_dir / "flatplan.html").is_file(),
            "build": self.builder.status if self.builder else BuildStatus(),
        }

    def _part(self, snap: Snapshot, key: str) -> Response:
        from ...render.templates import render

        if key not in snap.pages:
            return self._missing(snap, "No such part", f"The issue has no part “{key}” (now).")
        entry = next(e for e in snap.entries if e.key == key)
        chrome = render("preview/chrome.html.j2", **self._chrome(snap, key, entry.source))
        trim = snap.issue.trim
        head = ('<link rel="stylesheet" href="/layouts/preview/preview.css">\n'
                f"<style>:root {{ --hp-trim-w: {trim.width_mm}mm; --hp-trim-h: {trim.height_mm}mm; }}</style>\n")
        html = _inject(snap.pages[key], head=head, body_start=chrome + '<div class="hp-sheet">\n',
                       body_end="</div>\n")
        return Response(200, html.encode("utf-8"), live=True)

    def _index(self, snap: Snapshot) -> Response:
        from ...render.templates import render

        newest = self.newest_source()
        outputs = []
        if self.out_dir.is_dir():
            for p in sorted(self.out_dir.iterdir()):
                if p.is_file() and not p.name.startswith("."):
                    st = p.stat()
                    outputs.append({"name": p.name, "href": "/out/" + quote(p.name), "size": _size(st.st_size),
                                    "time": time.strftime("%H:%M:%S", time.localtime(st.st_mtime)),
                                    "stale": st.st_mtime < newest})
        expected = [p.name for p in expected_outputs(snap.issue, self.out_dir)] if snap.issue else []
        missing = [name for name in expected if not (self.out_dir / name).is_file()]
        html = render("preview/index.html.j2", **self._chrome(snap, None), outputs=outputs, missing=missing,
                      out_dir=display_path(self.out_dir), source_dir=display_path(self.issue_dir),
                      warnings=[d.format() for d in snap.warnings], issue_title=plain_text(snap.issue.title)
                      if snap.issue else "")
        return Response(200, html.encode("utf-8"), live=True)

    def _missing(self, snap: Snapshot, title: str, text: str) -> Response:
        from ...render.templates import render

        html = render("preview/message.html.j2", **self._chrome(snap, None), title=title, text=text)
        return Response(404, html.encode("utf-8"), live=True)

    def status(self) -> dict:
        snap = self.snapshot
        build = self.builder.status if self.builder else BuildStatus()
        return {
            "url": self.url, "issue": self.issue_id, "version": snap.version, "generation": snap.generation,
            "ok": not snap.failing, "good_at": snap.good_at, "failed_at": snap.failed_at,
            "problems": [d.format() for d in snap.problems], "warnings": [d.format() for d in snap.warnings],
            "parts": [e.key for e in snap.entries],
            "build": {"state": build.state, "step": build.step, "ok": build.ok, "runs": build.runs,
                      "started": build.started, "finished": build.finished, "seconds": build.seconds,
                      "log": list(build.log)},
        }

    # -- threads -------------------------------------------------------------

    def start(self, port: int) -> "Preview":
        server = ThreadingHTTPServer((HOST, port), _Handler)  # first: a port in use fails at once
        server.daemon_threads = True
        server.preview = self  # type: ignore[attr-defined]
        self.server = server
        self.port = server.server_address[1]
        self.url = f"http://{HOST}:{self.port}/"
        mark = self.newest_source()
        self.reload()
        self._spawn(lambda: server.serve_forever(poll_interval=0.2), "hp-preview-http")
        if self._watch:
            self._spawn(self._watch_loop, "hp-preview-watch")
            self._watching.wait(timeout=5)
            if self.newest_source() != mark:  # saved while the watcher started: it did not see it
                self.reload()
        if self.builder is not None:
            self._spawn(self.builder.loop, "hp-preview-build")
        return self

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch_loop(self) -> None:
        import watchfiles

        out = self.out_root.resolve()
        ignore = (str(out),) if out.is_relative_to(self.issue_dir.resolve()) else ()
        watch_filter = watchfiles.DefaultFilter(ignore_paths=ignore)
        try:
            # yield_on_timeout: the first (empty) yield says the watcher is in place
            for changes in watchfiles.watch(self.issue_dir, watch_filter=watch_filter, debounce=WATCH_DEBOUNCE_MS,
                                            stop_event=self._stop, raise_interrupt=False, rust_timeout=250,
                                            yield_on_timeout=True):
                self._watching.set()
                if self._stop.is_set():
                    break
                if not changes:
                    continue
                names = tuple(sorted({display_path(Path(p)) for _, p in changes}))
                self.reload(names)
        except Exception as exc:  # noqa: BLE001 - e.g. the folder was removed
            self._watching.set()
            if not self._stop.is_set():
                self.say(f"horizons-pub preview: no longer watching {display_path(self.issue_dir)}: {exc}",
                         error=True)

    def stop(self) -> None:
        """Stop serving, watching and building (a running build is ended); idempotent."""
        if self._stopped.is_set():
            return
        self._stop.set()
        if self.builder is not None:
            self.builder.stop()
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

    def __enter__(self) -> "Preview":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB"):
        if n < 1000 or unit == "MB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


class _Handler(BaseHTTPRequestHandler):
    server_version = "horizons-pub-preview"
    protocol_version = "HTTP/1.1"  # keep-alive: the pages poll once a second
    timeout = 30  # an idle connection is closed

    def do_GET(self) -> None:  # noqa: N802 - http.server's API
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        preview: Preview = self.server.preview  # type: ignore[attr-defined]
        host = self.headers.get("Host")
        names = ("127.0.0.1", "localhost")
        allowed = {f"{name}:{preview.port}" for name in names} | (set(names) if preview.port == 80 else set())
        if host is not None and host.lower() not in allowed:  # a page of another site (DNS rebinding)
            response = _text(403, "this preview answers only requests addressed to 127.0.0.1\n")
        else:
            try:
                response = preview.respond(self.path)
            except Exception as exc:  # noqa: BLE001 - answer 500, keep serving
                preview.say(f"horizons-pub preview: {self.path}: {type(exc).__name__}: {exc}", error=True)
                response = _text(500, f"preview error: {type(exc).__name__}: {exc}\n")
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if send_body:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's API
        preview: Preview = self.server.preview  # type: ignore[attr-defined]
        if preview.verbose:
            preview.say(f"{self.address_string()} {format % args}")


# --------------------------------------------------------------------------
# The background build: horizons-pub build, then flatplan, in child processes
# --------------------------------------------------------------------------


class _Builder:
    def __init__(self, preview: Preview):
        self.preview = preview
        self._lock = threading.Lock()
        self._wanted = threading.Event()
        self._force = False
        self._proc: subprocess.Popen | None = None
        self.status = BuildStatus(state="idle")

    def request(self, force: bool) -> None:
        """Build after the source settles; ``force``: the source changed (else: only when outputs are stale)."""
        with self._lock:
            self._force = self._force or force
        self._wanted.set()

    def _set(self, **changes) -> None:
        with self._lock:
            self.status = replace(self.status, **changes)

    def loop(self) -> None:
        stop = self.preview._stop  # noqa: SLF001 - the preview's own builder
        while not stop.is_set():
            if not self._wanted.wait(0.2):
                continue
            self._set(state="waiting", step="")
            while True:  # let a burst of saves settle
                self._wanted.clear()
                if stop.wait(SETTLE_SECONDS):
                    return
                if not self._wanted.is_set():
                    break
            with self._lock:
                force, self._force = self._force, False
            issue = self.preview.snapshot.issue
            if issue is not None:
                self._cycle(issue, force)

    def _cycle(self, issue: Issue, force: bool) -> None:
        from ...model.identity import Edition, file_name

        preview = self.preview
        out_dir = preview.out_root / issue.id
        newest = preview.newest_source()
        started = time.monotonic()
        self._set(started=_clock(), finished="", seconds=None, log=(), ok=None)
        stale = any(not p.is_file() or p.stat().st_mtime < newest for p in expected_outputs(issue, out_dir))
        if force or stale:
            if not self._run("build", ["build", str(preview.issue_dir), "--out", str(preview.out_root), "--quiet"],
                             started):
                return
            preview.refresh_layout()
            if self._wanted.is_set():
                self._set(state="waiting", step="")
                return  # the source changed during the build: build again before the flatplan
        flatplan = out_dir / "flatplan.html"
        printed = out_dir / file_name(issue, Edition.PRINT)
        if not flatplan.is_file() or (printed.is_file() and flatplan.stat().st_mtime < printed.stat().st_mtime):
            if not self._run("flatplan", ["flatplan", str(preview.issue_dir), "--out", str(preview.out_root),
                                          "--quiet"], started):
                return
        self._set(state="done", step="", ok=True, finished=_clock(), seconds=round(time.monotonic() - started, 1))
        preview.say(f"outputs of {issue.id} up to date ({time.monotonic() - started:.1f} s)")

    def _run(self, step: str, args: list[str], started: float) -> bool:
        preview = self.preview
        package_root = str(Path(__file__).resolve().parents[3])  # src/, or site-packages
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        command = [sys.executable, "-m", "horizons_pub", *args]
        with self._lock:
            if preview._stop.is_set():  # noqa: SLF001
                return False
            self.status = replace(self.status, state=step, step=step, runs=self.status.runs + 1)
            if preview.verbose:
                preview.say("running: " + " ".join(command[2:]))
            # A session of its own: Ctrl-C in the terminal stops the preview, which then ends the build.
            self._proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace",
                                          env=env, start_new_session=True)
            proc = self._proc
        output, _ = proc.communicate()
        with self._lock:
            self._proc = None
        lines = tuple(line for line in output.splitlines() if line.strip())[-LOG_LINES:]
        if preview._stop.is_set():  # noqa: SLF001
            self._set(state="stopped", log=lines)
            return False
        if proc.returncode != 0:
            self._set(state="failed", ok=False, log=lines, finished=_clock(),
                      seconds=round(time.monotonic() - started, 1))
            preview.say(f"horizons-pub {step} failed (exit {proc.returncode}):", error=True)
            for line in lines[-10:]:
                preview.say(f"  {line}", error=True)
            return False
        self._set(log=lines)
        return True

    def stop(self) -> None:
        with self._lock:
            proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# --------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------


def start_preview(issue_dir: Path | str, out: Path | str = "build", port: int = 0, *, quiet: bool = True,
                  verbose: bool = False, build: bool = True, watch: bool = True) -> Preview:
    """Load the issue, start serving it on 127.0.0.1:``port`` (0: any free port), watch it and (``build``)
    keep its outputs built in the background.  Returns the running preview: ``.url``, ``.stop()``."""
    return Preview(Path(issue_dir), Path(out), quiet=quiet, verbose=verbose, build=build, watch=watch).start(port)


def main(args: argparse.Namespace) -> int:
    folder = latest_issue_folder(args.issue, Reporter(), "preview")
    if folder is None:
        return 1
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", False)
    try:
        preview = start_preview(folder, Path(args.out), args.port, quiet=quiet, verbose=verbose, build=True)
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
