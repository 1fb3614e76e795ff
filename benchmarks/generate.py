"""Write a synthetic issue of any size, in horizons-pub's source format and as pandoc Markdown.

    python benchmarks/generate.py --pages 108 --out DIR

gives ``DIR/issue/`` (issue.yaml, articles/, images/) and ``DIR/issue.md`` (the same text
with YAML metadata and ``[^n]`` notes, for pandoc).  Seeded: the same arguments give the
same issue.  The text is French-looking (accents, « guillemets », ; ! ? : to space), with
20 articles across the rubrics, interviews, sidebars, pull quotes and a few figures.

Notes: by default every article has 2–6 notes whatever its length (the issue every figure
before issue 20 was measured on; it flatters long issues, whose pages carry fewer notes).
``--notes-per-page N`` gives each article about N notes per page of its text instead,
spread evenly through it, so that issues of any size carry the same notes per page.
``--notes N`` writes another issue: one article carrying N notes, about
``--notes-per-page`` (default 6) of them per page, for the cost of notes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

WORDS = ("action publique territoire commune métropole agent usager citoyen service numérique donnée "
         "plateforme sobriété réseau confiance écologie transition démarche politique coopération élu "
         "région département budget innovation expérimentation évaluation mutualisation proximité "
         "collectivité société civile association quartier habitant santé école mobilité énergie "
         "logement emploi inclusion démocratie participation laboratoire design stratégie").split()
CONNECTORS = ["et", "ou", "mais", "donc", "car", "ainsi", "pourtant", "cependant", "en outre", "à l'inverse"]
RUBRICS = [("actualite", "L'actualité vue par…"), ("etonnent", "Ils nous étonnent"),
           ("frontieres", "Au-delà des frontières"), ("entretien", "Grand entretien"),
           ("terrain", "Sur le terrain"), ("perspectives", "Mises en perspective"),
           ("anticipations", "Anticipations publiques"), ("cultures", "Cultures publiques")]
NAMES = ["Camille Martin", "Léa Bernard", "Hugo Dubois", "Chloé Thomas", "Louis Robert", "Inès Richard",
         "Jules Petit", "Manon Durand", "Gabriel Leroy", "Zoé Moreau", "Raphaël Simon", "Élise Laurent"]
CHARS_PER_PAGE = 4300  # two columns of Charis 9.3 pt on 18 × 26 cm, after notes and headings


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def sentence(self, low: int = 8, high: int = 22) -> str:
        rng = self.rng
        words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
        if rng.random() < 0.3:
            words.insert(rng.randint(1, len(words) - 1), rng.choice(CONNECTORS))
        if len(words) >= 4 and rng.random() < 0.15:
            at = rng.randint(0, len(words) - 3)
            words[at:at + 2] = ["« " + words[at], words[at + 1] + " »"]
        if rng.random() < 0.1:
            words.insert(rng.randint(1, len(words) - 1), f"{rng.randint(1, 99)} {rng.randint(100, 999)}")
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        end = rng.choices([".", " ?", " !", " : voilà.", " ; ensuite."], weights=[80, 6, 4, 5, 5])[0]
        return text + end

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))


def article(w: Writer, index: int, rubric: str, kind: str, chars: int, figure: str | None,
            notes_count: int | None = None) -> tuple[str, str]:
    """(horizons-pub source, pandoc Markdown) of one article of about ``chars`` characters: with 2–6
    notes, or ``notes_count`` notes spread evenly through its text (a note every ``chars / notes_count``
    characters, at the end of a sentence)."""
    rng = w.rng
    title = w.sentence(4, 9).rstrip(".?!: ;voilàensuite").strip()
    people = [{"name": rng.choice(NAMES), "role": "interviewee" if kind == "interview" else "author"}]
    if kind == "interview":
        people.append({"name": rng.choice(NAMES), "role": "interviewer"})
    blocks: list[str] = []
    notes: list[str] = []
    size = 0
    n_notes = rng.randint(2, 6) if notes_count is None else notes_count
    while size < chars:
        if notes_count is None:
            para = w.paragraph()
            if len(notes) < n_notes and rng.random() < 0.5:
                para = para[:-1] + f"[^{len(notes) + 1}]" + para[-1]
                notes.append(f"[^{len(notes) + 1}]: {w.sentence(6, 30)}")
        else:
            para = _spread_notes(w, notes, n_notes, size, chars)
        if kind == "interview" and rng.random() < 0.35:
            blocks.append(f"::: question\n{w.sentence(6, 14)[:-1]} ?\n:::")
        elif rng.random() < 0.08:
            blocks.append(f"## {w.sentence(3, 6)[:-1]}")
        elif rng.random() < 0.05:
            blocks.append(f"::: exergue\n« {w.sentence(6, 12)} »\n:::")
        elif rng.random() < 0.04:
            blocks.append(f"::: encadre\n### {w.sentence(2, 4)[:-1]}\n\n{w.paragraph()}\n:::")
        blocks.append(para)
        size += len(para)
    if figure:
        blocks.insert(len(blocks) // 2, f'![Une illustration générée pour l\'essai n° {index}]({figure} "Une légende.")'
                                        '{credit="© Horizons publics"}')
    while len(notes) < (2 if notes_count is None else notes_count):  # by default at least two notes
        blocks[-1] = blocks[-1][:-1] + f"[^{len(notes) + 1}]" + blocks[-1][-1]
        notes.append(f"[^{len(notes) + 1}]: {w.sentence(6, 20)}")
    meta = {"rubric": rubric, "kind": kind, "title": title, "standfirst": w.sentence(14, 30), "authors": people}
    source = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" + \
        "\n\n".join(blocks) + "\n\n" + "\n".join(notes) + "\n"
    # pandoc: a heading per article, note labels made unique, fenced divs as they are (pandoc reads them).
    body = "\n\n".join(blocks).replace("[^", f"[^a{index}-").replace("](images/", "](issue/images/")
    pandoc_notes = "\n".join(n.replace("[^", f"[^a{index}-", 1) for n in notes)
    pandoc = f"# {title}\n\n*{meta['standfirst']}*\n\n{body}\n\n{pandoc_notes}\n"
    return source, pandoc


def _spread_notes(w: Writer, notes: list[str], n_notes: int, size: int, chars: int) -> str:
    """A paragraph whose sentences call the notes due by the end of it: note ``k`` (from 1) at the
    sentence where the text reaches ``(k - 0.5) × chars / n_notes`` characters; its text appended."""
    sentences = []
    for _ in range(w.rng.randint(3, 7)):
        text = w.sentence()
        size += len(text) + 1
        while len(notes) < n_notes and size >= (len(notes) + 0.5) * chars / n_notes:
            text = text[:-1] + f"[^{len(notes) + 1}]" + text[-1]
            notes.append(f"[^{len(notes) + 1}]: {w.sentence(6, 20)}")
        sentences.append(text)
    return " ".join(sentences)


def text_pages(slot: int) -> float:
    """The pages of text in an article's slot of ``slot`` pages (its opening takes the rest)."""
    return slot - 0.8


def generate(pages: int, out: Path, seed: int = 38, notes_per_page: float | None = None) -> Path:
    """An issue of about ``pages`` pages; its articles have 2–6 notes each, or about ``notes_per_page``
    notes per page of their text."""
    w = Writer(seed * 1000 + pages)
    issue_dir = out / "issue"
    (issue_dir / "articles").mkdir(parents=True, exist_ok=True)
    (issue_dir / "images").mkdir(exist_ok=True)
    body_pages = max(pages - 4, 20)  # cover, editorial, sommaire, back cover
    per_article = body_pages / 20
    flatplan = [{"page": 1, "part": "cover"}, {"page": 3, "part": "sommaire"}]
    page = 4
    pandoc_parts = []
    text_so_far = 0.0
    for index in range(20):
        rubric = RUBRICS[index % len(RUBRICS)][0]
        kind = "interview" if rubric == "entretien" or index % 5 == 2 else "article"
        # even slots (articles open on left-hand pages) whose sum follows the page budget
        slot = max(2, 2 * round((index + 1) * per_article / 2) - 2 * round(index * per_article / 2))
        chars = int(text_pages(slot) * CHARS_PER_PAGE * 0.62)
        figure = None
        if index % 6 == 1:
            figure = f"images/figure-{index}.png"
            _image(issue_dir / figure, w.rng)
        count = None
        if notes_per_page is not None:  # rounded on the running total: the issue's notes follow its text pages
            count = max(1, round(notes_per_page * (text_so_far + text_pages(slot))) - round(notes_per_page * text_so_far))
            text_so_far += text_pages(slot)
        source, pandoc = article(w, index, rubric, kind, chars, figure, count)
        (issue_dir / "articles" / f"article-{index:02d}.md").write_text(source, encoding="utf-8")
        pandoc_parts.append(pandoc)
        flatplan.append({"page": page, "article": f"article-{index:02d}"})
        page += slot
    _write_issue(out, issue_dir, flatplan, page, pandoc_parts, 900 + pages % 100, f"Un numéro de {pages} pages")
    return issue_dir


def generate_notes(notes: int, out: Path, seed: int = 38, notes_per_page: float = 6) -> Path:
    """An issue of one article (after the cover and the sommaire) carrying ``notes`` notes, about
    ``notes_per_page`` per page of its text: its pages grow with its notes."""
    w = Writer(seed * 1000 + 500_000 + notes)
    issue_dir = out / "issue"
    (issue_dir / "articles").mkdir(parents=True, exist_ok=True)
    (issue_dir / "images").mkdir(exist_ok=True)
    slot = max(2, 2 * round((notes / notes_per_page + 0.8) / 2))
    chars = int(text_pages(slot) * CHARS_PER_PAGE * 0.62)
    source, pandoc = article(w, 0, RUBRICS[5][0], "article", chars, None, notes)
    (issue_dir / "articles" / "article-00.md").write_text(source, encoding="utf-8")
    flatplan = [{"page": 1, "part": "cover"}, {"page": 3, "part": "sommaire"}, {"page": 4, "article": "article-00"}]
    _write_issue(out, issue_dir, flatplan, 4 + slot, [pandoc], 800 + notes % 100, f"Un article de {notes} notes")
    return issue_dir


def _write_issue(out: Path, issue_dir: Path, flatplan: list[dict], page: int, pandoc_parts: list[str],
                 number: int, title: str) -> None:
    flatplan.append({"page": page, "part": "back-cover"})
    issue = {
        "magazine": "Horizons publics", "number": number, "title": title,
        "language": "fr", "date": "2024-03-01", "publisher": "Berger-Levrault", "editor_in_chief": "Julien Nessi",
        "trim": {"width_mm": 180, "height_mm": 260}, "pages": page,
        **({"print": {"pages_reason": "un numéro généré pour les mesures"}} if page % 4 else {}),
        "cover": {"taglines": ["Comprendre", "Anticiper", "Innover", "Agir"], "website": "horizonspublics.fr",
                  "headline": "dossier", "lines": [{"rubric": "entretien", "text": "Un grand entretien d'essai"}]},
        "rubrics": [{"id": "dossier", "title": "Dossier", "children": [{"id": r, "title": t} for r, t in RUBRICS[4:6]]}]
        + [{"id": r, "title": t} for r, t in RUBRICS if r not in ("terrain", "perspectives")],
        "flatplan": flatplan,
    }
    text = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False).replace("date: '2024-03-01'", "date: 2024-03-01")
    (issue_dir / "issue.yaml").write_text(text, encoding="utf-8")
    pandoc_meta = {"title": issue["title"], "lang": "fr-FR", "date": "2024-03-01", "author": ["Julien Nessi"]}
    (out / "issue.md").write_text("---\n" + yaml.safe_dump(pandoc_meta, allow_unicode=True) + "---\n\n"
                                  + "\n".join(pandoc_parts), encoding="utf-8")


def _image(path: Path, rng: random.Random) -> None:
    image = Image.new("RGB", (800, 500), (13, 74, 94))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randint(0, 800), rng.randint(0, 500)
        draw.ellipse([x - 40, y - 40, x + 40, y + 40], fill=(242, 177, 52))
    image.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=108, help="about how many pages (default 108)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write issue/ and issue.md into")
    parser.add_argument("--seed", type=int, default=38)
    parser.add_argument("--notes-per-page", type=float, metavar="N",
                        help="about N notes per page of each article's text (default: 2–6 notes an article, "
                             "whatever its length; with --notes: 6)")
    parser.add_argument("--notes", type=int, metavar="N",
                        help="instead: an issue of one article carrying N notes (--pages is ignored)")
    args = parser.parse_args()
    if args.notes_per_page is not None and args.notes_per_page <= 0:
        parser.error("--notes-per-page must be above 0")
    if args.notes is not None:
        if args.notes < 1:
            parser.error("--notes must be at least 1")
        print(generate_notes(args.notes, args.out, args.seed, args.notes_per_page or 6))
    else:
        print(generate(args.pages, args.out, args.seed, args.notes_per_page))


if __name__ == "__main__":
    main()
