"""Benchmark horizons-pub against the peers a user would pick instead, in one run, against issue 20's goals.

    python benchmarks/run.py [--quick] [--runs 3] [--markdown-out benchmarks/README.md]

Every row gives wall and CPU seconds (the child's process tree: ``wait4``'s rusage, which counts the
workers a build waits for) and the peak memory (the largest resident set of one process of the tree),
medians of ``--runs`` runs taken in turn with the peer's (ours, peer, ours, peer…), the ratios ours / peer
and the goal the ratio is held to (met / not met).  Peers: pandoc 3 (``pypandoc-binary``) for the EPUB;
pandoc Markdown → HTML, then WeasyPrint's own command line (one A4 column), for the print PDF.  Every
horizons-pub run is a cold build into an empty folder unless the row says otherwise; a full build is
``horizons-pub build`` with its default formats.  The growth rows use issues whose notes per page of text
are constant (``generate.py --notes-per-page``), the other rows the generator's default issue (2–6 notes
an article, as every figure before issue 20).  ``--quick`` checks the script in about a minute: one run,
smaller issues, a small note count; its figures are no measurements.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate, generate_notes  # noqa: E402

START, END = "<!-- results -->", "<!-- /results -->"


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    finished: bool = True


def run(cmd: list[str], timeout: float | None = None) -> Run:
    """One child process and its descendants: wall time, CPU time and peak memory from wait4's rusage.
    Past ``timeout`` seconds the child's process group is killed and the run marked unfinished."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return Run(timeout, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, finished=False)
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Step:
    """What one timed run is: its commands in turn (their times added), after ``before`` (untimed)."""
    cmds: list[list[str]]
    before: object = None
    timeout: float | None = None

    def once(self) -> Run:
        if self.before:
            self.before()
        runs = []
        for cmd in self.cmds:
            runs.append(run(cmd, self.timeout))
            if not runs[-1].finished:
                break
        return Run(sum(r.wall for r in runs), sum(r.cpu for r in runs), max(r.peak_mb for r in runs),
                   all(r.finished for r in runs))


def interleaved(steps: list[Step], runs: int) -> list[Stats]:
    """Each step run ``runs`` times, the steps in turn (a, b, a, b…); medians, the largest peak.
    A step that did not finish is not run again."""
    results: list[list[Run]] = [[] for _ in steps]
    for _ in range(runs):
        for step, done in zip(steps, results):
            if not done or done[-1].finished:
                done.append(step.once())
    return [Stats(statistics.median(r.wall for r in done), statistics.median(r.cpu for r in done),
                  max(r.peak_mb for r in done), len(done), all(r.finished for r in done),
                  steps[i].timeout) for i, done in enumerate(results)]


@dataclass
class Stats:
    """A step's medians over its runs (wall and CPU seconds), its largest peak memory."""
    wall: float
    cpu: float
    peak_mb: float
    runs: int
    finished: bool
    timeout: float | None


def fmt(m: Stats) -> str:
    if not m.finished:
        return f"did not finish in {m.timeout:g} s"
    return f"{m.wall:.2f} s wall, {m.cpu:.2f} s CPU, {m.peak_mb:.0f} MB"


def ratio(a: Stats, b: Stats) -> str:
    if not (a.finished and b.finished):
        return ""
    return f"wall {_times(a.wall / b.wall)}, CPU {_times(a.cpu / b.cpu)}"


def _times(x: float) -> str:
    return f"{x:.2f}×" if x >= 0.1 else f"{x:.3f}×"


def verdict(a: Stats, b: Stats, bound: float, which: str) -> tuple[str, str]:
    """The goal (ours / peer ≤ bound, in wall or CPU seconds) and whether the run met it."""
    goal = f"≤ {bound:.3g}× ({which})"
    if not a.finished:
        return goal, "not met"
    if not b.finished:
        return goal, "met"
    value = a.wall / b.wall if which == "wall" else a.cpu / b.cpu
    return goal, "met" if value <= bound else "not met"


class Table:
    def __init__(self):
        self.rows: list[tuple[str, ...]] = []
        self.loads = [os.getloadavg()[0]]  # the 1-minute load average after each row: others' work too

    def row(self, *cells: str) -> None:
        self.rows.append(cells)
        self.loads.append(os.getloadavg()[0])
        print(" | ".join(c for c in cells if c), file=sys.stderr, flush=True)  # progress as it goes

    def markdown(self, machine: str) -> str:
        lines = ["| measure | horizons-pub | peer | ours / peer | goal (issue 20) | |",
                 "| --- | --- | --- | --- | --- | --- |"]
        lines += ["| " + " | ".join(cells) + " |" for cells in self.rows]
        return "\n".join(lines) + f"\n\n{machine}\n"


def machine_line(args: argparse.Namespace, loads: list[float]) -> str:
    import pypandoc
    import weasyprint

    commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = not args.commit and subprocess.run(["git", "-C", str(HERE), "status", "--porcelain", "--", "src"],
                                               capture_output=True, text=True).stdout.strip()
    code = f"the code of commit {args.commit}" if args.commit else f"the working tree at {commit}"
    return (f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"WeasyPrint {weasyprint.__version__}, pandoc {pypandoc.get_pandoc_version()}; "
            f"{code}{' with uncommitted changes in src/' if dirty else ''}; "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}{', --quick' if args.quick else ''}. "
            f"Medians of {args.runs} run{'s' if args.runs > 1 else ''} ({args.heavy_runs} for the growth and note "
            f"rows; a {args.timeout:.0f} s timeout on the note rows), ours and the peer's in turn; CPU seconds "
            f"of the process tree (wait4), peak memory the largest resident set of one process; "
            f"1-minute load average {min(loads):.1f}–{max(loads):.1f} over the run (taken after each row; above "
            f"{os.cpu_count()}, other work was running).")


def write_markdown(path: Path, table: str) -> None:
    """The table between the results markers of ``path`` (what is after them is kept), or at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{table}{END}\n"
    if START in text and END in text.split(START, 1)[1]:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1].removeprefix("\n")
    elif START in text:
        raise SystemExit(f"{path}: {START} without {END}: add {END} after the results, or the text after "
                         "them would be lost")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


CODE: list[Path] = []  # --commit: the folder holding that commit's horizons_pub package


def ours(issue: Path | list[Path], out: Path, *formats: str) -> list[str]:
    """``horizons-pub build`` of one issue folder (or of several, in one command) into ``out``."""
    # ``env`` replaces itself with Python: the same process, so wait4 still sees the build's whole tree
    prefix = ["env", f"PYTHONPATH={CODE[0]}"] if CODE else []
    folders = [str(i) for i in issue] if isinstance(issue, list) else [str(issue)]
    return [*prefix, sys.executable, "-m", "horizons_pub", "build", *folders, "--out", str(out), "--quiet",
            *[x for f in formats for x in ("--format", f)]]


def peer_print(gen: Path, work: Path, name: str) -> list[list[str]]:
    html = work / f"{name}.html"
    return [[pandoc(), str(gen / "issue.md"), "-s", "-o", str(html), "--resource-path", str(gen)],
            [sys.executable, "-m", "weasyprint", str(html), str(work / f"{name}.pdf")]]


def peer_epub(gen: Path, work: Path, name: str) -> list[list[str]]:
    return [[pandoc(), str(gen / "issue.md"), "-o", str(work / f"{name}.epub")]]


def unpack(rev: str, into: Path) -> str:
    """Commit ``rev``'s src/, layouts/ and fonts/ unpacked into ``into``; its short hash."""
    full = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "--verify", f"{rev}^{{commit}}"],
                          capture_output=True, text=True)
    if full.returncode:
        raise SystemExit(f"--commit {rev}: {full.stderr.strip()}")
    into.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(HERE.parent), "archive", full.stdout.strip(), "src", "layouts",
                                "fonts"], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(into)], stdin=archive.stdout, check=True)
    if archive.wait():
        raise SystemExit(f"--commit {rev}: git archive failed")
    return full.stdout.strip()


def fresh(path: Path):
    def clear():
        subprocess.run(["rm", "-rf", str(path)], check=True)

    return clear


def print_pages(out: Path) -> int:
    import pikepdf

    pdf = next(p for p in out.rglob("*-print.pdf"))
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def back_catalogue(args: argparse.Namespace, work: Path, table: Table) -> None:
    """Four issues built cold by one command (one pool of workers for all: an issue's parts are laid out
    while the one before it is finished) against the same four built by four commands in turn."""
    pages = 22 if args.quick else 44
    (work / "catalogue").mkdir()
    folders = [generate(pages, work / f"cat-{n}", seed=40 + n).rename(work / "catalogue" / f"hp-{40 + n}")
               for n in range(4)]
    out = work / "out-catalogue"
    together, apart = interleaved([Step([ours(folders, out)], fresh(out)),
                                   Step([ours(f, out) for f in folders], fresh(out))], args.runs)
    cores = len(os.sched_getaffinity(0))
    busy = f"cores busy: {together.cpu / (together.wall * cores):.0%} (four commands: " \
           f"{apart.cpu / (apart.wall * cores):.0%})"
    table.row(f"Back catalogue: 4 issues of {pages} pages, cold, one `build` command", fmt(together),
              "four `build` commands in turn: " + fmt(apart), ratio(together, apart), busy, "")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="check the script in about a minute: one run, a 44-page issue, growth 44 → 88 pages, "
                             "an article of 40 notes, a 120 s timeout")
    parser.add_argument("--runs", type=int, help="runs of each step (default 3; --quick: 1)")
    parser.add_argument("--heavy-runs", type=int, help="runs of the growth and note-count rows (default: --runs)")
    parser.add_argument("--pages", type=int, help="pages of the issue most rows use (default 108; --quick: 44)")
    parser.add_argument("--growth", help="SMALL,LARGE pages for the growth rows (default 100,400; --quick: 44,88)")
    parser.add_argument("--notes-per-page", type=float, default=1.0,
                        help="notes per page of text in the growth rows' issues (default 1)")
    parser.add_argument("--notes", help="note counts of the one-article issues (default 500,1000; --quick: 40)")
    parser.add_argument("--timeout", type=float, help="seconds before a run of a note-count row is stopped "
                                                      "(default 600; --quick: 120)")
    parser.add_argument("--commit", metavar="REV",
                        help="measure this commit's code (its src/, layouts/ and fonts/, unpacked from git) instead "
                             "of the working tree's, which others may be editing meanwhile")
    parser.add_argument("--markdown-out", type=Path, help="also write the table into this Markdown file, "
                                                          "between <!-- results --> and <!-- /results -->")
    args = parser.parse_args(argv)
    quick = args.quick
    args.runs = args.runs or (1 if quick else 3)
    args.heavy_runs = args.heavy_runs or args.runs
    args.pages = args.pages or (44 if quick else 108)
    args.growth = [int(s) for s in (args.growth or ("44,88" if quick else "100,400")).split(",")]
    args.notes = [int(s) for s in (args.notes or ("40" if quick else "500,1000")).split(",")]
    args.timeout = args.timeout or (120.0 if quick else 600.0)
    if len(args.growth) != 2 or args.growth[0] >= args.growth[1]:
        parser.error("--growth takes two page counts, the smaller first")
    if min(args.runs, args.heavy_runs) < 1 or args.notes_per_page <= 0 or min(args.notes) < 1:
        parser.error("--runs, --notes-per-page and --notes must be above 0")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="hp-bench-"))
    table = Table()
    try:
        if args.commit:
            args.commit = unpack(args.commit, work / "code")
            CODE.append(work / "code" / "src")
        measure(args, work, table)
    finally:
        subprocess.run(["rm", "-rf", str(work)], check=False)
    text = table.markdown(machine_line(args, table.loads))
    print(text)
    if args.markdown_out:
        write_markdown(args.markdown_out, text)


def measure(args: argparse.Namespace, work: Path, table: Table) -> None:
    pages, runs = args.pages, args.runs
    gen = work / "main"
    issue = generate(pages, gen)
    out = work / "out"
    peer = Step(peer_print(gen, work, "peer"))

    epub, epub_peer = interleaved([Step([ours(issue, out, "epub")], fresh(out)), Step(peer_epub(gen, work, "peer"))],
                                  runs)
    table.row(f"EPUB, {pages} pages, cold", fmt(epub), "pandoc: " + fmt(epub_peer), ratio(epub, epub_peer),
              *verdict(epub, epub_peer, 0.8, "wall"))

    printed, printed_peer = interleaved([Step([ours(issue, out, "print")], fresh(out)), peer], runs)
    table.row(f"Print PDF, {pages} pages, cold", fmt(printed), "pandoc → WeasyPrint: " + fmt(printed_peer),
              ratio(printed, printed_peer), *verdict(printed, printed_peer, 2.0, "CPU"))

    full, full_peer = interleaved([Step([ours(issue, out)], fresh(out)), peer], runs)
    table.row(f"Full build, {pages} pages, cold (default formats: EPUB, print, screen, articles, records)", fmt(full),
              "print peer: " + fmt(full_peer), ratio(full, full_peer), *verdict(full, full_peer, 2.0, "wall"))

    # the output folder holds the last cold full build: nothing changed, then edits
    (unchanged,) = interleaved([Step([ours(issue, out)])], runs)
    table.row("Full build, nothing changed", fmt(unchanged), "our cold full build: " + fmt(full),
              ratio(unchanged, full), "", "")
    article = issue / "articles" / "article-07.md"
    original = article.read_text(encoding="utf-8")
    counter = iter(range(1000))

    def edit():
        article.write_text(original.replace("\n\n", f"\n\nUn paragraphe modifié, n° {next(counter)}.\n\n", 1),
                           encoding="utf-8")

    edited, edited_peer = interleaved([Step([ours(issue, out)], edit), peer], runs)
    table.row("One-paragraph edit, CLI rebuild (`build`, default formats)", fmt(edited),
              "peer's cold print: " + fmt(edited_peer), ratio(edited, edited_peer),
              *verdict(edited, edited_peer, 0.3, "wall"))
    article.write_text(original, encoding="utf-8")

    back_catalogue(args, work, table)

    small, large = args.growth
    npp = args.notes_per_page
    issues = {n: generate(n, work / f"grow-{n}", notes_per_page=npp) for n in (small, large)}
    grow_small, grow_large = interleaved(
        [Step([ours(issues[n], work / f"out-{n}")], fresh(work / f"out-{n}")) for n in (small, large)], args.heavy_runs)
    table.row(f"Full build, {large} pages, cold, {npp:g} note per page of text: peak memory", fmt(grow_large), "",
              "", "≤ 250 MB (at 400 pages)", "met" if grow_large.peak_mb <= 250 else "not met")
    bound = 4.3 / 4 * large / small  # the issue's 4.3× for 4× the pages, scaled to other sizes
    table.row(f"Full build, {large} pages vs {small} pages, cold, {npp:g} note per page of text", fmt(grow_large),
              f"{small} pages: " + fmt(grow_small), ratio(grow_large, grow_small),
              *verdict(grow_large, grow_small, bound, "wall"))

    per_page: dict[int, float] = {}
    pages_of: dict[int, int] = {}
    for count in args.notes:
        ngen = work / f"notes-{count}"
        nissue = generate_notes(count, ngen)
        nout = work / f"notes-out-{count}"
        name = f"peer-notes-{count}"
        noted, noted_peer = interleaved([Step([ours(nissue, nout, "print")], fresh(nout), args.timeout),
                                         Step(peer_print(ngen, work, name), None, args.timeout)], args.heavy_runs)
        n_pages = print_pages(nout) if noted.finished else None
        if n_pages:
            per_page[count] = noted.wall / n_pages
            pages_of[count] = n_pages
        shown = f"{n_pages} pages, {1000 * noted.wall / n_pages:.0f} ms/page" if n_pages else ""
        table.row(f"An article with {count} notes, print PDF, cold{' (' + shown + ')' if shown else ''}",
                  fmt(noted), "pandoc → WeasyPrint: " + fmt(noted_peer), ratio(noted, noted_peer), "", "")
        nepub, nepub_peer = interleaved([Step([ours(nissue, nout, "epub")], fresh(nout), args.timeout),
                                         Step(peer_epub(ngen, work, name), None, args.timeout)], args.heavy_runs)
        table.row(f"An article with {count} notes, EPUB, cold", fmt(nepub), "pandoc: " + fmt(nepub_peer),
                  ratio(nepub, nepub_peer), "", "")
        if not noted.finished and per_page:  # what a layout linear in pages would have needed
            low = min(per_page)
            linear = per_page[low] * pages_of[low] * count / low  # the same notes a page: pages grow with notes
            table.row(f"Notes: {count} vs {low}, print", f"did not finish in {args.timeout:.0f} s", "", "",
                      "proportional to pages", f"unknown: linear from {low} notes, about {linear:.0f} s")
    if len(per_page) >= 2:
        low, high = min(per_page), max(per_page)
        growth = per_page[high] / per_page[low]
        table.row(f"Notes: {high} vs {low}, print wall time per page", f"{growth:.2f}×", "", "",
                  "proportional to pages (≤ 1.15×)", "met" if growth <= 1.15 else "not met")


if __name__ == "__main__":
    main()
