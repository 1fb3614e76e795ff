"""Where the time of a build goes: the figures behind the "why" of benchmarks/README.md.

    python benchmarks/breakdown.py [--pages 108]

On the generated issue (the one benchmarks/run.py measures), in one process unless said:
importing WeasyPrint (in a fresh interpreter), reading the issue, the EPUB's cover image,
laying out the article the benchmark edits (first in this process, then again), laying
out every print part (CPU per page, and WeasyPrint's line-breaking calls per page), and
merging and finishing each PDF variant from those parts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

EDITED = "article-07"  # the article benchmarks/run.py edits


def timed(label: str, rows: list, function, *args):
    started = time.perf_counter()
    result = function(*args)
    rows.append((label, f"{time.perf_counter() - started:.2f} s"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=108)
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="hp-breakdown-") as work:
        folder = generate(args.pages, Path(work))
        timed("import WeasyPrint (fresh interpreter)", rows,
              lambda: subprocess.run([sys.executable, "-c", "import weasyprint"], check=True))
        from horizons_pub.builder.recipe import load_issue
        from horizons_pub.support.diagnostics import Reporter

        reporter = Reporter(echo=False)
        issue = timed("read and transform the issue", rows, load_issue, folder, reporter)
        from horizons_pub.render.html.cover import cover_png

        timed("EPUB cover image (lay out the cover, rasterise)", rows, cover_png, issue, folder)
        _layouts(issue, reporter, rows)
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def _layouts(issue, reporter, rows: list) -> None:
    import weasyprint.text.line_break as line_break

    from horizons_pub.render.pdf.paginate import Paginator
    from horizons_pub.render.pdf.pool import PartLayouts
    from horizons_pub.render.pdf.renderer import finish_args, finish_pdf
    from horizons_pub.render.pdf.typeset import lay_out_part

    parts = PartLayouts(None, jobs=1)
    for variant in ("print", "screen"):
        renderer = Paginator(issue, variant, reporter, parts)
        if variant == "print":
            part = next(p for p in issue.flatplan if p.article == EDITED)
            job = renderer.job(renderer.part_doc(part, part.page))  # the benchmark's article
            facts = timed(f"lay out {EDITED} (first layout in this process)", rows, lay_out_part, job)[1]
            timed(f"lay out {EDITED} again ({facts.pages} pages)", rows, lay_out_part, job)
            calls = [0]
            original = line_break.Layout.get_first_line

            def counting(self):
                calls[0] += 1
                return original(self)

            line_break.Layout.get_first_line = counting
        started = time.process_time()
        layout = renderer.run()
        cpu = time.process_time() - started
        pages = len(layout.folios())
        rows.append((f"{variant}: lay out every part, CPU per page", f"{1000 * cpu / pages:.0f} ms ({pages} pages)"))
        if variant == "print":
            line_break.Layout.get_first_line = original
            rows.append(("print: WeasyPrint line-breaking calls per page", f"{calls[0] / pages:.0f}"))
        timed(f"{variant}: merge the parts and finish the PDF", rows, finish_pdf, issue, variant,
              *finish_args(layout, renderer.refused), False)


if __name__ == "__main__":
    main()
