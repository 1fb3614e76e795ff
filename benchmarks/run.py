"""Benchmark horizons-pub against the peers a user would pick instead, in one run.

    python benchmarks/run.py [--runs 3] [--sizes 50,108,200,400] [--markdown-out benchmarks/README.md]

For each measure: the median wall time of ``--runs`` runs and the peak memory (max RSS of
the child process), and the ratio ours / peer.  Peers: pandoc 3 (``pypandoc-binary``) for the
EPUB; pandoc Markdown → HTML, then WeasyPrint's own command line, for the PDF.  Every
horizons-pub run is a cold build into an empty folder unless said otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


@dataclass
class Measure:
    seconds: float
    peak_mb: float


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None) -> Measure:
    """One child process: wall time and its peak resident memory (from wait4's rusage)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode(errors='replace')}")
    return Measure(elapsed, usage.ru_maxrss / 1024)


def median(cmds, runs: int, before=None) -> Measure:
    """Median time and the largest peak memory over ``runs`` runs (``before`` runs untimed before each)."""
    measures = []
    for _ in range(runs):
        if before:
            before()
        measures.append(sum_measures([run(c) for c in cmds]))
    return Measure(statistics.median(m.seconds for m in measures), max(m.peak_mb for m in measures))


def sum_measures(measures: list[Measure]) -> Measure:
    return Measure(sum(m.seconds for m in measures), max(m.peak_mb for m in measures))


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def ours(issue: Path, out: Path, *formats: str) -> list[str]:
    return [sys.executable, "-m", "horizons_pub", "build", str(issue), "--out", str(out), "--quiet",
            *[x for f in formats for x in ("--format", f)]]


def fresh(path: Path):
    def clear():
        shutil.rmtree(path, ignore_errors=True)

    return clear


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="50,108,200,400", help="page counts for the cost per page")
    parser.add_argument("--markdown-out", type=Path, help="also write the table into this Markdown file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="hp-bench-"))
    rows: list[tuple[str, str, str, str]] = []
    try:
        gen = work / "108"
        issue = generate(108, gen)
        md = gen / "issue.md"
        out = work / "out"

        epub_ours = median([ours(issue, out, "epub")], args.runs, fresh(out))
        epub_peer = median([[pandoc(), str(md), "-o", str(work / "peer.epub")]], args.runs)
        rows.append(("EPUB, 108 pages, cold", _fmt(epub_ours), _fmt(epub_peer), _ratio(epub_ours, epub_peer)))

        pdf_ours = median([ours(issue, out, "print")], args.runs, fresh(out))
        html = work / "peer.html"
        pdf_peer = median([[pandoc(), str(md), "-s", "-o", str(html), "--resource-path", str(gen)],
                           [sys.executable, "-m", "weasyprint", str(html), str(work / "peer.pdf")]], args.runs)
        rows.append(("Print PDF, 108 pages, cold", _fmt(pdf_ours), _fmt(pdf_peer), _ratio(pdf_ours, pdf_peer)))

        full = median([ours(issue, out)], args.runs, fresh(out))
        rows.append(("Full build (EPUB + print + screen), cold", _fmt(full), "", ""))
        unchanged = median([ours(issue, out)], args.runs)
        rows.append(("Full build, nothing changed", _fmt(unchanged), _fmt(full) + " (cold)", _ratio(unchanged, full)))
        article = issue / "articles" / "article-07.md"
        original = article.read_text(encoding="utf-8")
        counter = iter(range(1000))

        def edit():
            article.write_text(original.replace("\n\n", f"\n\nUn paragraphe modifié, n° {next(counter)}.\n\n", 1),
                               encoding="utf-8")

        edited = median([ours(issue, out)], args.runs, edit)
        rows.append(("Full build after a one-paragraph edit", _fmt(edited), _fmt(full) + " (cold)",
                     _ratio(edited, full)))

        per_page = {}
        for pages in sizes:
            sized = generate(pages, work / f"size-{pages}")
            m = median([ours(sized, work / f"out-{pages}", "print")], args.runs, fresh(work / f"out-{pages}"))
            per_page[pages] = m
            rows.append((f"Print PDF, {pages} pages, cold", _fmt(m), f"{1000 * m.seconds / pages:.0f} ms/page", ""))
        if 400 in per_page and 108 in per_page:
            growth = per_page[400].seconds / (per_page[108].seconds * 400 / 108)
            rows.append(("Growth 400 pages vs 108 (per page)", f"{growth:.2f}×", "≤ 4.3 / 4 ⇒ ≤ 1.075", ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = _table(rows)
    print(table)
    if args.markdown_out:
        _write_markdown(args.markdown_out, table)


def _fmt(m: Measure) -> str:
    return f"{m.seconds:.2f} s, {m.peak_mb:.0f} MB"


def _ratio(a: Measure, b: Measure) -> str:
    return f"{a.seconds / b.seconds:.2f}"


def _table(rows) -> str:
    lines = ["| measure | horizons-pub | peer | ratio ours / peer |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    return "\n".join(lines) + f"\n\nMachine: {machine}; medians of runs, peak memory is the largest child RSS.\n"


def _write_markdown(path: Path, table: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    marker = "<!-- results -->"
    head = text.split(marker)[0].rstrip() + "\n\n" + marker + "\n"
    path.write_text(head + table, encoding="utf-8")


if __name__ == "__main__":
    main()
