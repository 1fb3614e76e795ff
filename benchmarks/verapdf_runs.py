"""What veraPDF costs the archive: the article PDFs of a build validated in one Java run, against one
run per PDF (the peer), wall and CPU seconds (Java's, a child process's) side by side.

    .venv/bin/python benchmarks/verapdf_runs.py build/hp-38

The folder is a build's output folder (``articles/*.pdf`` beside the screen PDF).  The archive validates
the archival PDF (PDF/A-3a, PDF/UA-1) and every article PDF (PDF/UA-1) in one run
(commands/check/verapdf.py ``validate_many``); this measures what that saves.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from horizons_pub.commands.check import verapdf


def _timed(run) -> tuple[float, float]:
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    reason = verapdf.unavailable()
    if reason:
        raise SystemExit(reason)
    screen = next(args.folder.glob("*-screen.pdf"))
    jobs = [(screen, (verapdf.PDFA_3A, verapdf.PDFUA_1))]
    jobs += [(pdf, (verapdf.PDFUA_1,)) for pdf in sorted((args.folder / "articles").glob("*.pdf"))]
    alone = _timed(lambda: verapdf.validate_many(jobs[:1]))
    batch = _timed(lambda: verapdf.validate_many(jobs))
    each = _timed(lambda: [verapdf.validate_many([job]) for job in jobs])
    print(f"{'run':<34} {'wall s':>7} {'CPU s':>7} {'wall ×':>7}")
    for name, (wall, cpu) in (("the screen PDF alone", alone), (f"{len(jobs)} PDFs in one Java run", batch),
                              (f"{len(jobs)} PDFs, one run each (peer)", each)):
        print(f"{name:<34} {wall:7.1f} {cpu:7.1f} {wall / batch[0]:7.2f}")


if __name__ == "__main__":
    main()
