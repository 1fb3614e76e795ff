"""``horizons-pub preview`` against a hostile or careless client: it serves only what the rendered pages need
(never the issue's sources, nor a file of the issue folder no page shows), a bad path is a 404 without an
exception's text, every answer carries the security headers, and requests are served concurrently by a
bounded number of threads.  The server runs in this process, on a free port, without a build."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from horizons_pub.commands.preview import handler
from horizons_pub.commands.preview.access import page_images
from horizons_pub.commands.preview.command import start_preview
from horizons_pub.commands.preview.responses import Response, security_headers
from helpers import article, write_issue
from helpers.outputs import CONSTRUCTS
from test_preview import fetch

#: What an answer must never show: an exception's name or text, a traceback, a file's contents.
LEAKS = re.compile(rb"Traceback|Error\b|Exception|errno|Errno|null byte|secret|rubric:|magazine:|<script>alert")

EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("evil")</script></svg>\n'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """A copy of the every-construct issue with what no page shows: an SVG with a script, links out of the
    folder and in a loop, a second name for a used image; a secret beside the issue.  Yields the running
    preview (one for the module: each test leaves it as it found it)."""
    workdir = tmp_path_factory.mktemp("hostile")
    issue = Path(shutil.copytree(CONSTRUCTS, workdir / "constructs"))
    (workdir / "secret.txt").write_text("secret", encoding="utf-8")
    images = issue / "images"
    (images / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    os.symlink(workdir / "secret.txt", images / "outside.png")
    os.symlink("loop-b.png", images / "loop-a.png")
    os.symlink("loop-a.png", images / "loop-b.png")
    os.symlink("schema.png", images / "alias.png")
    os.symlink(workdir / "secret.txt", issue / "link.txt")
    preview = start_preview(issue, workdir / "out", 0, build=False, watch=False, pages=False)
    try:
        assert not preview.snapshot.failing, preview.snapshot.problems
        yield preview
    finally:
        preview.stop()


NOT_SERVED = [
    # the sources, under every prefix
    "part/articles/terrain.md", "part/issue.yaml", "articles/terrain.md", "issue.yaml", "part/articles/",
    "out/../articles/terrain.md", "layouts/../articles/terrain.md",
    # files of the issue folder no page shows: an SVG with a script, links (out, in a loop, a second name)
    "part/images/evil.svg", "part/images/outside.png", "part/images/loop-a.png", "part/images/alias.png",
    "part/link.txt", "part/images/",
    # traversal, decoded or not, and what a file name cannot hold
    "part/images/../../secret.txt", "part/%2e%2e/%2e%2e/secret.txt", "part/images/%2e%2e/articles/terrain.md",
    "part/images/%2E%2E%2F%2E%2E%2Fsecret.txt", "part/images/..%5c..%5csecret.txt", "part/./images/schema.png",
    "part/images/%00/x", "part/images/schema.png%00", "part/images/%0aschema.png", "part/images/%ff%fe",
    "part/images/" + "a" * 300 + ".png", "layouts/%00", "fonts/%2e%2e/layouts/print/print.css",
    # layouts/ and fonts/ hold more than the pages' styles and fonts
    "layouts/new-issue/issue.yaml", "layouts/new-issue/articles/edito.md", "layouts/print/part.html.j2",
    "layouts/print/icc/FOGRA39L.icc", "fonts/OFL.txt", "layouts/", "fonts/",
]


def test_what_no_page_needs_is_not_found(hostile, capfd: pytest.CaptureFixture):
    for path in NOT_SERVED:
        status, headers, body = fetch(hostile.url + path)
        assert status == 404, (path, status, body[:200])
        assert not LEAKS.search(body), (path, body[:300])
        assert headers["X-Content-Type-Options"] == "nosniff", path
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and not err.strip(), err


def test_an_absurd_path_is_refused_without_a_word_of_python(hostile, capfd: pytest.CaptureFixture):
    for path in ("part/images/" + "a" * 5000, "part/" + "%00" * 2000, "a" * 5000 + "?path=/part/terrain"):
        status, _, body = fetch(hostile.url + path)
        assert status in (400, 404, 414), (path[:40], status)
        assert not LEAKS.search(body) and len(body) < 1000, body[:300]
        assert fetch(hostile.url + "part/images/schema.png")[0] == 200  # and it keeps serving
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and not err.strip(), err


def test_only_the_outputs_are_served_from_the_output_folder(hostile, tmp_path: Path):
    out = hostile.out_dir
    (out / "flatplan").mkdir(parents=True, exist_ok=True)
    files = {"horizons-publics-99.pdf": 200, "layout.json": 200, "flatplan/page-001.png": 200,
             "notes.md": 404, ".hp-build-stamp.json": 404, "flatplan/notes.md": 404, "flatplan/.x.png": 404}
    for name in files:
        (out / name).write_bytes(b"%PDF-1.7 fake")
    for name, status in files.items():
        assert fetch(hostile.url + "out/" + name)[0] == status, name
    assert fetch(hostile.url + "out/horizons-publics-99.pdf")[1]["Content-Type"] == "application/pdf"
    index = fetch(hostile.url)[2].decode()
    assert 'href="/out/horizons-publics-99.pdf"' in index and "notes.md" not in index
    # An --out whose issue folder is the source itself: nothing of it is an output.
    issue = hostile.issue_dir
    (issue / "flatplan").mkdir(exist_ok=True)
    (issue / "flatplan" / "page-001.png").write_bytes((issue / "images" / "schema.png").read_bytes())
    try:
        with start_preview(issue, issue.parent, 0, build=False, watch=False, pages=False) as inside:
            assert inside.out_dir.resolve() == issue.resolve()
            for path in ("out/issue.yaml", "out/articles/terrain.md", "out/images/schema.png",
                         "out/flatplan/page-001.png"):
                assert fetch(inside.url + path)[0] == 404, path
    finally:
        shutil.rmtree(issue / "flatplan")


def test_a_raw_request_with_control_bytes_is_a_404(hostile):
    """What urllib would refuse to send: a NUL, a backslash, a request line that is not one."""
    def raw(line: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", hostile.port), timeout=10) as sock:
            sock.sendall(line + b"\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n" % hostile.port)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    for line, status in ((b"GET /part/images/\x00/x HTTP/1.1", 404), (b"GET /part/images\\..\\issue.yaml HTTP/1.1", 404),
                         (b"GET /part/issue.yaml\x00.png HTTP/1.1", 404), (b"GET nonsense", 400),
                         (b"GET /" + b"a" * 70000 + b" HTTP/1.1", 414)):
        answer = raw(line)
        assert answer.startswith(b"HTTP/1.") and answer.split()[1] == str(status).encode(), (line[:60], answer[:200])
        assert b"nosniff" in answer and not LEAKS.search(answer.split(b"\r\n\r\n", 1)[1])


def test_the_pages_and_the_images_they_show_are_served_with_their_policies(hostile):
    status, headers, body = fetch(hostile.url + "part/terrain")
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    html = body.decode("utf-8")
    # The only script is the preview's reload script, and the policy lets only it run (its nonce).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 1 and 'src="/layouts/preview/reload.js"' in scripts[0], scripts
    nonce = re.search(r'nonce="([^"]+)"', scripts[0]).group(1)
    policy = headers["Content-Security-Policy"]
    assert f"script-src 'nonce-{nonce}'" in policy and "object-src 'none'" in policy
    assert nonce not in fetch(hostile.url + "part/terrain")[1]["Content-Security-Policy"]  # a new one each time
    # Everything the page names is served: its image, its styles, the script; and each style's fonts.
    names = set(re.findall(r'(?:src|href)="(/layouts/[^"]+|/fonts/[^"]+|images/[^"]+)"', html))
    assert "images/schema.png" in names and "/layouts/print/print.css" in names
    for name in names:
        status, headers, _ = fetch(hostile.url + ("part/" + name if name.startswith("images/") else name[1:]))
        assert status == 200 and headers["X-Content-Type-Options"] == "nosniff", name
    _, headers, image = fetch(hostile.url + "part/images/schema.png")
    assert image == (hostile.issue_dir / "images" / "schema.png").read_bytes()
    assert headers["Content-Type"] == "image/png" and "script-src 'none'" in headers["Content-Security-Policy"]
    # The portrait is shown by another part, and served too; the index and a missing page carry a policy.
    assert fetch(hostile.url + "part/images/portrait.png")[0] == 200
    for path in ("", "part/nothing"):
        assert "script-src 'nonce-" in fetch(hostile.url + path)[1]["Content-Security-Policy"]


def test_an_svg_is_served_only_when_a_page_shows_it_and_then_runs_no_script():
    pages = {"a": '<p><img src="images/carte%201.svg" alt=""><img src="./images/b.png"><img src="../x.png">'
                  '<img src="https://example.org/y.png"><img src="/layouts/z.png"></p>'}
    assert page_images(pages) == {"images/carte 1.svg", "images/b.png"}
    svg = security_headers(Response(200, EVIL_SVG.encode(), "image/svg+xml; charset=utf-8"))
    assert "script-src 'none'" in svg["Content-Security-Policy"] and "sandbox" in svg["Content-Security-Policy"]
    assert svg["X-Content-Type-Options"] == "nosniff"


def test_a_failing_page_is_a_500_with_one_line_on_the_console(hostile, monkeypatch, capfd: pytest.CaptureFixture):
    def broken(path: str):
        raise OSError(36, "File name too long: '/some/where/secret\nline two'")

    monkeypatch.setattr(hostile.site, "page", broken)
    status, _, body = fetch(hostile.url + "part/terrain")
    assert status == 500 and not LEAKS.search(body) and b"File name" not in body
    out, err = capfd.readouterr()
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert len(lines) == 1 and "OSError" in lines[0] and "Traceback" not in err, lines


def test_concurrent_requests_are_all_answered(hostile):
    """200 at once (the default listening queue of 5 made a burst wait up to 91 s): all answered, none
    slower than a bound that only a hang would pass."""
    def timed(path: str) -> tuple[int, float]:
        started = time.monotonic()
        return fetch(hostile.url + path)[0], time.monotonic() - started

    with ThreadPoolExecutor(200) as pool:
        results = list(pool.map(timed, ["layouts/print/print.css", "part/images/schema.png"] * 100))
    assert [status for status, _ in results] == [200] * 200
    assert max(seconds for _, seconds in results) < 10


def test_a_slow_answer_holds_up_no_other(hostile, monkeypatch):
    """A page that takes its time (or hangs) does not keep the stylesheets or images from being served."""
    release = threading.Event()
    page = hostile.site.page

    def slow(path: str):
        if path == "/part/terrain":
            release.wait(20)
        return page(path)

    monkeypatch.setattr(hostile.site, "page", slow)
    with ThreadPoolExecutor(4) as pool:
        waiting = [pool.submit(fetch, hostile.url + "part/terrain") for _ in range(3)]
        time.sleep(0.2)
        started = time.monotonic()
        assert fetch(hostile.url + "part/images/schema.png")[0] == 200
        assert fetch(hostile.url + "layouts/print/print.css")[0] == 200
        assert time.monotonic() - started < 5 and not any(f.done() for f in waiting)
        release.set()
        assert [f.result()[0] for f in waiting] == [200] * 3


def _handler_threads() -> int:
    return sum("process_request_thread" in thread.name for thread in threading.enumerate())


def test_idle_connections_take_a_bounded_number_of_threads(hostile, monkeypatch):
    monkeypatch.setattr(handler, "SLOT_WAIT", 0.5)
    before = _handler_threads()  # the earlier tests' last threads may still be ending
    idle = [socket.create_connection(("127.0.0.1", hostile.port), timeout=10)
            for _ in range(handler.MAX_CONNECTIONS + 40)]
    try:
        deadline = time.monotonic() + 10
        while not hostile.server.saturated:  # every thread taken by an idle connection
            assert time.monotonic() < deadline, "the idle connections never took every thread"
            time.sleep(0.05)
        time.sleep(0.2)  # what more it would start, if it did
        assert _handler_threads() - before <= handler.MAX_CONNECTIONS
        started = time.monotonic()
        status, headers, _ = fetch(hostile.url + "layouts/print/print.css")  # refused, not left hanging
        assert status == 503 and headers["Retry-After"] == "1" and time.monotonic() - started < 5
    finally:
        for sock in idle:
            sock.close()
    # Once they are gone, it serves again.
    deadline = time.monotonic() + 10
    while fetch(hostile.url + "layouts/print/print.css")[0] != 200:
        assert time.monotonic() < deadline, "still refusing after the idle connections closed"
        time.sleep(0.1)


@pytest.mark.slow  # a background build (WeasyPrint, in a child process)
def test_static_files_are_served_while_the_build_runs(workdir: Path):
    folder = write_issue(workdir, {"a": article("Un paragraphe.")})
    preview = start_preview(folder, workdir / "out", 0, build=True, watch=False, pages=False)
    try:
        deadline = time.monotonic() + 30
        while preview.builder.status.state not in ("build", "flatplan"):
            assert preview.builder.status.state not in ("done", "failed") and time.monotonic() < deadline, \
                preview.builder.status
            time.sleep(0.05)
        started = time.monotonic()
        with ThreadPoolExecutor(50) as pool:
            statuses = list(pool.map(lambda path: fetch(preview.url + path)[0],
                                     ["layouts/print/print.css", "fonts/CharisSIL-Regular.ttf", "part/a"] * 50))
        assert statuses == [200] * 150 and time.monotonic() - started < 10
        assert preview.builder.status.state in ("build", "flatplan", "done"), preview.builder.status
    finally:
        preview.stop()
