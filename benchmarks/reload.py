"""What a long-lived process's second read of an issue costs after a one-paragraph edit of one article: with
the memo (builder/issue_memo.py) and without.

    python benchmarks/reload.py [--issue DIR] [--runs 10]

Without ``--issue``, the generator's 108-page issue (benchmarks/generate.py) in a temporary folder.  Each
run edits one paragraph of one article (a new word each time: the memo has never seen the text), then loads
the issue once with the memo and once without, in turns (which goes first alternates); printed: the medians
of wall and CPU seconds (this process's), the articles the memo read again, and the load average (other work
running on the machine makes the wall figures noisy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from horizons_pub.builder.issue_memo import IssueMemo  # noqa: E402
from horizons_pub.builder.recipe import load_issue  # noqa: E402
from horizons_pub.support.diagnostics import Reporter  # noqa: E402


def timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def paragraph_line(lines: list[str]) -> int:
    """The longest line of prose after the front matter: a paragraph."""
    body = lines.index("---", 1) + 1
    return max((n for n in range(body, len(lines)) if lines[n][:1].isalpha()), key=lambda n: len(lines[n]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issue", type=Path, help="an issue folder (default: a generated 108-page issue)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.issue or generate(108, Path(tmp))
        articles = sorted((folder / "articles").glob("*.md"))
        edited = articles[len(articles) // 2]
        original = edited.read_text(encoding="utf-8")
        lines = original.split("\n")
        line = paragraph_line(lines)
        memo = IssueMemo()
        assert load_issue(folder, Reporter(echo=False)) is not None, "the issue has errors"
        load_issue(folder, Reporter(echo=False), memo=memo)  # the memo filled, as after the preview's first read
        rows: dict[str, list[tuple[float, float]]] = {"with the memo": [], "without": [], "with, nothing changed": []}
        read_again: list[int] = []
        try:
            for run in range(args.runs):
                lines[line] = lines[line].rstrip(".") + f" et encore {run + 1} fois."
                edited.write_text("\n".join(lines), encoding="utf-8")
                order = ("with the memo", "without") if run % 2 == 0 else ("without", "with the memo")
                for name in order:
                    rows[name].append(timed(lambda: load_issue(folder, Reporter(echo=False),
                                                               memo=memo if name == "with the memo" else None)))
                    if name == "with the memo":
                        read_again.append(memo.read)
                rows["with, nothing changed"].append(timed(lambda: load_issue(folder, Reporter(echo=False),
                                                                              memo=memo)))
        finally:
            if args.issue:
                edited.write_text(original, encoding="utf-8")
        print(f"{folder}: {len(articles)} articles; each run edits one paragraph of {edited.name}; "
              f"medians of {args.runs} runs")
        for name, runs in rows.items():
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"  load_issue {name:<22} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU")
        base = statistics.median(w for w, _ in rows["without"])
        memoed = statistics.median(w for w, _ in rows["with the memo"])
        print(f"  with / without: {memoed / base:.2f} (wall); articles read again with the memo: "
              f"{sorted(set(read_again))}")
        print(f"  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
              "(other work may have been running)")


if __name__ == "__main__":
    main()
