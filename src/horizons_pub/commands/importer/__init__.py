"""``horizons-pub import FILE.docx``: a Word file becomes an article of the issue.

The recipe: read the Word file into the model (reader/docx/: the OOXML scan, then pandoc, then the
style map's roles), write the model as the source format (render/markdown/) to ``articles/<id>.md``
and its images to ``images/<id>/``, every file aside first and then renamed (support/atomic.py), so
that an import that fails writes nothing; then read the new file back and check it as a build does
(``check.py``), and say where to place it in the flatplan. A file that holds tracked changes,
comments or a note inside a note is refused whole, at its paragraphs, before anything is written.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

from ...model.nodes import plain_text
from ...reader.docx.article import read_docx
from ...reader.docx.stylemap import default_style_map, read_style_map
from ...reader.issue import ARTICLE_ID, ARTICLES_DIR
from ...render.markdown import write_article
from ...support.atomic import write_all
from ...support.diagnostics import Reporter
from ...support.paths import display_path
from ..folders import latest_issue_folder
from .check import check_article, check_raised

MAX_BYTES = 200 * 1024 * 1024  # a Word file of a magazine article with its photos is far smaller
IMAGES_DIR = "images"
IMAGE_NAME = re.compile(r"image\d+\.(png|jpg|gif|webp)")  # the names reader/docx/article.py gives


def article_id_of(file_name: str) -> str:
    """``Entretien Mme DUPONT v3 (relu) FINAL.docx`` → ``entretien-mme-dupont-v3-relu-final``."""
    stem = Path(file_name).stem
    ascii_only = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


def main(args: argparse.Namespace) -> int:
    reporter = Reporter(strict=args.strict)
    say = (lambda *_: None) if getattr(args, "quiet", False) else print  # --quiet: the diagnostics only
    docx = Path(args.file)
    shown = display_path(docx)
    if docx.suffix.lower() != ".docx":
        hint = (" (an old Word file: open it in Word or LibreOffice and save it as .docx)"
                if docx.suffix.lower() in (".doc", ".rtf", ".odt") else "")
        reporter.error("import.file", f"not a .docx file{hint}", path=shown)
        return 1
    try:
        if docx.stat().st_size > MAX_BYTES:
            reporter.error("import.file", f"the file is over {MAX_BYTES // 2 ** 20} MB", path=shown)
            return 1
        data = docx.read_bytes()
    except OSError as exc:
        reporter.error("import.file", f"cannot read the file: {exc.strerror or exc}", path=shown)
        return 1
    folder = latest_issue_folder(args.issue, reporter, "import")
    if folder is None:
        return 1
    article_id = args.id or article_id_of(docx.name)
    if not ARTICLE_ID.fullmatch(article_id):
        reporter.error("import.id", f"{article_id!r} is not an article id: give one with --id, in lower-case "
                       "letters without accents, digits and hyphens (--id grand-entretien)", path=shown)
        return 1
    target = folder / ARTICLES_DIR / f"{article_id}.md"
    if (target.exists() or target.is_symlink()) and not args.force:
        reporter.error("import.exists", f"the issue already has this article: {display_path(target)}; give "
                       "another --id, or --force to replace it", path=shown)
        return 1
    style_map = (read_style_map(Path(args.style_map), display_path(Path(args.style_map)), reporter)
                 if args.style_map else default_style_map())
    if style_map is None:
        return 1
    imported = read_docx(data, shown, article_id, args.rubric, style_map, reporter)
    if imported is None:
        say(f"{shown}: nothing imported ({reporter.counts()})")
        return 1
    comments = ()
    if imported.subtitle:
        subtitle = plain_text(imported.subtitle)
        comments = (f"sous-titre du fichier Word, à reprendre dans le titre ou le chapô : {subtitle}",)
        reporter.warning("import.subtitle", f"the Word file has a subtitle, « {subtitle} », and an article has "
                         "none: it is written as a comment in the front matter, to move into the title or the "
                         "standfirst", imported.article.pos)
    text = write_article(imported.article, comments)
    files = [(target, text.encode("utf-8"))] + [(folder / image.path, image.data) for image in imported.images]
    for path, _ in files:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_all(files)
    if args.force:
        _remove_stale_images(folder / IMAGES_DIR / article_id, {path for path, _ in files})
    say(f"{shown} → {display_path(target)}"
          + (f" and {len(imported.images)} image{'s' if len(imported.images) > 1 else ''} in "
             f"{display_path(folder / IMAGES_DIR / article_id)}/" if imported.images else ""))
    article = check_article(folder, target, article_id, reporter)
    if article is not None:
        check_raised(article, imported.raised, reporter)
        notes = len(imported.article.note_defs)
        say(f"{display_path(target)}: {_title(article)}, {notes} note{'s' if notes != 1 else ''}")
    say(f"next: give it a page in the flatplan of {display_path(folder / 'issue.yaml')}: "
          f"- {{page: N, article: {article_id}}}")
    say(reporter.counts())
    return 1 if reporter.has_errors() else 0


def _remove_stale_images(images: Path, written: set[Path]) -> None:
    """After ``--force``: the images an earlier import of the article made that this one did not make again
    (``image3.jpg`` when the new file has two); any other file of the folder is the editors' and stays."""
    if not images.is_dir():
        return
    for path in images.iterdir():
        if IMAGE_NAME.fullmatch(path.name) and path not in written and path.is_file():
            path.unlink()


def _title(article) -> str:
    title = plain_text(article.title)
    return f"« {title if len(title) < 70 else title[:69] + '…'} »"

