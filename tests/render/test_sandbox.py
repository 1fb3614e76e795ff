"""The sandbox: rendering reads only the issue folder, layouts/ and fonts/, and fetches nothing."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from weasyprint import HTML

from helpers import article, load, write_issue
from horizons_pub.render.sandbox import SandboxFetcher
from horizons_pub.support.resources import fonts_dir, layouts_dir


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server that records every request it gets."""
    _Recorder.requests = []
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_source_naming_the_network_or_system_files_is_refused_before_anything_is_read(workdir, server):
    url, requests = server
    body = (f"![Une image distante]({url}/image.png)\n\n![Un fichier système](/etc/passwd)\n\n"
            f"![Une évasion](../../../../etc/passwd)\n\nUn [lien local](file:///etc/passwd).\n")
    folder = write_issue(workdir, {"a": article(body)})
    _, reporter = load(folder)
    assert [d.code for d in reporter.errors] == ["image.remote", "image.absolute", "image.outside", "link.scheme"]
    assert requests == []


def test_weasyprint_gets_only_the_issue_layouts_and_fonts(workdir, server):
    url, requests = server
    issue_dir = write_issue(workdir, {"a": article("Texte.")})
    (issue_dir / "images").mkdir()
    (issue_dir / "images" / "ok.png").write_bytes((Path(__file__).resolve().parents[1] / "data/constructs/images/schema.png")
                                                   .read_bytes())
    fetcher = SandboxFetcher(issue_dir)
    html = f"""<html><head>
      <link rel="stylesheet" href="{(layouts_dir() / 'common' / 'fonts.css').as_uri()}">
      <link rel="stylesheet" href="file:///etc/passwd">
      <link rel="stylesheet" href="{url}/style.css">
    </head><body>
      <img src="images/ok.png"> <img src="{url}/x.png"> <img src="file:///etc/hostname">
      <img src="../../../../../etc/passwd"> <img src="https://example.org/x.png">
    </body></html>"""
    HTML(string=html, base_url=issue_dir.resolve().as_uri() + "/", url_fetcher=fetcher).render()
    assert requests == [], "no request reached the network"
    refused = set(fetcher.refused)
    assert {"file:///etc/passwd", f"{url}/style.css", f"{url}/x.png", "file:///etc/hostname",
            "https://example.org/x.png"} <= refused
    served = {path for path, _ in fetcher.served}
    roots = (issue_dir.resolve(), layouts_dir().resolve(), fonts_dir().resolve())
    assert served and all(any(p.is_relative_to(r) for r in roots) for p in served)
    assert (issue_dir / "images" / "ok.png").resolve() in served
