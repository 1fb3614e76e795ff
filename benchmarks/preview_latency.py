"""The preview's latency: from an article's save to the new images of its pages served, as a browser sees it.

    python benchmarks/preview_latency.py [--pages 108] [--edits 10] [--interval 4] [--no-build]

It generates the issue (generate.py), builds it once (the build's parts cache is what an editor's
preview starts from), starts ``horizons-pub preview`` on it as a user does (its background build on,
unless ``--no-build``), waits for the pages of the print edition, then makes ``--edits`` one-paragraph
edits of an article of five pages (a sentence added to one of its paragraphs), ``--interval`` seconds
apart (so that the background build of one edit is running when the next is saved).  For each edit it
polls ``/__status`` every 20 ms until the article's pages have new images (those the edit changed),
then fetches those images: the latency is from the write of the file to the last image received.  It prints the median
and the range, the press's own time (request to answer), the CPU seconds of the preview's process tree
per edit, and beside them the cold layout of the same article: ``horizons-pub build --format print`` of
an issue of that article alone would lay out more, so it is the article's part laid out by a fresh
interpreter (WeasyPrint imported, stylesheets parsed, the part laid out, its PDF written), and the same
part laid out again in that interpreter (warm).  Issue 19's goal: a median under 1.5 s on this 2-core
machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

GOAL = 1.5
TICK = os.sysconf("SC_CLK_TCK")

COLD_SCRIPT = """
import sys, time, json
from pathlib import Path
started = time.perf_counter()
from horizons_pub.builder.recipe import load_issue
from horizons_pub.support.diagnostics import Reporter
from horizons_pub.render.pdf.paginate import Paginator
from horizons_pub.render.pdf.pool import PartLayouts
from horizons_pub.render.pdf.typeset import lay_out_part
issue = load_issue(Path(sys.argv[1]), Reporter(echo=False))
paginator = Paginator(issue, "print", Reporter(echo=False), PartLayouts(None, jobs=1))
part = next(p for p in issue.flatplan if p.article == sys.argv[2])
job = paginator.job(paginator.part_doc(part, part.page))
loaded = time.perf_counter()
data, facts = lay_out_part(job)
cold = time.perf_counter()
lay_out_part(job)
warm = time.perf_counter()
print(json.dumps({"load": loaded - started, "cold": cold - loaded, "warm": warm - cold, "pages": facts.pages}))
"""


def tree_cpu(root: int) -> float:
    """CPU seconds of ``root`` and its living descendants (each with the children it reaped)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(x) for x in fields[11:15]) / TICK
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(times.get(pid, 0.0) for pid in tree)


def status(url: str) -> dict:
    with urllib.request.urlopen(url + "__status", timeout=10) as answer:
        return json.loads(answer.read())


def five_page_article(url: str) -> str:
    """An article of five pages (in a smaller issue than the generator's default: the longest one)."""
    parts = status(url)["pages"]["print"]["parts"]
    articles = {key: p["last"] - p["first"] + 1 for key, p in parts.items()
                if key.startswith("article-") and not key.startswith("reserved-")}
    if not articles:
        raise SystemExit("no article in the generated issue")
    return min(articles, key=lambda key: (abs(articles[key] - 5), key))


def edit(path: Path, n: int) -> None:
    """One sentence added at the end of the paragraph of text in the article's middle."""
    text = path.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5  # after the front matter
    # paragraphs of text: not a heading, a quotation, a table, a list, a figure or a note's text
    paragraphs = [m.end() for m in re.finditer(r"(?m)^(?![#>|!*\[-])\w.*(?:\n(?!\n).+)*", text[body:])]
    at = body + paragraphs[len(paragraphs) // 2]
    path.write_text(text[:at] + f" Une phrase de plus, la numéro {n + 1}." + text[at:], encoding="utf-8")


def wait_for(url: str, key: str, before: list[str], timeout: float = 120) -> tuple[list[str], dict]:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        pages = status(url)["pages"]["print"]
        now = pages["parts"].get(key, {}).get("images", [])
        if now and all(now) and now != before:  # the pages the edit changed have new images
            return [i for i in now if i not in before], pages
        time.sleep(0.02)
    raise SystemExit(f"the pages of {key} did not change within {timeout} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=108)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between two edits (default 4)")
    parser.add_argument("--no-build", action="store_true", help="without the preview's background build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hp-preview-bench-") as tmp:
        work = Path(tmp)
        generate(args.pages, work / "gen")
        issue = work / "gen" / "issue"
        out = work / "out"
        exe = [sys.executable, "-m", "horizons_pub"]
        subprocess.run([*exe, "build", str(issue), "--out", str(out), "--quiet"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        command = [*exe, "preview", str(issue), "--out", str(out), "--port", "0"]
        preview = subprocess.Popen(command + (["--no-build"] if args.no_build else []), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            url = _url(preview)
            started = time.monotonic()
            wait_for(url, "cover", [], timeout=600)
            first = time.monotonic() - started
            key = five_page_article(url)
            rows = []
            for n in range(args.edits):
                before = status(url)["pages"]["print"]["parts"][key]["images"]
                cpu = tree_cpu(preview.pid)
                saved = time.monotonic()
                edit(issue / "articles" / f"{key}.md", n)
                images, pages = wait_for(url, key, before)
                for image in images:
                    with urllib.request.urlopen(f"{url}page-image/{image}.png", timeout=10) as answer:
                        answer.read()
                latency = time.monotonic() - saved
                rows.append((latency, pages["seconds"], pages["laid_out"], tree_cpu(preview.pid) - cpu,
                             pages["drawing"]["seconds"] / max(1, pages["drawing"]["pages"])))
                time.sleep(max(0.0, args.interval - latency))
        finally:
            preview.terminate()
            preview.wait(timeout=30)
        cold = json.loads(subprocess.run([sys.executable, "-c", COLD_SCRIPT, str(issue), key], check=True,
                                         capture_output=True, text=True).stdout)
    report(args, key, first, rows, cold)


def _url(preview: subprocess.Popen) -> str:
    for line in preview.stdout:
        if line.startswith("Preview: "):
            # what it says next is read all along (a full pipe would stop it)
            threading.Thread(target=preview.stdout.read, daemon=True).start()
            return line.split(" ", 1)[1].strip()
    raise SystemExit("the preview did not start")


def report(args, key: str, first: float, rows: list, cold: dict) -> None:
    latencies = [r[0] for r in rows]
    median = statistics.median(latencies)
    press = statistics.median(r[1] for r in rows if r[1] is not None)
    cpu = statistics.median(r[3] for r in rows)
    laid = sorted({part for r in rows for part in r[2]})
    print(f"\nPreview latency, {args.pages}-page generated issue, article {key} ({cold['pages']} pages), "
          f"{args.edits} one-paragraph edits {args.interval:g} s apart, background build "
          f"{'off' if args.no_build else 'on'}; {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}\n")
    print("| measure | seconds |")
    print("| --- | --- |")
    print(f"| save → new page images served (median; min–max) | {median:.2f} ({min(latencies):.2f}–"
          f"{max(latencies):.2f}) |")
    print(f"| of which the press: request → answer (median) | {press:.2f} |")
    print(f"| of which drawing the page images (pypdfium2 + PNG), a page (median) | "
          f"{statistics.median(r[4] for r in rows):.3f} |")
    print(f"| CPU of the preview's process tree from the save to the images served (median) | {cpu:.2f} |")
    whole = cold["load"] + cold["cold"]
    print(f"| the article laid out cold: a fresh interpreter imports WeasyPrint, reads the issue "
          f"({cold['load']:.2f} s), lays the part out ({cold['cold']:.2f} s) | {whole:.2f} |")
    print(f"| the article laid out again in that interpreter (warm) | {cold['warm']:.2f} |")
    print(f"| the first pages of the preview (its start, from the build's cache) | {first:.2f} |")
    print(f"\nlatency / cold article layout: {median / whole:.2f}×; goal: under {GOAL} s: "
          f"{'met' if median < GOAL else 'not met'}; parts laid out by the edits: {', '.join(laid)}")


if __name__ == "__main__":
    main()
