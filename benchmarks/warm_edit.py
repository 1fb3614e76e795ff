"""One-paragraph edits rebuilt through the warm builder (builder/warm/) and by ``horizons-pub build`` alone, in turn.

    python benchmarks/warm_edit.py [--pages 108] [--runs 3]

A generated issue is built cold into two output folders; a warm builder is started for the first (as the
preview starts it); both are primed by one edit; then each run adds a sentence to the middle paragraph of
``article-10.md`` and rebuilds it with ``build --verbose`` into each folder: through the builder, then
without it (a runtime folder where none is found).  Both kinds build the same text from the same cache state
(an edit's cost depends on its text: one sentence may make the layout refit its article).  CPU: the command's
(``RUSAGE_CHILDREN``) plus the builder's process tree (read in ``/proc``) over the build.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(SRC))
from generate import generate  # noqa: E402

from horizons_pub.builder.warm import places  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu(root: int) -> float:
    parents, times = {}, {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(x) for x in fields[11:15]) / TICK
    tree = {root}
    while more := {pid for pid, ppid in parents.items() if ppid in tree} - tree:
        tree |= more
    return sum(times.get(pid, 0.0) for pid in tree)


def edit(article: Path, n: int) -> None:
    text = article.read_text(encoding="utf-8")
    body = text.index("\n---\n", 4) + 5
    ends = [m.end() for m in re.finditer(r"(?m)^(?![#>|!*\[-])\w.*(?:\n(?!\n).+)*", text[body:])]
    at = body + ends[len(ends) // 2]
    article.write_text(text[:at] + f" Une phrase de plus, la numéro {n}." + text[at:], encoding="utf-8")


def build(issue: Path, out: Path, env: dict, server: subprocess.Popen | None) -> tuple[float, float, bool]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    held = tree_cpu(server.pid) if server else 0.0
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "horizons_pub", "build", str(issue), "--out", str(out), "--verbose"],
                          capture_output=True, text=True, env=env)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu + (tree_cpu(server.pid) - held if server else 0.0), "warm builder" in proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=108)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hp-warm-"))
    issue, out, apart = generate(args.pages, work / "gen"), work / "out", work / "out-alone"
    env = {**os.environ, "PYTHONPATH": str(SRC), "XDG_RUNTIME_DIR": str(work / "run")}
    alone = {**env, "XDG_RUNTIME_DIR": str(work / "none")}
    for folder in ("run", "none"):
        (work / folder).mkdir(mode=0o700)
    os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]  # where places.read_card looks
    article = issue / "articles" / "article-10.md"
    build(issue, out, alone, None)  # cold, both
    build(issue, apart, alone, None)
    server = subprocess.Popen([sys.executable, "-m", "horizons_pub.builder.warm", str(out)], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    results: dict[str, list[tuple[float, float]]] = {"warm builder": [], "build alone": []}
    try:
        while (card := places.read_card(out)) is None or card.pid != server.pid:
            if server.poll() is not None:
                raise SystemExit("the warm builder did not start")
            time.sleep(0.1)
        edit(article, 0)
        build(issue, out, env, server)  # primes its memo and its workers
        build(issue, apart, alone, None)
        for n in range(args.runs):
            edit(article, n + 1)
            for kind, folder, environ, held in (("warm builder", out, env, server), ("build alone", apart, alone, None)):
                wall, cpu, warm = build(issue, folder, environ, held)
                if warm != (held is not None):
                    raise SystemExit(f"run {n}: the build was {'' if warm else 'not '}made by the warm builder")
                results[kind].append((wall, cpu))
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        subprocess.run(["rm", "-rf", str(work)], check=False)
    print(f"one-paragraph edit of a {args.pages}-page issue, {args.runs} runs each, medians")
    for kind, runs in results.items():
        print(f"{kind}: {statistics.median(w for w, _ in runs):.2f} s wall, "
              f"{statistics.median(c for _, c in runs):.2f} s CPU")


if __name__ == "__main__":
    main()
