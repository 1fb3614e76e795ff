"""How the print layout grows with the number of notes: one long article, a note every paragraph or two.

    .venv/bin/python benchmarks/notes_growth.py 250 500 1000 2000 [--keep DIR] [--profile N]

For each count, writes an issue (cover, one article, back cover; the text from benchmarks/generate.py's
word generator, seeded) and lays the article out for print in this process, as a build does
(``--jobs 1``, no cache): prints the notes, the pages, CPU and wall seconds, and the seconds per page.
In time proportional to its pages, the last column stays about constant.  ``--profile N``: also profile
the layout of N notes with cProfile and print its 25 costliest functions (cumulative).  ``--unpatched``:
without render/pdf/notes_fix.py, to see what it saves.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from generate import Writer  # noqa: E402

CHARS_PER_PAGE = 4300  # the article's characters (text and notes) per page, as laid out
MAX_PAGES = 1000  # what an issue may have (a longer article overflows its slot: a warning)


def write_issue(notes: int, out: Path, seed: int = 38, per_paragraph: int | None = None) -> Path:
    """An issue of one article with ``notes`` notes under ``out``: a call every paragraph or two (about
    three notes a page), or ``per_paragraph`` calls in every paragraph (two: about 7.5 notes a page)."""
    w = Writer(seed * 1000 + notes)
    issue_dir = out / (f"notes-{notes}" if per_paragraph is None else f"notes-{notes}-{per_paragraph}")
    (issue_dir / "articles").mkdir(parents=True, exist_ok=True)
    blocks: list[str] = []
    defs: list[str] = []
    paragraphs = 0
    while len(defs) < notes:
        paragraphs += 1
        if per_paragraph is None:
            para = w.paragraph()
            calls = 1 if w.rng.random() < 0.67 else 0  # a call every 1.5 paragraphs on average
        else:
            sentences = [w.sentence() for _ in range(w.rng.randint(3, 7))]
            calls = min(per_paragraph, len(sentences), notes - len(defs))
            called = sorted(w.rng.sample(range(len(sentences) - 1), calls - 1)) + [len(sentences) - 1]
            for at in called[:-1]:  # a call at the end of these sentences, the last at the paragraph's end
                n = len(defs) + 1
                sentences[at] = sentences[at][:-1] + f"[^{n}]" + sentences[at][-1]
                defs.append(f"[^{n}]: " + " ".join(w.sentence(6, 24) for _ in range(w.rng.randint(1, 2))))
            para = " ".join(sentences)
        if calls:
            n = len(defs) + 1
            para = para[:-1] + f"[^{n}]" + para[-1]
            defs.append(f"[^{n}]: " + " ".join(w.sentence(6, 24) for _ in range(w.rng.randint(1, 2))))
        if w.rng.random() < 0.04:
            blocks.append(f"## {w.sentence(3, 6)[:-1]}")
        blocks.append(para)
    chars = sum(map(len, blocks)) + sum(map(len, defs))
    slot = 2 * round(chars / CHARS_PER_PAGE / 2 + 1)
    meta = {"rubric": "perspectives", "kind": "article", "title": f"Un article de {notes} notes",
            "standfirst": w.sentence(14, 30), "authors": [{"name": "Camille Martin", "role": "author"}]}
    (issue_dir / "articles" / "notes.md").write_text(
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
        + "\n\n".join(blocks) + "\n\n" + "\n".join(defs) + "\n", encoding="utf-8")
    back = 2 + slot
    pages = min(back + (-back) % 4, MAX_PAGES)
    issue = {
        "magazine": "Horizons publics", "number": 950, "title": f"Un numéro de {notes} notes", "language": "fr",
        "date": "2024-03-01", "publisher": "Berger-Levrault", "editor_in_chief": "Julien Nessi",
        "trim": {"width_mm": 180, "height_mm": 260}, "pages": pages,
        "cover": {"taglines": ["Comprendre", "Anticiper", "Innover", "Agir"], "website": "horizonspublics.fr",
                  "headline": "perspectives", "lines": []},
        "rubrics": [{"id": "perspectives", "title": "Mises en perspective"}],
        "flatplan": [{"page": 1, "part": "cover"}, {"page": 2, "article": "notes"},
                     {"page": pages, "part": "back-cover"}],
    }
    text = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False).replace("'2024-03-01'", "2024-03-01")
    (issue_dir / "issue.yaml").write_text(text, encoding="utf-8")
    return issue_dir


def lay_out_article(issue_dir: Path):
    """Lay the issue's article out for print in this process; return its PartFacts."""
    from horizons_pub.reader.issue import read_issue
    from horizons_pub.render.pdf.paginate import Paginator
    from horizons_pub.render.pdf.pool import PartLayouts
    from horizons_pub.render.pdf.typeset import lay_out_part
    from horizons_pub.support.diagnostics import Reporter
    from horizons_pub.transforms.pipeline import apply_transforms

    reporter = Reporter(echo=False)
    issue = apply_transforms(read_issue(issue_dir, reporter), reporter)
    parts = PartLayouts(None, jobs=1)
    try:
        paginator = Paginator(issue, "print", reporter, parts)
        part = next(p for p in issue.flatplan if p.article)
        job = paginator.job(paginator.part_doc(part, part.page))
    finally:
        parts.close()
    return lay_out_part(job)[1]


def _cpu() -> float:
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", type=int, nargs="*", default=[250, 500, 1000, 2000])
    parser.add_argument("--keep", type=Path, help="write the issues there (default: a temporary folder)")
    parser.add_argument("--profile", type=int, help="profile the layout of this many notes")
    parser.add_argument("--per-paragraph", type=int, help="this many calls in every paragraph (2: about 7.5 "
                        "notes a page; default: a call every paragraph or two, about three a page)")
    parser.add_argument("--unpatched", action="store_true",
                        help="without render/pdf/notes_fix.py (WeasyPrint's own list of waiting notes and note area)")
    args = parser.parse_args()
    if args.unpatched:
        from horizons_pub.render.pdf import notes_fix

        notes_fix.install = notes_fix.install_area_memo = lambda: False
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        lay_out_article(write_issue(10, out, per_paragraph=args.per_paragraph))  # WeasyPrint imported, fonts and stylesheets loaded
        print("| notes | pages | CPU s | wall s | CPU ms/page |")
        print("| --- | --- | --- | --- | --- |")
        for count in args.counts:
            issue_dir = write_issue(count, out, per_paragraph=args.per_paragraph)
            cpu, wall = _cpu(), time.perf_counter()
            facts = lay_out_article(issue_dir)
            cpu, wall = _cpu() - cpu, time.perf_counter() - wall
            print(f"| {count} | {facts.pages} | {cpu:.1f} | {wall:.1f} | {1000 * cpu / facts.pages:.0f} |", flush=True)
        if args.profile:
            issue_dir = write_issue(args.profile, out, per_paragraph=args.per_paragraph)
            profiler = cProfile.Profile()
            profiler.runcall(lay_out_article, issue_dir)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
