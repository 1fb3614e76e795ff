"""Screenshots of the preview as an editor sees it, by headless Chromium (1280 × 800).

    python scripts/preview_screenshots.py OUT_DIR [--issue tests/data/magazine] [--article reseaux-chaleur]

It copies the issue, builds it (the preview then starts from its parts cache), starts ``horizons-pub
preview`` on the copy and takes: ``index.png`` (the chemin de fer), ``spread-notes.png`` (the spread with
notes at the foot of its pages), then makes ``--article`` run over its slot (one of its
paragraphs repeated), says what the press's first answer held (the overflow already marked, the pushed
pages shown as they were), and once the pushed parts are laid out again takes ``overflow-index.png`` (the
plan: the pages past the slot and those pushed in red) and ``overflow-spread.png`` (the spread past the
article's slot).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def status(url: str) -> dict:
    with urllib.request.urlopen(url + "__status", timeout=10) as answer:
        return json.loads(answer.read())


def wait(predicate, what: str, timeout: float = 300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"still waiting for {what} after {timeout} s")


def shot(url: str, target: Path, height: int = 800) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("no Chromium on this machine (apt-get install chromium)")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size=1280,{height}", "--virtual-time-budget=4000", f"--screenshot={target}", url],
                   check=True, capture_output=True, timeout=120)
    print(f"{target}: {url}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--issue", type=Path, default=ROOT / "tests" / "data" / "magazine")
    parser.add_argument("--article", default="reseaux-chaleur", help="the article made to overflow")
    parser.add_argument("--notes-page", type=int, default=14,
                        help="a page whose spread prints notes at the foot (default 14: in the test issue, the "
                             "interview's, where a note is printed on the page after its call)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hp-shots-") as tmp:
        issue = Path(tmp) / args.issue.name
        shutil.copytree(args.issue, issue)
        out = Path(tmp) / "out"
        exe = [sys.executable, "-m", "horizons_pub"]
        subprocess.run([*exe, "build", str(issue), "--out", str(out), "--quiet", "--format", "print"], check=True,
                       capture_output=True)
        preview = subprocess.Popen([*exe, "preview", str(issue), "--out", str(out), "--port", "0", "--no-build"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            url = next(line.split(" ", 1)[1].strip() for line in preview.stdout if line.startswith("Preview: "))
            threading.Thread(target=preview.stdout.read, daemon=True).start()
            pages = wait(lambda: (p := status(url)["pages"]["print"])["answered"] and p["final"] and p,
                         "the first pages")
            shot(url, args.out / "index.png")
            shot(url, args.out / "index-long.png", height=2400)
            parts = pages["parts"]
            shot(f"{url}spread/{args.notes_page}", args.out / "spread-notes.png")
            source = issue / "articles" / f"{args.article}.md"
            text = source.read_text(encoding="utf-8")
            paragraph = max(text.split("\n\n"), key=len)
            asked = pages["asked"]
            source.write_text(text.replace(paragraph, "\n\n".join([paragraph] * 6)), encoding="utf-8")
            first = wait(lambda: (p := status(url)["pages"]["print"])["answered"] > asked and p, "the first answer")
            print(f"first answer: final {first['final']}, pages shown as they were (being laid out again): "
                  f"{first['stale']}, diagnostics: {sorted(set(first['codes']))}")
            # Chromium takes longer to start than the press to lay the pushed parts out: the shots show the
            # final answer
            wait(lambda: (p := status(url)["pages"]["print"])["final"] and p["answered"] > asked, "the final answer")
            shot(url, args.out / "overflow-index.png")
            shot(url, args.out / "overflow-index-long.png", height=2400)
            slot_end = parts[args.article]["last"]
            shot(f"{url}spread/{slot_end + 1}", args.out / "overflow-spread.png")
        finally:
            preview.terminate()
            preview.wait(timeout=30)


if __name__ == "__main__":
    main()
