"""``horizons-pub preview``: the local server shows the issue, follows the source, keeps the last good pages
under an error banner, and listens on 127.0.0.1 only.  Every request goes to 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import article, line_of, write_issue
from horizons_pub.commands.preview.command import start_preview
from helpers.outputs import CONSTRUCTS, ROOT

TIMEOUT = 20  # seconds to wait for a save to show

#: No proxy, whatever the environment says: requests go straight to the loopback address.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    assert urlsplit(url).hostname == "127.0.0.1", url
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def page(preview, path: str) -> str:
    status, _, body = fetch(preview.url.rstrip("/") + path)
    assert status == 200, (path, status)
    return body.decode("utf-8")


def version(preview, path: str | None = None) -> tuple[int, str | None]:
    status, headers, body = fetch(preview.url + "__version" + (f"?path={path}" if path else ""))
    assert status == 200
    return int(body), headers.get("X-Page-Tag")


def wait_for(what: str, predicate, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout} s, still waiting for {what}")
        time.sleep(0.1)


def wait_for_page(preview, path: str, what: str, predicate) -> str:
    """The page at ``path`` once ``predicate(text)`` holds."""
    texts: list[str] = []

    def check() -> bool:
        texts[:] = [page(preview, path)]
        return predicate(texts[0])

    wait_for(what, check)
    return texts[0]


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


@pytest.fixture
def issue(workdir: Path) -> Path:
    """A copy of the every-construct issue, in the current folder (diagnostics say ``constructs/…``)."""
    return Path(shutil.copytree(CONSTRUCTS, workdir / "constructs").relative_to(workdir))


@pytest.mark.slow  # waits on the file watcher
def test_preview_shows_the_issue_and_follows_the_source(issue: Path, workdir: Path):
    preview = start_preview(issue, workdir / "out", 0, build=False, pages=False)
    try:
        # Loopback only: the listening socket's own address.
        host, port = preview.server.socket.getsockname()[:2]
        assert host == "127.0.0.1" and port == preview.port > 0
        assert preview.url == f"http://127.0.0.1:{port}/"

        # The index lists the parts in flatplan order, each linked to its page.
        index = page(preview, "/")
        keys = ["cover", "edito", "sommaire", "entretien", "terrain", "back-cover"]
        where = [index.index(f'href="/part/{key}"') for key in keys]
        assert where == sorted(where)
        assert "Un article de terrain" in index

        # A part: its print HTML, with the print stylesheets (over HTTP) and the issue's image.
        terrain = page(preview, "/part/terrain")
        assert "Un dernier paragraphe." in terrain and 'class="article kind-article' in terrain
        assert 'href="/layouts/print/print.css"' in terrain and "file:" not in terrain
        assert 'src="images/schema.png"' in terrain
        status, headers, _ = fetch(preview.url + "layouts/print/print.css")
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        status, headers, _ = fetch(preview.url + "part/images/schema.png")
        assert status == 200 and headers["Content-Type"] == "image/png"
        status, _, css = fetch(preview.url + "layouts/common/fonts.css")  # its fonts resolve to /fonts/
        assert status == 200 and fetch(preview.url + "fonts/CharisSIL-Regular.ttf")[0] == 200
        for key in keys:
            assert "hp-errors" not in page(preview, f"/part/{key}")

        first, terrain_tag = version(preview, "/part/terrain")
        _, edito_tag = version(preview, "/part/edito")
        assert first >= 1 and terrain_tag and edito_tag

        # A page's poll that gives its tag waits for a change (the page's script asks so: reload.js).
        waited: dict = {}

        def long_poll():
            started = time.monotonic()
            url = f"{preview.url}__version?path=/part/terrain&tag={terrain_tag}&wait=1"
            waited["tag"] = fetch(url)[1].get("X-Page-Tag")
            waited["seconds"] = time.monotonic() - started

        poller = threading.Thread(target=long_poll)
        poller.start()
        time.sleep(0.5)
        assert poller.is_alive()  # nothing changed yet: no answer

        # Save a change: the page shows it, the version moves, and only the changed page's tag changes.
        source = issue / "articles" / "terrain.md"
        edit(source, "Un dernier paragraphe.", "Un paragraphe tout neuf.")
        poller.join(timeout=TIMEOUT)
        assert waited["tag"] != terrain_tag and waited["seconds"] < 10  # not at the end of its 20 s
        wait_for_page(preview, "/part/terrain", "the new paragraph", lambda p: "Un paragraphe tout neuf." in p)
        second, tag = version(preview, "/part/terrain")
        assert second > first and tag != terrain_tag
        assert version(preview, "/part/edito")[1] == edito_tag

        # Break it (a note that has no text): every page shows the diagnostic, above the last good text.
        text = edit(source, "Un paragraphe tout neuf.", "Un paragraphe cassé[^9].")
        line = line_of(text, "[^9]")
        diagnostic = f"constructs/articles/terrain.md:{line}: error: note [^9] is called but never defined"
        broken = wait_for_page(preview, "/part/terrain", "the error banner", lambda p: "hp-errors" in p)
        assert diagnostic in broken and "[note.undefined]" in broken
        assert "Un paragraphe tout neuf." in broken and "cassé" not in broken
        assert diagnostic in page(preview, "/") and diagnostic in page(preview, "/part/edito")
        assert version(preview)[0] == second  # no good reload: the version stays
        status = json.loads(fetch(preview.url + "__status")[2])
        assert status["ok"] is False and any(d.startswith(diagnostic) for d in status["problems"])

        # Fix it: the banner goes and the new text shows.
        edit(source, "Un paragraphe cassé[^9].", "Un paragraphe réparé.")
        fixed = wait_for_page(preview, "/part/terrain", "the fixed page", lambda p: "réparé" in p)
        assert "hp-errors" not in fixed and "note [^9]" not in fixed
        assert "hp-errors" not in page(preview, "/")
        assert version(preview)[0] > second
    finally:
        preview.stop()
    with pytest.raises(urllib.error.URLError):
        _OPENER.open(preview.url, timeout=2)
    assert not [t for t in threading.enumerate() if t.name.startswith("hp-preview")]


def test_diagnostics_are_escaped_and_shown_before_any_good_version(workdir: Path):
    folder = write_issue(workdir, {"a": article("Du texte <script>alert(1)</script> brut.")})
    preview = start_preview(folder, workdir / "out", 0, build=False, watch=False, pages=False)
    try:
        status, _, body = fetch(preview.url)
        index = body.decode()
        assert status == 200 and "hp-errors" in index and "Rien à afficher tant qu’elles ne sont pas corrigées" in index
        assert "hp-test/articles/a.md:" in index and "[markup.raw-html]" in index
        assert "&lt;script&gt;" in index and "<script>alert" not in index
        status, _, body = fetch(preview.url + "part/a")
        assert status == 404 and "&lt;script&gt;" in body.decode()
    finally:
        preview.stop()


def test_serves_only_its_own_files_to_its_own_address(issue: Path, workdir: Path):
    (workdir / "secret.txt").write_text("secret", encoding="utf-8")
    (issue / ".hidden").write_text("hidden", encoding="utf-8")
    preview = start_preview(issue, workdir / "out", 0, build=False, watch=False, pages=False)
    try:
        for path in ("part/../../secret.txt", "part/images/../../secret.txt", "part/%2e%2e/%2e%2e/secret.txt",
                     "layouts/../../secret.txt", "fonts/%2e%2e/%2e%2e/secret.txt", "part/x/.hidden",
                     "part/images/nothing.png", "out/../secret.txt", "nothing"):
            status, _, body = fetch(preview.url + path)
            assert status == 404 and b"secret" not in body, path
        # A page asked for under another host name (DNS rebinding) is refused.
        assert fetch(preview.url, host="evil.example:80")[0] == 403
        assert fetch(preview.url, host=f"localhost:{preview.port}")[0] == 200
    finally:
        preview.stop()


@pytest.mark.slow
def test_background_build_makes_the_outputs_without_blocking_the_pages(workdir: Path):
    folder = write_issue(workdir, {"a": article("Un paragraphe.")})
    out = workdir / "out"
    preview = start_preview(folder, out, 0, build=True, pages=False)
    try:
        def build_state() -> dict:
            return json.loads(fetch(preview.url + "__status")[2])["build"]

        wait_for("the build to start", lambda: build_state()["state"] in ("build", "flatplan", "done", "failed"))
        started = time.monotonic()
        page(preview, "/part/a")  # served while WeasyPrint works in its own process
        assert time.monotonic() - started < 2
        wait_for("the build to end", lambda: build_state()["state"] in ("done", "failed"), timeout=60)
        state = build_state()
        epub = out / "hp-test" / "horizons-publics-99.epub"
        assert epub.is_file(), state
        index = page(preview, "/")
        assert 'href="/out/horizons-publics-99.epub"' in index
        status, headers, data = fetch(preview.url + "out/horizons-publics-99.epub")
        assert status == 200 and headers["Content-Type"] == "application/epub+zip" and data == epub.read_bytes()
        if (out / "hp-test" / "flatplan.html").is_file():  # flatplan_view may still be in progress
            assert 'href="/out/flatplan.html"' in index
            assert fetch(preview.url + "flatplan")[0] == 200
    finally:
        preview.stop()


@pytest.mark.slow  # a child process that builds in the background
def test_command_line_prints_the_url_and_stops_on_ctrl_c(issue: Path, workdir: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "horizons_pub", "preview", str(issue), "--port", "0",
                             "--out", str(workdir / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=workdir, env=env)
    try:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(TIMEOUT)
        assert lines and lines[0].startswith("Preview: http://127.0.0.1:"), (lines, proc.poll())
        url = lines[0].split(" ", 1)[1].strip()
        status, _, body = fetch(url)
        assert status == 200 and b'href="/part/terrain"' in body
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        stderr = proc.stderr.read()
        assert "Traceback" not in stderr, stderr
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
