"""HTTP for the preview: the server, on 127.0.0.1 only, and its request handler, which refuses requests
addressed to another host name (DNS rebinding), answers 500 when the site fails (and keeps serving), and
sends every answer uncached."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .console import Console
from .responses import text
from .site import Site

HOST = "127.0.0.1"  # loopback only: the preview serves the source folder


class PreviewServer(ThreadingHTTPServer):
    """Serves ``site`` on 127.0.0.1:``port`` (0: any free port); binding fails at once when the port is in use."""

    daemon_threads = True

    def __init__(self, port: int, site: Site, console: Console):
        self.site = site
        self.console = console
        super().__init__((HOST, port), Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "horizons-pub-preview"
    protocol_version = "HTTP/1.1"  # keep-alive: the pages poll once a second
    timeout = 30  # an idle connection is closed

    def do_GET(self) -> None:  # noqa: N802 - http.server's API
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        port = self.server.port
        host = self.headers.get("Host")
        names = ("127.0.0.1", "localhost")
        allowed = {f"{name}:{port}" for name in names} | (set(names) if port == 80 else set())
        if host is not None and host.lower() not in allowed:  # a page of another site (DNS rebinding)
            response = text(403, "this preview answers only requests addressed to 127.0.0.1\n")
        else:
            try:
                response = self.server.site.respond(self.path)
            except Exception as exc:  # noqa: BLE001 - answer 500, keep serving
                self.server.console.say(f"horizons-pub preview: {self.path}: {type(exc).__name__}: {exc}",
                                        error=True)
                response = text(500, f"preview error: {type(exc).__name__}: {exc}\n")
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
        console = self.server.console
        if console.verbose:
            console.say(f"{self.address_string()} {format % args}")
