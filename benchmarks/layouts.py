"""How many times each part is laid out by WeasyPrint, and the CPU seconds it costs.

    .venv/bin/python benchmarks/layouts.py tests/data/magazine [--format screen] [--no-grid]

Builds the issue in this process (``--jobs 1``, into a temporary folder, so nothing comes from a
cache) with ``weasyprint.HTML.render`` counted, then prints the layouts and CPU seconds in all and
for the parts laid out most often. The figures' and sidebars' passes (render/pdf/figure_places.py,
sidebars.py) lay a part out again, and so does the baseline grid's rounding (grid.py); this says what
they cost.  ``--no-grid``: without the grid's rounding, to see what it adds.
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time

import weasyprint

from horizons_pub import cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("issue")
    parser.add_argument("--format", default="screen")
    parser.add_argument("--no-grid", action="store_true", help="lay out without the baseline grid's rounding")
    args = parser.parse_args()
    if args.no_grid:
        from horizons_pub.render.pdf import figure_places

        figure_places.grid.step_tree = lambda tree, document: False
    counts: collections.Counter[str] = collections.Counter()
    seconds: collections.Counter[str] = collections.Counter()
    original = weasyprint.HTML.render

    def render(self, *a, **k):
        start = time.process_time()
        document = original(self, *a, **k)
        title = document.metadata.title or "?"
        counts[title] += 1
        seconds[title] += time.process_time() - start
        return document

    weasyprint.HTML.render = render
    with tempfile.TemporaryDirectory() as out:
        try:
            cli.main(["build", args.issue, "--out", out, "--format", args.format, "--jobs", "1"])
        except SystemExit:
            pass
    print(f"layouts {sum(counts.values())}, CPU {sum(seconds.values()):.1f} s")
    for title, n in counts.most_common(8):
        print(f"{n:4} {seconds[title]:6.1f} s  {title[:60]}")


if __name__ == "__main__":
    main()
