"""HTTP for the preview: the server, on 127.0.0.1 only, and its request handler, which refuses requests
addressed to another host name (DNS rebinding), answers 500 when the site fails (one line on the console,
no exception text in the answer, and it keeps serving), and sends every answer uncached (but the page
images, named by their digest), with the security headers of :func:`.responses.security_headers`.

Each connection has a thread of its own, so that a slow answer (a page rendered, a large PDF sent) never
holds up another, and nothing the background build does holds up a request (it runs in a child process).
The threads are bounded: at most :data:`MAX_CONNECTIONS` at once.  A connection beyond them waits in the
listening queue, and is answered 503 when no thread frees within :data:`SLOT_WAIT` seconds (then at once,
until one frees: a flood of idle connections does not make every later one wait in turn); while all the
threads are taken, a keep-alive connection is closed after its answer, and an idle one after
:data:`IDLE_SECONDS`."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .console import Console
from .responses import Response, security_headers, text
from .site import Site

HOST = "127.0.0.1"  # loopback only: the preview serves the source folder
MAX_CONNECTIONS = 64  # threads answering at once
QUEUE = 256  # connections the kernel keeps waiting to be accepted (the default, 5, drops a burst's SYNs)
SLOT_WAIT = 5.0  # seconds a connection waits for a thread before a 503
IDLE_SECONDS = 15  # an idle keep-alive connection is closed (it holds a thread)

_BUSY_TEXT = b"the preview is busy: try again\n"
_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
         b"Content-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\nCache-Control: no-store\r\n"
         b"X-Content-Type-Options: nosniff\r\n\r\n%s") % (len(_BUSY_TEXT), _BUSY_TEXT)


class PreviewServer(ThreadingHTTPServer):
    """Serves ``site`` on 127.0.0.1:``port`` (0: any free port); binding fails at once when the port is in use."""

    daemon_threads = True
    block_on_close = False  # stopping does not wait for idle keep-alive connections
    request_queue_size = QUEUE

    def __init__(self, port: int, site: Site, console: Console):
        self.site = site
        self.console = console
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._busy = 0  # connections being answered (under _count)
        self._count = threading.Lock()
        self._saturated = False  # a connection waited SLOT_WAIT in vain, and no thread freed since
        super().__init__((HOST, port), Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def saturated(self) -> bool:
        """Whether every thread is taken (a keep-alive connection then gives its thread up)."""
        with self._count:
            return self._busy >= MAX_CONNECTIONS

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(timeout=0 if self._saturated else SLOT_WAIT):
            self._saturated = True
            try:
                request.settimeout(1)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        with self._count:
            self._busy += 1
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._free()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._free()

    def _free(self) -> None:
        with self._count:
            self._busy -= 1
        self._saturated = False
        self._slots.release()

    def handle_error(self, request, client_address) -> None:
        """One line on the console, never a traceback (socketserver prints one)."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return
        self.console.say(f"horizons-pub preview: {client_address[0]}: {_one_line(exc)}", error=True)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "horizons-pub-preview"
    sys_version = ""
    protocol_version = "HTTP/1.1"  # keep-alive: the pages poll all the time
    timeout = IDLE_SECONDS

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
                self.server.console.say(f"horizons-pub preview: {self.path[:200]!r}: {_one_line(exc)}", error=True)
                response = text(500, "preview error: see the preview's console\n")
        self._send(response, send_body, close=self.server.saturated)

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # no headers to carry the policies: no browser speaks it
            self.request_version = "HTTP/1.0"
            self.send_error(400)
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (a bad request line, 414…): a short text, the same headers as the rest."""
        self.log_error("code %d, message %s", code, message)
        phrase = self.responses.get(code, ("error",))[0]
        self._send(text(code, f"{code} {phrase}\n"), send_body=self.command != "HEAD" and code >= 200,
                   close=True)

    def _send(self, response: Response, send_body: bool, close: bool = False) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", response.cache)
            for name, value in security_headers(response).items():
                self.send_header(name, value)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if send_body:
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's API
        console = self.server.console
        if console.verbose:
            console.say(f"{self.address_string()} {format % args}"[:300])


def _one_line(exc: BaseException | None) -> str:
    """An exception as one short line (its text may hold newlines, or be long)."""
    said = " ".join(f"{type(exc).__name__}: {exc}".split())
    return said[:300]
